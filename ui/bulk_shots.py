"""Screenshots of incomplete cases and of Edit ▸ Edit selected cases…: two lessons imported without a
council or an outcome, marked incomplete in the results, selected, and the dialog filled in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from casebook.home import Home
from ui.bulkdialog import BulkEditDialog, intro
from ui.mainwindow import MainWindow

LESSONS = {"bin-day-reminders": ("Bin day reminders by text message", "Residents signed up for reminders."),
           "ward-surgeries-online": ("Ward surgeries online", "Councillors met residents by video call.")}


def shoot_bulk(root: Path, out: Path, size: QSize, wait_until: Callable[[Callable[[], bool]], None]) -> list[Path]:
    """`incomplete-light.png` (the window) and `bulk-edit-light.png` (the dialog) in `out`."""
    home = Home(root).ensure()
    for name, (title, summary) in LESSONS.items():
        (home.library / f"{name}.md").write_text(f"---\ntitle: {title}\nsummary: {summary}\n---\n{summary}\n", "utf-8")
    window = MainWindow(home)
    window.show()
    wait_until(lambda: window.ready_at is not None and window.settled())
    window.resize(size)
    window.searching.box.setText("status:incomplete")
    window.searching.run()
    wait_until(lambda: window.settled() and window.searching.proxy.rowCount() == len(LESSONS))
    window.searching.results.selectRow(0)
    wait_until(lambda: window.reading.current is not None and window.settled())
    QApplication.processEvents()
    shots = [out / "incomplete-light.png", out / "bulk-edit-light.png"]
    window.grab().save(str(shots[0]))
    window.searching.results.selectAll()
    dialog = BulkEditDialog(intro(window.searching.selected_hits()), [], window)
    dialog.council.setText("Example District Council")
    dialog.outcome.setCurrentText("success")
    dialog.themes["participation and community"].setCurrentText("add")
    dialog.show()
    QApplication.processEvents()
    dialog.grab().save(str(shots[1]))
    dialog.reject()
    window.close()
    return shots
