"""The models pass Qt's model tester; every interactive widget has an accessible name."""

from __future__ import annotations

import re

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from casebook.search import Hit
from ui.mainwindow import MainWindow
from ui.results import ResultsModel, ResultsProxy

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QTextEdit, QPlainTextEdit, QTabBar)


def hit(n: int, outcome: str = "failure") -> Hit:
    return Hit(id=f"c{n}", title=f"Case {n}", council="C", outcome=outcome, date=f"20{n:02d}", source="library",
               path=f"/x/c{n}.md", score=1.0 / (n + 1), snippet=f"a <mark>word</mark> {n}", uid=f"library:c{n}.md")


def test_results_model_and_proxy_pass_the_model_tester(qtmodeltester) -> None:
    model = ResultsModel()
    model.set_hits([hit(n, ("failure", "success")[n % 2]) for n in range(12)])
    qtmodeltester.check(model)
    proxy = ResultsProxy()
    proxy.setSourceModel(model)
    proxy.sort(2)
    qtmodeltester.check(proxy)
    model.set_hits([])
    qtmodeltester.check(model)


def test_the_proxy_keeps_rank_order_until_a_header_is_clicked() -> None:
    model = ResultsModel()
    model.set_hits([hit(3), hit(1), hit(2)])
    proxy = ResultsProxy()
    proxy.setSourceModel(model)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["Case 3", "Case 1", "Case 2"]
    proxy.sort(0)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["Case 1", "Case 2", "Case 3"]


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return widget.accessibleName() or (interface.text(QAccessible.Text.Name) if interface else "")


def unnamed(root: QWidget) -> list[str]:
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, INTERACTIVE) and widget.isVisibleTo(root) and not accessible_name(widget).strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parent()).__name__}")
    return missing


def test_every_interactive_widget_has_an_accessible_name(window: MainWindow) -> None:
    assert unnamed(window) == []
    editor = window.editing.new()
    assert unnamed(editor) == []
    editor.close()


def test_each_item_of_a_menu_has_its_own_access_key(window: MainWindow) -> None:
    """Alt, the menu's letter, then an item's letter runs the item only where no other item of the menu
    has that letter (with two, the letter only moves between them)."""
    menus = [action.menu() for action in window.menuBar().actions()]
    assert [m.title() for m in menus] == ["&File", "&Edit", "&View", "&Help"]
    for menu in menus:
        keys = [re.search(r"&(.)", action.text()).group(1).lower() for action in menu.actions() if "&" in action.text()]
        assert sorted(keys) == sorted(set(keys)), menu.title()


def test_the_key_widgets_carry_stable_object_names(window: MainWindow) -> None:
    names = {"searchBox": QLineEdit, "resultsView": QAbstractItemView, "facetPanel": QWidget,
             "caseView": QTextEdit, "bookmarksPanel": QWidget}
    for name, kind in names.items():
        found = window.findChild(QWidget, name)
        assert isinstance(found, kind), name
    assert window.findChild(QWidget, "resultsView").model().rowCount() == window.searching.model.rowCount()
