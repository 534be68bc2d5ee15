"""Recurring lessons (stemmed words, idf cosine, greedy average linkage) and sums of money in the
cost and savings fields."""

from __future__ import annotations

from casebook import lessons, money
from casebook.model import Case


def case(case_id: str, *bullets: str) -> Case:
    return Case(id=case_id, title=case_id.title(), council=f"{case_id} Council", outcome="failure", summary="",
                lessons="\n".join(f"- {b}" for b in bullets))


def test_bullets_sharing_uncommon_words_are_one_lesson_cited_once_per_case() -> None:
    cases = [case("a", "Test that backups restore whole systems.", "Train staff to spot phishing emails."),
             case("b", "Keep offline backups and test restoring systems.", "Publish the budget in plain terms."),
             case("c", "Staff phishing training catches most attacks.", "Tested backups restore systems fast."),
             case("d", "Consult residents before the decision.")]
    themes = lessons.recurring(cases)
    assert [(t.wording, [c.id for c in t.cases]) for t in themes] == [
        ("Test that backups restore whole systems.", ["a", "b", "c"]),
        ("Train staff to spot phishing emails.", ["a", "c"])]


def test_a_lesson_taught_by_one_case_only_does_not_recur() -> None:
    cases = [case("a", "Test backups often.", "Backups must be tested."), case("b", "Consult residents early.")]
    assert lessons.recurring(cases) == []


def test_terms_are_stemmed_without_stop_or_filler_words() -> None:
    assert lessons.terms("The council must keep testing its backups") == frozenset({"test", "backup"})


def test_amounts_and_the_figure_a_field_gives() -> None:
    assert money.amounts("reported budget rising from about £19m to well over £100m") == [19e6, 100e6]
    assert money.figure("council loans reported at over £200m, with a write-off estimated at £62m to £68m") == 200e6
    assert money.figure("reported as about £360,000") == 360_000
    assert money.figure("debt reported at around £2bn") == 2e9
    assert money.figure("losses running to hundreds of millions of pounds") is None
    assert money.total(["£1.5m", "", "not known", "£250k"]) == money.Total(1_750_000, 2, 2)
    assert [money.pounds(x) for x in (3.0436e9, 36.5e6, 2e6, 360_000)] == ["£3bn", "£36.5m", "£2m", "£360,000"]
