"""The facet panel: each facet value with its count, tick to filter."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

FACET_LABELS = {"outcome": "Outcome", "council": "Council", "theme": "Theme", "service": "Service area",
                "year": "Year", "source": "Source", "status": "Status"}
ValueRole = Qt.ItemDataRole.UserRole + 1
#: Values shown per facet, the most frequent (ticked ones always): hundreds of councils made every
#: keystroke rebuild hundreds of rows.
SHOWN = 25
VALUE_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable


class FacetPanel(QTreeWidget):
    """Emits `filtersChanged` with {facet: [values]} when a value is ticked or unticked."""

    filtersChanged = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("facetPanel")
        self.setAccessibleName("Filters")
        self.setAccessibleDescription("Tick values to narrow the results. Space ticks the selected value.")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self._chosen: dict[str, set[str]] = {name: set() for name in FACET_LABELS}
        self._groups: dict[str, QTreeWidgetItem] = {}
        for name, label in FACET_LABELS.items():
            group = QTreeWidgetItem(self, [label])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            group.setExpanded(name in ("outcome", "theme", "source", "status"))
            self._groups[name] = group
        self.itemChanged.connect(self._ticked)

    def filters(self) -> dict[str, list[str]]:
        return {name: sorted(values) for name, values in self._chosen.items() if values}

    def set_filters(self, filters: dict[str, list[str]]) -> None:
        self._chosen = {name: set(filters.get(name, ())) for name in FACET_LABELS}

    def clear(self) -> None:  # type: ignore[override]
        self._chosen = {name: set() for name in FACET_LABELS}
        self.filtersChanged.emit({})

    def set_counts(self, facets: dict[str, dict[str, int]]) -> None:
        """Show the counts of the latest result; ticked values stay even at zero."""
        self.blockSignals(True)
        for name, group in self._groups.items():
            everything = facets.get(name, {})
            counts = dict(list(everything.items())[:SHOWN])
            for value in self._chosen[name]:
                counts.setdefault(value, everything.get(value, 0))
            group.takeChildren()
            for value, count in counts.items():
                item = QTreeWidgetItem(group, [f"{value}  ({count})"])
                item.setData(0, ValueRole, value)
                item.setFlags(VALUE_FLAGS)
                ticked = value in self._chosen[name]
                item.setCheckState(0, Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
                item.setData(0, Qt.ItemDataRole.AccessibleTextRole,
                             f"{FACET_LABELS[name]} {value}, {count} cases{', ticked' if ticked else ''}")
            hidden = len(everything) - len(counts)
            group.setText(0, f"{FACET_LABELS[name]}" + (f"  ({len(self._chosen[name])} ticked)"
                                                         if self._chosen[name] else "")
                          + (f"  (top {len(counts)} of {len(everything)})" if hidden > 0 else ""))
        self.blockSignals(False)

    def item_for(self, facet: str, value: str) -> QTreeWidgetItem | None:
        group = self._groups[facet]
        for i in range(group.childCount()):
            if group.child(i).data(0, ValueRole) == value:
                return group.child(i)
        return None

    def _ticked(self, item: QTreeWidgetItem, _column: int) -> None:
        parent = item.parent()
        if parent is None:
            return
        name = next(n for n, g in self._groups.items() if g is parent)
        value = item.data(0, ValueRole)
        if item.checkState(0) == Qt.CheckState.Checked:
            self._chosen[name].add(value)
        else:
            self._chosen[name].discard(value)
        self.filtersChanged.emit(self.filters())
