"""Digests as PDF: A4, a running header with the title and handling marking, "Page x of y" in the
footer, contents with page numbers, charts drawn from their SVG. Uses Qt's text layout and PDF
writer, so it also runs headless (offscreen), which is how `casebook digest … --out FILE.pdf`
works without a display. The same pages can be painted onto images for the app's preview."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtSvg import QSvgRenderer

from casebook.briefing import CHART_TITLES
from casebook.charts import bar_chart
from casebook.digest import Digest
from casebook.digest_html import chart_file, to_html
from casebook.errors import CasebookError

RESOLUTION = 96
HEADER = 30
FOOTER = 28
MARGIN_MM = 16


def page_layout() -> QPageLayout:
    """A4 portrait with the digest's margins."""
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       QMarginsF(*[MARGIN_MM] * 4), QPageLayout.Unit.Millimeter)


def text_area() -> QSizeF:
    """The size of the text on a page: inside the margins, less header and footer (pixels)."""
    area = page_layout().paintRectPixels(RESOLUTION)
    return QSizeF(area.width(), area.height() - HEADER - FOOTER)


def gui_app() -> QGuiApplication:
    """The running Qt application, else one for the command line: offscreen when there is no display.
    Chosen here, when it is needed, so that importing this module changes nothing."""
    app = QGuiApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([])
    return app


def write_pdf(digest: Digest, out: Path) -> None:
    """Lay the digest out on A4 pages and write the PDF to `out`."""
    app = gui_app()
    writer = QPdfWriter(str(out))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(page_layout())
    writer.setTitle(digest.spec.title)
    writer.setCreator("Casebook")
    doc = layout(digest, text_area())
    painter = QPainter()
    if not painter.begin(writer):
        raise CasebookError(f"cannot write {out}: Qt's PDF writer could not open the file")
    for index in range(doc.pageCount()):
        if index:
            writer.newPage()
        paint_page(painter, doc, index, digest)
    painter.end()
    del app


def page_images(digest: Digest, width: int = 794) -> list[QImage]:
    """The PDF's pages as white A4 images `width` pixels wide (the app's preview)."""
    full = page_layout().fullRectPixels(RESOLUTION)
    margin = page_layout().paintRectPixels(RESOLUTION).topLeft()
    scale = width / full.width()
    doc = layout(digest, text_area())
    images = []
    for index in range(doc.pageCount()):
        image = QImage(width, round(full.height() * scale), QImage.Format.Format_RGB32)
        image.fill(0xFFFFFFFF)
        painter = QPainter(image)
        painter.scale(scale, scale)
        painter.translate(margin)
        paint_page(painter, doc, index, digest)
        painter.end()
        images.append(image)
    return images


def layout(digest: Digest, page: QSizeF) -> QTextDocument:
    """The digest laid out on pages of `page` size, contents numbered from a first layout."""
    first = _document(digest, page, {})
    return _document(digest, page, heading_pages(first))


def _document(digest: Digest, page: QSizeF, pages: dict[str, int]) -> QTextDocument:
    doc = QTextDocument()
    doc.setDefaultFont(QFont("DejaVu Serif", 10))
    doc.setPageSize(page)
    for key, data in digest.charts().items():
        doc.addResource(QTextDocument.ResourceType.ImageResource.value, QUrl(chart_file(key)),
                        chart_image(bar_chart(f"chart-{key}", CHART_TITLES[key], data)))
    doc.setHtml(to_html(digest, pages))
    return doc


def chart_image(svg: str, scale: float = 1.0) -> QImage:
    """An SVG chart drawn on white, `scale` times its own size."""
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    size = renderer.defaultSize() * scale
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def heading_pages(doc: QTextDocument) -> dict[str, int]:
    """The page (1-based) on which each heading lands, by its text."""
    height = doc.pageSize().height()
    found: dict[str, int] = {}
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel():
            top = doc.documentLayout().blockBoundingRect(block).top()
            found.setdefault(block.text(), int(top // height) + 1)
        block = block.next()
    return found


def paint_page(painter: QPainter, doc: QTextDocument, index: int, digest: Digest) -> None:
    """Page `index`: header (title, marking), the text, footer (page x of y)."""
    page = doc.pageSize()
    painter.save()
    painter.setFont(QFont("DejaVu Sans", 8))
    header = QRectF(0, 0, page.width(), HEADER - 10)
    painter.drawText(header, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, digest.spec.title)
    bold = QFont("DejaVu Sans", 9, QFont.Weight.Bold)
    painter.setFont(bold)
    painter.drawText(header, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, digest.spec.marking)
    painter.drawLine(0, HEADER - 8, round(page.width()), HEADER - 8)
    painter.setFont(QFont("DejaVu Sans", 8))
    painter.drawText(QRectF(0, HEADER + page.height() + 6, page.width(), FOOTER - 6),
                     Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                     f"Page {index + 1} of {doc.pageCount()}")
    painter.translate(0, HEADER - index * page.height())
    doc.drawContents(painter, QRectF(0, index * page.height(), page.width(), page.height()))
    painter.restore()
