"""The core stays importable without Qt or git (import-linter checks the source too)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import casebook

FORBIDDEN = ("PySide6", "shiboken6", "git", "ui", "sync")


def test_importing_every_core_module_loads_no_qt_git_ui_or_sync() -> None:
    modules = [m.name for m in pkgutil.walk_packages(casebook.__path__, "casebook.") if m.name != "casebook.__main__"]
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert len(modules) >= 15
