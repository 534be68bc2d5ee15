"""`python -m bench.start`: a whole `casebook search chatbot` process on the bundled cases against
a process that only imports Whoosh and sqlite3 and exits (issue 9: at most 0.2 s more).

The commands run in turn, round after round, so a drift in the machine's speed meets all of them;
each figure is a median. Python's compiled bytecode is kept in the working folder, written by the
first runs and read by the others, as an installed Casebook has it (pip compiles a wheel's modules,
the bundle carries them). Under PYTHONDONTWRITEBYTECODE, with no bytecode beside Whoosh's and
Casebook's sources, each run compiled them again: about 60 ms more, which no installed copy pays."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.measure import ms, timed

TARGET_MS = 200
BASELINE = "import whoosh, sqlite3"


def commands(home: Path) -> dict[str, list[str]]:
    search = ["--home", str(home), "search", "chatbot"]
    return {"python -c 'import whoosh, sqlite3'": [sys.executable, "-c", BASELINE],
            "python -m casebook search chatbot": [sys.executable, "-m", "casebook", *search],
            "casebook search chatbot (console script)": [str(Path(sys.executable).with_name("casebook")), *search]}


def environment(work: Path) -> dict[str, str]:
    """Bytecode written to and read from a cache in `work`, so the checkout is left as it was."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PYTHONPYCACHEPREFIX": str(work / "bytecode")}


def pin() -> None:
    """Run on one processor (Linux), inherited by the commands: a process moved between
    processors mid-run made the medians of two sets differ by 40 ms on a 2-core machine."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.start", description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="rounds of the three commands (default 20)")
    args = parser.parse_args(argv)
    pin()
    work = Path(tempfile.mkdtemp(prefix="casebook-start-"))
    try:
        env = environment(work)
        todo = commands(work / "home")
        subprocess.run([sys.executable, "-m", "casebook", "--home", str(work / "home"), "index"], env=env,
                       capture_output=True, check=True)
        times: dict[str, list[float]] = {name: [] for name in todo}
        for round_ in range(args.runs + 2):  # the first two rounds warm the page cache and the bytecode
            for name, command in todo.items():
                seconds = timed(lambda c=command: subprocess.run(c, env=env, capture_output=True, check=True))[0]
                if round_ >= 2:
                    times[name].append(seconds)
        print(table(times, args.runs))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def table(times: dict[str, list[float]], runs: int) -> str:
    base = statistics.median(next(iter(times.values())))
    lines = [f"whole process, median of {runs} interleaved runs (bytecode cached); target: at most "
             f"+{TARGET_MS} ms over the first"]
    for row, (name, values) in enumerate(times.items()):
        extra = ms(statistics.median(values) - base)
        status = f"  +{extra:3.0f} ms  {'PASS' if extra <= TARGET_MS else 'FAIL'}" if row else ""
        lines.append(f"  {name:42s} {ms(statistics.median(values)):6.0f} ms "
                     f"(min {ms(min(values)):4.0f}, max {ms(max(values)):4.0f}){status}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(run())
