"""Relevance measures of one ranked list against graded judgments, as trec_eval defines them.

`judged` maps a document id to its grade; a grade above 0 is relevant, 0 or less (Cranfield's -1)
is not. nDCG uses the grade as the gain and log2(rank + 1) as the discount.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

Judged = Mapping[str, int]


def dcg(gains: Sequence[float]) -> float:
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg(ranked: Sequence[str], judged: Judged, k: int = 10) -> float:
    """DCG of the first k of `ranked` over the DCG of the best possible order."""
    ideal = dcg(sorted((g for g in judged.values() if g > 0), reverse=True)[:k])
    gains = [max(judged.get(doc, 0), 0) for doc in ranked[:k]]
    return dcg(gains) / ideal if ideal else 0.0


def reciprocal_rank(ranked: Sequence[str], judged: Judged, k: int = 10) -> float:
    """1 / the rank of the first relevant document in the first k, else 0."""
    return next((1 / rank for rank, doc in enumerate(ranked[:k], start=1) if judged.get(doc, 0) > 0), 0.0)


def recall(ranked: Sequence[str], judged: Judged, k: int = 100) -> float:
    """Share of the relevant documents found in the first k."""
    relevant = {doc for doc, grade in judged.items() if grade > 0}
    return len(relevant.intersection(ranked[:k])) / len(relevant) if relevant else 0.0


def best_in_top(ranked: Sequence[str], judged: Judged, k: int = 5) -> bool:
    """Whether a document of the highest grade is among the first k."""
    best = max(judged.values(), default=0)
    return best > 0 and any(judged.get(doc) == best for doc in ranked[:k])


@dataclass(frozen=True)
class Scores:
    """Means over the queries that have at least one relevant document."""

    queries: int
    ndcg10: float
    mrr10: float
    recall100: float
    zero: float
    top5: float


def score(runs: Mapping[str, Sequence[str]], qrels: Mapping[str, Judged]) -> Scores:
    """`runs` maps a query id to its ranked document ids; queries with nothing relevant are left out."""
    judged = {qid: j for qid, j in qrels.items() if any(g > 0 for g in j.values())}
    ranked = {qid: runs.get(qid, ()) for qid in judged}

    def mean(measure: Callable[[Sequence[str], Judged], float]) -> float:
        return statistics.fmean(float(measure(ranked[qid], judged[qid])) for qid in judged) if judged else 0.0

    return Scores(len(judged), mean(ndcg), mean(reciprocal_rank), mean(recall),
                  mean(lambda r, _: not r), mean(best_in_top))
