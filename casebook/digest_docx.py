"""A digest as a Word document (python-docx): the brief of the HTML with Word's own Title and
Heading styles, so the navigation pane and an accessibility check see its structure; the title and
handling marking in the header of every page, "Page x of y" in the footer, charts as images with
alt text. The charts come in as PNG bytes from the caller (the app draws them with Qt), as the
core draws nothing; without them each chart's figures are a table."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from casebook import briefing
from casebook.model import filled_section

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.text.paragraph import Paragraph

    from casebook.digest import Digest, Entry

_LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s+(.*)")
A4 = (Cm(21), Cm(29.7))
#: Style ids of python-docx's default template. Setting the id directly skips python-docx's lookup
#: by name, which scans every style per paragraph and made a 200-case document take 9 s.
STYLE_IDS = {"Title": "Title", "Heading 1": "Heading1", "Heading 2": "Heading2", "List Bullet": "ListBullet",
             "List Number": "ListNumber"}


def write_docx(d: Digest, out: Path, charts: Mapping[str, bytes] | None = None) -> None:
    """Write the digest to `out` as .docx; `charts` maps a chart's key to its PNG."""
    doc = Document()
    _page_setup(doc, d)
    _cover(doc, d)
    _heading(doc, "Contents", new_page=True)
    for anchor, text in briefing.contents(d):
        item = doc.add_paragraph(text)
        item.paragraph_format.space_after = Pt(0)
        if anchor.startswith("case-"):
            item.paragraph_format.left_indent = Cm(0.8)
    _heading(doc, "Executive summary", new_page=True)
    for text in briefing.summary(d):
        doc.add_paragraph(text)
    _lessons(doc, d)
    _heading(doc, "Since the last digest")
    for text in briefing.since_last(d):
        doc.add_paragraph(text)
    _figures(doc, d, charts or {})
    _heading(doc, "The cases")
    for n, e in enumerate(d.entries, 1):
        _case(doc, n, e)
    _method(doc, d)
    doc.core_properties.title = d.spec.title
    doc.core_properties.author = d.spec.prepared_by or "Casebook"
    doc.save(str(out))


def _page_setup(doc: WordDocument, d: Digest) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = A4
    sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Cm(2)
    doc.styles["Normal"].font.size = Pt(10.5)
    header = sec.header.paragraphs[0]
    header.text = f"{d.spec.title}\t\t"
    header.add_run(d.spec.marking).bold = True
    footer = sec.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay the page out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _para(doc: WordDocument, text: str = "", style: str = "") -> Paragraph:
    """A paragraph in one of STYLE_IDS's styles (or Normal)."""
    paragraph = doc.add_paragraph(text)
    if style:
        paragraph._p.style = STYLE_IDS[style]
    return paragraph


def _heading(doc: WordDocument, text: str, level: int = 1, new_page: bool = False) -> None:
    if new_page:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _para(doc, text, f"Heading {level}" if level else "Title")


def _cover(doc: WordDocument, d: Digest) -> None:
    doc.add_paragraph("Casebook digest")
    _heading(doc, d.spec.title, 0)
    table = doc.add_table(rows=0, cols=2)
    for label, value in briefing.cover(d):
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].text = value
    table.autofit = False
    for column, width in zip(table.columns, (Cm(4), Cm(13)), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width  # Word reads the cells' widths, LibreOffice the grid's


def _lessons(doc: WordDocument, d: Digest) -> None:
    if not d.themes:
        return
    _heading(doc, "Recurring lessons")
    for theme in briefing.lessons_listed(d):
        item = _para(doc, style="List Number")
        item.add_run(theme.wording).bold = True
        cited = "; ".join(f"{c.council} ({c.title}, no. {d.number(c.id)})" for c in theme.cases)
        item.add_run(f"\n{briefing.count(len(theme.cases), 'case')}: {cited}")


def _figures(doc: WordDocument, d: Digest, charts: Mapping[str, bytes]) -> None:
    if not d.charts():
        return
    _heading(doc, "The cases in figures")
    for key, data in d.charts().items():
        title = briefing.CHART_TITLES[key]
        if key in charts:
            picture = doc.add_paragraph().add_run().add_picture(io.BytesIO(charts[key]), width=Cm(16))
            picture._inline.docPr.set("title", title)
            picture._inline.docPr.set("descr", f"{title}: " + ", ".join(f"{k} {v}" for k, v in data.items()))
            continue
        _heading(doc, title, 2)
        _table(doc, [(key.capitalize(), "Cases"), *[(k, str(v)) for k, v in data.items()]])


def _case(doc: WordDocument, n: int, e: Entry) -> None:
    c = e.case
    _heading(doc, f"{n}. {c.title}", 2)
    if e.internal:
        doc.add_paragraph().add_run("INTERNAL — do not share outside the council").bold = True
    doc.add_paragraph().add_run(" · ".join(briefing.entry_meta(e))).bold = True
    doc.add_paragraph(c.summary)
    doc.add_paragraph().add_run("Lessons").bold = True
    _markdown(doc, c.lessons or briefing.NO_LESSONS)
    advice = filled_section(c.body, "advice")
    if advice:
        doc.add_paragraph().add_run("Advice").bold = True
        _markdown(doc, advice)
    sources = f"Sources: {'; '.join(c.sources)}. " if c.sources else ""
    doc.add_paragraph().add_run(f"{sources}Case record: no. {n} in the table of case versions.").font.size = Pt(9)


def _markdown(doc: WordDocument, text: str) -> None:
    """A case's Markdown as Word paragraphs: list items as list paragraphs, the rest as text."""
    for block in re.split(r"\n\s*\n", text.strip()):
        for line in block.splitlines() if _LIST_ITEM.match(block) else [" ".join(block.split())]:
            item = _LIST_ITEM.match(line)
            if item:
                _para(doc, item.group(2), "List Bullet" if item.group(1) in "-*+" else "List Number")
            elif line.strip():
                doc.add_paragraph(line.strip())


def _method(doc: WordDocument, d: Digest) -> None:
    _heading(doc, "How this digest was made")
    for text in briefing.method(d):
        doc.add_paragraph(text)
    _heading(doc, "Case versions", 2)
    _table(doc, [("No.", "Case", "Source", "Case id", "Version"), *briefing.version_rows(d)], size=Pt(8))


def _table(doc: WordDocument, rows: list[tuple[str, ...]], size: Pt | None = None) -> None:
    """A table with a repeated header row (marked as such for screen readers)."""
    table = doc.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            run = cell.paragraphs[0].add_run(text)
            run.bold = i == 0
            if size:
                run.font.size = size
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))

