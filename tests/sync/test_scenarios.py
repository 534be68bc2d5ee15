"""Sync scenarios over a bare file:// hub, with the files checked afterwards."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from casebook.errors import CasebookError
from tests.sync.conftest import Officer, hub_log


def test_two_councils_publish_and_see_each_others_cases(officer: Callable[[str, str], Officer]) -> None:
    leeds, hackney = officer("leeds", "Leeds"), officer("hackney", "Hackney")
    leeds.write("leeds-chatbot", title="Leeds chatbot pilot")
    hackney.write("hackney-chatbot", title="Hackney chatbot pilot")
    leeds.publish("leeds-chatbot")
    hackney.publish("hackney-chatbot")
    first = leeds.sync()
    assert (first.ok, first.pushed, first.summary) == (True, 1, "0 case file(s) received, 1 shared")
    second = hackney.sync()
    assert (second.ok, second.pulled, second.pushed) == (True, 1, 1)
    assert leeds.sync().pulled == 1
    # an own published case is found once, in the library (issue 11)
    assert leeds.search("chatbot") == [("hackney-chatbot", "north"), ("leeds-chatbot", "library")]
    assert hackney.search("chatbot") == [("hackney-chatbot", "library"), ("leeds-chatbot", "north")]
    assert (leeds.clone / "cases" / "hackney" / "hackney-chatbot.md").read_text() == \
        (hackney.home.library / "hackney-chatbot.md").read_text()


def test_internal_cases_cannot_be_published(officer: Callable[[str, str], Officer]) -> None:
    leeds = officer("leeds", "Leeds")
    leeds.write("secret", sharing="internal")
    with pytest.raises(CasebookError, match="'secret' is marked 'internal'"):
        leeds.publish("secret")
    (leeds.home.library / "nosharing.md").write_text("---\ntitle: T\ncouncil: C\noutcome: mixed\nsummary: S\n---\n")
    with pytest.raises(CasebookError, match="marked 'internal'"):
        leeds.publish("nosharing")


def test_two_officers_edit_the_same_case_offline_and_both_texts_survive(
        officer: Callable[[str, str], Officer]) -> None:
    """Both texts are on the computer that met the conflict; the other only has the network's."""
    one, two = officer("leeds-1", "Leeds"), officer("leeds-2", "Leeds")
    one.write("shared-case", "first text")
    one.publish("shared-case")
    one.sync()
    two.sync()
    one.write("shared-case", "officer one's edit")
    two.write("shared-case", "officer two's edit")
    one.publish("shared-case")
    two.publish("shared-case")
    assert one.sync().ok
    report = two.sync()
    assert report.ok and len(report.conflicts) == 1
    one.sync()
    for who, seen in ((one, (True, False)), (two, (True, True))):
        texts = who.tree_texts()
        assert (any("officer one's edit" in t for t in texts), any("officer two's edit" in t for t in texts)) == seen
        assert not any("<<<<<<<" in t or ">>>>>>>" in t for t in texts)
    conflicts = two.registry_rows("conflicts")
    assert {c["path"] for c in conflicts} == {"cases/leeds/shared-case.md"}
    assert all(c["copy"].startswith("cases/leeds/shared-case.conflict-") for c in conflicts)


def test_edit_beats_delete(officer: Callable[[str, str], Officer]) -> None:
    one, two = officer("leeds-1", "Leeds"), officer("leeds-2", "Leeds")
    one.write("doomed", "original")
    one.publish("doomed")
    one.sync()
    two.sync()
    (one.clone / "cases" / "leeds" / "doomed.md").unlink()
    two.write("doomed", "kept edit")
    two.publish("doomed")
    assert one.sync().ok
    assert two.sync().ok
    one.sync()
    for who in (one, two):
        assert "kept edit" in (who.clone / "cases" / "leeds" / "doomed.md").read_text()


def test_a_case_made_internal_after_a_local_commit_is_blocked(officer: Callable[[str, str], Officer],
                                                              hub: Path) -> None:
    leeds = officer("leeds", "Leeds")
    leeds.write("draft", "shared at first")
    leeds.publish("draft")
    published = leeds.clone / "cases" / "leeds" / "draft.md"
    published.write_text(published.read_text().replace("sharing: network", "sharing: internal"))
    before = hub_log(hub)
    report = leeds.sync()
    assert not report.ok
    assert [(f.path, f.reason) for f in report.blocked] == [
        ("cases/leeds/draft.md", "is internal (sharing is not network or public)")]
    assert report.summary.startswith("kept back: cases/leeds/draft.md: is internal (sharing is not network or "
                                     "public) (kept in your library) — 0 case file(s) received, 0 shared")
    assert hub_log(hub) == before


def test_publishing_over_a_colleagues_version_keeps_it(officer: Callable[[str, str], Officer]) -> None:
    one, two = officer("leeds-1", "Leeds"), officer("leeds-2", "Leeds")
    one.write("case", "one's version")
    one.publish("case")
    one.sync()
    two.write("case", "two's version")
    two.sync()
    two.publish("case")
    two.sync()
    texts = two.tree_texts()
    assert any("one's version" in t for t in texts) and any("two's version" in t for t in texts)
