"""`casebook` with no command opens a usable window on the bundled cases; the time it takes is
measured here and recorded by the benchmark (no timing target is asserted in a test)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def launch(home: Path) -> tuple[float, float]:
    env = {**os.environ, "CASEBOOK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "CASEBOOK_REPORT_READY": "quit"}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ui"], env=env, capture_output=True, text=True, timeout=120)
    wall = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    ready = [line for line in done.stdout.splitlines() if line.startswith("ready ")]
    assert len(ready) == 1, done.stdout
    return float(ready[0].split()[1]), wall


def test_launch_to_a_usable_window(tmp_path: Path) -> None:
    first, first_wall = launch(tmp_path / "home")
    again, again_wall = launch(tmp_path / "home")
    print(f"first run: usable after {first:.2f} s ({first_wall:.2f} s wall); "
          f"next run: {again:.2f} s ({again_wall:.2f} s wall)")
    assert 0 < first < first_wall and 0 < again < again_wall
    assert (tmp_path / "home" / "index" / "CURRENT").is_file()


def test_commands_still_work_through_the_same_entry_point(tmp_path: Path) -> None:
    env = {**os.environ, "CASEBOOK_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "ui", "search", "ransomware", "--json"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert '"query": "ransomware"' in done.stdout


def test_a_search_through_the_entry_point_skips_the_plugins(tmp_path: Path) -> None:
    """Looking the plugins up reads every installed package's metadata and imports sync: about
    20 ms of each `casebook search`, which needs neither."""
    env = {**os.environ, "CASEBOOK_HOME": str(tmp_path / "home")}
    subprocess.run([sys.executable, "-m", "ui", "index"], env=env, capture_output=True, check=True, timeout=120)
    script = ("import sys\nfrom ui.launch import main\ncode = main(['search', 'chatbot'])\n"
              "print(code, sorted(m for m in ('importlib.metadata', 'sync.cli', 'git') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "0 []"
