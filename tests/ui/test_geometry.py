"""The main window fits a 1366×768 laptop screen at 100 % scaling, and a remembered geometry that no
longer fits the screen is brought back onto it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSettings
from PySide6.QtWidgets import QTabBar

from casebook.home import Home
from ui import geometry
from ui.mainwindow import MainWindow

LAPTOP = QRect(0, 0, 1366, 768 - 40)  # a 1366×768 screen less a 40-pixel task bar


def test_the_smallest_window_fits_a_laptop_screen_docks_and_status_bar_included(qtbot, window: MainWindow) -> None:
    hint = window.minimumSizeHint()
    assert hint.width() <= LAPTOP.width() and hint.height() <= LAPTOP.height(), hint
    window.resize(LAPTOP.size().shrunkBy(geometry.FRAME_GUESS))
    qtbot.waitUntil(lambda: window.size() == LAPTOP.size().shrunkBy(geometry.FRAME_GUESS))
    inside = [window.statusBar(), window.filter_dock, *window.findChildren(QTabBar)]
    assert window.findChildren(QTabBar) and all(window.rect().contains(w.geometry()) for w in inside)


def test_the_first_window_lies_inside_its_screen(window: MainWindow) -> None:
    assert geometry.available(window).contains(window.frameGeometry())


def test_fit_shrinks_and_moves_the_least_distance() -> None:
    assert geometry.fit(QRect(3000, 2000, 2400, 1600), LAPTOP) == QRect(0, 0, 1366, 728)
    assert geometry.fit(QRect(-500, 100, 800, 600), LAPTOP) == QRect(0, 100, 800, 600)
    assert geometry.fit(QRect(1000, 500, 800, 600), LAPTOP) == QRect(566, 128, 800, 600)
    assert geometry.fit(QRect(10, 20, 800, 600), LAPTOP) == QRect(10, 20, 800, 600)


def test_a_remembered_geometry_off_the_screen_is_brought_back(
        open_window: Callable[[Home], MainWindow], ui_home: Home) -> None:
    first = open_window(ui_home)
    first.setGeometry(5000, 4000, 2600, 1900)  # as saved on a large screen that is no longer attached
    first.close()
    assert QSettings(str(ui_home.root / "ui.ini"), QSettings.Format.IniFormat).value("geometry") is not None
    again = open_window(ui_home)
    screen = geometry.available(again)
    assert screen.contains(again.frameGeometry()), (again.frameGeometry(), screen)
    assert again.width() <= screen.width() and again.height() <= screen.height()
