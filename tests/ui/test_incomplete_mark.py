"""Incomplete cases are marked in the results (a muted badge, a tooltip and accessible text saying what
is missing) and counted in the Status filter."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import Qt

from casebook.library import Library
from tests.conftest import case_text
from ui.facets import FacetPanel
from ui.results import COL_OUTCOME, COL_TITLE, HtmlRole, ResultsModel


def test_the_results_show_the_badge_and_what_is_missing(qtbot, library: Library) -> None:
    (library.home.library / "bin-app.md").write_text("---\ntitle: Bin app\nsummary: Bins.\n---\nText.\n", "utf-8")
    (library.home.library / "hubs.md").write_text("---\ntitle: Hubs\ncouncil: Leeds\nsummary: Hubs.\n---\nText.\n")
    (library.home.library / "parks.md").write_text(case_text(title="Parks"), "utf-8")
    library.update()
    result = library.search("*", sort="title")
    model = ResultsModel()
    model.set_hits(result.hits)
    rows = [model.index(row, COL_TITLE) for row in range(3)]
    assert [i.data(Qt.ItemDataRole.DisplayRole) for i in rows] == ["Bin app", "Hubs", "Parks"]
    assert ["incomplete</i>" in i.data(HtmlRole) for i in rows] == [True, True, False]
    assert [i.data(Qt.ItemDataRole.AccessibleTextRole) for i in rows] == [
        "Bin app (incomplete: required field 'council' is missing; required field 'outcome' is missing)",
        "Hubs (incomplete: required field 'outcome' is missing)",
        "Parks"]
    assert shown_as(model.index(1, COL_OUTCOME).data(Qt.ItemDataRole.ToolTipRole)) == (
        "Hubs\nLeeds\nincomplete: required field 'outcome' is missing")
    panel = FacetPanel()
    qtbot.addWidget(panel)
    panel.set_counts(result.facets)
    assert panel.item_for("status", "incomplete").text(0) == "incomplete  (2)"
    assert panel.item_for("status", "complete").text(0) == "complete  (1)"


def shown_as(tip: str) -> str:
    """A tooltip's text as Qt shows it: read as rich text when its first line looks like HTML."""
    doc = QtGui.QTextDocument()
    if QtGui.Qt.mightBeRichText(tip):
        doc.setHtml(tip)
    else:
        doc.setPlainText(tip)
    return doc.toPlainText().replace("\u2028", "\n")


def test_the_tooltip_shows_markup_from_the_case_file_as_text(qtbot, library: Library) -> None:
    """Title and problems come from the case file (a peer's, perhaps): never read as HTML."""
    text = "---\ntitle: <b>Bins</b> <img src=x>\ncouncil: Leeds\noutcome: <i>won</i>\nsummary: Bins.\n---\nText.\n"
    (library.home.library / "bins.md").write_text(text, "utf-8")
    library.update()
    model = ResultsModel()
    model.set_hits(library.search("*").hits)
    assert shown_as(model.index(0, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)) == (
        "<b>Bins</b> <img src=x>\nLeeds · <i>won</i>\n"
        "incomplete: 'outcome' is '<i>won</i>'; allowed: success, failure, mixed, ongoing")
