"""The main window: layout, docks, menus and the status bar. The behaviour lives in one controller
per concern (searching, reading, indexing, editing, networks, digest, bookmarks), each running its
work through `Tasks` and refreshing from `Tasks.changed` only what the `Changes` names."""

from __future__ import annotations

import os
import time
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QProgressBar, QSplitter, QToolButton, QVBoxLayout, QWidget

from casebook.home import Home
from casebook.model import SHAREABLE
from operations.cases import OpenedCase
from ui import dialogs, geometry, interaction
from ui.bookmarks import BookmarksController
from ui.bulkdialog import BulkEditController
from ui.digesting import DigestController
from ui.editing import EditController
from ui.firstrun import FirstRunController
from ui.importing import ImportController
from ui.indexing import IndexController
from ui.networking import NetworksController
from ui.outside import OPEN_FILE, SHOW_FOLDER, OutsideController, file_url
from ui.reading import CaseController
from ui.searching import SearchController
from ui.settingsdialog import SettingsController
from ui.tasks import Tasks


class MainWindow(QMainWindow):
    #: The id of the search whose results are now on screen (for automation and the benchmark).
    resultsShown = Signal(int)

    def __init__(self, home: Home, started: float | None = None, first_run: bool = False) -> None:
        """`first_run`: offer the welcome if the home was never set up (the app does; tests and scripts
        leave it off, so no dialog waits on them)."""
        super().__init__()
        self.home = home
        self.first_run = first_run
        self.started = started or time.perf_counter()
        self.ready_at: float | None = None
        self.tasks = Tasks(home, self.report_error, self)
        self.settings = QSettings(str(home.root / "ui.ini"), QSettings.Format.IniFormat)
        self.setWindowTitle("Casebook")
        self.searching = SearchController(self)
        self.reading = CaseController(self)
        self.indexing = IndexController(self)
        self.editing = EditController(self)
        self.networking = NetworksController(self)
        self.digesting = DigestController(self)
        self.marks = BookmarksController(self)
        self.importing = ImportController(self)
        self.configuring = SettingsController(self)
        self.outside = OutsideController(self)
        self.welcome = FirstRunController(self)
        self.bulk = BulkEditController(self)
        self._build()
        self._menus()
        self._restore()
        QTimer.singleShot(0, self._start)

    # -- layout -------------------------------------------------------------------
    def _build(self) -> None:
        search = self.searching
        search.results.selectionModel().currentRowChanged.connect(self.reading.row_changed)
        search.results.selectionModel().currentRowChanged.connect(lambda *_: self.update_actions())
        search.proxy.modelReset.connect(self.update_actions)
        search.results.activated.connect(lambda _: self.reading.view.setFocus())
        self.outside.attach(search.results)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setObjectName("mainSplitter")
        self.split.addWidget(search.results)
        self.split.addWidget(self.reading.pane)
        self.split.setSizes([700, 520])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(search.top)
        layout.addLayout(search.info)
        layout.addWidget(self.split, 1)
        self.setCentralWidget(central)
        self.filter_dock = self._dock("Filters", "filtersDock", search.facets)
        self.bookmark_dock = self._dock("Bookmarks", "bookmarksDock", self.marks.panel)
        self.network_dock = self._dock("Networks", "networksDock", self.networking.panel)
        self.digest_dock = self._dock("Digest", "digestDock", self.digesting.panel)
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
        self.resize(geometry.first_size(self))

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setAccessibleName(title)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        return dock

    def _menus(self) -> None:
        bar, read, edit, nets = self.menuBar(), self.reading, self.editing, self.networking
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "&New case", edit.new, QKeySequence.StandardKey.New)
        self.act_edit = self._action(file_menu, "&Edit case", edit.edit, "Ctrl+E")
        self.act_copy = self._action(file_menu, "&Copy to my library", edit.copy, "Ctrl+Shift+C")
        self.act_delete = self._action(file_menu, "&Delete case…", edit.delete)
        self.act_open_file = self._action(file_menu, OPEN_FILE, self.outside.open_file)
        self.act_show_folder = self._action(file_menu, SHOW_FOLDER, self.outside.show_folder)
        read.offer_file_actions(self.act_open_file, self.act_show_folder)
        file_menu.addSeparator()
        self._action(file_menu, "Open &home folder", self.open_home)
        self.act_publish = self._action(file_menu, "&Publish to network…", nets.publish, "Ctrl+Shift+P")
        self._action(file_menu, "S&ync networks", nets.sync, "Ctrl+Shift+Y")
        self._action(file_menu, "&Join a network…", nets.join)
        self._action(file_menu, "&Import folder…", self.importing.start, "Ctrl+I")
        self._action(file_menu, "Se&ttings…", self.configuring.start, "Ctrl+,")
        self._action(file_menu, "&Re-index", self.indexing.reindex, "F5")
        self._action(file_menu, "Re&build index", lambda: self.indexing.reindex(rebuild=True), "Ctrl+F5")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        edit_menu = bar.addMenu("&Edit")
        self.act_undo_delete = self._action(edit_menu, "&Undo delete", edit.undo_delete, QKeySequence.StandardKey.Undo)
        self._action(edit_menu, "&Find", self.searching.focus, QKeySequence.StandardKey.Find, "Ctrl+K")
        self.act_bookmark = self._action(edit_menu, "&Bookmark case", read.toggle_bookmark, "Ctrl+D")
        self.act_bookmark.setCheckable(True)
        self._action(edit_menu, "&Save search…", self.searching.save_search, "Ctrl+Shift+S")
        self.act_digest = self._action(edit_menu, "&Add to digest", self.digesting.add, "Ctrl+G")
        self._action(edit_menu, "C&lear filters", self.searching.facets.clear, "Ctrl+Shift+L")
        self.act_bulk = self._action(edit_menu, "&Edit selected cases…", self.bulk.start, "Ctrl+Shift+E")
        self.searching.results.addAction(self.act_bulk)  # its context menu
        self._view_menu(bar.addMenu("&View"))
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Query syntax", lambda: dialogs.show_query_help(self),
                     QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, "&About Casebook", lambda: dialogs.show_about(self, self.home))
        for action in (self.act_back, self.act_bookmark, self.act_digest, self.act_edit, self.act_copy,
                       self.act_publish):
            read.bar.addAction(action)
        overflow = read.bar.findChild(QToolButton, "qt_toolbar_ext_button")
        if overflow is not None:
            overflow.setAccessibleName("More case actions")
        self.update_actions()

    def _view_menu(self, menu: Any) -> None:
        self.act_back = self._action(menu, "&Back", self.reading.back, QKeySequence.StandardKey.Back)
        self._action(menu, "&Results", self.searching.results.setFocus, "Ctrl+1")
        self._action(menu, "&Case", self.reading.view.setFocus, "Ctrl+2")
        for key, dock in enumerate((self.filter_dock, self.bookmark_dock, self.network_dock, self.digest_dock), 3):
            label = {"Filters": "F&ilters", "Bookmarks": "Boo&kmarks"}.get(dock.windowTitle(), f"&{dock.windowTitle()}")
            self._action(menu, label, lambda d=dock: self._show_dock(d), f"Ctrl+{key}")
        self._action(menu, "&Problems…", self.indexing.show_problems)
        self._action(menu, "More results", self.searching.more, "Ctrl+M")

    def _action(self, menu: Any, text: str, slot: Any, *keys: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(lambda *_: slot())
        menu.addAction(action)
        return action

    def _show_dock(self, dock: QDockWidget) -> None:
        dock.show()
        dock.raise_()
        dock.widget().setFocus()

    def update_actions(self) -> None:
        opened = self.reading.current
        own = bool(opened and opened.editable)
        self.act_back.setEnabled(bool(self.reading.history))
        self.act_edit.setEnabled(own)
        self.act_delete.setEnabled(own)
        outside = bool(opened and file_url(self.home, opened.cf.path))
        self.act_open_file.setEnabled(outside)
        self.act_show_folder.setEnabled(outside)
        self.act_undo_delete.setEnabled(bool(self.editing.deleted))
        self.act_copy.setEnabled(bool(opened and opened.cf.case and not own))
        self.act_bookmark.setEnabled(bool(opened and opened.cf.case))
        self.act_publish.setEnabled(own and opened.cf.case.sharing in SHAREABLE)
        tip = publish_tip(opened)
        self.act_publish.setToolTip(tip)
        self.act_publish.setStatusTip(tip)
        row = self.searching.results.currentIndex().isValid()
        self.act_digest.setEnabled(bool(row or (opened and opened.cf.case)))
        self.act_bookmark.setChecked(bool(opened and opened.bookmarked))

    # -- start, status, state ---------------------------------------------------------
    def _start(self) -> None:
        geometry.keep_on_screen(self)  # again, now that the frame is known
        self._restore_reading()
        self.searching.focus()
        self.indexing.reindex(first=True)
        self.searching.run()
        self.marks.refresh()
        self.networking.refresh()
        self.indexing.poll.start()
        self.configuring.load()
        self.editing.recover_drafts()
        if self.first_run:
            self.welcome.offer()

    def settled(self) -> bool:
        """The latest search is shown and no background job is running (for tests and scripts)."""
        return self.searching.settled() and not self.tasks.busy()

    def results_shown(self, rid: int) -> None:
        if self.ready_at is None:
            self.ready_at = time.perf_counter() - self.started
            if os.environ.get("CASEBOOK_REPORT_READY"):
                print(f"ready {self.ready_at:.3f}", flush=True)
                if os.environ.get("CASEBOOK_REPORT_READY") == "quit":
                    QTimer.singleShot(0, self.close)
        self.resultsShown.emit(rid)

    def tell(self, message: str, ms: int = 0) -> None:
        self.statusBar().showMessage(message, ms)

    def show_progress(self, done: int, total: int, what: str) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.progress.setFormat(f"{what} %v/%m")
        self.progress.show()

    def progress_failed(self, exc: BaseException) -> None:
        """A job that showed progress failed: the bar goes, the error is said."""
        self.progress.hide()
        self.report_error(exc)

    def open_home(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.home.root)))

    def report_error(self, exc: BaseException) -> None:
        message = interaction.user_message(exc)
        if message is None:
            dialogs.report_unexpected(self, exc)
        else:
            self.tell(message, 10000)

    def _restore(self) -> None:
        for key, restore in (("geometry", self.restoreGeometry), ("state", self.restoreState),
                             ("split", self.split.restoreState)):
            value = self.settings.value(key)
            if value is not None:
                restore(value)
        geometry.keep_on_screen(self)

    def _restore_reading(self) -> None:
        """The query and the case of the last session, as the officer left them."""
        query, case = self.settings.value("query", ""), self.settings.value("case", "")
        if query:
            self.searching.box.blockSignals(True)
            self.searching.box.setText(str(query))
            self.searching.box.blockSignals(False)
        if case:
            self.reading.open(str(case), remember=False)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.editing.close_all():
            event.ignore()
            return
        self.indexing.poll.stop()
        self.searching.debounce.stop()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("state", self.saveState())
        self.settings.setValue("split", self.split.saveState())
        self.settings.setValue("query", self.searching.box.text())
        self.settings.setValue("case", self.reading.current.cf.uid if self.reading.current else "")
        self.settings.sync()
        self.tasks.shutdown()
        event.accept()


def publish_tip(opened: OpenedCase | None) -> str:
    """Why File ▸ Publish to network… is greyed out, and what to do; else what it does."""
    case = opened.cf.case if opened else None
    if case is None:
        return "Open one of your own cases to publish it to a network"
    if not opened.editable:
        return "Only cases in your own library can be published (File ▸ Copy to my library first)"
    if case.sharing not in SHAREABLE:
        return (f"This case is {case.sharing}: it never leaves this computer. To publish it, set its Sharing "
                "to network or public in the editor (File ▸ Edit case, Ctrl+E)")
    return "Publish this case to a network you have joined"
