"""Writing cases: editors for new, own and copied cases, saving through `operations.cases` off the UI
thread, delete with undo, and crash-recovery drafts offered at start."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shiboken6 import isValid

from casebook.search import Hit
from casebook.sources import LIBRARY
from operations import cases, searching
from operations.cases import Deleted
from ui import interaction
from ui.editor import CaseEditor, open_editor, recover_drafts
from ui.outside import system_trash
from ui.tasks import Controller

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow


class EditController(Controller):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.editors: list[CaseEditor] = []
        self.deleted: list[Deleted] = []

    @property
    def drafts(self) -> Path:
        return self.window.home.root / "drafts"

    def new(self, text: str | None = None, path: Path | None = None) -> CaseEditor:
        councils = self.window.searching.model.councils()
        editor = open_editor(self.drafts, councils=councils, path=path, text=text, similar=self._ask_similar,
                             council=self.window.configuring.values.get("council", ""))
        editor.saveRequested.connect(lambda *args: self._save(editor, *args))
        self.editors.append(editor)
        editor.destroyed.connect(lambda *_: self.editors.remove(editor) if editor in self.editors else None)
        return editor

    def _ask_similar(self, text: str, done: Callable[[list[Hit]], None]) -> None:
        """The editor's similar cases, searched on the reader thread; while the index is being built
        (or on any error) the list simply stays as it was."""
        self.tasks.query(lambda lib: searching.similar(lib, text), done, on_error=lambda _: None)

    def edit(self) -> None:
        opened = self.window.reading.current
        if opened and opened.editable:
            path = opened.cf.path
            self.tasks.query(lambda _: cases.read_text(path), lambda text: self.new(text=text, path=path))

    def copy(self) -> None:
        case_id = self.window.reading.current_id()
        if case_id:
            self.tasks.write(lambda lib: cases.copy_to_library(lib, case_id),
                             lambda path: self.tasks.query(lambda _: cases.read_text(path),
                                                           lambda text: self.new(text=text, path=path)))

    def _save(self, editor: CaseEditor, path: Path | None, meta: dict[str, Any], body: str) -> None:
        draft, revision = editor.draft, editor.revision

        def done(saved: Path) -> None:
            if isValid(editor):
                editor.saved_as(saved, revision)
            else:
                draft.unlink(missing_ok=True)
            self.window.tell(f"Saved {saved.name}", 5000)
            uid = f"{LIBRARY}:{saved.relative_to(self.window.home.library).as_posix()}"
            current = self.window.reading.current
            if not (current and current.cf.uid == uid):  # the open case itself is re-read on Tasks.changed
                self.window.reading.open(uid)

        self.tasks.write(lambda lib: cases.save_case(lib, path, meta, body), done)

    def delete(self) -> None:
        opened = self.window.reading.current
        if not (opened and opened.editable):
            return
        title = opened.cf.case.title or opened.cf.path.name
        if interaction.ask_yes_no(self.window, "Delete case", f"Delete “{title}” from your library? "
                                  "Edit ▸ Undo delete puts it back."):
            case_id = opened.cf.uid
            self.tasks.write(lambda lib: cases.delete_case(lib, case_id, system_trash), self._deleted)

    def _deleted(self, deleted: Deleted) -> None:
        self.deleted.append(deleted)
        self.window.tell(f"Moved {deleted.original.name} to the trash (Edit ▸ Undo delete puts it back)", 10000)
        self.window.update_actions()

    def undo_delete(self) -> None:
        if self.deleted:
            deleted = self.deleted.pop()
            self.tasks.write(lambda lib: cases.restore_case(lib, deleted),
                             lambda path: self.window.tell(f"Restored {path.name}", 5000))
            self.window.update_actions()

    def recover_drafts(self) -> None:
        for draft, data in recover_drafts(self.drafts):
            path = Path(data["path"]) if data.get("path") else None
            what = path.name if path else "a new case"
            if interaction.ask_yes_no(self.window, "Recover unsaved work",
                                      f"Casebook found unsaved changes to {what} from a session that did not "
                                      "close normally. Open them in the editor?"):
                self.new(text=data["text"], path=path)._dirty = True
            draft.unlink(missing_ok=True)

    def close_all(self) -> bool:
        """Close every editor; False when the officer kept one open."""
        return all(editor.close() for editor in list(self.editors))
