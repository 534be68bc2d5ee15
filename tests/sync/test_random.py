"""Randomised interleavings of edits and syncs across clones (seeded): nobody's last word is lost
and no file holds conflict markers."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from tests.sync.conftest import Officer

STEPS = 200


@pytest.mark.parametrize("seed", [7, 2026])
def test_random_edits_and_syncs_lose_nothing(seed: int, officer: Callable[[str, str], Officer]) -> None:
    rng = random.Random(seed)
    officers = [officer("leeds-1", "Leeds"), officer("leeds-2", "Leeds"), officer("hackney", "Hackney")]
    cases = {"Leeds": ["roads", "bins", "housing"], "Hackney": ["parks", "schools"]}
    last_word: dict[tuple[int, str], str] = {}
    for step in range(STEPS):
        who = rng.randrange(len(officers))
        person = officers[who]
        if rng.random() < 0.55:
            case_id = rng.choice(cases[person.council])
            text = f"step {step}: officer {who} on {case_id}"
            person.write(case_id, text)
            person.publish(case_id)
            last_word[(who, case_id)] = text
        else:
            report = person.sync()
            assert report.ok, report.summary
    for _ in range(3):
        for person in officers:
            assert person.sync().ok
    for person in officers:
        texts = "\n".join(person.tree_texts())
        assert "<<<<<<<" not in texts and ">>>>>>>" not in texts and "=======" not in texts
        missing = [text for text in last_word.values() if text not in texts]
        assert missing == [], f"{person.home.root.name} lacks {missing}"
    trees = [sorted(p.relative_to(o.clone).as_posix() for p in (o.clone / "cases").rglob("*.md")) for o in officers]
    assert trees[0] == trees[1] == trees[2]
