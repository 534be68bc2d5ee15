"""`python -m bench.sync`: sync figures on a bare file:// hub on this machine — receiving 1,000 new
cases (fetch, checks, merge and incremental index, until searchable) and a sync with no changes."""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench import synth
from casebook import settings
from casebook.home import Home
from casebook.library import Library
from sync import actions, engine
from sync.networks import Registry


def publish_batch(hub: Path, work: Path, count: int, seed: int) -> None:
    """A peer adds `count` cases in one commit and pushes it, with plain git."""
    subprocess.run(["git", "clone", "--quiet", hub.as_uri(), str(work)], check=True)
    synth.write_library(work / "cases" / "peer-council", count, seed)
    env = {"GIT_AUTHOR_NAME": "Peer", "GIT_AUTHOR_EMAIL": "p@x.invalid", "GIT_COMMITTER_NAME": "Peer",
           "GIT_COMMITTER_EMAIL": "p@x.invalid", "PATH": "/usr/bin:/bin:/usr/local/bin"}
    for args in (["add", "--all"], ["commit", "--quiet", "-m", f"{count} cases"], ["push", "--quiet", "origin",
                                                                                   "HEAD:main"]):
        subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=work, env=env, check=True)


def sync_and_index(home: Home) -> tuple[float, int]:
    started = time.perf_counter()
    with Library(home) as lib:
        registry = Registry(lib.catalog)
        report = engine.sync(home, registry, registry.require("bench"))
        lib.update()
        found = lib.search("*").total
    assert report.ok, report.summary
    return time.perf_counter() - started, found


def run(work: Path, count: int, seed: int) -> dict[str, float]:
    hooks = work / "no-hooks"
    hub = actions.init_network(work / "hub.git", "bench", hooks, bare=True)
    home = Home(work / "receiver").ensure()
    with Library(home) as lib:
        settings.put(lib.catalog, "examples", "off")
        actions.add(home, Registry(lib.catalog), "bench", hub.as_uri(), "receiver")
        lib.update()
    sync_and_index(home)
    publish_batch(hub, work / "peer", count, seed)
    pull_s, found = sync_and_index(home)
    assert found >= count, found
    quiet = [sync_and_index(home)[0] for _ in range(5)]
    return {"pull_s": pull_s, "found": found, "no_change_ms": statistics.median(quiet) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.sync", description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="casebook-bench-sync-"))
    try:
        r = run(work, args.cases, args.seed)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'sync receiving ' + format(args.cases, ',') + ' new cases, until searchable (s)':<58}"
          f"{r['pull_s']:>8.2f}   target < 15 s: {'PASS' if r['pull_s'] < 15 else 'FAIL'}")
    print(f"{'sync with no changes, index check included (ms, median of 5)':<58}"
          f"{r['no_change_ms']:>8.0f}   target < 1000 ms: {'PASS' if r['no_change_ms'] < 1000 else 'FAIL'}")


if __name__ == "__main__":
    main()
