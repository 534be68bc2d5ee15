"""Keeping windows on their screen: a first size that fits a 1366×768 laptop (for the main window, the
editor and every dialog sized by code), and a remembered geometry from a larger or disconnected screen
brought back inside the one the window is on."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1280, 800)
#: Room for the window manager's frame and title bar, which are unknown until the window is shown.
FRAME_GUESS = QMargins(8, 40, 8, 8)


def fit(rect: QRect, available: QRect) -> QRect:
    """`rect` shrunk to at most the size of `available`, then moved the least distance into it."""
    size = rect.size().boundedTo(available.size())
    left = min(max(rect.left(), available.left()), available.left() + available.width() - size.width())
    top = min(max(rect.top(), available.top()), available.top() + available.height() - size.height())
    return QRect(QPoint(left, top), size)


def available(window: QWidget) -> QRect:
    """The part of the window's screen not taken by panels and task bars."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def first_size(window: QWidget, preferred: QSize = PREFERRED) -> QSize:
    """`preferred`, or less on a screen too small for it with the window's frame and title bar."""
    return preferred.boundedTo(available(window).size().shrunkBy(FRAME_GUESS))


def keep_on_screen(window: QWidget) -> None:
    """Move and if need be shrink `window`, its frame and title bar included, into its screen."""
    inner = window.geometry()
    frame = window.frameGeometry() if window.isVisible() else inner.marginsAdded(FRAME_GUESS)
    fitted = fit(frame, available(window))
    if fitted != frame:
        window.setGeometry(QRect(fitted.topLeft() + (inner.topLeft() - frame.topLeft()),
                                 fitted.size() - (frame.size() - inner.size())))
