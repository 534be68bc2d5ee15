"""Search as you type: the search bar, the result list and the facet filters, with the newest
request winning (`Tasks.query(key="search")`)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
)

from casebook.errors import IndexNotReadyError
from casebook.search import SORTS, Hit, SearchResult
from operations import searching, state
from operations.changes import Changes
from ui import dialogs, interaction
from ui.facets import FacetPanel
from ui.results import (
    COL_COUNCIL,
    COL_DATE,
    COL_OUTCOME,
    COL_SNIPPET,
    COL_SOURCE,
    COL_TITLE,
    HitRole,
    ResultsModel,
    ResultsProxy,
    SnippetDelegate,
)
from ui.tasks import Controller
from ui.widgets import button

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow

DEBOUNCE_MS = 150


class SearchController(Controller):
    """Owns the search bar, results and facets; runs a search when any of them changes."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.search_id = self.shown_id = 0
        self.limit = searching.PAGE
        self.waiting_for_index = False
        self._build()
        self.debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS, timeout=self.run)
        self.tasks.changed.connect(self._changed)

    def _build(self) -> None:
        box = self.box = QLineEdit()
        box.setObjectName("searchBox")
        box.setAccessibleName("Search cases")
        box.setAccessibleDescription("Type words or a query such as outcome:failure year:2018..2021; "
                                     "results appear as you type. Down arrow moves to the results.")
        box.setPlaceholderText("Search cases — e.g. chatbot, \"council tax\", outcome:failure")
        box.setClearButtonEnabled(True)
        box.textChanged.connect(lambda _: self.debounce.start())
        box.returnPressed.connect(self.run)
        box.installEventFilter(self)
        self.sort = QComboBox()
        self.sort.setObjectName("sortBox")
        self.sort.addItems([s.capitalize() for s in SORTS])
        self.sort.setAccessibleName("Sort results by")
        self.sort.currentIndexChanged.connect(lambda _: self.run())
        self.top = QHBoxLayout()
        for widget in (box, self.sort, button("Save search…", self.save_search, "Save this query and its filters"),
                       button("Query syntax", lambda: dialogs.show_query_help(self.window),
                              "Show the query syntax (F1)")):
            self.top.addWidget(widget, 1 if widget is box else 0)
        self.count = _label("resultCount", "Result count")
        self.suggestion = _label("suggestion", "Did you mean")
        self.suggestion.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByKeyboard
                                                | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.suggestion.linkActivated.connect(self._suggestion_clicked)
        self.as_typed = False  # "search instead for" what was typed: no correction until it is edited
        box.textChanged.connect(lambda _: setattr(self, "as_typed", False))
        self.notice = _label("notice", "")
        self.notice.setWordWrap(True)
        self.info = QHBoxLayout()
        for widget in (self.count, self.suggestion, self.notice):
            self.info.addWidget(widget, 1 if widget is self.notice else 0)
        self.model = ResultsModel(self)
        self.proxy = ResultsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.results = _results_view(self.proxy, self.window.fontMetrics().height())
        self.results.installEventFilter(self)
        self.facets = FacetPanel()
        self.facets.filtersChanged.connect(lambda _: self.run())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the search box moves to the first result; the window's shortcuts (Ctrl+E, Ctrl+D, …)
        reach the window even where the box has a key binding of its own for them."""
        if watched is self.box and event.type() == QEvent.Type.ShortcutOverride and self._window_shortcut(event):
            return True
        if (watched is self.box and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down and self.proxy.rowCount()):
            self.results.setFocus()
            self.results.selectRow(0)
            return True
        if watched is self.results and event.type() == QEvent.Type.FocusIn:
            self._mark_current_row()
        return super().eventFilter(watched, event)

    def _mark_current_row(self) -> None:
        """Entering the results selects the current row (the first, if none), so it shows where focus is."""
        current, chosen = self.results.currentIndex(), self.results.selectionModel()
        if not chosen.hasSelection() and self.proxy.rowCount():  # not selectRow, which Shift (of Shift+Tab) extends
            row = self.proxy.index(current.row() if current.isValid() else 0, 0)
            chosen.setCurrentIndex(row, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                   | QItemSelectionModel.SelectionFlag.Rows)

    def _window_shortcut(self, event: QKeyEvent) -> bool:
        """Whether a key is one of the window's own shortcuts and not one the box edits text with."""
        pressed = QKeySequence(event.keyCombination())
        editing = (QKeySequence.StandardKey.Copy, QKeySequence.StandardKey.Cut, QKeySequence.StandardKey.Paste,
                   QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo, QKeySequence.StandardKey.SelectAll)
        if any(event.matches(key) for key in editing):
            return False
        return any(pressed in action.shortcuts() for action in self.window.findChildren(QAction))

    def selected_hits(self) -> list[Hit]:
        """The hits of the rows selected in the results, top to bottom as shown."""
        rows = sorted(self.results.selectionModel().selectedRows(), key=lambda index: index.row())
        return [index.data(HitRole) for index in rows]

    def focus(self) -> None:
        self.box.setFocus()
        self.box.selectAll()

    def run(self, keep_limit: bool = False) -> None:
        self.debounce.stop()
        if not keep_limit:
            self.limit = searching.PAGE
        self.search_id += 1
        rid, query, limit = self.search_id, self.box.text(), self.limit
        sort, filters, correct = SORTS[self.sort.currentIndex()], self.facets.filters(), not self.as_typed
        self.tasks.query(lambda lib: searching.search(lib, query, sort, filters, limit, correct),
                         lambda r: self._show(rid, r), key="search", on_error=self._failed)

    def _suggestion_clicked(self, link: str) -> None:
        """"search instead for" reruns the text as typed; a "did you mean" link replaces the text."""
        if link == AS_TYPED_LINK:
            self.as_typed = True
            self.run()
        else:
            self.box.setText(link)

    def more(self) -> None:
        self.limit += searching.PAGE
        self.run(keep_limit=True)

    def settled(self) -> bool:
        return not self.debounce.isActive() and self.shown_id == self.search_id

    def _show(self, rid: int, result: SearchResult) -> None:
        self.shown_id = rid
        self.waiting_for_index = False
        chosen = self.window.reading.current_id()
        self.model.set_hits(result.hits)
        self.facets.set_counts(result.facets)
        shown = f" (showing {len(result.hits)}; Ctrl+M for more)" if len(result.hits) < result.total else ""
        self.count.setText(f"{result.total} case{'s' if result.total != 1 else ''}{shown}")
        self.suggestion.setText(_suggestion_html(result))
        # a label with links takes Tab focus: only while it has one
        self.suggestion.setFocusPolicy(Qt.FocusPolicy.StrongFocus if self.suggestion.text() else Qt.FocusPolicy.NoFocus)
        self.notice.setText(" ".join(t for t in (result.notice or "", _nothing_found(result)) if t))
        self._reselect(chosen)
        self.window.results_shown(rid)

    def _reselect(self, case_id: str | None) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(HitRole).id == case_id:
                self.results.selectionModel().blockSignals(True)
                self.results.selectRow(row)
                self.results.selectionModel().blockSignals(False)
                return

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, IndexNotReadyError):
            self.waiting_for_index = True
            self.count.setText("Preparing the search index…")
            return
        self.window.report_error(exc)

    def _changed(self, changes: Changes) -> None:
        if changes.cases or self.waiting_for_index:
            self.run(keep_limit=True)

    def save_search(self) -> None:
        name = interaction.ask_text(self.window, "Save search", "Name for this search:", self.box.text())
        if name:
            query, filters, sort = self.box.text(), self.facets.filters(), SORTS[self.sort.currentIndex()]
            self.tasks.write(lambda lib: state.save_search(lib, name, query, filters, sort))
            self.window.tell(f"Saved search “{name}”", 5000)

    def apply_saved(self, saved: dict[str, Any]) -> None:
        self.facets.set_filters(saved["filters"])
        self.sort.blockSignals(True)
        self.sort.setCurrentIndex(SORTS.index(saved["sort"]) if saved["sort"] in SORTS else 0)
        self.sort.blockSignals(False)
        self.box.setText(saved["query"])
        self.run()


AS_TYPED_LINK = "#as-typed"


def _nothing_found(result: SearchResult) -> str:
    """What to try when nothing was found: other words, or (with no case at all) adding cases."""
    if result.total:
        return ""
    if result.notice:  # it says why ("No case mentions “SEND”.")
        return "Try other words, or remove a filter."
    if not result.searched:
        return ("There are no cases yet: File ▸ New case or File ▸ Import folder… adds yours, and File ▸ "
                "Settings… shows the example cases again.")
    return "No cases match. Remove a filter or check the spelling."


def _suggestion_html(result: SearchResult) -> str:
    """The line under the search box: the correction made, with a link to search as typed, or a
    "did you mean" link."""
    if result.corrected:
        return (f"Showing results for <b>{html.escape(result.corrected)}</b> — search instead for "
                f'<a href="{AS_TYPED_LINK}">{html.escape(result.query)}</a>')
    if result.suggestion:
        suggestion = html.escape(result.suggestion)
        return f'Did you mean <a href="{suggestion}">{suggestion}</a>?'
    return ""


def _label(name: str, accessible: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    if accessible:
        label.setAccessibleName(accessible)
    return label


def _results_view(proxy: ResultsProxy, line_height: int) -> QTableView:
    view = QTableView()
    view.setObjectName("resultsView")
    view.setAccessibleName("Results")
    view.setAccessibleDescription("Up and down choose a case; Enter reads it; Shift with a click or an arrow, "
                                  "Ctrl with a click, or Ctrl+A selects several; click a header to sort.")
    view.setModel(proxy)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # for Edit selected cases…
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    view.setTabKeyNavigation(False)  # Tab leaves the results; the arrows move between rows
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.setWordWrap(True)
    view.setItemDelegateForColumn(COL_TITLE, SnippetDelegate(view))
    view.setColumnHidden(COL_SNIPPET, True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(line_height * 5 + 12)
    header = view.horizontalHeader()
    header.setAccessibleName("Result columns: activate one to sort by it")
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
    for column, width in ((COL_OUTCOME, 80), (COL_COUNCIL, 150), (COL_DATE, 70), (COL_SOURCE, 80)):
        view.setColumnWidth(column, width)
    return view
