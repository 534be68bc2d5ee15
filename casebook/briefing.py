"""The words of a digest, written from its cases: the cover, the executive summary, what changed
since the last run, the method. Plain text, shared by every format (Markdown, HTML, PDF, Word),
which only add their own markup."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from casebook.lessons import Theme
from casebook.model import Case
from casebook.money import Total, pounds, total
from casebook.sources import EXAMPLES, LIBRARY

if TYPE_CHECKING:
    from casebook.digest import Digest, DigestSpec, Entry

PLURALS = {"failure": ("failure", "failures"), "success": ("success", "successes"),
           "mixed": ("mixed result", "mixed results"), "ongoing": ("still ongoing", "still ongoing")}
ORDER_WORDS = {"outcome": "failures first, newest first within each outcome", "date": "newest first",
               "council": "by council", "relevance": "in the order chosen"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
#: Recurring lessons a digest states; the summary says how many more recur.
MOST_LESSONS = 8
#: Said of a case with no lessons to quote: no Lessons section, or one holding only the template's prompt.
NO_LESSONS = "No lessons are written in this case yet."
CHART_TITLES = {"outcome": "Cases by outcome", "theme": "Cases by theme", "year": "Cases by year"}


def count(n: int, one: str, many: str = "") -> str:
    """'1 case', '3 cases'."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def listed(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def selection_words(spec: DigestSpec) -> str:
    """The selection in words: 'failure cases matching “chatbot”, dated 2018 to 2021'."""
    parts = []
    if spec.ids:
        parts.append(f"{count(len(spec.ids), 'case')} chosen by hand")
    if spec.bookmarks:
        parts.append("the bookmarked cases")
    if spec.query or spec.filters or not parts:
        kinds = listed(list(spec.outcomes)) + " cases" if spec.outcomes else "all cases"
        parts.append(kinds + (f" matching “{spec.query}”" if spec.query else ""))
    text = " plus ".join(parts)
    for facet, values in spec.filters:
        text += f", {facet} {' or '.join(values)}"
    if spec.since or spec.until:
        text += f", dated {_span(spec.since, spec.until)}"
    if spec.shareable:
        text += ", leaving out internal cases"
    return text


def _span(since: str, until: str) -> str:
    if since and until:
        return f"{since} to {until}"
    return f"from {since} on" if since else f"up to {until}"


def month(date: str) -> str:
    """'2023-10' → 'October 2023'; a bare year stays as it is."""
    return f"{MONTHS[int(date[5:7]) - 1]} {date[:4]}" if len(date) >= 7 else date


def period(d: Digest) -> str:
    dates = sorted(e.case.date for e in d.entries if e.case.date)
    if not dates:
        return "not dated"
    first, last = month(dates[0]), month(dates[-1])
    return first if first == last else f"{first} to {last}"


def source_label(source: str) -> str:
    if source == EXAMPLES:
        return "Casebook's bundled examples"
    if source == LIBRARY:
        return "this council's own library"
    return f"the network “{source}”"


def contents(d: Digest) -> list[tuple[str, str]]:
    """The contents, (anchor, heading text), in order; the text is each heading exactly."""
    found = [("summary", "Executive summary")]
    if d.themes:
        found.append(("lessons", "Recurring lessons"))
    found.append(("since", "Since the last digest"))
    if d.charts():
        found.append(("figures", "The cases in figures"))
    found.append(("cases", "The cases"))
    found += [(f"case-{n}", f"{n}. {e.case.title}") for n, e in enumerate(d.entries, 1)]
    return [*found, ("method", "How this digest was made")]


def cover(d: Digest) -> list[tuple[str, str]]:
    """The cover's fields, label and value, in order."""
    spec = d.spec
    fields = [("Question", spec.question or "—"), ("Selection", selection_words(spec) + f", {ORDER_WORDS[spec.order]}"),
              ("Period covered", period(d)), ("Prepared for", spec.prepared_for or "—"),
              ("Prepared by", spec.prepared_by or "—"), ("Date", d.created[:10]), ("Handling", spec.marking)]
    return fields


def outcomes_words(d: Digest) -> str:
    found = d.figures()["outcome"]
    if len(found) == 1:
        (outcome, n), = found.items()
        return f"all {PLURALS[outcome][1]}" if n > 1 else PLURALS[outcome][0]
    return listed([f"{n} {PLURALS[o][0] if n == 1 else PLURALS[o][1]}" for o, n in found.items()])


def summary(d: Digest) -> list[str]:
    """The executive summary's paragraphs."""
    cases = [e.case for e in d.entries]
    councils = len({c.council for c in cases})
    paragraphs = [f"This digest brings together {count(len(cases), 'case')} from {count(councils, 'council')}: "
                  f"{outcomes_words(d)}. The cases date from {period(d)}.",
                  money_words(cases)]
    if d.themes:
        paragraphs.append(lessons_words(d))
    internal = sum(e.internal for e in d.entries)
    if internal:
        paragraphs.append(f"{count(internal, 'case is', 'cases are')} INTERNAL and must not be shared "
                          "outside the council.")
    return paragraphs


def lessons_listed(d: Digest) -> list[Theme]:
    """The recurring lessons a digest states: the MOST_LESSONS most widely taught."""
    return d.themes[:MOST_LESSONS]


def lessons_words(d: Digest) -> str:
    """How many lessons recur and how widely, naming the most widely taught when one stands out."""
    counts = [len(t.cases) for t in d.themes]
    if counts[0] != counts[-1]:
        spread = f"taught by {counts[-1]} to {counts[0]}"
    else:
        spread = f"{'each ' if len(counts) > 1 else ''}taught by {counts[0]}"
    listed_now = ("listed next" if len(counts) <= MOST_LESSONS
                  else f"the {MOST_LESSONS} most widely taught are listed next")
    text = f"{count(len(counts), 'lesson recurs', 'lessons recur')} across the cases, {spread} of them ({listed_now})."
    if len(counts) > 1 and counts[0] > counts[1]:
        text += f" The most widely taught, by {counts[0]}: “{d.themes[0].wording}”"
    return text


def money_words(cases: Sequence[Case]) -> str:
    """Reported costs and savings in words: totals where cases give a sum, the rest counted."""
    costs, savings = total([c.cost for c in cases]), total([c.savings for c in cases])
    if not (costs.reported or savings.reported):
        return "No case reports a sum for its cost or savings."
    return f"{_money('a cost', costs)} {_money('savings', savings)}"


def _money(what: str, found: Total) -> str:
    if not found.reported:
        return f"No case reports {what}."
    return (f"{count(found.reported, 'case reports', 'cases report')} {what}, together about "
            f"{pounds(found.amount)} (the largest sum each names); "
            f"{found.not_reported} {'does' if found.not_reported == 1 else 'do'} not report one.")


def since_last(d: Digest) -> list[str]:
    if not d.last:
        return ["This is the first digest of this title."]
    if not (d.new or d.changed):
        return [f"No case is new or changed since the last digest of this title ({d.last})."]
    titles = {e.case.id: e.case.title for e in d.entries}
    new = listed([titles[i] for i in d.new]) or "none"
    changed = listed([titles[i] for i in d.changed]) or "none"
    return [f"Since the last digest of this title ({d.last}): {count(len(d.new), 'new case')} ({new}) and "
            f"{count(len(d.changed), 'changed case')} ({changed})."]


def citation(cases: Sequence[Case]) -> str:
    """'2 cases: Gloucester City Council (Cyber attack …); …' as plain text."""
    return f"{count(len(cases), 'case')}: " + "; ".join(f"{c.council} ({c.title})" for c in cases)


def method(d: Digest) -> list[str]:
    """How the digest was made, for a reader who was not there."""
    sources = Counter(e.cf.source for e in d.entries)
    where = listed([f"{source_label(s)} ({count(n, 'case')})" for s, n in sources.items()])
    lines = [f"Casebook searched its offline index for {selection_words(d.spec)}; the cases came from {where}.",
             "Recurring lessons are found by comparing the wording of every lesson bullet: bullets that share "
             "enough uncommon words (after reducing words to their stem and dropping common ones) are "
             "grouped, and each group is stated once in the wording of its most typical bullet. A lesson "
             "counts as recurring when at least two cases teach it.",
             "Costs and savings are the largest sum in pounds each case's cost or savings field names; a "
             "case naming no sum is counted as not reported, never estimated."]
    missing = [e.case.title for e in d.without_lessons()]
    if missing:
        lines.append(f"{count(len(missing), 'case has', 'cases have')} no lessons written yet: {listed(missing)}.")
    return lines


def version_rows(d: Digest) -> list[tuple[str, ...]]:
    """The footnote table of case versions: number, title and council, source, id, version."""
    return [(str(n), f"{e.case.title}, {e.case.council}", source_label(e.cf.source), e.case.id,
             e.cf.sha1[:10] + (f" (commit {e.commit[:10]})" if e.commit else ""))
            for n, e in enumerate(d.entries, 1)]


def entry_meta(e: Entry) -> list[str]:
    """The facts line of a case entry: outcome, council, date, cost, savings, contact."""
    c = e.case
    return [x for x in (c.outcome.upper(), c.council, month(c.date) if c.date else "",
                        f"Cost: {c.cost}" if c.cost else "", f"Savings: {c.savings}" if c.savings else "",
                        f"Contact: {c.contact}" if c.contact else "") if x]
