"""The relevance measures of bench.relevance, against values worked out by hand."""

from __future__ import annotations

from dataclasses import astuple

import pytest

from bench.metrics import best_in_top, ndcg, recall, reciprocal_rank, score


def test_ndcg_divides_by_the_best_order_with_the_grade_as_gain() -> None:
    # DCG = 0/log2(2) + 2/log2(3) + 1/log2(4) = 1.26186 + 0.5; ideal = 2 + 1/log2(3) + 1/log2(4) = 3.13093
    assert ndcg(["a", "b", "c"], {"b": 2, "c": 1, "d": 1}) == pytest.approx(0.562727, abs=1e-6)


def test_ndcg_counts_only_the_first_k() -> None:
    assert ndcg(["b", "a"], {"a": 2, "b": 1}, k=1) == 0.5
    assert ndcg(["a", "b"], {"a": 2, "b": 1}) == 1.0


def test_ndcg_gives_no_gain_for_a_negative_grade_and_zero_without_relevant_documents() -> None:
    assert ndcg(["a", "b"], {"a": -1, "b": 1}) == pytest.approx(0.630930, abs=1e-6)  # 1/log2(3)
    assert ndcg(["a"], {"a": 0}) == 0.0


def test_reciprocal_rank_of_the_first_relevant_document_within_k() -> None:
    assert reciprocal_rank(["x", "y", "b"], {"b": 1, "y": -1}) == pytest.approx(1 / 3)
    assert reciprocal_rank([f"x{n}" for n in range(10)] + ["b"], {"b": 1}) == 0.0


def test_recall_is_the_share_of_relevant_documents_in_the_first_k() -> None:
    judged = {"a": 1, "b": 2, "c": 1, "z": 0}
    assert recall(["a", "q", "c"], judged) == pytest.approx(2 / 3)
    assert recall(["a", "q", "c"], judged, k=1) == pytest.approx(1 / 3)


def test_best_in_top_wants_a_document_of_the_highest_grade() -> None:
    judged = {"a": 1, "b": 2}
    assert not best_in_top(["a", "w", "x", "y", "z", "b"], judged)
    assert best_in_top(["a", "w", "x", "y", "b"], judged)


def test_score_averages_over_queries_with_something_relevant() -> None:
    qrels = {"1": {"a": 2, "b": 1}, "2": {"c": 1}, "3": {"d": 0}}
    # query 1: DCG = 1 + 2/log2(3), ideal = 2 + 1/log2(3), nDCG 0.859719; query 2 found nothing
    found = astuple(score({"1": ["b", "a"], "2": []}, qrels))
    assert found == pytest.approx((2, 0.429859, 0.5, 0.5, 0.5, 0.5), abs=1e-6)
