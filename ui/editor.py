"""The case editor: front-matter fields with the allowed values as choices, a Markdown body with
live preview, validation next to each field, atomic saves and crash-recovery drafts."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from casebook import casefile, template
from casebook.authoring import render
from casebook.model import OUTCOMES, SHARING, THEMES, Case, build_case
from casebook.render import markdown_html
from ui import geometry, interaction
from ui.caseview import CaseView
from ui.similar import Ask, SimilarCases

DRAFT_EVERY_MS = 5000
LINE_FIELDS = {"title": "Title", "council": "Council", "date": "Date (YYYY, YYYY-MM or YYYY-MM-DD)",
               "service_area": "Service areas (comma separated)", "tags": "Tags (comma separated)",
               "contact": "Contact", "cost": "Cost", "savings": "Savings",
               "related": "Related case ids (comma separated)"}
LIST_LINE_FIELDS = ("service_area", "tags", "related")
#: What a field's screen-reader description says while it has no problem to report.
HELP = {"body": "Context, What was done, What happened, Lessons and Advice sections."}


class CaseEditor(QWidget):
    """Edits one case of the own library. It never touches the case file: `saveRequested(path or None,
    front matter, body)` asks for a save (done off the UI thread), and `saved_as(path, revision)` says
    it was written."""

    saveRequested = Signal(object, dict, str)

    def __init__(self, drafts: Path, path: Path | None = None, text: str | None = None,
                 councils: list[str] | None = None, similar: Ask | None = None,
                 parent: QWidget | None = None, council: str = "") -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("editor")
        self.setAccessibleName("Case editor")
        self.drafts, self.path = drafts, path
        self.draft = drafts / f"{uuid.uuid4().hex}.json"
        self._extra: dict[str, Any] = {}
        self._id = path.stem if path else ""
        self._council = council  # a new case's council: the officer's own
        self._dirty = False
        self._saved = False  # written since the last edit: the status says so
        #: Counts edits, so a save that finishes after further typing leaves the editor dirty.
        self.revision = 0
        self._saving = self._save_again = False
        self.similar = SimilarCases(similar, lambda: self.path) if similar else None
        self._build(councils or [])
        self.load(text)
        self._timer = QTimer(self, singleShot=True, interval=250, timeout=self._refresh)
        self._draft_timer = QTimer(self, interval=DRAFT_EVERY_MS, timeout=self.write_draft)
        self._draft_timer.start()
        self._watch_changes()
        self._refresh()
        self._focus_first()
        self.resize(geometry.first_size(self, QSize(1100, 760)))

    # -- building -------------------------------------------------------------
    def _build(self, councils: list[str]) -> None:
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for key, label in LINE_FIELDS.items():
            self.fields[key] = self._line(key, label)
        self.fields["council"].setCompleter(QCompleter(sorted(councils), self))
        self.outcome = self._combo("outcome", "Outcome", ("", *OUTCOMES))
        self.sharing = self._combo("sharing", "Sharing (internal never leaves this computer)", SHARING)
        self.summary = self._text("summary", "Summary (one or two sentences)", 70)
        self.sources = self._text("sources", "Sources (one per line)", 70)
        self.themes = {t: self._check(t) for t in THEMES}
        rows: list[tuple[str, QWidget]] = [
            ("title", self.fields["title"]), ("council", self.fields["council"]), ("outcome", self.outcome),
            ("summary", self.summary), ("date", self.fields["date"]), ("themes", self._theme_box()),
            ("service_area", self.fields["service_area"]), ("tags", self.fields["tags"]), ("sharing", self.sharing),
            ("contact", self.fields["contact"]), ("cost", self.fields["cost"]), ("savings", self.fields["savings"]),
            ("sources", self.sources), ("related", self.fields["related"])]
        self.order = [key for key, _ in rows]
        for key, widget in rows:
            self.errors[key] = self._error_label(key)
            box = QVBoxLayout()
            box.addWidget(widget)
            box.addWidget(self.errors[key])
            label = QLabel(f"&{widget.accessibleName()}" if key == "title" else widget.accessibleName())
            label.setBuddy(widget)
            form.addRow(label, box)
        holder = QWidget()
        holder.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        self.body = QPlainTextEdit()
        self.body.setAccessibleName("Case text (Markdown)")
        self.body.setAccessibleDescription(HELP["body"])
        self.errors["body"] = self._error_label("body")
        text_column = QWidget()
        column = QVBoxLayout(text_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.body, 1)
        column.addWidget(self.errors["body"])
        self.preview = CaseView()
        self.preview.setObjectName("editorPreview")
        self.preview.setAccessibleName("Preview")
        form_column: QWidget = scroll
        if self.similar:
            form_column = QSplitter(Qt.Orientation.Vertical)
            form_column.addWidget(scroll)
            similar = QGroupBox("Similar cases already written (appear once a title and summary are written)")
            QVBoxLayout(similar).addWidget(self.similar)
            form_column.addWidget(similar)
            form_column.setSizes([600, 120])
        split = QSplitter(Qt.Orientation.Horizontal)
        for widget in (form_column, text_column, self.preview):
            split.addWidget(widget)
        split.setSizes([400, 380, 320])
        self.status = QLabel()
        self.status.setAccessibleName("Validation summary")
        self.save_button = QPushButton("&Save")
        self.save_button.setAccessibleName("Save case")
        self.save_button.clicked.connect(self.save)
        close = QPushButton("&Close")
        close.setAccessibleName("Close editor")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        for key in (QKeySequence(Qt.Key.Key_Escape), QKeySequence(QKeySequence.StandardKey.Close)):
            QShortcut(key, self, activated=self.close)

    def _line(self, key: str, label: str) -> QLineEdit:
        widget = QLineEdit()
        widget.setObjectName(f"field_{key}")
        widget.setAccessibleName(label)
        return widget

    def _combo(self, key: str, label: str, values: tuple[str, ...]) -> QComboBox:
        widget = QComboBox()
        widget.setObjectName(f"field_{key}")
        widget.setAccessibleName(label)
        widget.addItems(list(values))
        return widget

    def _text(self, key: str, label: str, height: int) -> QPlainTextEdit:
        widget = QPlainTextEdit()
        widget.setObjectName(f"field_{key}")
        widget.setAccessibleName(label)
        widget.setTabChangesFocus(True)
        widget.setFixedHeight(height)
        return widget

    def _check(self, theme: str) -> QCheckBox:
        box = QCheckBox(theme)
        box.setAccessibleName(f"Theme: {theme}")
        return box

    def _theme_box(self) -> QWidget:
        box = QWidget()
        box.setAccessibleName("Themes")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        for check in self.themes.values():
            layout.addWidget(check)
        return box

    def _error_label(self, key: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"error_{key}")
        label.setWordWrap(True)
        label.setStyleSheet("color: palette(bright-text); background: #b3261e; padding: 1px 4px;")
        label.hide()
        return label

    def _watch_changes(self) -> None:
        for widget in (*self.fields.values(),):
            widget.textChanged.connect(self._changed)
        for widget in (self.summary, self.sources, self.body):
            widget.textChanged.connect(self._changed)
        for widget in (self.outcome, self.sharing):
            widget.currentIndexChanged.connect(self._changed)
        for check in self.themes.values():
            check.toggled.connect(self._changed)

    # -- content ----------------------------------------------------------------
    def load(self, text: str | None) -> None:
        """Fill the form from a case file's text (a new case from the template when None)."""
        case = casefile.parse(text.encode("utf-8"), "editor", self._id or "case")[0] if text is not None else None
        if case is None:
            case = Case(id=self._id, title="", council=self._council, outcome="", summary="", body=template.body())
        for key in LINE_FIELDS:
            value = getattr(case, key)
            self.fields[key].setText(", ".join(value) if key in LIST_LINE_FIELDS else value)
        self.outcome.setCurrentText(case.outcome if case.outcome in OUTCOMES else "")
        self.sharing.setCurrentText(case.sharing)
        self.summary.setPlainText(case.summary)
        self.sources.setPlainText("\n".join(case.sources))
        for theme, check in self.themes.items():
            check.setChecked(theme in case.themes)
        self.body.setPlainText(case.body)
        self._extra = dict(case.extra)
        self._id = case.id
        self._dirty = False

    def meta(self) -> dict[str, Any]:
        meta: dict[str, Any] = {"id": self._id}
        for key in LINE_FIELDS:
            value = self.fields[key].text().strip()
            meta[key] = [v.strip() for v in value.split(",") if v.strip()] if key in LIST_LINE_FIELDS else value
        meta.update(outcome=self.outcome.currentText(), sharing=self.sharing.currentText(),
                    summary=" ".join(self.summary.toPlainText().split()),
                    sources=[s.strip() for s in self.sources.toPlainText().splitlines() if s.strip()],
                    themes=[t for t, check in self.themes.items() if check.isChecked()])
        return {**meta, **self._extra}

    def text(self) -> str:
        return render(self.meta(), self.body.toPlainText())

    def problems(self) -> dict[str, list[str]]:
        """Validation messages by field, from the core's own rules."""
        meta = {k: v for k, v in self.meta().items() if v not in ("", [])}
        _, problems = build_case(meta, {}, self.body.toPlainText(), self._id or "new-case")
        found: dict[str, list[str]] = {}
        for problem in problems:
            found.setdefault(problem.field or "title", []).append(problem.message)
        return found

    def _changed(self) -> None:
        self._dirty, self._saved = True, False
        self.revision += 1
        self._timer.start()
        if self.similar:
            self.similar.text_changed(self.fields["title"].text(), self.summary.toPlainText())

    def _refresh(self) -> None:
        problems = self.problems()
        for key, label in self.errors.items():
            messages = problems.get(key, [])
            label.setText("\n".join(f"• {m}" for m in messages) if len(messages) > 1 else "".join(messages))
            label.setVisible(bool(messages))
            self._field_widget(key).setAccessibleDescription("; ".join(messages) or HELP.get(key, ""))
        self.status.setText(self._status(sum(len(v) for v in problems.values())))
        self.preview.show_html(markdown_html(self.body.toPlainText()), self.path.parent if self.path else None)
        title = self.fields["title"].text() or "New case"
        self.setWindowTitle(f"{'*' if self._dirty else ''}{title} — Casebook editor")

    def _status(self, count: int) -> str:
        """Whether the case was saved, and how many problems will mark it incomplete."""
        if self._saved and self.path is not None:
            return f"Saved to {self.path.name}" + (f"; {count} problem(s) mark it incomplete" if count else "")
        return f"{count} problem(s): the case can be saved but is marked incomplete" if count else "Ready to save"

    def _focus_first(self) -> None:
        """Typing goes to the first field with a problem (a new case's Title), else to the Title."""
        problems = self.problems()
        key = next((k for k in self.order if k in problems
                    and self._field_widget(k).focusPolicy() != Qt.FocusPolicy.NoFocus), "title")
        self._field_widget(key).setFocus()

    def _field_widget(self, key: str) -> QWidget:
        return {"outcome": self.outcome, "sharing": self.sharing, "summary": self.summary,
                "sources": self.sources, "body": self.body}.get(key) or self.fields.get(key) or self

    # -- saving -----------------------------------------------------------------
    def save(self) -> bool:
        """Ask for the case to be saved; False when there is no title to name it by. The draft stays
        until the save is confirmed, so a failed save loses nothing."""
        if self.path is None and not self.fields["title"].text().strip():
            self._refresh()
            self.fields["title"].setFocus()
            return False
        self.write_draft()
        if self._saving and self.path is None:  # the first save of a new case names its file: wait for it
            self._save_again = True
            return True
        self._saving = True
        self.saveRequested.emit(self.path, self.meta(), self.body.toPlainText())
        return True

    def saved_as(self, path: Path, revision: int) -> None:
        """The save asked for at `revision` was written to `path`."""
        self.path, self._id, self._saving = path, path.stem, False
        if revision == self.revision:
            self._dirty, self._saved = False, True
            self.draft.unlink(missing_ok=True)
        self._refresh()
        if self._save_again:
            self._save_again = False
            self.save()

    def is_dirty(self) -> bool:
        return self._dirty

    def write_draft(self) -> None:
        """Keep the unsaved text where a crash cannot take it (see `recover_drafts`)."""
        if self._dirty:
            self.drafts.mkdir(parents=True, exist_ok=True)
            data = {"path": str(self.path) if self.path else None, "text": self.text()}
            tmp = self.draft.with_suffix(".tmp")
            tmp.write_text(json.dumps(data), "utf-8")
            tmp.replace(self.draft)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._dirty:
            answer = interaction.ask_unsaved(self, self.fields["title"].text())
            if answer == interaction.CANCEL or (answer == interaction.SAVE and not self.save()):
                event.ignore()
                return
            self._dirty = answer != interaction.DISCARD
        self._draft_timer.stop()
        if not self._dirty:  # a save still on its way keeps its draft until it is written
            self.draft.unlink(missing_ok=True)
        event.accept()


def recover_drafts(drafts: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Drafts left by editors that did not close normally."""
    found = []
    for draft in sorted(drafts.glob("*.json")) if drafts.is_dir() else []:
        try:
            found.append((draft, json.loads(draft.read_text("utf-8"))))
        except (OSError, ValueError):
            continue
    return found


def open_editor(drafts: Path, **kwargs: Any) -> CaseEditor:
    editor = CaseEditor(drafts, **kwargs)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.show()
    return editor
