"""The Whoosh schema and how a case becomes an index document."""

from __future__ import annotations

from typing import Any

from whoosh.analysis import STOP_WORDS, IDAnalyzer, RegexTokenizer, StandardAnalyzer
from whoosh.columns import RefBytesColumn
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from casebook.analysis import name_analyzer, text_analyzer
from casebook.casefile import CaseFile

#: Bump when the schema or the document mapping changes: older indexes are rebuilt.
SCHEMA_VERSION = 10  # 5: UK/US spellings folded, joined words (e-mail) kept whole, tags stemmed
#                     6: status (complete/incomplete) searchable and a facet; the problems stored
#                     7: Snowball (Porter2) stems
#                     8: facet values also in a column (casebook.facets)
#                     9: template prompts are not lessons and make a case incomplete; invalid values no facet
#                     10: an acronym's plural indexed as the acronym (HMOs as HMO)

#: Facet name -> index field holding its exact values (comma separated).
FACET_FIELDS = {
    "outcome": "f_outcome", "council": "f_council", "theme": "f_theme",
    "service": "f_service", "year": "f_year", "source": "f_source", "status": "f_status",
}


#: Not indexed in council names: "council" is in nearly every name, so it told nothing apart and its
#: postings were 40 % of the work of searching for it at 10,000 cases (bench/RESULTS.md).
COUNCIL_STOP_WORDS = STOP_WORDS | {"council"}

#: Separates the values of a multi-valued facet in its document field (never typed by a person).
FACET_SEPARATOR = "\x1f"


def _facet() -> KEYWORD:
    """Exact values, case kept, commas allowed inside a value; searchable, and also kept as a
    column of each case's values as written in the field (one reference a case into the segment's
    distinct values), which casebook.facets reads in one piece."""
    field = KEYWORD(analyzer=RegexTokenizer(rf"[^{FACET_SEPARATOR}]+"), scorable=False)
    field.set_sortable(RefBytesColumn())
    return field


def build_schema() -> Schema:
    stem = text_analyzer()
    words = StandardAnalyzer(minsize=1)
    return Schema(
        uid=ID(unique=True, stored=True),
        id=ID(stored=True),
        source=ID(stored=True, analyzer=IDAnalyzer(lowercase=True)),
        path=STORED,
        status=ID(stored=True, analyzer=IDAnalyzer(lowercase=True)),
        problems=STORED,
        title=TEXT(analyzer=stem, field_boost=3.0, stored=True),
        summary=TEXT(analyzer=stem, field_boost=2.0, stored=True),
        body=TEXT(analyzer=stem, chars=True, stored=True),
        lessons=TEXT(analyzer=stem),
        council=TEXT(analyzer=name_analyzer(COUNCIL_STOP_WORDS), stored=True),
        theme=TEXT(analyzer=words),
        service=TEXT(analyzer=words),
        tag=TEXT(analyzer=stem),
        outcome=ID(stored=True, analyzer=IDAnalyzer(lowercase=True)),
        sharing=ID(stored=True, analyzer=IDAnalyzer(lowercase=True)),
        year=NUMERIC(int, bits=16, signed=False),
        date=ID(stored=True, sortable=True),
        title_sort=ID(sortable=True),
        **{field: _facet() for field in FACET_FIELDS.values()},
    )


def _values(values: tuple[str, ...] | list[str]) -> str:
    return FACET_SEPARATOR.join(v.replace(FACET_SEPARATOR, " ") for v in values if v)


def completeness(cf: CaseFile) -> str:
    """The case's value of the `status` facet and of `status:` in a query: `incomplete` when it was
    read with problems (no council, an unknown outcome…), else `complete`."""
    return "incomplete" if cf.status == "incomplete" else "complete"


def document(cf: CaseFile) -> dict[str, Any]:
    """The index document for a readable case file."""
    case = cf.case
    assert case is not None
    doc: dict[str, Any] = {
        "uid": cf.uid, "id": case.id, "source": cf.source, "path": str(cf.path),
        "status": completeness(cf), "problems": [p.message for p in cf.problems],
        "title": case.title, "summary": case.summary, "body": case.body, "lessons": case.lessons,
        "council": case.council, "theme": ", ".join(case.themes), "service": ", ".join(case.service_area),
        "tag": ", ".join(case.tags), "outcome": case.outcome, "sharing": case.sharing,
        "date": case.date, "title_sort": case.title.lower(),
        "f_outcome": case.known_outcome, "f_council": _values([case.council]), "f_theme": _values(case.known_themes),
        "f_service": _values(case.service_area), "f_year": str(case.year or ""), "f_source": cf.source,
        "f_status": completeness(cf),
    }
    if case.year:
        doc["year"] = case.year
    return doc
