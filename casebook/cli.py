"""The `casebook` command line. Every command takes `--home DIR` and `--help`.

Modules only some commands use (digest, markdown rendering, authoring, importing) are imported by
those commands: a search process spent most of its time importing them."""

from __future__ import annotations

import argparse
import functools
import html
import json
import os
import re
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from casebook import __version__, settings
from casebook.errors import CasebookError, disk_full
from casebook.home import resolve
from casebook.indexer import IndexChanges
from casebook.library import Library
from casebook.model import OUTCOMES, SHARING
from casebook.search import SORTS, Hit

if TYPE_CHECKING:
    from casebook.digest import DigestSpec

EXAMPLE_QUERY = "chatbot"


class ProgressLine:
    """A one-line progress display on stderr, redrawn in place on a terminal."""

    def __init__(self, stream: TextIO | None = None, unit: str = "cases") -> None:
        self.stream = stream or sys.stderr  # looked up now: a test may have replaced sys.stderr
        self.unit = unit
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int, what: str) -> None:
        if self.stream.isatty():
            width = 30
            bar = "#" * (width * done // max(total, 1))
            self.stream.write(f"\r{what} [{bar:<{width}}] {done}/{total} {self.unit}")
            self.shown = True
        elif done == total:
            self.stream.write(f"{what}: {total} {self.unit}\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.shown:
            self.stream.write(f" in {time.monotonic() - self.started:.1f} s\n")
            self.stream.flush()


def _open(args: argparse.Namespace) -> Library:
    """The library of --home, brought up to date with its files (with a progress line)."""
    lib = Library(resolve(args.home))
    _update(lib)
    return lib


def _update(lib: Library, rebuild: bool = False) -> IndexChanges:
    progress = ProgressLine()
    changes = lib.update(rebuild=rebuild, progress=progress)
    progress.finish()
    return changes


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))  # dates in unknown keys


def _plain(snippet: str, tty: bool) -> str:
    marked = re.sub(r"<mark[^>]*>(.*?)</mark>", "\x1b[1m\\1\x1b[0m" if tty else "[\\1]", snippet)
    return html.unescape(re.sub(r"<[^>]+>", "", marked))


def _print_hit(n: int, hit: Hit, tty: bool) -> None:
    print(f"{n:>3}. {hit.title}")
    marks = (hit.outcome.upper(), hit.council, hit.date, hit.source, "incomplete" if hit.status == "incomplete" else "")
    meta = " · ".join(x for x in marks if x)
    print(f"     {meta}   id: {hit.id}")
    if hit.snippet:
        print(f"     {_plain(hit.snippet, tty)}")


# -- commands ---------------------------------------------------------------
def cmd_index(args: argparse.Namespace) -> int:
    with Library(resolve(args.home)) as lib:
        changes = _update(lib, rebuild=args.rebuild)
    if args.json:
        print_json(changes.to_json())
        return 0
    print(f"{'Rebuilt' if changes.rebuilt else 'Updated'} index: {len(changes.added)} added, "
          f"{len(changes.updated)} updated, {len(changes.removed)} removed, {changes.unchanged} unchanged")
    _print_invalid(changes.invalid)
    return 0


def _print_invalid(invalid: list[dict[str, Any]]) -> None:
    if invalid:
        print(f"{len(invalid)} file(s) could not be read:")
        for item in invalid:
            print(f"  {item['path']}:{item['line']}: {item['message']}")


def cmd_search(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        result = lib.search(args.query, limit=args.limit, sort=args.sort, correct=not args.as_typed)
        for problem in lib.searcher().problems:
            print(f"casebook: {problem}", file=sys.stderr)
    if args.json:
        print_json(result.to_json())
        return 0
    if result.notice:
        print(result.notice)
    if result.corrected:
        print(f"Showing results for {result.corrected!r} — search instead for {args.query!r} with --as-typed")
    order = f", sorted by {args.sort}" if args.sort != "relevance" else ""
    print(f"{result.total} case(s) for {result.corrected or args.query!r}{order}")
    tty = sys.stdout.isatty()
    for n, hit in enumerate(result.hits, start=1):
        _print_hit(n, hit, tty)
    if result.suggestion:
        print(f"Did you mean: {result.suggestion}")
    outcomes = ", ".join(f"{k} {v}" for k, v in result.facets.get("outcome", {}).items())
    if outcomes:
        print(f"Outcomes: {outcomes}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from casebook import decoding

    with _open(args) as lib:
        cf = lib.case(args.id)
        bookmarked = cf.case is not None and cf.case.id in lib.catalog.bookmarks()
    if args.json:
        print_json(_case_json(cf, bookmarked))
    elif cf.case:
        print(decoding.decode(cf.path.read_bytes(), str(cf.path)), end="")
    for message in cf.messages():
        print(f"{cf.status}: {message}", file=sys.stderr)
    return 0 if cf.case else 2



def _case_json(cf: Any, bookmarked: bool) -> dict[str, Any]:
    from casebook import authoring

    data: dict[str, Any] = {"source": cf.source, "path": str(cf.path), "status": cf.status,
                            "problems": [{"line": p.line, "message": p.message} for p in cf.problems],
                            "bookmarked": bookmarked}
    if cf.case:
        data.update(authoring.case_meta(cf.case), body=cf.case.body, lessons=cf.case.lessons,
                    extra=cf.case.extra)
    return data


def cmd_related(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        hits = lib.related(args.id, limit=args.limit)
    if args.json:
        print_json({"id": args.id, "related": [h.to_json() for h in hits]})
        return 0
    print(f"Cases related to {args.id}:" if hits else f"No related cases for {args.id}.")
    for n, hit in enumerate(hits, start=1):
        _print_hit(n, hit, sys.stdout.isatty())
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    with Library(resolve(args.home)) as lib:
        files = lib.validate([Path(p) for p in args.paths])
    problems = [(cf, m) for cf in files for m in cf.messages()]
    for cf, message in problems:
        print(f"{cf.status}: {message}")
    invalid = sum(cf.status == "invalid" for cf in files)
    incomplete = sum(cf.status == "incomplete" for cf in files)
    print(f"{len(files)} case file(s): {len(files) - invalid - incomplete} ok, "
          f"{incomplete} incomplete, {invalid} invalid")
    return 1 if invalid or (args.strict and incomplete) else 0


def cmd_new(args: argparse.Namespace) -> int:
    from casebook import authoring

    values = {"title": args.title, "council": args.council, "outcome": args.outcome}
    for key, value in values.items():
        if not value:
            if not sys.stdin.isatty():
                raise CasebookError(f"--{key} is required when not typing at a terminal")
            values[key] = _ask(key)
    with Library(resolve(args.home)) as lib:
        path = authoring.new_case(lib.home.library, values["title"], values["council"], values["outcome"],
                                  args.summary or "")
        lib.reindex([path])
    print(path)
    taken = path.with_name(f"{authoring.file_slug(values['title'])}.md")
    if taken != path:
        print(f"casebook: note: {taken} already exists (a case of the same title?); this case is {path.name}",
              file=sys.stderr)
    print("casebook: note: the case is marked incomplete until its sections are written over the template's "
          "questions", file=sys.stderr)
    return 0


def _ask(key: str) -> str:
    hint = f" ({'/'.join(OUTCOMES)})" if key == "outcome" else ""
    while True:
        answer = input(f"{key.capitalize()}{hint}: ").strip()
        if answer and (key != "outcome" or answer in OUTCOMES):
            return answer


def cmd_import(args: argparse.Namespace) -> int:
    from casebook import importer

    folder = Path(args.dir)
    if not folder.is_dir():
        raise CasebookError(f"{folder} is not a folder")
    with Library(resolve(args.home)) as lib:
        report = importer.import_dir(folder, lib.home.library, council=args.council or "",
                                     outcome=args.outcome or "")
        _update(lib)
    if args.json:
        print_json(report.to_json())
    else:
        counts = ", ".join(f"{len(report.of(r))} {r}" for r in importer.RESULTS)
        print(f"{folder}: {counts} (library: {lib.home.library})")
        for item in report.files:
            where = f" -> {item.case.name}" if item.case else ""
            print(f"  {item.result:<9} {item.path}{where}: {item.reason}")
    return 1 if report.of("skipped") else 0


def cmd_edit(args: argparse.Namespace) -> int:
    from casebook import bulk

    edit = bulk.Edit(args.council, args.outcome, tuple(args.add_theme or ()), tuple(args.remove_theme or ()),
                     args.sharing)
    with _open(args) as lib:
        report = bulk.edit_cases(lib, args.ids, edit)
    if args.json:
        print_json(report.to_json())
    else:
        print(report.summary())
        for item in report.cases:
            print(f"  {item.result:<9} {item.case}: {item.reason}")
    return 1 if report.of("skipped") else 0


def cmd_settings(args: argparse.Namespace) -> int:
    with Library(resolve(args.home)) as lib:
        if args.value is not None:
            settings.put(lib.catalog, args.name, args.value)
        names = [args.name] if args.name else list(settings.SETTINGS)
        for name in names:
            if name not in settings.SETTINGS:
                raise CasebookError(f"unknown setting '{name}'; settings: {', '.join(settings.SETTINGS)}")
            print(f"{name} = {settings.get(lib.catalog, name)}    # {settings.SETTINGS[name].help}")
    return 0


def cmd_bookmark(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        if args.id:
            case_id = lib.locate(args.id)["id"]
            lib.catalog.bookmark(case_id, on=not args.remove)
        for case_id in lib.catalog.bookmarks():
            print(case_id)
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    from casebook import digest

    if args.again:
        with Library(resolve(args.home)) as lib:
            saved = {s.title: s for s in digest.saved_specs(lib.catalog)}
        if args.again not in saved:
            raise CasebookError(f"no saved digest called '{args.again}' (saved: {', '.join(saved) or 'none'})")
        return _write_digest(args, saved[args.again])
    if not args.title:
        raise CasebookError("give the digest a --title (or run a saved one again with --again TITLE)")
    spec = digest.DigestSpec(
        title=args.title, query=args.query or "", since=args.since or "", until=args.until or "",
        outcomes=tuple(args.outcome or ()), bookmarks=args.bookmarks,
        ids=tuple(i.strip() for i in (args.ids or "").split(",") if i.strip()), order=args.order,
        shareable=args.shareable, question=args.question or "", marking=args.marking,
        prepared_for=args.prepared_for or "", prepared_by=args.prepared_by or "")
    return _write_digest(args, spec)


def _write_digest(args: argparse.Namespace, spec: DigestSpec) -> int:
    from casebook import digest

    out = Path(args.out)
    digest.check_destination(out)
    with _open(args) as lib:
        compiled = digest.compile_digest(lib, spec)
    digest.write(compiled, out)
    since = (f"{len(compiled.new)} new and {len(compiled.changed)} changed since the last digest of this title"
             if compiled.last else "the first digest of this title")
    print(f"Wrote {out}: {len(compiled.entries)} case(s), {since}")
    return 0


def cmd_default(args: argparse.Namespace) -> int:
    """No command: until the desktop app exists, show what search does on the examples."""
    print(f"Casebook {__version__}: searching the bundled cases for {EXAMPLE_QUERY!r}. "
          "Try `casebook search QUERY` or `casebook --help`.\n")
    args.query, args.limit, args.sort, args.json, args.as_typed = EXAMPLE_QUERY, 5, "relevance", False, False
    return cmd_search(args)


# -- parser -------------------------------------------------------------------
def build_parser(plugins: bool = True) -> argparse.ArgumentParser:
    """The parser of every command; with `plugins` False, of the core's own commands only."""
    home = argparse.ArgumentParser(add_help=False)
    home.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS,
                      help="home folder (default: $CASEBOOK_HOME or the platform's user data folder)")
    parser = argparse.ArgumentParser(prog="casebook", parents=[home],
                                     description="Search, check and write council cases: what worked and what failed.")
    parser.add_argument("--version", action="version", version=f"casebook {__version__}")
    parser.set_defaults(func=cmd_default)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[home], help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    def json_flag(p: argparse.ArgumentParser) -> None:
        p.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")

    p = command("index", cmd_index, "Bring the search index up to date with the case files.")
    p.add_argument("--rebuild", action="store_true", help="rebuild from scratch (bookmarks and settings are kept)")
    json_flag(p)
    p = command("search", cmd_search, "Search all cases (see casebook/templates/query-syntax.md).")
    p.add_argument("query", help='e.g. chatbot, "council tax", outcome:failure year:2018..2021')
    p.add_argument("--limit", type=int, default=10, help="most hits to show (default 10)")
    p.add_argument("--sort", choices=SORTS, default="relevance", help="order of hits")
    p.add_argument("--as-typed", action="store_true", help="search the words as typed, without correcting typos")
    json_flag(p)
    p = command("show", cmd_show, "Print one case by id.")
    p.add_argument("id")
    json_flag(p)
    p = command("related", cmd_related, "List cases related to one case.")
    p.add_argument("id")
    p.add_argument("--limit", type=int, default=5, help="most cases to list (default 5)")
    json_flag(p)
    p = command("validate", cmd_validate, "Check case files; exit 1 if any cannot be read.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: every source)")
    p.add_argument("--strict", action="store_true", help="exit 1 for incomplete cases too")
    p = command("new", cmd_new, "Write a new case into your library from the template.")
    p.add_argument("--title")
    p.add_argument("--council")
    p.add_argument("--outcome", choices=OUTCOMES)
    p.add_argument("--summary")
    p = command("import", cmd_import, "Import Markdown files with front matter into your library.")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--council", help="council for files that name none")
    p.add_argument("--outcome", choices=OUTCOMES, help="outcome for files that give none")
    json_flag(p)
    p = command("edit", cmd_edit, "Set council, outcome, themes or sharing on several of your own cases.")
    p.add_argument("ids", nargs="+", metavar="ID", help="case ids (or source:path uids)")
    p.add_argument("--council", help="the council's name")
    p.add_argument("--outcome", help=f"one of {', '.join(OUTCOMES)}")
    p.add_argument("--add-theme", action="append", metavar="THEME", help="a theme to add (repeatable)")
    p.add_argument("--remove-theme", action="append", metavar="THEME", help="a theme to remove (repeatable)")
    p.add_argument("--sharing", help=f"one of {', '.join(SHARING)}")
    json_flag(p)
    p = command("digest", cmd_digest, "Compile a digest of chosen cases: Markdown, HTML, PDF or Word.")
    p.add_argument("query", nargs="?", help="cases to include (default: all, or only --ids/--bookmarks)")
    p.add_argument("--title", help="the digest's title; a later run of the same title reports what is new")
    p.add_argument("--again", metavar="TITLE", help="run a saved digest definition again (same selection)")
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.md, FILE.html, FILE.pdf or FILE.docx")
    p.add_argument("--since", metavar="DATE", help="only cases dated on or after (YYYY, YYYY-MM, YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", help="only cases dated on or before")
    p.add_argument("--outcome", action="append", choices=OUTCOMES, help="only this outcome (repeatable)")
    p.add_argument("--bookmarks", action="store_true", help="include the bookmarked cases")
    p.add_argument("--ids", metavar="ID,…", help="include these cases")
    p.add_argument("--order", default="outcome",
                   help="outcome (failures first, the default), date, council or relevance")
    p.add_argument("--shareable", action="store_true", help="leave out every internal case")
    p.add_argument("--question", help="the question as asked, for the cover")
    p.add_argument("--marking", default="OFFICIAL",
                   help="handling marking on every page: OFFICIAL (the default) or OFFICIAL-SENSITIVE")
    p.add_argument("--prepared-for", metavar="WHO", help="for the cover, e.g. \"Chief Executive's Office\"")
    p.add_argument("--prepared-by", metavar="WHO", help="for the cover, e.g. \"Policy team\"")
    p = command("settings", cmd_settings, "Show or change a setting.")
    p.add_argument("name", nargs="?", choices=list(settings.SETTINGS))
    p.add_argument("value", nargs="?")
    p = command("bookmark", cmd_bookmark, "Bookmark a case (or --remove it); lists bookmarks.")
    p.add_argument("id", nargs="?")
    p.add_argument("--remove", action="store_true")
    if plugins:
        _add_plugins(command)
    return parser


def _add_plugins(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Commands of the other packages of the distribution (sync), found by entry point so the
    core never imports them; one that cannot load is left out."""
    for register in _plugins():
        register(command)


@functools.cache
def _plugins() -> list[Callable[..., Any]]:
    """The plugins' register functions, looked up once a process (the lookup reads every
    installed package's metadata; the entry point builds the parser twice)."""
    from importlib import metadata

    found = []
    for entry in metadata.entry_points(group="casebook.commands"):
        try:
            found.append(entry.load())
        except ImportError:
            continue
    return found


def parser_for(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The core's parser when `argv` names one of its commands, else the parser with the plugins'
    commands too: looking the plugins up read every installed package's metadata, a tenth of a
    second of every `casebook search`."""
    core = build_parser(plugins=False)
    return core if _command_word(argv) in _commands(core) else build_parser()


def _command_word(argv: Sequence[str]) -> str | None:
    """The first word of `argv` that is neither an option nor the value of --home."""
    words = iter(argv)
    for word in words:
        if word == "--home":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    return {name for action in parser._subparsers._group_actions for name in action.choices}


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser_for(argv).parse_args(argv)
    args.home = getattr(args, "home", None)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a reader that stopped (`| head`) shows here, not in Python's exit
        return code
    except CasebookError as exc:
        print(f"casebook: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"casebook: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped (`casebook search … | head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush fails quietly
        return 141  # as a shell reports a command ended by SIGPIPE
    except ImportError as exc:
        print(f"casebook: this command needs {exc.name}, which is not installed", file=sys.stderr)
        return 2
    except Exception as exc:
        if disk_full(exc):
            print("casebook: the disk is full; free some space and try again", file=sys.stderr)
            return 2
        traceback.print_exc()
        print("casebook: unexpected error (above); please report it", file=sys.stderr)
        return 3
