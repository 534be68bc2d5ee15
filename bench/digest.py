"""`python -m bench.digest`: time to compile a 200-case digest (recurring lessons included) and write
it as Markdown, HTML, PDF and Word (target: under 10 s each), on a synthetic library; the median of
--repeat runs."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench import synth
from casebook import settings
from casebook.digest import DigestSpec, compile_digest, write
from casebook.home import Home
from casebook.library import Library


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.digest", description=__doc__)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="casebook-bench-digest-"))
    try:
        home = Home(work / "home").ensure()
        synth.write_library(home.library, args.cases, 2026)
        with Library(home) as lib:
            settings.put(lib.catalog, "examples", "off")
            lib.update()
            times: dict[str, list[float]] = {}
            for suffix in ("md", "html", "pdf", "docx"):
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    compiled = compile_digest(lib, DigestSpec(f"Bench {suffix}"))
                    write(compiled, work / f"digest.{suffix}")
                    times.setdefault(suffix, []).append(time.perf_counter() - started)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for suffix, runs in times.items():
        seconds = statistics.median(runs)
        label = f"{len(compiled.entries)}-case digest, compile + write {suffix.upper()} (s, median)"
        print(f"{label:<58}{seconds:>8.2f}   target < 10 s: {'PASS' if seconds < 10 else 'FAIL'}")


if __name__ == "__main__":
    main()
