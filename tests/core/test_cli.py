"""The `casebook` command line: every command, its exit codes and its JSON shapes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.cli import build_parser, main
from casebook.home import Home
from tests.conftest import case_text

COMMANDS = ["index", "search", "show", "related", "validate", "new", "import", "edit", "settings", "bookmark"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str, exit_code: int = 0) -> dict:
    code, out, _ = run(capsys, *argv, "--json")
    assert code == exit_code
    return json.loads(out)


@pytest.fixture
def own(home: Home) -> Home:
    """A home whose library holds two cases and one broken file; examples off."""
    (home.library / "chatbot.md").write_text(case_text(
        title="Chatbot pilot", outcome="failure", date="2018-05", summary="A chatbot for council tax.",
        related="[litter]", body="## Lessons\n- Test the chatbot with residents.\n"), "utf-8")
    (home.library / "litter.md").write_text(case_text(
        title="Litter enforcement", summary="Fines for litter.", date="2019", body="## Lessons\n- Chatbot none.\n"))
    (home.library / "broken.md").write_text("---\ntitle: [oops\n---\n")
    assert main(["settings", "examples", "off"]) == 0
    return home


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert "--home" in capsys.readouterr().out


def test_every_command_is_documented_in_readme() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text("utf-8")
    parser_commands = set(build_parser()._subparsers._group_actions[0].choices)
    assert parser_commands >= set(COMMANDS)
    for command in parser_commands:
        assert f"casebook {command}" in readme, command


def test_index_json(own: Home, capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "index")
    assert data == {"added": 3, "updated": 0, "removed": 0, "unchanged": 0, "rebuilt": True, "invalid": [
        {"path": str(own.library / "broken.md"), "line": 2,
         "message": "front matter is not valid YAML: expected ',' or ']', but got '<stream end>'"}]}
    assert run_json(capsys, "index")["unchanged"] == 3
    code, out, _ = run(capsys, "index", "--rebuild")
    assert code == 0
    assert "Rebuilt index: 0 added, 0 updated, 0 removed, 3 unchanged" in out
    assert "broken.md:2: front matter is not valid YAML" in out


def test_search_json_shape(own: Home, capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "search", "chatbot", "--limit", "1")
    assert list(data) == ["query", "total", "hits", "facets", "suggestion", "notice", "corrected"]
    assert (data["query"], data["total"], len(data["hits"]), data["suggestion"], data["notice"]) == (
        "chatbot", 2, 1, None, None)
    hit = data["hits"][0]
    assert list(hit) == ["id", "title", "council", "outcome", "date", "source", "path", "score", "snippet"]
    assert (hit["id"], hit["outcome"], hit["date"], hit["source"], hit["path"]) == (
        "chatbot", "failure", "2018-05", "library", str(own.library / "chatbot.md"))
    assert "<mark" in hit["snippet"]
    assert data["facets"]["outcome"] == {"failure": 1, "success": 1}
    assert set(data["facets"]) == {"outcome", "council", "theme", "service", "year", "source", "status"}


def test_search_text_output_and_sorting(own: Home, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "chatbot OR litter", "--sort", "date")
    assert code == 0
    assert out.splitlines()[0] == "2 case(s) for 'chatbot OR litter', sorted by date"
    assert out.index("Litter enforcement") < out.index("Chatbot pilot")
    _, out, _ = run(capsys, "search", "chatbto")
    assert out.splitlines()[:2] == ["Showing results for 'chatbot' — search instead for 'chatbto' with --as-typed",
                                    "2 case(s) for 'chatbot'"]
    _, out, _ = run(capsys, "search", "chatbto", "--as-typed")
    assert out.splitlines()[:2] == ["No case mentions “chatbto”.", "0 case(s) for 'chatbto'"]
    assert "Did you mean: chatbot" in out
    assert run_json(capsys, "search", "chatbto")["corrected"] == "chatbot"
    own.thesaurus_path.write_text("pilot, trial\nlonely\n", "utf-8")
    _, out, err = run(capsys, "search", "trial")
    assert "Chatbot pilot" in out
    assert err == (f"casebook: {own.thesaurus_path}:2: a group needs at least two terms separated by commas; "
                   "left out\n")
    _, out, _ = run(capsys, "search", '"chatbot')
    assert out.startswith("The query could not be read as written (a quotation mark is not closed)")


def test_show_and_related(own: Home, capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "show", "chatbot")
    assert (data["id"], data["title"], data["status"], data["sharing"], data["related"], data["lessons"]) == (
        "chatbot", "Chatbot pilot", "ok", "internal", ["litter"], "- Test the chatbot with residents.")
    code, out, _ = run(capsys, "show", "chatbot")
    assert out.startswith("---\ntitle: Chatbot pilot")
    related = run_json(capsys, "related", "chatbot")
    assert [h["id"] for h in related["related"]] == ["litter"]
    code, _, err = run(capsys, "show", "nope")
    assert (code, err) == (2, "casebook: no case with id 'nope' (try `casebook search`)\n")


def test_validate_exit_codes(own: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate")
    assert code == 1
    assert out.splitlines()[-1] == "3 case file(s): 2 ok, 0 incomplete, 1 invalid"
    assert f"invalid: {own.library / 'broken.md'}:2: front matter is not valid YAML" in out
    good = tmp_path / "good"
    good.mkdir()
    (good / "a.md").write_text(case_text())
    assert run(capsys, "validate", str(good))[0] == 0
    (good / "b.md").write_text("---\ntitle: T\n---\n")
    assert run(capsys, "validate", str(good))[0] == 0
    assert run(capsys, "validate", "--strict", str(good / "b.md"))[0] == 1


def test_new_writes_a_valid_case_and_indexes_it(own: Home, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "new", "--title", "Chatbot: take two / retry", "--council", "Test Council",
                         "--outcome", "ongoing")
    path = Path(out.strip())
    incomplete = ("casebook: note: the case is marked incomplete until its sections are written over the "
                  "template's questions\n")
    assert (code, path.parent, path.name, err) == (0, own.library, "chatbot-take-two-retry.md", incomplete)
    assert run(capsys, "validate", str(path))[0] == 0
    _, out, err = run(capsys, "new", "--title", "Chatbot: take two / retry", "--council", "C", "--outcome", "mixed")
    again = Path(out.strip())
    assert again.name == "chatbot-take-two-retry-2.md"
    assert err == (f"casebook: note: {own.library / 'chatbot-take-two-retry.md'} already exists (a case of the same "
                   "title?); this case is chatbot-take-two-retry-2.md\n" + incomplete)
    ids = [h["id"] for h in run_json(capsys, "search", "retry")["hits"]]
    assert sorted(ids) == ["chatbot-take-two-retry", "chatbot-take-two-retry-2"]


def test_new_without_a_terminal_needs_flags(own: Home, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # noqa: SIM115
    code, _, err = run(capsys, "new", "--title", "T")
    assert (code, err) == (2, "casebook: --council is required when not typing at a terminal\n")


def test_import_json_and_idempotence(own: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "post.md").write_text("---\ntitle: Our retro\ndate: 2016-05-19 10:00:00\nexcerpt: What we learned.\n"
                                     "tags: agile\nauthor: Sam\n---\nBody text.\n")
    (foreign / "plain.md").write_text("# No front matter\n")
    data = run_json(capsys, "import", str(foreign), "--council", "Test Council", "--outcome", "mixed", exit_code=1)
    no_front_matter = ("line 1: no front matter: a case starts with a '---' line, then 'key: value' lines, "
                       "then another '---' line")
    assert data == {"imported": 1, "updated": 0, "unchanged": 0,
                    "skipped": [{"path": str(foreign / "plain.md"), "reason": no_front_matter}],
                    "files": [
                        {"path": str(foreign / "plain.md"), "result": "skipped", "reason": no_front_matter,
                         "case": None, "problems": []},
                        {"path": str(foreign / "post.md"), "result": "imported", "reason": "new case",
                         "case": str(own.library / "post.md"), "problems": []}]}
    text = (own.library / "post.md").read_text()
    assert text == ("---\ntitle: Our retro\ncouncil: Test Council\noutcome: mixed\nsummary: What we learned.\n"
                    "date: '2016-05-19'\ntags:\n- agile\nsharing: internal\nauthor: Sam\n"
                    "imported_from: foreign/post.md\n---\nBody text.\n")
    assert run_json(capsys, "show", "post")["status"] == "ok"
    again = run_json(capsys, "import", str(foreign), "--council", "Test Council", "--outcome", "mixed", exit_code=1)
    assert (again["imported"], again["updated"], again["unchanged"]) == (0, 0, 1)
    assert again["files"][1] == {"path": str(foreign / "post.md"), "result": "unchanged",
                                 "reason": "same as the case imported before", "case": str(own.library / "post.md"),
                                 "problems": []}
    code, out, _ = run(capsys, "import", str(foreign), "--council", "Other Council", "--outcome", "mixed")
    assert (code, out.splitlines()[0]) == (1, f"{foreign}: 0 imported, 1 updated, 0 unchanged, 1 skipped "
                                              f"(library: {own.library})")
    assert f"  updated   {foreign / 'post.md'} -> post.md: changed: council" in out.splitlines()
    assert [p.name for p in own.library.glob("post*.md")] == ["post.md"]


def test_settings_and_bookmarks(own: Home, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "settings")
    assert out.startswith("examples = off")
    assert run(capsys, "bookmark", "chatbot")[1] == "chatbot\n"
    run(capsys, "index", "--rebuild")
    assert run(capsys, "bookmark")[1] == "chatbot\n"
    assert run(capsys, "bookmark", "chatbot", "--remove")[1] == ""
    assert run(capsys, "settings", "examples", "maybe")[0] == 2


def test_the_poll_interval_is_a_whole_number_in_range(own: Home, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "settings", "poll_seconds", "4") == (
        2, "", "casebook: 'poll_seconds' must be a whole number from 5 to 3600\n")
    assert run(capsys, "settings", "poll_seconds", "ten")[0] == 2
    code, out, _ = run(capsys, "settings", "poll_seconds", "90")
    assert (code, out.split("    #")[0]) == (0, "poll_seconds = 90")


def test_home_option_overrides_environment(home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other"
    assert main(["settings", "--home", str(other), "examples", "off"]) == 0
    assert main(["--home", str(other), "index"]) == 0
    assert (other / "catalog.db").exists() and (other / "index" / "CURRENT").exists()
    assert not (home.root / "index" / "CURRENT").exists()


def test_entry_point_runs_the_default_view_on_the_bundled_cases(tmp_path: Path) -> None:
    env = {**os.environ, "CASEBOOK_HOME": str(tmp_path / "fresh")}
    done = subprocess.run([sys.executable, "-m", "casebook"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "searching the bundled cases for 'chatbot'" in done.stdout
    assert "case(s) for 'chatbot'" in done.stdout


def test_show_prints_the_decoded_text_and_fails_for_unreadable_files(own: Home,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (own.library / "wide.md").write_bytes(case_text(title="Wide café").encode("utf-16"))
    code, out, _ = run(capsys, "show", "wide")
    assert (code, out.splitlines()[1]) == (0, "title: Wide café")
    run(capsys, "index")
    code, _, err = run(capsys, "show", "library:broken.md")
    assert code == 2
    assert "invalid: " in err and "broken.md:2: front matter is not valid YAML" in err


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_validate_applies_the_index_rules_to_networks(own: Home, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside"
    (outside / "cases" / "x").mkdir(parents=True)
    (outside / "cases" / "x" / "secret.md").write_text(case_text())
    (own.networks / "peer").symlink_to(outside, target_is_directory=True)
    code, out, _ = run(capsys, "validate")
    assert code == 1
    assert "symbolic link refused: a network's cases folder must be a real folder" in out
    assert "secret.md" not in out


def test_import_reports_every_file_that_is_not_imported(own: Home, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    foreign = tmp_path / "mixed"
    foreign.mkdir()
    (foreign / "post.markdown").write_text("---\ntitle: Long suffix\n---\nBody\n")
    (foreign / "notes.txt").write_text("hello")
    (foreign / ".hidden.md").write_text("---\ntitle: Hidden\n---\n")
    data = run_json(capsys, "import", str(foreign), "--council", "C", "--outcome", "mixed", exit_code=1)
    assert (data["imported"], data["skipped"]) == (1, [
        {"path": str(foreign / ".hidden.md"), "reason": "line 1: hidden file, not imported"},
        {"path": str(foreign / "notes.txt"), "reason": "line 1: not a Markdown file (.txt)"}])
    assert (own.library / "post.md").is_file()


def test_readme_links_only_files_inside_the_repository() -> None:
    root = Path(__file__).parents[2]
    readme = (root / "README.md").read_text("utf-8")
    targets = [t for t in re.findall(r"\]\(([^)#]+)", readme) if "://" not in t]
    assert "../" not in readme and targets
    assert [t for t in targets if not (root / t).exists()] == []


#: Modules a `casebook search` with no changed file never uses; importing them was most of its start-up.
NOT_FOR_SEARCH = ("sqlite_utils", "yaml", "platformdirs", "multiprocessing", "importlib.metadata", "markdown_it",
                  "nh3", "casebook.digest", "casebook.front_matter")


def test_a_search_imports_only_what_it_uses(own: Home) -> None:
    assert main(["--home", str(own.root), "index"]) == 0
    script = ("import sys\nfrom casebook.cli import main\n"
              f"code = main(['--home', {str(own.root)!r}, 'search', 'chatbot'])\n"
              f"print(code, sorted(m for m in {NOT_FOR_SEARCH!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "0 []"


def test_a_reader_that_stops_reading_is_no_error(own: Home) -> None:
    """`casebook search … | head` printed a traceback and "unexpected error; please report it"."""
    assert main(["--home", str(own.root), "index"]) == 0
    process = subprocess.Popen([sys.executable, "-m", "casebook", "--home", str(own.root), "search", "chatbot"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # gone before the search prints
    err = process.stderr.read().decode()
    assert (process.wait(), err) == (141, "")
