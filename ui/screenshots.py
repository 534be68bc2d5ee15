"""Screenshots of the main window (results with facets, a case open, the editor) and the conflict inbox in
light and dark palettes, the window as it opens on a 1366×768 laptop, and the welcome of the first run:
`./dev shots [DIR]` (default docs/screenshots). Runs offscreen on the bundled cases."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from casebook.home import Home
from ui import geometry
from ui.bulk_shots import shoot_bulk
from ui.conflict_shots import conflict_home
from ui.mainwindow import MainWindow
from ui.theme import dark_palette


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def shoot(window: MainWindow, out: Path, palette: str) -> list[Path]:
    shots = []
    window.searching.box.setText("chatbot OR outcome:failure")
    window.searching.run()
    wait_until(window.settled)
    window.searching.results.selectRow(0)
    wait_until(lambda: window.reading.current is not None and window.settled())
    QApplication.processEvents()
    shots.append(out / f"main-{palette}.png")
    window.grab().save(str(shots[-1]))
    item = window.searching.facets.item_for("outcome", "failure")
    if item is not None:
        item.setCheckState(0, item.checkState(0).__class__.Checked)
        wait_until(window.settled)
        window.searching.results.selectRow(1)
        wait_until(lambda: window.reading.current is not None and window.reading.current.cf.case is not None
                   and window.reading.current.cf.case.outcome == "failure")
        QApplication.processEvents()
    shots.append(out / f"case-{palette}.png")
    window.grab().save(str(shots[-1]))
    editor = window.editing.new()
    editor.fields["title"].setText("Chatbot for council tax questions")
    editor.fields["council"].setText("Example District Council")
    editor.outcome.setCurrentText("failure")
    editor.fields["date"].setText("2021-13")
    editor._refresh()
    QApplication.processEvents()
    shots.append(out / f"editor-{palette}.png")
    editor.grab().save(str(shots[-1]))
    editor._dirty = False
    editor.close()
    return shots


#: The size of the main shots, as on a desktop monitor.
WIDE = QSize(1400, 860)
#: The size the window opens at on a 1366×768 screen less a 40-pixel task bar (see `geometry.first_size`).
LAPTOP = geometry.PREFERRED.boundedTo(QSize(1366, 768 - 40).shrunkBy(geometry.FRAME_GUESS))


def shoot_laptop(window: MainWindow, out: Path) -> Path:
    window.resize(LAPTOP)
    wait_until(lambda: window.size() == LAPTOP and window.settled())
    QApplication.processEvents()
    window.grab().save(str(out / "laptop-1366x768.png"))
    return out / "laptop-1366x768.png"


def shoot_first_run(root: Path, out: Path) -> Path:
    """The welcome on an empty home, the council's name typed in."""
    window = MainWindow(Home(root).ensure(), first_run=True)
    window.resize(WIDE)
    window.show()
    wait_until(lambda: window.welcome.dialog is not None and window.welcome.dialog.isVisible())
    dialog = window.welcome.dialog
    dialog.council.setText("Example District Council")
    dialog.adjustSize()
    QApplication.processEvents()
    dialog.grab().save(str(out / "first-run.png"))
    dialog.reject()
    wait_until(window.settled)
    window.close()
    return out / "first-run.png"


def shoot_conflict(home: Home, out: Path, palette: str) -> Path:
    """The conflict inbox: both versions side by side over the Networks tab with its count."""
    window = MainWindow(home)
    window.resize(1400, 860)
    window.show()
    wait_until(lambda: window.ready_at is not None and window.settled())
    wait_until(lambda: window.networking.panel.conflict_count() == 1)
    window.networking.panel.list.setCurrentRow(0)
    window.networking.panel.resolve_button.click()
    wait_until(lambda: window.networking.conflict_dialog is not None)
    QApplication.processEvents()
    shot = out / f"conflict-{palette}.png"
    window.networking.conflict_dialog.grab().save(str(shot))
    window.networking.conflict_dialog.reject()
    window.close()
    return shot


#: The offscreen screen the shots are taken on, a 1366×768 laptop's, so that the editor and dialogs open at
#: the size they have there (Qt's offscreen platform reads it from a file).
SCREEN = {"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
                       "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}


def laptop_app(folder: Path) -> QApplication:
    config = folder / "screen.json"
    config.write_text(json.dumps(SCREEN), "utf-8")
    return QApplication(["casebook-shots", "-platform", f"offscreen:configfile={config}"])


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app = QApplication.instance() or laptop_app(Path(tmp))
        app.setStyle("Fusion")
        light = app.palette()
        for name, palette in (("light", light), ("dark", dark_palette())):
            app.setPalette(palette)
            window = MainWindow(Home(Path(tmp) / name).ensure())
            window.show()
            wait_until(lambda w=window: w.ready_at is not None)
            window.resize(WIDE)  # after the start, which fits the window to the (laptop) screen
            for path in shoot(window, out, name):
                print(path)
            if name == "light":
                print(shoot_laptop(window, out))
                print(shoot_first_run(Path(tmp) / "first-run", out))
            window.close()
            print(shoot_conflict(conflict_home(Path(tmp) / f"conflict-{name}"), out, name))
        app.setPalette(light)
        for path in shoot_bulk(Path(tmp) / "bulk", out, WIDE, wait_until):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
