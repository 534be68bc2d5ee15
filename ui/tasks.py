"""Background work: each Executor runs jobs one at a time on its own thread, and every job gets
that thread's own Library (SQLite connections and Whoosh searchers are per thread). Results come
back to the UI thread through queued signals."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal

from casebook.home import Home
from casebook.library import Library

Job = Callable[..., Any]
Callback = Callable[[Any], None]


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


class _Task(QRunnable):
    def __init__(self, executor: Executor, job: Job, signals: _Signals, with_progress: bool) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.executor, self.job, self.signals, self.with_progress = executor, job, signals, with_progress

    def run(self) -> None:
        try:
            lib = self.executor.library()
            kwargs = {"progress": self.signals.progress.emit} if self.with_progress else {}
            result = self.job(lib, **kwargs)
        except BaseException as exc:
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class Executor(QObject):
    """One worker thread with its own Library on `home`. `on_error` receives failures of jobs
    submitted without their own handler."""

    def __init__(self, home: Home, on_error: Callback, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.home = home
        self.on_error = on_error
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.pool.setExpiryTimeout(-1)
        # by OS thread: threading.local() does not survive between jobs, since Python makes a new
        # thread state each time Qt's pool thread calls in (every job had opened a new Library)
        self._libraries: dict[int, Library] = {}
        self._running: set[_Task] = set()
        self._closed = False

    def library(self) -> Library:
        """The calling worker thread's own Library, opened on its first job."""
        ident = threading.get_ident()
        if ident not in self._libraries:
            self._libraries[ident] = Library(self.home)
        return self._libraries[ident]

    def submit(self, job: Job, on_done: Callback | None = None, on_error: Callback | None = None,
               on_progress: Callable[[int, int, str], None] | None = None) -> None:
        """Run `job(library)` (and `progress=` when on_progress is given) on the worker thread.
        After `shutdown()` jobs are refused silently: the window is closing."""
        if self._closed:
            return
        signals = _Signals()
        task = _Task(self, job, signals, on_progress is not None)
        self._running.add(task)

        def finish(handler: Callback | None, value: Any) -> None:
            self._running.discard(task)
            if handler:
                handler(value)

        signals.done.connect(lambda result: finish(on_done, result), Qt.ConnectionType.QueuedConnection)
        signals.failed.connect(lambda exc: finish(on_error or self.on_error, exc), Qt.ConnectionType.QueuedConnection)
        if on_progress:
            signals.progress.connect(on_progress, Qt.ConnectionType.QueuedConnection)
        self.pool.start(task)

    def busy(self) -> bool:
        return bool(self._running)

    def shutdown(self) -> None:
        """Finish queued jobs, close the thread's Library on its own thread, and wait."""
        self._closed = True
        self.pool.start(_Closer(self))
        self.pool.waitForDone()
        self._running.clear()


class _Closer(QRunnable):
    def __init__(self, executor: Executor) -> None:
        super().__init__()
        self.executor = executor

    def run(self) -> None:
        lib = self.executor._libraries.pop(threading.get_ident(), None)
        if lib is not None:
            lib.close()
