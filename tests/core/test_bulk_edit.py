"""The bulk edit: council, outcome, themes or sharing set on several own cases, on real files and a real index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from casebook import sources
from casebook.authoring import read_front_matter
from casebook.bulk import Edit, edit_cases
from casebook.cli import main
from casebook.errors import InputError
from casebook.library import Library
from tests.conftest import case_text

BODY = "\n## Context\nBins were  missed.   \n\n\n## Lessons\n- Ask crews first.\n\n"


@pytest.fixture
def lib(library: Library) -> Library:
    """Two incomplete own cases, a complete one with extra keys, a broken file and a network case."""
    own = library.home.library
    front = "title: Bin app\nsummary: An app for bins.\nimported_from: blog/bin.md"
    (own / "bin-app.md").write_text(f"---\n{front}\n---\n{BODY}")
    (own / "ward-surgeries.md").write_text("---\ntitle: Ward surgeries\ncouncil:\nsummary: Online.\n---\nText.\n")
    (own / "parks.md").write_text(case_text(title="Parks", themes="[Placemaking]", contact="parks@example.org"))
    (own / "broken.md").write_text("---\ntitle: [oops\n---\n")
    peer = library.home.networks / "north-west" / "cases" / "test-council"
    peer.mkdir(parents=True)
    (peer / "peer.md").write_text(case_text(title="Peer case"))
    library.update()
    return library


def after_front_matter(path: Path) -> bytes:
    return path.read_bytes().split(b"\n---\n", 1)[1]


def test_the_files_and_the_index_change_and_the_bodies_do_not(lib: Library) -> None:
    own = lib.home.library
    bodies = {name: after_front_matter(own / name) for name in ("bin-app.md", "ward-surgeries.md")}
    report = edit_cases(lib, ["bin-app", "ward-surgeries"],
                        Edit(council=" New  Council ", outcome="Success", add_themes=("Data-and-personalisation",)))
    assert [(c.case, c.result, c.reason) for c in report.cases] == [
        ("bin-app", "changed", "changed: council, outcome, themes"),
        ("ward-surgeries", "changed", "changed: council, outcome, themes")]
    assert report.summary() == "2 cases changed"
    assert read_front_matter(own / "bin-app.md")[0] == {
        "title": "Bin app", "council": "New Council", "outcome": "success", "summary": "An app for bins.",
        "themes": ["data and personalisation"], "imported_from": "blog/bin.md"}
    assert read_front_matter(own / "ward-surgeries.md")[0] == {
        "title": "Ward surgeries", "council": "New Council", "outcome": "success", "summary": "Online.",
        "themes": ["data and personalisation"]}
    assert {name: after_front_matter(own / name) for name in bodies} == bodies
    assert (sorted(report.index.updated), report.index.added, report.index.removed) == (
        ["library:bin-app.md", "library:ward-surgeries.md"], [], [])
    assert sorted(h.id for h in lib.search('council:"New Council"').hits) == ["bin-app", "ward-surgeries"]
    assert lib.search("status:incomplete").total == 0


def test_network_unreadable_and_unknown_cases_are_skipped_with_the_reason(lib: Library) -> None:
    peer_text = (lib.home.networks / "north-west" / "cases" / "test-council" / "peer.md").read_bytes()
    report = edit_cases(lib, ["parks", "peer", "library:broken.md", "nothing-here", "parks"],
                        Edit(sharing="network"))
    assert [(c.case, c.result, c.reason) for c in report.cases] == [
        ("parks", "changed", "changed: sharing"),
        ("peer", "skipped", "network cases cannot be edited here"),
        ("library:broken.md", "skipped", f"cannot be read: {lib.home.library / 'broken.md'}:2: front matter is not "
                                         "valid YAML: expected ',' or ']', but got '<stream end>'"),
        ("nothing-here", "skipped", "no case with this id")]
    assert report.summary().startswith("1 case changed; 3 skipped: network cases cannot be edited here; cannot be")
    assert (lib.home.networks / "north-west" / "cases" / "test-council" / "peer.md").read_bytes() == peer_text
    assert [h.id for h in lib.search("sharing:network").hits] == ["parks"]


def test_example_cases_are_skipped(lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    examples = tmp_path / "examples"  # a copy: were the rule broken, the bundled cases would stay as they are
    examples.mkdir()
    shutil.copy(sources.examples_root() / "bristol-is-open.md", examples)
    original = (examples / "bristol-is-open.md").read_bytes()
    monkeypatch.setattr(sources, "examples_root", lambda: examples)
    lib.catalog.set_setting("examples", "on")
    lib.update()
    report = edit_cases(lib, ["bristol-is-open"], Edit(outcome="failure"))
    assert [(c.case, c.result, c.reason) for c in report.cases] == [
        ("bristol-is-open", "skipped", "example cases cannot be edited here")]
    assert (examples / "bristol-is-open.md").read_bytes() == original


def test_themes_removed_and_an_edit_that_changes_nothing(lib: Library) -> None:
    parks = lib.home.library / "parks.md"
    report = edit_cases(lib, ["parks"], Edit(remove_themes=("placemaking",), outcome="success"))
    assert [(c.result, c.reason) for c in report.cases] == [("changed", "changed: themes")]
    assert read_front_matter(parks)[0] == {
        "title": "Parks", "council": "Test Borough Council", "outcome": "success", "summary": "A short summary.",
        "themes": [], "contact": "parks@example.org"}
    written = parks.read_bytes()
    again = edit_cases(lib, ["parks"], Edit(remove_themes=("placemaking",), outcome="success"))
    assert ([(c.result, c.reason) for c in again.cases], again.summary()) == (
        [("unchanged", "already so")], "0 cases changed, 1 already so")
    assert parks.read_bytes() == written


@pytest.mark.parametrize(("edit", "message"), [
    (Edit(council="X", outcome="bogus"), "outcome 'bogus' is not allowed; allowed: success, failure, mixed, ongoing"),
    (Edit(sharing="everyone"), "sharing 'everyone' is not allowed; allowed: internal, network, public"),
    (Edit(add_themes=("parks",)), "unknown theme 'parks'; allowed: changing workforce, emerging technologies, "
                                  "participation and community, data and personalisation, placemaking, "
                                  "public expectations"),
    (Edit(council="  "), "nothing to change: give a council, an outcome, themes to add or remove, or a sharing"),
])
def test_a_bad_value_is_refused_before_anything_is_written(lib: Library, edit: Edit, message: str) -> None:
    files = {p: p.read_bytes() for p in lib.home.library.glob("*.md")}
    with pytest.raises(InputError) as refused:
        edit_cases(lib, ["bin-app", "parks"], edit)
    assert str(refused.value) == message
    assert {p: p.read_bytes() for p in lib.home.library.glob("*.md")} == files


def test_the_edit_command(lib: Library, capsys: pytest.CaptureFixture[str]) -> None:
    home = ["--home", str(lib.home.root)]
    assert main(["edit", "bin-app", "peer", "--council", "New Council", "--add-theme", "placemaking", *home]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[:3] == ["1 case changed; 1 skipped: network cases cannot be edited here",
                                    "  changed   bin-app: changed: council, themes",
                                    "  skipped   peer: network cases cannot be edited here"]
    assert main(["edit", "ward-surgeries", "--outcome", "mixed", "--json", *home]) == 0
    assert json.loads(capsys.readouterr().out) == {"summary": "1 case changed", "cases": [
        {"case": "ward-surgeries", "result": "changed", "reason": "changed: outcome",
         "path": str(lib.home.library / "ward-surgeries.md")}]}
    assert main(["edit", "parks", "--outcome", "bogus", *home]) == 2
    assert "outcome 'bogus' is not allowed" in capsys.readouterr().err


def test_only_the_lines_of_the_keys_changed_are_rewritten(library: Library) -> None:
    """Comments, empty keys and values YAML would read otherwise (01234567 as a number, no as false) stay
    as the officer wrote them: the bulk edit rewrites the lines of the keys it changes, nothing else."""
    path = library.home.library / "pilot.md"
    path.write_text(
        "---\n# Written by hand\ntitle: Norway pilot\ncouncil: Old Council   # before the merger\n"
        "outcome: success   # success, failure, mixed or ongoing\nsummary: A phone line.\n"
        "contact: 01234567\nsavings: 1:30\nreviewed: no\nthemes: []   # changing workforce, placemaking,\n"
        "             # data and personalisation\ntags: []\n\n# Where it came from\nsources:\n"
        "  - https://example.org/a\n---\n\nBody.\n", "utf-8")
    library.update()
    report = edit_cases(library, ["pilot"], Edit(council="New Council", add_themes=("placemaking",)))
    assert [(c.result, c.reason) for c in report.cases] == [("changed", "changed: council, themes")]
    assert path.read_text("utf-8") == (
        "---\n# Written by hand\ntitle: Norway pilot\ncouncil: New Council\n"
        "outcome: success   # success, failure, mixed or ongoing\nsummary: A phone line.\n"
        "contact: 01234567\nsavings: 1:30\nreviewed: no\nthemes:\n- placemaking\ntags: []\n\n"
        "# Where it came from\nsources:\n  - https://example.org/a\n---\n\nBody.\n")
    added = edit_cases(library, ["pilot"], Edit(sharing="network"))
    assert [(c.result, c.reason) for c in added.cases] == [("changed", "changed: sharing")]
    assert path.read_text("utf-8").endswith("  - https://example.org/a\nsharing: network\n---\n\nBody.\n")


def test_front_matter_in_flow_style_is_written_out_again(library: Library) -> None:
    path = library.home.library / "flow.md"
    path.write_text("---\n{title: Flow, council: Old, outcome: success, summary: S.}\n---\nBody.\n", "utf-8")
    library.update()
    edit_cases(library, ["flow"], Edit(council="New"))
    assert path.read_text("utf-8") == "---\ntitle: Flow\ncouncil: New\noutcome: success\nsummary: S.\n---\nBody.\n"
