"""The main window: search box, facets, results, the case view, bookmarks, menus and status."""

from __future__ import annotations

import html
import os
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casebook.errors import CasebookError, IndexNotReadyError
from casebook.home import Home
from casebook.indexer import IndexChanges
from casebook.search import SORTS, Hit, SearchResult
from ui import dialogs, interaction, jobs
from ui.bookmarks import BookmarksPanel
from ui.caseview import CaseView
from ui.digestpanel import DigestPanel
from ui.editor import CaseEditor, open_editor, recover_drafts
from ui.facets import FacetPanel
from ui.networks import NetworksPanel
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
from ui.similar import SIMILAR_CASES
from ui.tasks import Executor
from ui.theme import outcome_colours
from ui.widgets import button

DEBOUNCE_MS = 150
#: How often files changed outside the app are looked for (a stat of every file: 0.3 s at 10,000).
POLL_MS = 30000


class MainWindow(QMainWindow):
    #: The id of the search whose results are now on screen (for automation and the benchmark).
    resultsShown = Signal(int)

    def __init__(self, home: Home, started: float | None = None) -> None:
        super().__init__()
        self.home = home
        self.started = started or time.perf_counter()
        self.ready_at: float | None = None
        self.reader = Executor(home, self.report_error, self)
        self.writer = Executor(home, self.report_error, self)
        self.settings = QSettings(str(home.root / "ui.ini"), QSettings.Format.IniFormat)
        self.editors: list[CaseEditor] = []
        self.current: jobs.OpenedCase | None = None
        self.history: list[str] = []
        self._search_id = 0
        self._shown_id = 0
        self._limit = jobs.PAGE
        self._indexing = False
        self._search_waiting = False
        self.setWindowTitle("Casebook")
        self._build()
        self._menus()
        self._restore()
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS, timeout=self.run_search)
        self._poll = QTimer(self, interval=POLL_MS, timeout=lambda: self.reindex(quiet=True))
        QTimer.singleShot(0, self._start)

    # -- layout -------------------------------------------------------------------
    def _build(self) -> None:
        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setAccessibleName("Search cases")
        self.search_box.setAccessibleDescription("Type words or a query such as outcome:failure year:2018..2021; "
                                                 "results appear as you type. Down arrow moves to the results.")
        self.search_box.setPlaceholderText("Search cases — e.g. chatbot, \"council tax\", outcome:failure")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(lambda _: self._debounce.start())
        self.search_box.returnPressed.connect(self.run_search)
        self.search_box.installEventFilter(self)
        self.sort = QComboBox()
        self.sort.setObjectName("sortBox")
        self.sort.addItems([s.capitalize() for s in SORTS])
        self.sort.setAccessibleName("Sort results by")
        self.sort.currentIndexChanged.connect(lambda _: self.run_search())
        help_button = button("Query syntax", lambda: dialogs.show_query_help(self), "Show the query syntax (F1)")
        save_button = button("Save search…", self.save_search, "Save this query and its filters")
        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.sort)
        top.addWidget(save_button)
        top.addWidget(help_button)
        self.count = QLabel()
        self.count.setObjectName("resultCount")
        self.count.setAccessibleName("Result count")
        self.suggestion = QLabel()
        self.suggestion.setObjectName("suggestion")
        self.suggestion.setAccessibleName("Did you mean")
        self.suggestion.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByKeyboard
                                                | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.suggestion.linkActivated.connect(self._suggestion_clicked)
        self._as_typed = False  # "search instead for" what was typed: no correction until it is edited
        self.search_box.textChanged.connect(lambda _: setattr(self, "_as_typed", False))
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        info = QHBoxLayout()
        info.addWidget(self.count)
        info.addWidget(self.suggestion)
        info.addWidget(self.notice, 1)

        self.model = ResultsModel(self)
        self.proxy = ResultsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.results = QTableView()
        self.results.setObjectName("resultsView")
        self.results.setAccessibleName("Results")
        self.results.setAccessibleDescription("Up and down choose a case; Enter reads it; click a header to sort.")
        self.results.setModel(self.proxy)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setSortingEnabled(True)
        self.results.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.results.setWordWrap(True)
        self.results.setItemDelegateForColumn(COL_TITLE, SnippetDelegate(self.results))
        self.results.setColumnHidden(COL_SNIPPET, True)
        self.results.verticalHeader().hide()
        self.results.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 5 + 12)
        header = self.results.horizontalHeader()
        header.setAccessibleName("Result columns: activate one to sort by it")
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_OUTCOME, 80), (COL_COUNCIL, 150), (COL_DATE, 70), (COL_SOURCE, 80)):
            self.results.setColumnWidth(column, width)
        self.results.selectionModel().currentRowChanged.connect(self._row_changed)
        self.results.activated.connect(lambda _: self.case_view.setFocus())

        self.case_view = CaseView()
        self.case_view.caseLinkActivated.connect(self.open_case)
        self.case_bar = QToolBar("Case")
        self.case_bar.setObjectName("caseBar")
        self.case_bar.setAccessibleName("Case actions")
        case_box = QWidget()
        box = QVBoxLayout(case_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.case_bar)
        box.addWidget(self.case_view, 1)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setObjectName("mainSplitter")
        self.split.addWidget(self.results)
        self.split.addWidget(case_box)
        self.split.setSizes([700, 520])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addLayout(info)
        layout.addWidget(self.split, 1)
        self.setCentralWidget(central)

        self.facets = FacetPanel()
        self.facets.filtersChanged.connect(lambda _: self.run_search())
        self.bookmarks = BookmarksPanel()
        self.bookmarks.caseChosen.connect(self.open_case)
        self.bookmarks.searchChosen.connect(self.apply_saved_search)
        self.bookmarks.removeBookmark.connect(lambda case_id: self.set_bookmark(case_id, False))
        self.bookmarks.removeSearch.connect(self.delete_search)
        self.networks = NetworksPanel()
        self.networks.syncRequested.connect(self.sync_networks)
        self.networks.addRequested.connect(self.join_network)
        self.filter_dock = self._dock("Filters", "filtersDock", self.facets)
        self.bookmark_dock = self._dock("Bookmarks", "bookmarksDock", self.bookmarks)
        self.network_dock = self._dock("Networks", "networksDock", self.networks)
        self.digest = DigestPanel()
        self.digest.previewRequested.connect(self.preview_digest)
        self.digest.exportRequested.connect(self.export_digest)
        self.digest_dock = self._dock("Digest", "digestDock", self.digest)
        self.tabifyDockWidget(self.filter_dock, self.bookmark_dock)
        self.tabifyDockWidget(self.bookmark_dock, self.network_dock)
        self.tabifyDockWidget(self.network_dock, self.digest_dock)
        self.filter_dock.raise_()

        self.progress = QProgressBar()
        self.progress.setObjectName("indexProgress")
        self.progress.setAccessibleName("Indexing progress")
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self.resize(1280, 800)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the search box moves to the first result."""
        if (watched is self.search_box and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down and self.proxy.rowCount()):
            self.results.setFocus()
            self.results.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setAccessibleName(title)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        return dock

    def _menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.act_new = self._action(file_menu, "&New case", self.new_case, QKeySequence.StandardKey.New)
        self.act_edit = self._action(file_menu, "&Edit case", self.edit_case, "Ctrl+E")
        self.act_copy = self._action(file_menu, "&Copy to my library", self.copy_case, "Ctrl+Shift+C")
        file_menu.addSeparator()
        self._action(file_menu, "Open &home folder", self.open_home)
        self.act_publish = self._action(file_menu, "&Publish to network…", self.publish_case, "Ctrl+Shift+P")
        self._action(file_menu, "S&ync networks", lambda: self.sync_networks(None), "Ctrl+Shift+Y")
        self._action(file_menu, "&Join a network…", self.join_network)
        self._action(file_menu, "&Re-index", self.reindex, "F5")
        self._action(file_menu, "Re&build index", lambda: self.reindex(rebuild=True), "Ctrl+F5")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        edit_menu = bar.addMenu("&Edit")
        self._action(edit_menu, "&Find", self.focus_search, QKeySequence.StandardKey.Find, "Ctrl+K")
        self.act_bookmark = self._action(edit_menu, "&Bookmark case", self.toggle_bookmark, "Ctrl+D")
        self.act_bookmark.setCheckable(True)
        self._action(edit_menu, "&Save search…", self.save_search, "Ctrl+Shift+S")
        self.act_digest = self._action(edit_menu, "&Add to digest", self.add_to_digest, "Ctrl+G")
        self._action(edit_menu, "C&lear filters", self.facets.clear, "Ctrl+Shift+L")
        view_menu = bar.addMenu("&View")
        self.act_back = self._action(view_menu, "&Back", self.back, QKeySequence.StandardKey.Back)
        self._action(view_menu, "&Results", self.results.setFocus, "Ctrl+1")
        self._action(view_menu, "&Case", self.case_view.setFocus, "Ctrl+2")
        self._action(view_menu, "F&ilters", lambda: self._show_dock(self.filter_dock, self.facets), "Ctrl+3")
        self._action(view_menu, "Boo&kmarks", lambda: self._show_dock(self.bookmark_dock, self.bookmarks), "Ctrl+4")
        self._action(view_menu, "&Networks", lambda: self._show_dock(self.network_dock, self.networks), "Ctrl+5")
        self._action(view_menu, "&Digest", lambda: self._show_dock(self.digest_dock, self.digest), "Ctrl+6")
        self._action(view_menu, "&Problems…", self.show_problems)
        self._action(view_menu, "More results", self.more_results, "Ctrl+M")
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Query syntax", lambda: dialogs.show_query_help(self),
                     QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, "&About Casebook", lambda: dialogs.show_about(self, self.home))
        for action in (self.act_back, self.act_bookmark, self.act_digest, self.act_edit, self.act_copy,
                       self.act_publish):
            self.case_bar.addAction(action)
        overflow = self.case_bar.findChild(QToolButton, "qt_toolbar_ext_button")
        if overflow is not None:
            overflow.setAccessibleName("More case actions")
        self._update_actions()

    def _action(self, menu: Any, text: str, slot: Any, *keys: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(lambda *_: slot())
        menu.addAction(action)
        return action

    def _show_dock(self, dock: QDockWidget, widget: QWidget) -> None:
        dock.show()
        dock.raise_()
        widget.setFocus()

    # -- start, indexing, polling -----------------------------------------------------
    def _start(self) -> None:
        self.focus_search()
        self.reindex(first=True)
        self.refresh_bookmarks()
        self.refresh_networks()
        self._poll.start()
        self._recover_drafts()

    def reindex(self, rebuild: bool = False, quiet: bool = False, first: bool = False) -> None:
        if self._indexing:
            return
        self._indexing = True
        if not quiet:
            self.statusBar().showMessage("Rebuilding the index…" if rebuild else "Checking the library for changes…")
        self.writer.submit(lambda lib, progress: lib.update(rebuild=rebuild, progress=progress),
                           on_done=partial(self._indexed, quiet, first), on_error=self._index_failed,
                           on_progress=self._progress)
        if first:
            self.run_search()

    def _progress(self, done: int, total: int, what: str) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.progress.setFormat(f"{what} %v/%m")
        self.progress.show()

    def _indexed(self, quiet: bool, first: bool, changes: IndexChanges) -> None:
        self._indexing = False
        self.progress.hide()
        changed = len(changes.added) + len(changes.updated) + len(changes.removed)
        if changed or self._search_waiting or first:
            self.run_search()
            self.refresh_bookmarks()
        if changed or not quiet:
            bad = f"; {len(changes.invalid)} file(s) could not be read (View ▸ Problems)" if changes.invalid else ""
            what = (f"{len(changes.added)} added, {len(changes.updated)} changed, {len(changes.removed)} removed"
                    if changed and not changes.rebuilt else "up to date")
            self.statusBar().showMessage(f"Library {what}{bad}", 8000)

    def _index_failed(self, exc: BaseException) -> None:
        self._indexing = False
        self.progress.hide()
        self.report_error(exc)

    # -- searching ------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def run_search(self, keep_limit: bool = False) -> None:
        self._debounce.stop()
        if not keep_limit:
            self._limit = jobs.PAGE
        self._search_id += 1
        rid, query, limit = self._search_id, self.search_box.text(), self._limit
        sort, filters = SORTS[self.sort.currentIndex()], self.facets.filters()
        correct = not self._as_typed
        self.reader.submit(lambda lib: jobs.search(lib, query, sort, filters, limit, correct),
                           on_done=partial(self._show_results, rid), on_error=partial(self._search_failed, rid))

    def settled(self) -> bool:
        """The latest search is shown and no background job is running (for tests and scripts)."""
        idle = not (self._debounce.isActive() or self.reader.busy() or self.writer.busy())
        return idle and self._shown_id == self._search_id

    def _suggestion_clicked(self, link: str) -> None:
        """"search instead for" reruns the text as typed; a "did you mean" link replaces the text."""
        if link == AS_TYPED_LINK:
            self._as_typed = True
            self.run_search()
        else:
            self.search_box.setText(link)

    def more_results(self) -> None:
        self._limit += jobs.PAGE
        self.run_search(keep_limit=True)

    def _show_results(self, rid: int, result: SearchResult) -> None:
        if rid != self._search_id:
            return
        self._shown_id = rid
        self._search_waiting = False
        chosen = self.current.cf.case.id if self.current and self.current.cf.case else None
        self.model.set_hits(result.hits)
        self.facets.set_counts(result.facets)
        shown = f" (showing {len(result.hits)}; Ctrl+M for more)" if len(result.hits) < result.total else ""
        self.count.setText(f"{result.total} case{'s' if result.total != 1 else ''}{shown}")
        self.suggestion.setText(_suggestion_html(result))
        empty = "No cases match. Remove a filter or check the spelling." if not result.total else ""
        self.notice.setText(" ".join(t for t in (result.notice or "", empty) if t))
        self._reselect(chosen)
        if self.ready_at is None:
            self._mark_ready()
        self.resultsShown.emit(rid)

    def _reselect(self, case_id: str | None) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(HitRole).id == case_id:
                self.results.selectionModel().blockSignals(True)
                self.results.selectRow(row)
                self.results.selectionModel().blockSignals(False)
                return

    def _search_failed(self, rid: int, exc: BaseException) -> None:
        if rid != self._search_id:
            return
        if isinstance(exc, IndexNotReadyError):
            self._search_waiting = True
            self.count.setText("Preparing the search index…")
            return
        self.report_error(exc)

    def _mark_ready(self) -> None:
        self.ready_at = time.perf_counter() - self.started
        if os.environ.get("CASEBOOK_REPORT_READY"):
            print(f"ready {self.ready_at:.3f}", flush=True)
            if os.environ.get("CASEBOOK_REPORT_READY") == "quit":
                QTimer.singleShot(0, self.close)

    def save_search(self) -> None:
        name = interaction.ask_text(self, "Save search", "Name for this search:", self.search_box.text())
        if name:
            query, filters, sort = self.search_box.text(), self.facets.filters(), SORTS[self.sort.currentIndex()]
            self.writer.submit(lambda lib: lib.catalog.save_search(name, query, filters, sort),
                               on_done=lambda _: self.refresh_bookmarks())
            self.statusBar().showMessage(f"Saved search “{name}”", 5000)

    def apply_saved_search(self, saved: dict[str, Any]) -> None:
        self.facets.set_filters(saved["filters"])
        self.sort.blockSignals(True)
        self.sort.setCurrentIndex(SORTS.index(saved["sort"]) if saved["sort"] in SORTS else 0)
        self.sort.blockSignals(False)
        self.search_box.setText(saved["query"])
        self.run_search()

    def delete_search(self, name: str) -> None:
        self.writer.submit(lambda lib: lib.catalog.delete_search(name), on_done=lambda _: self.refresh_bookmarks())

    # -- reading cases ----------------------------------------------------------------------
    def _row_changed(self, current: Any, _previous: Any) -> None:
        hit = current.data(HitRole) if current.isValid() else None
        if hit is not None:
            self.open_case(hit.uid)

    def open_case(self, case_id: str, remember: bool = True) -> None:
        colours = outcome_colours()
        self.reader.submit(lambda lib: jobs.open_case(lib, case_id, colours),
                           on_done=partial(self._show_case, remember), on_error=self._case_failed)

    def _show_case(self, remember: bool, opened: jobs.OpenedCase) -> None:
        previous = self.current.cf.uid if self.current else None
        if remember and previous and previous != opened.cf.uid:
            self.history.append(previous)
        self.current = opened
        self.case_view.show_html(opened.html, opened.cf.path.parent)
        self._update_actions()

    def _case_failed(self, exc: BaseException) -> None:
        if isinstance(exc, CasebookError):
            self.statusBar().showMessage(str(exc), 8000)
        else:
            self.report_error(exc)

    def back(self) -> None:
        if self.history:
            self.open_case(self.history.pop(), remember=False)

    def _update_actions(self) -> None:
        opened = self.current
        self.act_back.setEnabled(bool(self.history))
        self.act_edit.setEnabled(bool(opened and opened.editable))
        self.act_copy.setEnabled(bool(opened and opened.cf.case and not opened.editable))
        self.act_bookmark.setEnabled(bool(opened and opened.cf.case))
        shareable = bool(opened and opened.editable and opened.cf.case.sharing in ("network", "public"))
        self.act_publish.setEnabled(shareable)
        self.act_bookmark.setChecked(bool(opened and opened.bookmarked))

    def toggle_bookmark(self) -> None:
        if self.current and self.current.cf.case:
            self.set_bookmark(self.current.cf.case.id, not self.current.bookmarked)

    def set_bookmark(self, case_id: str, on: bool) -> None:
        def done(_: Any) -> None:
            self.refresh_bookmarks()
            if self.current and self.current.cf.case and self.current.cf.case.id == case_id:
                self.open_case(case_id, remember=False)
        self.writer.submit(lambda lib: lib.catalog.bookmark(case_id, on), on_done=done)
        self.statusBar().showMessage("Bookmarked" if on else "Bookmark removed", 4000)

    def refresh_bookmarks(self) -> None:
        def show(data: Any) -> None:
            self.bookmarks.set_bookmarks(data[0])
            self.bookmarks.set_searches(data[1])
        self.reader.submit(jobs.bookmarks, on_done=show)

    # -- networks ----------------------------------------------------------------------------
    def refresh_networks(self) -> None:
        self.reader.submit(jobs.networks, on_done=self.networks.set_status)

    def sync_networks(self, names: list[str] | None) -> None:
        chosen = names if names is not None else self.networks.names()
        if not chosen:
            self.statusBar().showMessage("No networks yet: File ▸ Join a network…", 8000)
            return
        self.statusBar().showMessage("Syncing " + ", ".join(chosen) + "…")
        self.writer.submit(lambda lib, progress: jobs.sync_networks(lib, chosen, progress),
                           on_done=self._synced, on_progress=self._progress)

    def _synced(self, reports: list[Any]) -> None:
        self.progress.hide()
        self.statusBar().showMessage("; ".join(f"{r.network}: {r.summary}" for r in reports), 15000)
        self.refresh_networks()
        self.run_search()

    def join_network(self) -> None:
        answer = interaction.ask_join(self)
        if answer:
            name, url, council = answer
            self.writer.submit(lambda lib: jobs.add_network(lib, name, url, council),
                               on_done=lambda joined: (self.statusBar().showMessage(f"Joined {joined}", 8000),
                                                       self.refresh_networks()))

    def publish_case(self) -> None:
        names = self.networks.names()
        if not (self.current and self.current.cf.case and names):
            self.statusBar().showMessage("Join a network first (File ▸ Join a network…)", 8000)
            return
        name = names[0] if len(names) == 1 else interaction.ask_choice(self, "Publish", "Publish to:", names)
        if name:
            case_id = self.current.cf.case.id
            self.writer.submit(lambda lib: jobs.publish(lib, case_id, name), on_done=lambda _: (
                self.statusBar().showMessage(f"Published {case_id} to {name}; it is shared at the next sync", 8000),
                self.refresh_networks()))

    # -- digests ----------------------------------------------------------------------------------
    def add_to_digest(self) -> None:
        """The selected result, else the open case, joins the digest."""
        index = self.results.currentIndex()
        hit = index.data(HitRole) if index.isValid() else None
        case = self.current.cf.case if self.current else None
        case_id, title = (hit.id, hit.title) if hit else (case.id, case.title) if case else (None, None)
        if case_id:
            added = self.digest.add(case_id, title)
            self.statusBar().showMessage(f"{'Added' if added else 'Already in the digest:'} {title}", 5000)

    def preview_digest(self, spec: Any) -> None:
        self.reader.submit(lambda lib: jobs.digest_preview(lib, spec),
                           on_done=lambda page: dialogs.show_html(self, f"Preview: {spec.title}", page))

    def export_digest(self, spec: Any) -> None:
        path = interaction.ask_save_path(self, "Export digest", str(self.home.root / f"{spec.title}.pdf"))
        if path:
            self.statusBar().showMessage("Exporting the digest…")
            self.writer.submit(lambda lib, progress: jobs.export_digest(lib, spec, Path(path), progress),
                               on_done=lambda out: (self.progress.hide(),
                                                    self.statusBar().showMessage(f"Digest written to {out}", 10000)),
                               on_progress=self._progress)

    def show_problems(self) -> None:
        self.reader.submit(jobs.invalid, on_done=lambda rows: dialogs.show_problems(self, rows, self.open_case))

    # -- writing cases ------------------------------------------------------------------------
    def new_case(self, text: str | None = None, path: Path | None = None) -> CaseEditor:
        return self._editor(path=path, text=text)

    def edit_case(self) -> None:
        if self.current and self.current.editable:
            self._editor(path=self.current.cf.path)

    def copy_case(self) -> None:
        if self.current and self.current.cf.case:
            case_id = self.current.cf.case.id
            self.writer.submit(lambda lib: jobs.copy_to_library(lib, case_id),
                               on_done=lambda path: self._editor(path=path))

    def _editor(self, **kwargs: Any) -> CaseEditor:
        councils = self.model_councils()
        editor = open_editor(self.home.library, self.drafts, self._saved, councils=councils,
                             similar=self._ask_similar, **kwargs)
        self.editors.append(editor)
        editor.destroyed.connect(lambda *_: self.editors.remove(editor) if editor in self.editors else None)
        return editor

    def _ask_similar(self, text: str, done: Callable[[list[Hit]], None]) -> None:
        """The editor's similar cases, searched on the reader thread; while the index is being
        built (or on any error) the list simply stays as it was."""
        self.reader.submit(lambda lib: lib.similar(text, SIMILAR_CASES, build=False), on_done=done,
                           on_error=lambda _: None)

    def model_councils(self) -> list[str]:
        return sorted({self.model.hit(r).council for r in range(self.model.rowCount()) if self.model.hit(r).council})

    @property
    def drafts(self) -> Path:
        return self.home.root / "drafts"

    def _saved(self, path: Path) -> None:
        def done(changes: IndexChanges) -> None:
            self.statusBar().showMessage(f"Saved {path.name}", 5000)
            self.run_search()
            self.open_case(f"library:{path.relative_to(self.home.library).as_posix()}")
        self.writer.submit(lambda lib: lib.reindex([path]), on_done=done)

    def _recover_drafts(self) -> None:
        for draft, data in recover_drafts(self.drafts):
            path = Path(data["path"]) if data.get("path") else None
            what = path.name if path else "a new case"
            if interaction.ask_yes_no(self, "Recover unsaved work",
                                      f"Casebook found unsaved changes to {what} from a session that did not "
                                      "close normally. Open them in the editor?"):
                self.new_case(text=data["text"], path=path)._dirty = True
            draft.unlink(missing_ok=True)

    def open_home(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.home.root)))

    # -- errors, state, closing -------------------------------------------------------------------
    def report_error(self, exc: BaseException) -> None:
        if isinstance(exc, CasebookError):
            self.statusBar().showMessage(str(exc), 10000)
        else:
            dialogs.report_unexpected(self, exc)

    def _restore(self) -> None:
        geometry, state = self.settings.value("geometry"), self.settings.value("state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        split = self.settings.value("split")
        if split is not None:
            self.split.restoreState(split)

    def closeEvent(self, event: QCloseEvent) -> None:
        for editor in list(self.editors):
            if not editor.close():
                event.ignore()
                return
        self._poll.stop()
        self._debounce.stop()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("state", self.saveState())
        self.settings.setValue("split", self.split.saveState())
        self.settings.sync()
        self.reader.shutdown()
        self.writer.shutdown()
        event.accept()


AS_TYPED_LINK = "#as-typed"


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
