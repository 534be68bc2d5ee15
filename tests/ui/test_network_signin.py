"""Joining, signing in and leaving from the app: the join dialog filled from settings, Test
connection through the real dialog, a new token after a refusal, and leave keeping the copy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QDialogButtonBox

from casebook import settings
from casebook.errors import CasebookError
from casebook.home import Home
from casebook.library import Library
from sync import actions, credentials
from sync.credentials import SignIn
from tests.conftest import case_text
from tests.sync.conftest import hub_log
from tests.sync.test_signin import TOKEN, allow_http, serving
from tests.ui.conftest import WAIT_MS
from ui import dialogs, interaction
from ui.mainwindow import MainWindow
from ui.signin import JoinDialog, Joining


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    return actions.init_network(tmp_path / "hub.git", "north", tmp_path / "no-hooks", bare=True)


@pytest.fixture
def http_url(tmp_path: Path, hub: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    allow_http(tmp_path, monkeypatch)
    with serving(hub, "leeds", TOKEN) as url:
        yield url


def test_join_is_filled_in_with_the_council_from_settings(qtbot, open_window, ui_home: Home, answers) -> None:
    with Library(ui_home) as lib:
        settings.put(lib.catalog, "council", "Leeds City Council")
    window = open_window(ui_home)
    answers["join"] = None
    window.networking.join()
    qtbot.waitUntil(lambda: answers["asked"] != [], timeout=WAIT_MS)
    kind, (council, _tester) = answers["asked"][0]
    assert (kind, council) == ("join", "Leeds City Council")


def test_a_blank_council_gets_app_wording(qtbot, window: MainWindow, answers, hub: Path) -> None:
    answers["join"] = Joining("north", hub.as_uri(), "")
    window.networking.join()
    qtbot.waitUntil(lambda: window.networking.panel.message.text() != "", timeout=WAIT_MS)
    assert window.networking.panel.message.text() == "Give your council's name: it is your folder in the network."


def test_test_connection_in_the_join_dialog(qtbot, window: MainWindow, http_url: str) -> None:
    dialog = JoinDialog("Leeds", window.networking.test_connection, window)
    qtbot.addWidget(dialog)
    dialog.url.setText(http_url)
    dialog.fields.user.setText("leeds")
    dialog.fields.token.setText("wrong-token")
    dialog.fields.test_button.click()
    qtbot.waitUntil(lambda: dialog.fields.outcome.text() != "Connecting…", timeout=WAIT_MS)
    assert dialog.fields.outcome.text().startswith("the network refused the credentials")
    dialog.fields.token.setText(TOKEN)
    dialog.fields.test_button.click()
    qtbot.waitUntil(lambda: dialog.fields.outcome.text() != "Connecting…", timeout=WAIT_MS)
    assert dialog.fields.outcome.text() == "Connected: the network answers (branches: main)."


def test_a_new_token_after_a_refusal_shares_what_waited(qtbot, window: MainWindow, ui_home: Home, answers,
                                                       hub: Path, http_url: str) -> None:
    panel = window.networking.panel
    answers["join"] = Joining("north", http_url, "Leeds", SignIn("leeds", "expired"))
    window.networking.join()
    qtbot.waitUntil(lambda: window.settled() and panel.names() == ["north"], timeout=WAIT_MS)
    (ui_home.library / "shared.md").write_text(case_text(title="Shared lesson", sharing="network"), "utf-8")
    window.indexing.reindex()
    qtbot.waitUntil(lambda: window.settled() and not window.indexing.running, timeout=WAIT_MS)
    window.reading.open("shared")
    qtbot.waitUntil(lambda: window.reading.current is not None and window.settled(), timeout=WAIT_MS)
    window.act_publish.trigger()
    qtbot.waitUntil(lambda: window.settled() and panel.list.item(0).text().startswith("north: 1 waiting"),
                    timeout=WAIT_MS)
    panel.sync_button.click()
    qtbot.waitUntil(lambda: window.settled() and panel.message.text().startswith("north:"), timeout=WAIT_MS)
    assert panel.message.text() == ("north: the network refused this computer's credentials — 1 change(s) not "
                                    "yet shared\nChange sign-in… gives the network a new token; nothing waiting "
                                    "is lost.")
    answers["signin"] = (SignIn("leeds", TOKEN), False)
    panel.signin_button.click()
    qtbot.waitUntil(lambda: window.settled() and panel.message.text().startswith("Changed"), timeout=WAIT_MS)
    assert [kind for kind, _ in answers["asked"]] == ["join", "signin"]
    assert answers["asked"][1][1][:3] == ("north", http_url, "leeds")
    panel.sync_button.click()
    qtbot.waitUntil(lambda: window.settled() and panel.message.text().startswith("north:"), timeout=WAIT_MS)
    assert panel.message.text() == "north: 0 case file(s) received, 1 shared"
    assert "Publish shared from leeds" in hub_log(hub)


def test_leave_keeps_the_copy_and_rows_wrap(qtbot, window: MainWindow, ui_home: Home, answers, hub: Path) -> None:
    panel = window.networking.panel
    answers["join"] = Joining("north", hub.as_uri(), "Leeds")
    window.networking.join()
    qtbot.waitUntil(lambda: window.settled() and panel.names() == ["north"], timeout=WAIT_MS)
    assert panel.list.item(0).text() == "north: 0 waiting to be shared\nLast sync: never synced"
    panel.list.setFixedWidth(140)
    qtbot.waitUntil(lambda: panel.list.viewport().width() < 140, timeout=WAIT_MS)
    panel.list.doItemsLayout()
    assert panel.list.horizontalScrollBar().maximum() == 0
    answers["leave"] = "keep"
    panel.leave_button.click()
    qtbot.waitUntil(lambda: window.settled() and panel.names() == [], timeout=WAIT_MS)
    kept = [p.name for p in ui_home.networks.iterdir()]
    assert len(kept) == 1 and kept[0].startswith(".removed-north-")
    assert panel.message.text() == f"Left north. Its copy is kept at {ui_home.networks / kept[0]}."


def test_without_a_keyring_the_app_offers_ask_each_time(qtbot, window: MainWindow, answers, hub: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    panel = window.networking.panel
    answers["join"] = Joining("north", hub.as_uri(), "Leeds", SignIn("leeds", TOKEN))
    window.networking.join()
    qtbot.waitUntil(lambda: window.settled() and panel.message.text() != "", timeout=WAIT_MS)
    assert panel.message.text().startswith("this computer has no usable password store")
    assert panel.message.text().endswith(". Tick “Ask each time” to keep the token only until Casebook closes.")
    assert panel.names() == []
    answers["join"] = Joining("north", hub.as_uri(), "Leeds", SignIn("leeds", TOKEN), session_only=True)
    window.networking.join()
    qtbot.waitUntil(lambda: window.settled() and panel.names() == ["north"], timeout=WAIT_MS)
    assert panel.message.text() == "Joined north. Sync to receive its cases."


def test_messages_and_error_reports_hold_no_secret(answers) -> None:
    credentials.split_url("https://leeds:pa55-w0rd@hub.example.invalid/x.git")
    assert interaction.user_message(CasebookError("refused pa55-w0rd")) == "refused ***"
    try:
        raise RuntimeError("boom with pa55-w0rd")
    except RuntimeError as exc:
        dialogs.report_unexpected(None, exc)
    kind, (summary, report) = answers["asked"][0]
    assert (kind, summary) == ("error", "RuntimeError: boom with ***")
    assert "pa55-w0rd" not in report


def test_the_join_dialog_keeps_what_was_typed_and_says_what_is_wrong(qtbot, window: MainWindow, hub: Path) -> None:
    dialog = JoinDialog("Leeds", window.networking.test_connection, window)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.layout()
    assert form.labelForField(dialog.url).text() == "Network address\n(web address or shared folder)"
    assert dialog.url.placeholderText() == r"e.g. https://git.example.org/north.git or \\council-fs\shares\north.git"
    dialog.name.setText("north")
    dialog.url.setText("hub.git")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    assert (dialog.isVisible(), dialog.result()) == (True, 0)
    assert dialog.problem.isVisible()
    assert dialog.problem.text().startswith("'hub.git' is not a network address: give its web address (https://…)")
    qtbot.waitUntil(lambda: dialog.problem.height() >= dialog.problem.heightForWidth(dialog.problem.width()))
    assert dialog.problem.height() > 3 * dialog.problem.fontMetrics().height()  # every line shown, not two
    assert (dialog.name.text(), dialog.url.text(), dialog.council.text()) == ("north", "hub.git", "Leeds")
    dialog.url.setText(str(hub))  # a plain path to the shared folder
    dialog.fields.test_button.click()
    qtbot.waitUntil(lambda: dialog.fields.outcome.text() != "Connecting…", timeout=WAIT_MS)
    assert dialog.fields.outcome.text() == "Connected: the network answers (branches: main)."
    ok.click()
    assert (dialog.isVisible(), dialog.result(), dialog.problem.isVisible()) == (False, 1, False)
    assert dialog.values().url == str(hub)
