"""The results list: a table model of search hits, its sort proxy, and a delegate that draws
highlighted snippets."""

from __future__ import annotations

import html
import re
from typing import Any

from PySide6 import QtGui
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from casebook.search import Hit
from ui.theme import muted_colour, outcome_colour

COL_TITLE, COL_OUTCOME, COL_COUNCIL, COL_DATE, COL_SOURCE, COL_SNIPPET = range(6)
HEADERS = ("Title", "Outcome", "Council", "Date", "Source", "Snippet")
HitRole = Qt.ItemDataRole.UserRole + 1
RankRole = Qt.ItemDataRole.UserRole + 2
HtmlRole = Qt.ItemDataRole.UserRole + 3
INCOMPLETE = "incomplete"
_TAG = re.compile(r"<[^>]+>")

Index = QModelIndex | QPersistentModelIndex


def plain(snippet: str) -> str:
    return html.unescape(_TAG.sub("", snippet))


class ResultsModel(QAbstractTableModel):
    """One row per hit, in rank order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def councils(self) -> list[str]:
        """The councils of the hits shown, A to Z (the editor offers them as it completes)."""
        return sorted({hit.council for hit in self._hits if hit.council})

    def hit(self, row: int) -> Hit:
        return self._hits[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 6:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit, col = self._hits[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(hit, col)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._text(hit, col) + (f" ({missing(hit)})" if col == COL_TITLE and missing(hit) else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            facts = " · ".join(filter(None, (hit.council, hit.outcome, hit.date)))
            # rich text, its markup escaped: Qt reads a tooltip as HTML when its first line looks like HTML,
            # and the title and problems come from the case file
            text = "\n".join(filter(None, (hit.title, facts, missing(hit))))
            return QtGui.Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_OUTCOME:
            return outcome_colour(hit.outcome)
        if role == HitRole:
            return hit
        if role == RankRole:
            return index.row()
        if role == HtmlRole and col == COL_TITLE:
            return f"<b>{html.escape(hit.title)}</b>{_badge(hit)}<br>{hit.snippet}"
        return None

    @staticmethod
    def _text(hit: Hit, col: int) -> str:
        values = (hit.title, hit.outcome.upper(), hit.council, hit.date, hit.source, plain(hit.snippet))
        return values[col]


def missing(hit: Hit) -> str:
    """For an incomplete case, what is wrong with it ("incomplete: required field 'council' is missing");
    else ""."""
    return f"{INCOMPLETE}: {'; '.join(hit.problems)}" if hit.status == INCOMPLETE else ""


def _badge(hit: Hit) -> str:
    """A muted "incomplete" after the title of an incomplete case (its tooltip says why)."""
    return f' <span class="badge">· <i>{INCOMPLETE}</i></span>' if hit.status == INCOMPLETE else ""


class ResultsProxy(QSortFilterProxyModel):
    """Sorts by a clicked column; unsorted, keeps the rank order of the search."""

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(Qt.ItemDataRole.DisplayRole), right.data(Qt.ItemDataRole.DisplayRole)
        if a == b:
            return left.data(RankRole) < right.data(RankRole)
        return str(a).lower() < str(b).lower()


class SnippetDelegate(QStyledItemDelegate):
    """Draws the title over the snippet (escaped text with <mark> around matches), wrapped."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        doc = self._document(index.data(HtmlRole) or "", option)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(option.rect.translated(-option.rect.topLeft()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        doc = self._document(index.data(HtmlRole) or "", option)
        return QSize(int(doc.idealWidth()), int(doc.size().height()))

    @staticmethod
    def _document(snippet: str, option: QStyleOptionViewItem) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # muted, yet readable on the highlight
        badge = option.palette.color(QPalette.ColorRole.HighlightedText).name() if selected else muted_colour()
        doc.setDefaultStyleSheet(f".badge {{ color: {badge}; }}")
        doc.setHtml(snippet.replace("<mark", "<b><mark").replace("</mark>", "</mark></b>"))
        doc.setTextWidth(max(option.rect.width(), 80))
        return doc
