"""`python -m bench.relevance`: how well Casebook, SQLite FTS5 and bm25s rank on judged collections,
side by side; then, unless `--quick`, `python -m bench` at 10,000 cases with the officer questions
added to its query mix, for query latency against FTS5. See bench/README.md.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench import corpora, fts5, metrics, queries
from bench.__main__ import log
from bench.__main__ import main as speed_main
from bench.measure import build
from casebook.home import resolve
from casebook.library import Library

DEFAULT_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
COLLECTIONS = (*corpora.TEST_COLLECTIONS, "officer")
LIMIT = 100
Runs = dict[str, list[str]]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.relevance", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="relevance only, no latency at 10,000 cases")
    parser.add_argument("--only", type=lambda s: s.split(","), default=list(COLLECTIONS),
                        help=f"collections, comma separated (default {','.join(COLLECTIONS)})")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA,
                        help="folder of the test collections (default ../shared/corpora)")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the 10,000-case library (default 2026)")
    return parser.parse_args(argv)


def casebook_runs(collection: corpora.Collection, home: Path) -> Runs:
    """Through the public API, on a home of the collection's cases (the bundled ones: examples on)."""
    if not collection.bundled:
        corpora.write_cases(collection.cases, home / "library")
        build(home)
    with Library(resolve(home)) as lib:
        return {q: [hit.id for hit in lib.search(text, limit=LIMIT).hits] for q, text in collection.queries.items()}


def fts5_runs(collection: corpora.Collection, db_path: Path) -> Runs:
    fts5.build(db_path, collection.cases)
    searcher = fts5.Searcher(db_path)
    try:
        return {q: searcher.ids(queries.question(text), LIMIT) for q, text in collection.queries.items()}
    finally:
        searcher.close()


def bm25s_runs(collection: corpora.Collection) -> Runs:
    from bench.bm25s_baseline import Bm25s  # the '.[bench]' extra: the rest of this module works without it

    engine = Bm25s(collection.cases)
    return {q: engine.ids_for(text, LIMIT) for q, text in collection.queries.items()}


def rankings(collection: corpora.Collection, work: Path) -> dict[str, Runs]:
    """Engine -> query id -> the case ids it ranked, best first."""
    log(f"{collection.name}: {len(collection.cases):,} cases, {len(collection.queries)} queries")
    return {"Casebook": casebook_runs(collection, work / collection.name),
            "FTS5 bm25, words ORed": fts5_runs(collection, work / f"{collection.name}.db"),
            "bm25s + Snowball": bm25s_runs(collection)}


def table(scored: dict[str, dict[str, metrics.Scores]], sizes: dict[str, int]) -> str:
    lines = ["| collection | cases | judged queries | engine | nDCG@10 | MRR@10 | Recall@100 | zero results "
             "| answer in top 5 |", "|---|---:|---:|---|---:|---:|---:|---:|---:|"]
    for name, by_engine in scored.items():
        for engine, s in by_engine.items():
            lines.append(f"| {name} | {sizes[name]:,} | {s.queries} | {engine} | {s.ndcg10:.3f} | {s.mrr10:.3f} | "
                         f"{s.recall100:.3f} | {s.zero:.1%} | {s.top5:.1%} |")
    return "\n".join(lines)


def verdicts(scored: dict[str, dict[str, metrics.Scores]]) -> list[str]:
    """The issue's relevance targets, PASS or FAIL."""
    out = []
    for name, by_engine in scored.items():
        ours = by_engine["Casebook"].ndcg10
        best = max(s.ndcg10 for engine, s in by_engine.items() if engine != "Casebook")
        out.append(f"{name}: Casebook nDCG@10 {ours:.3f} ≥ best baseline {best:.3f}: {_mark(ours >= best)}")
    if officer := scored.get("officer", {}).get("Casebook"):
        out += [f"officer: nDCG@10 ≥ 0.8: {_mark(officer.ndcg10 >= 0.8)}",
                f"officer: no query with an answer gets zero results: {_mark(officer.zero == 0)}",
                f"officer: an answer in the top 5 for ≥ 95 % of queries: {_mark(officer.top5 >= 0.95)}"]
    return out


def misses(collection: corpora.Collection, runs: Runs) -> list[str]:
    """Queries whose best-graded case is not in Casebook's top 5, with the rank it got."""
    out = []
    for q, text in collection.queries.items():
        judged, ranked = collection.qrels[q], runs[q]
        if not metrics.best_in_top(ranked, judged):
            best = max(judged.values())
            rank = next((n for n, doc in enumerate(ranked, start=1) if judged.get(doc) == best), None)
            where = f"rank {rank}" if rank else "not found"
            out.append(f"  {text!r}: best answer {where}, {len(ranked)} results")
    return out


def by_kind(collection: corpora.Collection, runs: dict[str, Runs]) -> list[str]:
    """nDCG@10 of each engine for each kind of query."""
    lines = [f"| kind | queries | {' | '.join(runs)} |", f"|---|---:|{'---:|' * len(runs)}"]
    for kind in dict.fromkeys(collection.kinds.values()):
        qrels = {q: j for q, j in collection.qrels.items() if collection.kinds[q] == kind}
        scores = [metrics.score(r, qrels).ndcg10 for r in runs.values()]
        lines.append(f"| {kind} | {len(qrels)} | {' | '.join(f'{s:.3f}' for s in scores)} |")
    return lines


def _mark(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def relevance(args: argparse.Namespace, work: Path) -> None:
    scored: dict[str, dict[str, metrics.Scores]] = {}
    sizes: dict[str, int] = {}
    skipped: list[str] = []
    details: list[str] = []
    for name in args.only:
        collection = corpora.officer_collection() if name == "officer" else corpora.test_collection(name, args.corpora)
        if collection is None:
            skipped.append(f"{name}: skipped, {args.corpora / corpora.TEST_COLLECTIONS[name][0]} is absent")
            continue
        runs = rankings(collection, work)
        scored[name] = {engine: metrics.score(r, collection.qrels) for engine, r in runs.items()}
        sizes[name] = len(collection.cases)
        if collection.kinds:
            details += ["", f"{name}, nDCG@10 by kind of query:", *by_kind(collection, runs), "",
                        f"Casebook, {name} queries without an answer in the top 5:",
                        *misses(collection, runs["Casebook"])]
    print(table(scored, sizes), *skipped, "", *verdicts(scored), *details, sep="\n", flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    unknown = set(args.only) - set(COLLECTIONS)
    if unknown:
        raise SystemExit(f"--only: unknown collection(s) {', '.join(sorted(unknown))}; known: {', '.join(COLLECTIONS)}")
    work = Path(tempfile.mkdtemp(prefix="casebook-relevance-"))
    try:
        relevance(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not args.quick:
        log("query latency at 10,000 cases, the mix plus the officer questions")
        speed_main(["--sizes", "10000", "--officer", "--seed", str(args.seed)])


if __name__ == "__main__":
    main()
