"""A first run that cannot fail silently: without a usable display `casebook` says what is missing
and what to use instead, and exits 1 (Qt alone would abort with SIGABRT, exit 134)."""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui import display

LDD = """\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /opt/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f1)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f2)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f3)
"""


def start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "ui"], env={**base, "CASEBOOK_HOME": str(tmp_path), **env},
                          capture_output=True, text=True, timeout=120)


def test_no_display_gives_a_message_and_exit_1(tmp_path: Path) -> None:
    done = start(tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "casebook: the desktop app cannot start: no display was found (DISPLAY and WAYLAND_DISPLAY are not set).",
        display.CLI_HINT]


def test_an_unusable_x_display_gives_a_message_and_exit_1(tmp_path: Path) -> None:
    done = start(tmp_path, DISPLAY=":97")
    assert done.returncode == 1
    assert done.stderr.startswith("casebook: the desktop app cannot start: ")
    assert ("sudo apt-get install libxcb" in done.stderr) or ("the X display :97 cannot be reached" in done.stderr)


def test_which_platform_is_checked() -> None:
    assert display.problem({}) == "no display was found (DISPLAY and WAYLAND_DISPLAY are not set)."
    assert display.problem({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}) == display.problem({})
    assert display.problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display.problem({"WAYLAND_DISPLAY": "wayland-0"}) is None


def test_missing_libraries_are_read_from_ldd_and_named_as_debian_packages() -> None:
    assert display.not_found(LDD) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert [display.debian_package(n) for n in (
        "libxcb-icccm.so.4", "libxcb-cursor.so.0", "libxkbcommon-x11.so.0", "libxcb-render-util.so.0",
        "libX11-xcb.so.1", "libEGL.so.1")] == [
        "libxcb-icccm4", "libxcb-cursor0", "libxkbcommon-x11-0", "libxcb-render-util0", "libx11-xcb1", "libegl1"]


def test_the_real_plugin_is_checked() -> None:
    plugin = display.xcb_plugin()
    assert plugin.is_file()
    assert all(name.startswith("lib") and ".so" in name for name in display.missing_libraries(plugin))


@pytest.mark.skipif(ctypes.util.find_library("xcb") is None, reason="libxcb is not installed")
def test_a_display_nobody_serves_is_unreachable() -> None:
    assert display.display_reachable(":97") is False
