"""The case view: sanitised HTML in a QTextBrowser that loads nothing from outside the case's
own folder and opens web links only when clicked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from casebook.render import local_image_path
from ui import interaction

MAX_IMAGE_BYTES = 5 * 1024 * 1024


class CaseView(QTextBrowser):
    """Shows one case. `caseLinkActivated(id)` for links to other cases."""

    caseLinkActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseView")
        self.setAccessibleName("Case")
        self.setAccessibleDescription("The selected case. Tab moves through its links; Enter follows one.")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._clicked)
        self._folder: Path | None = None

    def show_html(self, page: str, folder: Path | None) -> None:
        """Show a page whose relative images may come from `folder` (and nowhere else)."""
        self._folder = folder.resolve() if folder else None
        self.setHtml(page)

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        if kind != QTextDocument.ResourceType.ImageResource.value:
            return None
        path = self._local_image(QUrl(url) if isinstance(url, str) else url)
        return QImage(str(path)) if path else QImage()

    def _local_image(self, url: QUrl) -> Path | None:
        relative = local_image_path(url.path())
        if self._folder is None or url.scheme() or url.host() or relative is None:
            return None
        candidate = self._folder / relative
        try:
            resolved = candidate.resolve(strict=True)
        except OSError:
            return None
        inside = resolved.is_relative_to(self._folder) and not candidate.is_symlink()
        if inside and resolved.is_file() and resolved.stat().st_size <= MAX_IMAGE_BYTES:
            return resolved
        return None

    def _clicked(self, url: QUrl) -> None:
        if url.scheme() == "case":
            self.caseLinkActivated.emit(url.path())
        elif url.scheme() in ("http", "https", "mailto"):
            interaction.open_url(url)
