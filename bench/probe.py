"""Run in a fresh process by the benchmark; prints one JSON object. Imports only casebook.

    python -m bench.probe open HOME            time to open the index and a searcher
    python -m bench.probe search HOME QUERIES  run the queries (a JSON list of strings): latencies, peak memory
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from casebook.home import resolve
from casebook.library import Library
from casebook.search import CaseSearcher


def open_index(home: str) -> dict[str, float]:
    with Library(resolve(home)) as lib:
        started = time.perf_counter()
        ix = lib.store.open()
        if ix is None:
            raise SystemExit(f"no index in {home}")
        CaseSearcher(ix).close()
        return {"open_ms": (time.perf_counter() - started) * 1000}


def search(home: str, queries_file: str) -> dict[str, object]:
    texts = json.loads(Path(queries_file).read_text("utf-8"))
    latencies, totals = [], []
    with Library(resolve(home)) as lib:
        for text in texts:
            started = time.perf_counter()
            result = lib.search(text, limit=10)
            latencies.append((time.perf_counter() - started) * 1000)
            totals.append(result.total)
    return {"latencies_ms": latencies, "totals": totals, "peak_mb": peak_mb()}


def peak_mb() -> float:
    """Peak resident memory of this process. On Linux that is VmHWM: there ru_maxrss also counts
    the memory of the parent at the moment it started this process (the whole benchmark)."""
    try:
        status = Path("/proc/self/status").read_text("utf-8").splitlines()
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        import resource

        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return maxrss / 1024 / (1024 if sys.platform == "darwin" else 1)


def main(argv: list[str]) -> None:
    mode, *args = argv
    print(json.dumps(open_index(*args) if mode == "open" else search(*args)))


if __name__ == "__main__":
    main(sys.argv[1:])
