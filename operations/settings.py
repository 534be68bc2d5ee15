"""The officer's settings (council name, examples, how often the library is checked)."""

from __future__ import annotations

from casebook.library import Library
from operations.changes import NOTHING, Changes


def current(lib: Library) -> dict[str, str]:
    """Every setting's value, defaults included."""
    return lib.settings()


def save(lib: Library, values: dict[str, str]) -> tuple[list[str], Changes]:
    """Store the settings (none if any value is refused); the names whose value changed."""
    changed = lib.put_settings(values)
    return changed, Changes(settings=True) if changed else NOTHING
