"""Fixtures for driving the real window offscreen."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QThread, QThreadPool

from casebook.home import Home
from ui import interaction
from ui.mainwindow import MainWindow

WAIT_MS = 20000


@pytest.fixture(autouse=True)
def _no_dangling_threads(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any Qt test that leaves a thread or a pool task running (napari's `_dangling_qthreads`):
    every thread and pool started during the test must be idle when it ends."""
    started: list[QThread | QThreadPool] = []
    for cls in (QThread, QThreadPool):
        real = cls.start
        monkeypatch.setattr(cls, "start",
                            lambda self, *a, _real=real, **k: started.append(self) or _real(self, *a, **k))
    yield
    running = [obj for obj in started if (obj.isRunning() if isinstance(obj, QThread) else obj.activeThreadCount())]
    assert running == [], f"the test left {len(running)} thread(s) or pool task(s) running"
    assert QThreadPool.globalInstance().activeThreadCount() == 0


@pytest.fixture(autouse=True)
def _own_trash(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A case deleted in a test goes to a freedesktop trash of the test's own ($XDG_DATA_HOME/Trash, which
    Qt reads at each call), never the computer's."""
    data = tmp_path_factory.mktemp("xdg-data")
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    return data


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Replies the fake dialogs give; tests change them. Dialogs shown are recorded in 'asked'."""
    replies: dict[str, object] = {"unsaved": interaction.DISCARD, "yes_no": True, "text": "my search", "asked": []}

    def record(kind: str, reply: object) -> Callable[..., object]:
        def fake(*args: object, **kwargs: object) -> object:
            replies["asked"].append((kind, args[1:]))  # type: ignore[union-attr]
            return replies.get(reply)
        return fake

    monkeypatch.setattr(interaction, "ask_unsaved", record("unsaved", "unsaved"))
    monkeypatch.setattr(interaction, "ask_yes_no", record("yes_no", "yes_no"))
    monkeypatch.setattr(interaction, "ask_text", record("text", "text"))
    monkeypatch.setattr(interaction, "show_error_report", record("error", "none"))
    monkeypatch.setattr(interaction, "open_url", record("open_url", "none"))
    monkeypatch.setattr(interaction, "ask_join", record("join", "join"))
    monkeypatch.setattr(interaction, "ask_signin", record("signin", "signin"))
    monkeypatch.setattr(interaction, "ask_leave", record("leave", "leave"))
    monkeypatch.setattr(interaction, "ask_choice", record("choice", "choice"))
    monkeypatch.setattr(interaction, "ask_save_path", record("save_path", "save_path"))
    monkeypatch.setattr(interaction, "ask_import", record("import", "import"))
    monkeypatch.setattr(interaction, "ask_settings", record("settings", "settings"))
    return replies


@pytest.fixture
def ui_home(tmp_path: Path) -> Home:
    """A fresh home: the bundled examples and an empty library."""
    return Home(tmp_path / "home").ensure()


@pytest.fixture
def open_window(qtbot, answers) -> Iterator[Callable[[Home], MainWindow]]:
    """Opens real main windows; after the test each is closed and no worker thread may be left."""
    windows: list[MainWindow] = []

    def make(home: Home, **options: bool) -> MainWindow:
        window = MainWindow(home, **options)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.ready_at is not None and window.settled(), timeout=WAIT_MS)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def window(open_window: Callable[[Home], MainWindow], ui_home: Home) -> MainWindow:
    return open_window(ui_home)
