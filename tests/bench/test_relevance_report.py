"""What bench.relevance prints about a collection, from given rankings."""

from __future__ import annotations

from bench.corpora import Collection
from bench.relevance import by_kind, misses

COLLECTION = Collection("officer", [], {"0": "chatbto", "1": "fuel poverty", "2": "LTN"},
                        {"0": {"a": 2, "b": 1}, "1": {"c": 2}, "2": {"d": 2}}, bundled=True,
                        kinds={"0": "typo", "1": "two-word", "2": "typo"})
RUNS = {"Casebook": {"0": ["b", "x", "y", "z", "w", "a"], "1": ["c"], "2": []},
        "FTS5": {"0": ["a"], "1": ["x", "c"], "2": ["d"]}}


def test_by_kind_gives_each_engines_ndcg_for_each_kind() -> None:
    # typo, Casebook: query 0 (1 + 2/log2(7)) / (2 + 1/log2(3)) = 0.6509, query 2 nothing: mean 0.3254
    # typo, FTS5: query 0 2 / 2.6309 = 0.7602, query 2 1.0: mean 0.8801; two-word, FTS5: 1/log2(3) = 0.6309
    assert by_kind(COLLECTION, RUNS) == ["| kind | queries | Casebook | FTS5 |", "|---|---:|---:|---:|",
                                         "| typo | 2 | 0.325 | 0.880 |", "| two-word | 1 | 1.000 | 0.631 |"]


def test_misses_name_the_rank_of_the_best_answer() -> None:
    assert misses(COLLECTION, RUNS["Casebook"]) == ["  'chatbto': best answer rank 6, 6 results",
                                                    "  'LTN': best answer not found, 0 results"]
