"""Small, accessible SVG charts for digests: text labels and values on every bar, a title read by
screen readers, and a data table beside each chart (never colour alone)."""

from __future__ import annotations

import html
from collections.abc import Mapping

BAR_HEIGHT = 22
LABEL_WIDTH = 300
CHART_WIDTH = 640
MAX_LABEL = 40
COLOURS = {"success": "#1b6e20", "failure": "#b3261e", "mixed": "#8a5a00", "ongoing": "#1f4f99"}
DEFAULT_COLOUR = "#3d5a80"


def bar_chart(chart_id: str, title: str, data: Mapping[str, int]) -> str:
    """A horizontal bar chart as inline SVG, one labelled bar per item, in the given order."""
    items = list(data.items())
    top = max((v for _, v in items), default=0) or 1
    height = BAR_HEIGHT * len(items) + 34
    span = CHART_WIDTH - LABEL_WIDTH - 60
    rows = []
    for i, (label, value) in enumerate(items):
        y = 28 + i * BAR_HEIGHT
        width = max(1, round(span * value / top))
        colour = COLOURS.get(label, DEFAULT_COLOUR)
        text = html.escape(label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1] + "…")
        rows.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="13">{text}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width}" height="{BAR_HEIGHT - 6}" fill="{colour}">'
            f"<title>{html.escape(label)}: {value}</title></rect>"
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 15}" font-size="13">{value}</text>')
    safe_title = html.escape(title)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart_id}" role="img" aria-labelledby="{chart_id}-t" '
            f'width="{CHART_WIDTH}" height="{height}" viewBox="0 0 {CHART_WIDTH} {height}" '
            f'font-family="sans-serif"><title id="{chart_id}-t">{safe_title}</title>'
            f'<text x="0" y="16" font-size="15" font-weight="bold">{safe_title}</text>{"".join(rows)}</svg>')


def data_table(title: str, data: Mapping[str, int], heading: str) -> str:
    """The same figures as an HTML table."""
    body = "".join(f"<tr><td>{html.escape(k)}</td><td class='n'>{v}</td></tr>" for k, v in data.items())
    return (f"<table class='figures'><caption>{html.escape(title)}</caption>"
            f"<thead><tr><th scope='col'>{html.escape(heading)}</th><th scope='col'>Cases</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")
