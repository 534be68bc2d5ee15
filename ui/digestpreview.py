"""The digest preview: the PDF's own pages drawn as images (the same layout as the export), in a
scrolling window, since a QTextBrowser cannot show the HTML's charts and print layout."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from ui import geometry


def show_pages(parent: QWidget, title: str, pages: Sequence[QImage]) -> QDialog:
    dialog = QDialog(parent)
    dialog.setObjectName("digestPreview")
    dialog.setWindowTitle(title)
    body = QWidget()
    column = QVBoxLayout(body)
    for n, image in enumerate(pages, 1):
        page = QLabel()
        page.setObjectName("previewPage")
        page.setPixmap(QPixmap.fromImage(image))
        page.setAccessibleName(f"Page {n} of {len(pages)}")
        page.setFrameShape(QLabel.Shape.Box)
        column.addWidget(page, alignment=Qt.AlignmentFlag.AlignHCenter)
    scroll = QScrollArea()
    scroll.setWidget(body)
    scroll.setAccessibleName(f"{title}: {len(pages)} pages")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(scroll)
    layout.addWidget(buttons)
    dialog.resize(geometry.first_size(dialog, QSize(860, 900)))
    dialog.show()
    return dialog
