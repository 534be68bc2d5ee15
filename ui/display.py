"""Can Qt open a window here? Checked before Qt is imported, because Qt aborts the process (SIGABRT)
when it finds no display or its xcb plugin cannot load, and names only the first missing library."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

CLI_HINT = ("The command line works without a display: `casebook search \"chatbot\"`, `casebook show ID`, "
            "`casebook --help`. To run the app headless, set QT_QPA_PLATFORM=offscreen.")
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def problem(env: Mapping[str, str] = os.environ) -> str | None:
    """Why the desktop app cannot open a window, or None. Only Linux and the BSDs are checked:
    elsewhere the system always provides a display."""
    platform = env.get("QT_QPA_PLATFORM", "")
    if sys.platform in ("win32", "darwin") or platform not in ("", "xcb"):
        return None
    if not platform and env.get("WAYLAND_DISPLAY"):
        return None
    if not env.get("DISPLAY"):
        return "no display was found (DISPLAY and WAYLAND_DISPLAY are not set)."
    missing = missing_libraries(xcb_plugin())
    if missing:
        return (f"Qt's X11 plugin needs system libraries that are not installed: {', '.join(missing)}.\n"
                f"Install them with: sudo apt-get install {' '.join(debian_package(m) for m in missing)}")
    if not display_reachable(env["DISPLAY"]):
        return f"the X display {env['DISPLAY']} cannot be reached."
    return None


def xcb_plugin() -> Path:
    """Qt's X11 platform plugin inside the PySide6 package (also in the frozen app)."""
    import PySide6  # the package only: importing it loads no Qt library

    return Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"


def missing_libraries(plugin: Path) -> list[str]:
    """The shared libraries `plugin` needs, directly or through Qt's own, that the loader cannot find
    (`ldd` answers with the same search path Qt will use). Empty when ldd or the plugin is absent."""
    ldd = shutil.which("ldd")
    if ldd is None or not plugin.is_file():
        return []
    done = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=20, check=False)
    return not_found(done.stdout)


def not_found(ldd_output: str) -> list[str]:
    """Library names that `ldd` printed as `not found`, each once, in order."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def debian_package(soname: str) -> str:
    """Debian's package name for a library: `libxcb-icccm.so.4` -> `libxcb-icccm4`,
    `libxkbcommon-x11.so.0` -> `libxkbcommon-x11-0` (a dash when the name ends in a digit)."""
    name, _, version = soname.partition(".so.")
    major = version.split(".")[0]
    return (name + ("-" if name[-1:].isdigit() else "") + major).lower()


def display_reachable(display: str) -> bool:
    """Whether an X server answers at `display` (libxcb's own connect, as Qt does)."""
    found = ctypes.util.find_library("xcb")
    if found is None:
        return True  # then the library check above has named libxcb
    xcb = ctypes.CDLL(found)
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return xcb.xcb_connection_has_error(connection) == 0
    finally:
        xcb.xcb_disconnect(connection)
