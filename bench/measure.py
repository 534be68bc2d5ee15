"""Measuring Casebook on one home: in this process, and in fresh processes (see `bench.probe`)."""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from casebook import casefile
from casebook.casefile import CaseFile
from casebook.home import HOME_ENV, resolve
from casebook.library import Library

EDIT_ROUNDS = 10
UPDATE_ROUNDS = 5
OPEN_ROUNDS = 3
FIRST_RUN_ROUNDS = 3


def ms(seconds: float) -> float:
    return seconds * 1000


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def floor(paths: list[Path]) -> tuple[float, list[CaseFile]]:
    """Read and parse every file, nothing else: the least any build can take."""
    return timed(lambda: [casefile.read(p) for p in paths])


def build(home: Path) -> float:
    """Seconds for a full build on a home that has only its `library/` folder."""
    with Library(resolve(home)) as lib:
        lib.catalog.set_setting("examples", "off")
        seconds, _ = timed(lambda: lib.update(rebuild=True))
    return seconds


def catalog_listing(home: Path) -> float:
    """Milliseconds for `catalog.cases()`, median of three."""
    with Library(resolve(home)) as lib:
        return statistics.median(ms(timed(lib.catalog.cases)[0]) for _ in range(3))


def edits(home: Path, paths: list[Path], query: str) -> dict[str, float]:
    """Median ms of `reindex([path])` after saving one file, of the first search after it, and of
    `update()` after saving one file. A searcher is open throughout, as in the app."""
    step = max(1, len(paths) // (EDIT_ROUNDS + UPDATE_ROUNDS))
    targets = iter(paths[::step])
    reindex, search_after, update = [], [], []
    with Library(resolve(home)) as lib:
        lib.search(query)
        for round_ in range(EDIT_ROUNDS):
            path = _edit(next(targets), round_)
            reindex.append(ms(timed(lambda p=path: lib.reindex([p]))[0]))
            search_after.append(ms(timed(lambda: lib.search(query))[0]))
        for round_ in range(UPDATE_ROUNDS):
            _edit(next(targets), round_)
            update.append(ms(timed(lib.update)[0]))
    return {"reindex_ms": statistics.median(reindex), "search_after_edit_ms": statistics.median(search_after),
            "update_ms": statistics.median(update)}


def _edit(path: Path, round_: int) -> Path:
    """Save the file with one more sentence, as an officer editing the advice would."""
    path.write_text(path.read_text("utf-8").rstrip("\n") + f" Revised in round {round_}.\n", "utf-8")
    return path


def probe(*args: str) -> tuple[float, dict[str, Any]]:
    """(wall seconds, JSON answer) of `python -m bench.probe ARGS` in a fresh process."""
    root = Path(__file__).resolve().parent.parent
    seconds, done = timed(lambda: subprocess.run([sys.executable, "-m", "bench.probe", *args], cwd=root,
                                                 capture_output=True, text=True, check=True))
    return seconds, json.loads(done.stdout)


def open_index(home: Path) -> dict[str, float]:
    """Median over fresh processes of the time to open the index and a searcher, and of the wall time."""
    runs = [probe("open", str(home)) for _ in range(OPEN_ROUNDS)]
    return {"open_ms": statistics.median(answer["open_ms"] for _, answer in runs),
            "open_wall_ms": statistics.median(ms(wall) for wall, _ in runs)}


def search(home: Path, queries_file: Path) -> dict[str, float]:
    """The query mix in a fresh process: latency median, p95 and first query; hits; peak memory."""
    _, answer = probe("search", str(home), str(queries_file))
    latencies = answer["latencies_ms"]
    return {"query_median": statistics.median(latencies), "query_p95": p95(latencies),
            "query_first": latencies[0], "hits_median": statistics.median(answer["totals"]),
            "rss_mb": answer["peak_mb"]}


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    return sorted(values)[math.ceil(len(values) * 0.95) - 1]


def first_run(work: Path) -> dict[str, float]:
    """Wall seconds of `casebook search chatbot` in a fresh empty home (it indexes the bundled
    cases), and of the run after it; medians over fresh homes."""
    command = [str(Path(sys.executable).with_name("casebook")), "search", "chatbot"]
    first, second = [], []
    for round_ in range(FIRST_RUN_ROUNDS):
        env = {**os.environ, HOME_ENV: str(work / f"first-run-{round_}")}
        for times in (first, second):
            times.append(timed(lambda env=env: subprocess.run(command, env=env, capture_output=True, check=True))[0])
    return {"first_run_s": statistics.median(first), "second_run_s": statistics.median(second)}
