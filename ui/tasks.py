"""Background work, the one way the app runs it: `Tasks.query` reads, `Tasks.write` changes, each
operation a Qt-free function of a Library (see `operations`). Each Executor runs jobs one at a time on
its own thread with that thread's own Library (SQLite connections and Whoosh searchers are per
thread); results come back to the UI thread through queued signals. A keyed query (`key="search"`)
is superseded by the next one with the same key: a stale one is skipped if it has not started, and
its result dropped if it has. Every write's `Changes` goes out on `Tasks.changed`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal

from casebook.home import Home
from casebook.library import Library
from operations.changes import Changes

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow

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


class Controller(QObject):
    """One concern of the main window: its widgets, and the work it runs through the window's Tasks."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window, self.tasks = window, window.tasks


class Runner(Protocol):
    """What runs a job: an Executor, or in tests anything that delivers results when it chooses."""

    def submit(self, job: Job, on_done: Callback | None = None, on_error: Callback | None = None,
               on_progress: Callable[[int, int, str], None] | None = None) -> None: ...

    def busy(self) -> bool: ...

    def shutdown(self) -> None: ...


class Latest:
    """Newest request wins, per key: a stamp for each request, and whether it is still the newest."""

    def __init__(self) -> None:
        self._stamps: dict[str, int] = {}

    def stamp(self, key: str) -> int:
        self._stamps[key] = self._stamps.get(key, 0) + 1
        return self._stamps[key]

    def current(self, key: str, stamp: int) -> bool:
        return self._stamps.get(key) == stamp


_STALE = object()


class Tasks(QObject):
    """Reads on one thread, writes on another, cases opened on a third (so a render never delays a
    search). `changed(Changes)` after every write that changed something."""

    changed = Signal(object)

    def __init__(self, home: Home, on_error: Callback, parent: QObject | None = None,
                 runners: tuple[Runner, Runner, Runner] | None = None) -> None:
        super().__init__(parent)
        self.reader, self.writer, self.viewer = runners or tuple(Executor(home, on_error, self) for _ in range(3))
        self.latest = Latest()

    def query(self, op: Job, on_done: Callback | None = None, *, key: str | None = None,
              on_error: Callback | None = None) -> None:
        """Run a read; with a key, only the newest request of that key gets its answer."""
        runner = self.viewer if key == "case" else self.reader
        if key is None:
            runner.submit(op, on_done, on_error)
            return
        stamp = self.latest.stamp(key)

        def job(lib: Library) -> Any:
            return op(lib) if self.latest.current(key, stamp) else _STALE

        def keep(handler: Callback | None) -> Callback:
            return lambda value: None if value is _STALE or not self.latest.current(key, stamp) else (
                handler(value) if handler else None)

        runner.submit(job, keep(on_done), keep(on_error) if on_error else None)

    def write(self, op: Job, on_done: Callback | None = None, *, on_error: Callback | None = None,
              on_progress: Callable[[int, int, str], None] | None = None) -> None:
        """Run a change; the operation returns `Changes` or `(result, Changes)`."""
        def done(value: Any) -> None:
            result, changes = (None, value) if isinstance(value, Changes) else value
            if changes:
                self.changed.emit(changes)
            if on_done:
                on_done(result)
        self.writer.submit(op, done, on_error, on_progress)

    def busy(self) -> bool:
        return any(r.busy() for r in self.runners)

    @property
    def runners(self) -> tuple[Runner, Runner, Runner]:
        return self.reader, self.writer, self.viewer

    def shutdown(self) -> None:
        for runner in self.runners:
            runner.shutdown()

