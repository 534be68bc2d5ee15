"""A digest as Markdown: the same brief as the HTML, figures as tables (no charts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from casebook import briefing
from casebook.model import filled_section

if TYPE_CHECKING:
    from casebook.digest import Digest, Entry


def to_markdown(d: Digest) -> str:
    spec = d.spec
    lines = [f"**{spec.marking}**", "", f"# {spec.title}", "",
             *[f"- **{label}:** {value}" for label, value in briefing.cover(d)], "", "## Contents", "",
             *[f"{'  ' if anchor.startswith('case-') else ''}- {text}" for anchor, text in briefing.contents(d)], "",
             "## Executive summary", "", *_paragraphs(briefing.summary(d)), *_lessons(d),
             "## Since the last digest", "", *_paragraphs(briefing.since_last(d)), *_figures(d),
             "## The cases", ""]
    for n, e in enumerate(d.entries, 1):
        lines += _case(n, e)
    lines += ["## How this digest was made", "", *_paragraphs(briefing.method(d)), "### Case versions", "",
              "| No. | Case | Source | Case id | Version |", "|---:|---|---|---|---|",
              *["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in briefing.version_rows(d)],
              "", f"**{spec.marking}**"]
    return "\n".join(lines) + "\n"


def _paragraphs(texts: list[str]) -> list[str]:
    return [line for text in texts for line in (text, "")]


def _lessons(d: Digest) -> list[str]:
    if not d.themes:
        return []
    listed = briefing.lessons_listed(d)
    return ["## Recurring lessons", "",
            *[f"{n}. {t.wording} — {briefing.citation(t.cases)}" for n, t in enumerate(listed, 1)], ""]


def _figures(d: Digest) -> list[str]:
    charts = d.charts()
    if not charts:
        return []
    lines = ["## The cases in figures", ""]
    for key, data in charts.items():
        lines += [f"### {briefing.CHART_TITLES[key]}", "", f"| {key.capitalize()} | Cases |", "|---|---:|",
                  *[f"| {k} | {v} |" for k, v in data.items()], ""]
    return lines


def _case(n: int, e: Entry) -> list[str]:
    c = e.case
    mark = " — INTERNAL: do not share" if e.internal else ""
    lines = [f"### {n}. {c.title}{mark}", "", "**" + " · ".join(briefing.entry_meta(e)) + "**", "", c.summary, "",
             "**Lessons**", "", c.lessons or f"*{briefing.NO_LESSONS}*", ""]
    advice = filled_section(c.body, "advice")
    if advice:
        lines += ["**Advice**", "", advice, ""]
    if c.sources:
        lines += ["*Sources: " + "; ".join(c.sources) + "*", ""]
    return [*lines, f"*Case record: no. {n} in the table of case versions.*", ""]
