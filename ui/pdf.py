"""Digests as PDF: A4, a contents list with page numbers, page numbers on every page, charts
drawn from their SVG. Uses Qt's text layout and PDF writer, so it also runs headless (offscreen),
which is how `casebook digest … --out FILE.pdf` works without a display."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from casebook.charts import bar_chart
from casebook.digest import FIGURE_TITLES, Digest, to_html

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QByteArray, QMarginsF, QRectF, QSizeF, QUrl
from PySide6.QtGui import QGuiApplication, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtSvg import QSvgRenderer

RESOLUTION = 96
FOOTER = 28
_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_CASE_HEADING = re.compile(r"<section class='case' id='case-(\d+)'><h2>")


def write_pdf(digest: Digest, out: Path) -> None:
    """Lay the digest out on A4 pages and write the PDF to `out`."""
    app = QGuiApplication.instance() or QGuiApplication([])
    writer = QPdfWriter(str(out))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    writer.setTitle(digest.spec.title)
    writer.setCreator("Casebook")
    area = writer.pageLayout().paintRectPixels(RESOLUTION)
    page = QSizeF(area.width(), area.height() - FOOTER)
    first = _document(digest, page, {})
    pages = _case_pages(first, page.height())
    _paint(_document(digest, page, pages), writer, page)
    del app


def _document(digest: Digest, page: QSizeF, pages: dict[int, int]) -> QTextDocument:
    """The digest's HTML made fit for Qt's renderer: charts as images, page numbers in contents."""
    doc = QTextDocument()
    doc.setPageSize(page)
    charts = {}
    for key, data in digest.figures().items():
        if data:
            name = f"chart-{key}.png"
            doc.addResource(QTextDocument.ResourceType.ImageResource.value, QUrl(name),
                            _image(bar_chart(f"chart-{key}", FIGURE_TITLES[key], data)))
            charts[key] = name
    text = to_html(digest)
    for name in charts.values():
        text = _SVG.sub(lambda _, n=name: f"<img src='{n}'>", text, count=1)
    text = text.replace("<section><h2>Executive summary</h2>",
                        "<section><h2 style='page-break-before:always'>Executive summary</h2>", 1)
    text = _CASE_HEADING.sub(lambda m: f"<section class='case' id='case-{m.group(1)}'>"
                             "<h2 style='page-break-before:always'>", text)
    for n, entry in enumerate(digest.entries, 1):
        label = html.escape(entry.case.title)
        number = f" — page {pages[n]}" if n in pages else " — page …"
        text = text.replace(f'<a href="#case-{n}">{label}</a>', f"{label}{number}", 1)
    doc.setHtml(text)
    return doc


def _image(svg: str) -> QImage:
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    size = renderer.defaultSize()
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def _case_pages(doc: QTextDocument, height: float) -> dict[int, int]:
    """The page (1-based) on which each case's heading lands."""
    layout = doc.documentLayout()
    found: dict[int, int] = {}
    block = doc.begin()
    number = 0
    while block.isValid():
        if block.blockFormat().pageBreakPolicy() and block.text().split(". ", 1)[0].isdigit():
            number = int(block.text().split(". ", 1)[0])
            found.setdefault(number, int(layout.blockBoundingRect(block).top() // height) + 1)
        block = block.next()
    return found


def _paint(doc: QTextDocument, writer: QPdfWriter, page: QSizeF) -> None:
    count = doc.pageCount()
    painter = QPainter(writer)
    for index in range(count):
        if index:
            writer.newPage()
        painter.save()
        painter.translate(0, -index * page.height())
        doc.drawContents(painter, QRectF(0, index * page.height(), page.width(), page.height()))
        painter.restore()
        painter.drawText(QRectF(0, page.height() + 6, page.width(), FOOTER - 6), 0x0084,
                         f"Page {index + 1} of {count}")
    painter.end()
