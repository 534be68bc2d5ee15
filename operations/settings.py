"""The officer's settings (council name, examples, how often the library is checked), and the first run
that offers to set them on a home never set up."""

from __future__ import annotations

from casebook.library import Library
from casebook.sources import walk
from operations.changes import NOTHING, Changes

#: Kept beside the settings in the catalog, so it survives a rebuild, but not one of them: the officer
#: neither sees nor sets it. Its value is the way the first run ended ("done" or "skipped").
FIRST_RUN = "first_run_done"


def current(lib: Library) -> dict[str, str]:
    """Every setting's value, defaults included."""
    return lib.settings()


def save(lib: Library, values: dict[str, str]) -> tuple[list[str], Changes]:
    """Store the settings (none if any value is refused); the names whose value changed."""
    changed = lib.put_settings(values)
    return changed, Changes(settings=True) if changed else NOTHING


def needs_first_run(lib: Library) -> bool:
    """True for a home never set up: no first run finished or skipped in it, no council name, no own
    case file and no network joined. A home in use never gets the first run."""
    if lib.catalog.get_setting(FIRST_RUN) is not None or lib.settings()["council"]:
        return False
    joined = lib.home.networks.is_dir() and any(lib.home.networks.iterdir())
    own = lib.home.library.is_dir() and next(walk(lib.home.library), None) is not None
    return not (joined or own)


def first_run(lib: Library, values: dict[str, str] | None) -> tuple[list[str], Changes]:
    """Store the first run's answers (None: skipped, nothing stored) and mark the first run over, so it
    is not offered again; the names of the settings whose value changed."""
    changed, changes = save(lib, values) if values else ([], NOTHING)
    lib.catalog.set_setting(FIRST_RUN, "done" if values else "skipped")
    return changed, changes
