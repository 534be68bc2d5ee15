"""`python -m bench`: generate libraries of each size, measure Casebook and FTS5 on them, print a table."""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench import fts5, measure, queries, report, synth
from casebook.model import Case

STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:7.1f} s] {message}", file=sys.stderr, flush=True)


def sizes(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", type=sizes, default=[1_000, 10_000, 50_000],
                        help="library sizes, comma separated (default 1000,10000,50000)")
    parser.add_argument("--queries", type=int, default=200, help="queries in the mix (default 200)")
    parser.add_argument("--officer", action="store_true",
                        help="add the officer question set (officer_queries.tsv) to the query mix")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the libraries and queries (default 2026)")
    parser.add_argument("--out", type=Path, help="working folder, new or empty (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the working folder afterwards")
    return parser.parse_args(argv)


def workdir(out: Path | None) -> Path:
    if out is None:
        return Path(tempfile.mkdtemp(prefix="casebook-bench-"))
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"--out {out}: the folder must be new or empty")
    out.mkdir(parents=True, exist_ok=True)
    return out


def run_size(work: Path, size: int, args: argparse.Namespace) -> report.Results:
    home = work / "home"
    log(f"{size:,} cases: writing the library")
    paths = synth.write_library(home / "library", size, args.seed)
    mix = queries.mix(args.queries, args.seed, size) + (queries.officer_questions() if args.officer else [])
    queries_file = work / "queries.json"
    queries_file.write_text(json.dumps([q.text for q in mix]), "utf-8")
    r: report.Results = {"file_kb": statistics.median(p.stat().st_size for p in paths) / 1024}
    log(f"{size:,} cases: floor")
    r["floor_s"], files = measure.floor(paths)
    log(f"{size:,} cases: full build")
    r["build_s"] = measure.build(home)
    log(f"{size:,} cases: index open, query mix, catalog")
    r |= measure.open_index(home) | measure.search(home, queries_file)
    r["catalog_ms"] = measure.catalog_listing(home)
    log(f"{size:,} cases: one-file updates")
    r |= measure.edits(home, paths, mix[0].text)
    log(f"{size:,} cases: FTS5")
    r |= run_fts5(work / "fts5.db", [cf.case for cf in files if cf.case], mix)
    return report.derive(size, r)


def run_fts5(db_path: Path, cases: list[Case], mix: list[queries.Query]) -> report.Results:
    build_s = fts5.build(db_path, cases)
    searcher = fts5.Searcher(db_path)
    latencies = [measure.ms(measure.timed(lambda q=q: searcher.search(q))[0]) for q in mix]
    searcher.close()
    return {"fts_build_s": build_s, "fts_median": statistics.median(latencies), "fts_p95": measure.p95(latencies)}


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    work = workdir(args.out)
    started_on = report.revision()
    try:
        results = {size: run_size(work / f"cases-{size}", size, args) for size in args.sizes}
        log("bundled library: first and second run")
        first = measure.first_run(work)
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(report.table(results, first, (started_on, report.revision())))


if __name__ == "__main__":
    main()
