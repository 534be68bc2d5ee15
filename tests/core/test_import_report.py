"""Importing says what is wrong with what it imports: invalid values are reported with the file and
never become filter values; a skipped file makes the command exit 1; YAML errors get a plain hint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casebook import importer
from casebook.cli import main
from casebook.digest import DigestSpec, compile_digest
from casebook.library import Library

BINS = "---\ntitle: Bin sensors\ncouncil: Leeds\noutcome: catastrophe\ndate: 2024-13\nthemes: [robots, placemaking]\n" \
       "summary: Sensors in bins.\n---\nText.\n"
OUTCOME = "'outcome' is 'catastrophe'; allowed: success, failure, mixed, ongoing"
DATE = "'date' is '2024-13'; expected YYYY, YYYY-MM or YYYY-MM-DD"
THEME = ("unknown theme 'robots'; allowed: changing workforce, emerging technologies, participation and community, "
         "data and personalisation, placemaking, public expectations")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "bins.md").write_text(BINS, "utf-8")
    return folder


def test_an_import_with_invalid_values_reports_them(library: Library, folder: Path) -> None:
    report = importer.import_dir(folder, library.home.library)
    [item] = report.files
    assert (item.result, item.reason, item.problems) == (
        "imported", f"new case, incomplete: {OUTCOME}; {DATE}; {THEME}", (OUTCOME, DATE, THEME))
    assert report.to_json()["files"][0]["problems"] == [OUTCOME, DATE, THEME]


def test_invalid_values_never_become_filter_values(library: Library, folder: Path) -> None:
    importer.import_dir(folder, library.home.library)
    library.update()
    facets = library.search("*").facets
    assert (facets["outcome"], facets["theme"], facets["year"], facets["status"]) == (
        {}, {"placemaking": 1}, {}, {"incomplete": 1})
    assert compile_digest(library, DigestSpec("Bins")).figures() == {"outcome": {}, "theme": {"placemaking": 1},
                                                                     "year": {}}


def test_the_command_lists_the_problems_and_exits_1_when_a_file_is_skipped(
        library: Library, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(library.home.root)
    assert main(["import", str(folder), "--home", home]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        f"  imported  {folder / 'bins.md'} -> bins.md: new case, incomplete: {OUTCOME}; {DATE}; {THEME}"]
    (folder / "colon.md").write_text("---\ntitle: Bins: the app\n---\nText.\n", "utf-8")
    (folder / "notes.txt").write_text("hello", "utf-8")
    assert main(["import", str(folder), "--home", home]) == 1
    assert capsys.readouterr().out.splitlines()[1:] == [
        f"  unchanged {folder / 'bins.md'} -> bins.md: same as the case imported before, incomplete: {OUTCOME}; "
        f"{DATE}; {THEME}",
        f"  skipped   {folder / 'colon.md'}: line 2: front matter is not valid YAML: mapping values are not allowed "
        "here; a value containing ': ' must be in quotes, as in title: \"Bins: the app\"",
        f"  skipped   {folder / 'notes.txt'}: line 1: not a Markdown file (.txt)"]
    assert main(["import", str(folder), "--json", "--home", home]) == 1
    assert len(json.loads(capsys.readouterr().out)["skipped"]) == 2


@pytest.mark.parametrize(("front", "message"), [
    ("title: @bins", "found character '@' that cannot start any token; a value starting with '@' must be in quotes"),
    ("title: \"Bins\" app", "expected <block end>, but found '<scalar>'; text follows a closing quote or bracket: "
                            "put the whole value in quotes"),
    ("title: Bins\ntext without colon", "could not find expected ':'; each line must be 'key: value'"),
    ("summary: - a list", "sequence entries are not allowed here; a value starting with '- ' must be in quotes"),
    ("title: [unclosed", "expected ',' or ']', but got '<stream end>'"),
])
def test_yaml_errors_with_a_recognisable_cause_get_a_hint(library: Library, folder: Path, front: str,
                                                          message: str) -> None:
    (folder / "bins.md").write_text(f"---\n{front}\n---\nText.\n", "utf-8")
    [item] = importer.import_dir(folder, library.home.library).files
    assert item.result == "skipped"
    assert item.reason.split(": ", 1)[1] == f"front matter is not valid YAML: {message}"
