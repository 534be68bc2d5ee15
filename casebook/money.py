"""Sums of money in the free-text `cost` and `savings` fields ("reported at about £10.4m, with a
government grant of about £3.7m"). A field's figure is the largest amount in pounds it names,
which in the bundled cases is the headline; a field naming none ("hundreds of millions") has no
figure and is counted as not reported, never guessed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_AMOUNT = re.compile(r"£\s?(\d[\d,]*(?:\.\d+)?)\s?(bn|billion|m|million|k|thousand)?\b", re.IGNORECASE)
_SCALE = {"bn": 1e9, "billion": 1e9, "m": 1e6, "million": 1e6, "k": 1e3, "thousand": 1e3}


def amounts(text: str) -> list[float]:
    """Every amount in pounds that `text` names, in order."""
    return [float(number.replace(",", "")) * _SCALE.get(unit.lower(), 1) for number, unit in _AMOUNT.findall(text)]


def figure(text: str) -> float | None:
    """The largest amount `text` names, or None when it names none."""
    return max(amounts(text), default=None)


@dataclass(frozen=True)
class Total:
    """The sum of the figures the fields give, how many gave one and how many did not."""

    amount: float
    reported: int
    not_reported: int


def total(fields: Iterable[str]) -> Total:
    figures = [figure(f) for f in fields]
    found = [f for f in figures if f is not None]
    return Total(sum(found), len(found), len(figures) - len(found))


def pounds(amount: float) -> str:
    """£2.1bn, £36.5m, £360,000: the way a briefing writes sums."""
    if amount >= 1e9:
        return f"£{amount / 1e9:.1f}bn".replace(".0bn", "bn")
    if amount >= 1e6:
        return f"£{amount / 1e6:.1f}m".replace(".0m", "m")
    return f"£{amount:,.0f}"
