"""Setting council, outcome, themes or sharing on many own cases at once (the bulk edit)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook import casefile
from casebook.authoring import front_matter_of, read_text, with_keys, write_atomic
from casebook.errors import CaseNotFoundError, InputError
from casebook.indexer import IndexChanges
from casebook.library import Library
from casebook.model import OUTCOMES, SHARING, THEMES, theme_name
from casebook.sources import EXAMPLES, LIBRARY

RESULTS = ("changed", "unchanged", "skipped")


@dataclass(frozen=True)
class Edit:
    """What to set on every case; None (or nothing to add or remove) leaves a field as it is."""

    council: str | None = None
    outcome: str | None = None
    add_themes: tuple[str, ...] = ()
    remove_themes: tuple[str, ...] = ()
    sharing: str | None = None

    def checked(self) -> Edit:
        """This edit with its values cleaned as the editor reads them (spaces, case, theme spelling);
        InputError names a value the editor would refuse, or says there is nothing to change. Any
        theme may be removed (an unknown one is what makes a case incomplete); only known ones added."""
        add = tuple(dict.fromkeys(theme_name(t) for t in self.add_themes if t.strip()))
        unknown = [t for t in add if t not in THEMES]
        if unknown:
            raise InputError(f"unknown theme '{unknown[0]}'; allowed: {', '.join(THEMES)}")
        edit = Edit(council=" ".join((self.council or "").split()) or None,
                    outcome=_choice("outcome", self.outcome, OUTCOMES), add_themes=add,
                    remove_themes=tuple(dict.fromkeys(theme_name(t) for t in self.remove_themes if t.strip())),
                    sharing=_choice("sharing", self.sharing, SHARING))
        if edit == Edit():
            raise InputError("nothing to change: give a council, an outcome, themes to add or remove, or a sharing")
        return edit

    def applied(self, meta: dict[str, Any], themes: tuple[str, ...]) -> dict[str, Any]:
        """The front matter `meta` with this edit made; `themes` are the case's themes as read."""
        out = dict(meta)
        for key in ("council", "outcome", "sharing"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        kept = [t for t in themes if t not in self.remove_themes]
        wanted = kept + [t for t in self.add_themes if t not in kept]
        if wanted != list(themes):
            out["themes"] = wanted
        return out


def _choice(key: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    text = (value or "").strip().lower()
    if text and text not in allowed:
        raise InputError(f"{key} '{value}' is not allowed; allowed: {', '.join(allowed)}")
    return text or None


@dataclass(frozen=True)
class EditResult:
    """What became of one case: `result` is one of RESULTS; `reason` what changed or why it was skipped."""

    case: str
    result: str
    reason: str
    path: Path | None = None


@dataclass
class EditReport:
    cases: list[EditResult] = field(default_factory=list)
    index: IndexChanges = field(default_factory=IndexChanges)

    def of(self, result: str) -> list[EditResult]:
        return [c for c in self.cases if c.result == result]

    def summary(self) -> str:
        """One line, e.g. "5 cases changed; 2 skipped: network cases cannot be edited here"."""
        changed, unchanged, skipped = (len(self.of(r)) for r in RESULTS)
        line = f"{changed} case{'s' if changed != 1 else ''} changed"
        line += f", {unchanged} already so" if unchanged else ""
        reasons = "; ".join(dict.fromkeys(c.reason for c in self.of("skipped")))
        return line + (f"; {skipped} skipped: {reasons}" if skipped else "")

    def to_json(self) -> dict[str, Any]:
        return {"summary": self.summary(), "cases": [
            {"case": c.case, "result": c.result, "reason": c.reason, "path": str(c.path) if c.path else None}
            for c in self.cases]}


def edit_cases(lib: Library, ids: Sequence[str], edit: Edit) -> EditReport:
    """Make `edit` on each own case named (an id, or a `source:path` uid). Network and example cases,
    unknown ids and files that cannot be read are skipped with the reason. Each changed file is
    rewritten atomically, its body and every other front-matter key as they were; only the changed
    files are re-indexed. A bad value raises InputError before any file is written."""
    edit = edit.checked()
    report = EditReport([_edit_one(lib, case_id, edit) for case_id in dict.fromkeys(ids)])
    changed = [c.path for c in report.of("changed") if c.path]
    if changed:
        report.index = lib.reindex(changed)
    return report


def _edit_one(lib: Library, case_id: str, edit: Edit) -> EditResult:
    try:
        row = lib.locate(case_id)
    except CaseNotFoundError:
        return EditResult(case_id, "skipped", "no case with this id")
    if row["source"] != LIBRARY:
        kind = "example" if row["source"] == EXAMPLES else "network"
        return EditResult(case_id, "skipped", f"{kind} cases cannot be edited here")
    path = Path(row["path"])
    cf = casefile.read(path, LIBRARY, row["relpath"])
    if cf.case is None:
        return EditResult(case_id, "skipped", f"cannot be read: {cf.messages()[0]}", path)
    text = read_text(path)
    meta = front_matter_of(text, str(path))[0]
    wanted = edit.applied(meta, cf.case.themes)
    keys = [k for k in wanted if meta.get(k) != wanted[k]]
    if not keys:
        return EditResult(case_id, "unchanged", "already so", path)
    write_atomic(path, with_keys(text, str(path), {k: wanted[k] for k in keys}))
    return EditResult(case_id, "changed", f"changed: {', '.join(keys)}", path)
