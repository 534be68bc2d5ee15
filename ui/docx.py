"""Digests as Word documents: the core writes the document (casebook/digest_docx.py); this
exporter, registered as the `docx` entry point, draws its charts as PNG images with Qt first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice

from casebook.briefing import CHART_TITLES
from casebook.charts import bar_chart
from casebook.digest import Digest
from casebook.digest_docx import write_docx as write_word
from ui.pdf import chart_image, gui_app

#: Charts are drawn at twice their size so they stay sharp when Word scales them to the page.
SCALE = 2.0


def write_docx(digest: Digest, out: Path) -> None:
    app = gui_app()
    charts = {key: _png(bar_chart(f"chart-{key}", CHART_TITLES[key], data))
              for key, data in digest.charts().items()}
    write_word(digest, out, charts)
    del app


def _png(svg: str) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    chart_image(svg, SCALE).save(buffer, "PNG")
    return bytes(data.data())
