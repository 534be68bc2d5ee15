"""Typed errors of the core. Expected failures are values; these are the real errors."""

from __future__ import annotations

import errno
from pathlib import Path


class CasebookError(Exception):
    """Base class: the message is meant for the user."""


class CaseFormatError(CasebookError):
    """A case file that cannot be read or parsed."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(f"{self.path}:{line}: {message}")


class InputError(CasebookError, ValueError):
    """A value the user gave that cannot be used (an unknown sort, facet, setting or outcome)."""


class LockedError(CasebookError):
    """Another process holds a lock (the index's, or a network clone's)."""


class IndexNotReadyError(CasebookError):
    """No index yet, and this caller must not build one (the app's search thread)."""


class CaseNotFoundError(CasebookError):
    """No case with the given id."""

    def __init__(self, case_id: str) -> None:
        self.case_id = case_id
        super().__init__(f"no case with id '{case_id}' (try `casebook search`)")


def disk_full(exc: BaseException) -> bool:
    """True for what a full disk raises: OSError ENOSPC or EDQUOT, SQLite's 'database or disk is full'."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return "database or disk is full" in str(exc)
