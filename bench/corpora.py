"""Judged collections as Casebook cases: the retrieval test collections in `../shared/corpora`
(Cranfield, CISI, NPL) and the officer question set over the bundled cases.

A document becomes a case with its title, a summary from its first sentence and the rest as the
body; the council is the collection's name and the outcome `ongoing`, so neither favours a
document. The test collections' judgments are used as relevant / not relevant (Cranfield's
grades are not ordered the same way in every copy), and their queries are lower-cased: NPL's are
in capitals, whose AND, OR and NOT Casebook would read as operators.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench import officer
from casebook import casefile
from casebook.authoring import case_meta, render
from casebook.model import Case
from casebook.sources import examples_root

#: Name -> (folder under the corpora, council written on every case).
TEST_COLLECTIONS = {"cranfield": ("ir-cranfield", "Cranfield"), "cisi": ("ir-cisi", "CISI"),
                    "npl": ("ir-vaswani-npl", "NPL")}
SUMMARY_MAX_WORDS = 40
_SENTENCE = re.compile(r"(.+?[.!?])(?:\s+|$)(.*)", re.DOTALL)
_NPL_DOC = re.compile(r"<DOC>\s*<DOCNO>(.*?)</DOCNO>(.*?)</DOC>", re.DOTALL)
_NPL_QUERY = re.compile(r"<num>(.*?)</num>\s*<title>(.*?)</title>", re.DOTALL)

Qrels = dict[str, dict[str, int]]


@dataclass(frozen=True)
class Collection:
    name: str
    cases: list[Case]
    queries: dict[str, str]
    qrels: Qrels
    bundled: bool = False  # the bundled cases, searched through the examples rather than written out
    kinds: dict[str, str] = field(default_factory=dict)  # query id -> kind, for the officer set


def test_collection(name: str, corpora: Path) -> Collection | None:
    """One of TEST_COLLECTIONS, or None when its folder is absent."""
    folder_name, council = TEST_COLLECTIONS[name]
    folder = corpora / folder_name
    if not folder.is_dir():
        return None
    docs, queries, qrels = _npl(folder) if name == "npl" else _derived(folder / "derived")
    cases = [as_case(f"{name}-{doc_id}", council, title, text) for doc_id, title, text in docs]
    relevant = {q: {f"{name}-{d}": 1 for d, grade in judged.items() if grade > 0} for q, judged in qrels.items()}
    return Collection(name, cases, {q: text.lower() for q, text in queries.items()}, relevant)


def officer_collection() -> Collection:
    """The bundled cases with the officer question set and its graded judgments."""
    files = [casefile.read(path) for path in sorted(examples_root().glob("*.md"))]
    asked = officer.load()
    return Collection("officer", [f.case for f in files if f.case],
                      {str(n): q.text for n, q in enumerate(asked)}, {str(n): q.judged for n, q in enumerate(asked)},
                      bundled=True, kinds={str(n): q.kind for n, q in enumerate(asked)})


def as_case(case_id: str, council: str, title: str, text: str) -> Case:
    """A document as a case: text that repeats the title starts after it (Cranfield's does)."""
    title, text = " ".join(title.split()), " ".join(text.split())
    if title and text.startswith(title):
        text = text[len(title):].lstrip()
    summary, body = first_sentence(text)
    return Case(id=case_id, title=title or summary, council=council, outcome="ongoing",
                summary=summary or title, body=body)


def first_sentence(text: str) -> tuple[str, str]:
    """(first sentence, the rest); a run-on without a full stop gives its first 40 words."""
    match = _SENTENCE.match(text)
    if match and len(match.group(1).split()) <= SUMMARY_MAX_WORDS:
        return match.group(1), match.group(2)
    words = text.split()
    return " ".join(words[:SUMMARY_MAX_WORDS]), " ".join(words[SUMMARY_MAX_WORDS:])


def write_cases(cases: list[Case], folder: Path) -> None:
    """Each case as `<id>.md` in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for case in cases:
        (folder / f"{case.id}.md").write_text(render(case_meta(case), case.body), "utf-8")


def _derived(folder: Path) -> tuple[list[tuple[str, str, str]], dict[str, str], Qrels]:
    """docs.jsonl, queries.tsv and qrels.trec of a `derived/` folder."""
    lines = (folder / "docs.jsonl").read_text("utf-8").splitlines()
    docs = [(d["id"], d.get("title", ""), d.get("text", "")) for d in map(json.loads, filter(None, lines))]
    queries = dict(line.split("\t", 1) for line in (folder / "queries.tsv").read_text("utf-8").splitlines() if line)
    return docs, queries, _qrels(folder / "qrels.trec")


def _npl(folder: Path) -> tuple[list[tuple[str, str, str]], dict[str, str], Qrels]:
    """NPL in TREC form: a document's title ends at its first double space."""
    text = (folder / "corpus" / "doc-text.trec").read_text("utf-8")
    docs = [(number.strip(), *_npl_title(body)) for number, body in _NPL_DOC.findall(text)]
    topics = (folder / "query-text.trec").read_text("utf-8")
    queries = {number.strip(): title.strip() for number, title in _NPL_QUERY.findall(topics)}
    return docs, queries, _qrels(folder / "qrels")


def _npl_title(body: str) -> tuple[str, str]:
    title, _, rest = body.strip().partition("  ")
    return title, rest


def _qrels(path: Path) -> Qrels:
    """`query 0 document grade` lines."""
    found: Qrels = {}
    for query, _, doc, grade in _fields(path):
        found.setdefault(query, {})[doc] = int(grade)
    return found


def _fields(path: Path) -> Iterator[list[str]]:
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if line.strip():
            parts = line.split()
            if len(parts) != 4:
                raise ValueError(f"{path}:{number}: expected 'query 0 document grade'")
            yield parts
