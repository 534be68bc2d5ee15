"""The Qt binding keeps Python's reference counts: PySide6 6.12.0 dropped a reference to None on
every call of a method returning nothing, and on Python 3.11 the app aborted after a few thousand."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem


def test_void_calls_leave_none_alone(qtbot) -> None:
    tree = QTreeWidget()
    qtbot.addWidget(tree)
    item = QTreeWidgetItem(tree, ["value"])
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(500):
        item.setCheckState(0, Qt.CheckState.Checked)
        label.setText("text")
    assert sys.getrefcount(None) >= before - 50
