"""`python -m bench.bundle [BUNDLE]`: the one-folder bundle (default dist/casebook) against the
development venv in the same run — its size, and launch to a usable window offscreen (the app
prints `ready S` when the first results are on screen), first run on a new home and next run."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def launch(command: list[str], home: Path) -> tuple[float, float]:
    """(seconds to a usable window as the app measures it, wall seconds of the whole process)."""
    env = {**os.environ, "CASEBOOK_HOME": str(home), "CASEBOOK_REPORT_READY": "quit", "QT_QPA_PLATFORM": "offscreen"}
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    return float(next(line for line in done.stdout.splitlines() if line.startswith("ready ")).split()[1]), wall


def runs(command: list[str], work: Path, times: int) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {"first": [], "first wall": [], "next": [], "next wall": []}
    for n in range(times):
        for kind in ("first", "next"):
            ready, wall = launch(command, work / str(n))
            found[kind].append(ready)
            found[f"{kind} wall"].append(wall)
    return found


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("bundle", nargs="?", default="dist/casebook", type=Path)
    parser.add_argument("--times", type=int, default=5, help="launches of each kind (median reported)")
    args = parser.parse_args()
    archives = sorted(args.bundle.parent.glob("casebook-*.tar.gz"))
    print(f"bundle folder: {folder_bytes(args.bundle) / 2**20:.0f} MiB"
          + (f", archive {archives[-1].name}: {archives[-1].stat().st_size / 2**20:.0f} MiB" if archives else ""))
    work = Path(tempfile.mkdtemp(prefix="casebook-bench-bundle-"))
    try:
        for name, command in (("bundle", [str(args.bundle.resolve() / "casebook")]),
                              ("venv", [sys.executable, "-m", "ui"])):
            found = runs(command, work / name, args.times)
            print(f"{name:<7}" + "  ".join(f"{k}: {statistics.median(v):.2f} s" for k, v in found.items()))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
