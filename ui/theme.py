"""Colours that read well on light and dark palettes. Outcome is never shown by colour alone."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from casebook.charts import COLOURS

_LIGHT = COLOURS  # the digest charts' colours
_DARK = {"success": "#7fd083", "failure": "#ff8a80", "mixed": "#ffcc66", "ongoing": "#8ab4f8"}


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def outcome_colours() -> dict[str, str]:
    return dict(_DARK if is_dark() else _LIGHT)


def outcome_colour(outcome: str) -> QColor | None:
    value = outcome_colours().get(outcome)
    return QColor(value) if value else None


def muted_colour() -> str:
    """The palette's colour for secondary text (a badge beside a title), as #rrggbb."""
    return QApplication.palette().color(QPalette.ColorRole.PlaceholderText).name()


def dark_palette() -> QPalette:
    """A dark palette for screenshots and for systems that report none."""
    p = QPalette()
    roles = {QPalette.ColorRole.Window: "#202124", QPalette.ColorRole.WindowText: "#e8eaed",
             QPalette.ColorRole.Base: "#2b2d31", QPalette.ColorRole.AlternateBase: "#26282b",
             QPalette.ColorRole.Text: "#e8eaed", QPalette.ColorRole.Button: "#2d2f33",
             QPalette.ColorRole.ButtonText: "#e8eaed", QPalette.ColorRole.Highlight: "#3d6fb6",
             QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#2d2f33",
             QPalette.ColorRole.ToolTipText: "#e8eaed", QPalette.ColorRole.PlaceholderText: "#9aa0a6",
             QPalette.ColorRole.Link: "#8ab4f8", QPalette.ColorRole.BrightText: "#ffffff",
             QPalette.ColorRole.Light: "#5f6368", QPalette.ColorRole.Midlight: "#4a4d51",
             QPalette.ColorRole.Mid: "#6b7075", QPalette.ColorRole.Dark: "#9aa0a6",
             QPalette.ColorRole.Shadow: "#000000"}
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f7378"))
    return p
