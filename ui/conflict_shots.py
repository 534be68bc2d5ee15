"""A conflict for the screenshots: two officers of one council edit the same published case on a
hub in a temporary folder, and the first one's sync keeps both versions."""

from __future__ import annotations

from pathlib import Path

from casebook import settings
from casebook.home import Home
from casebook.library import Library
from sync import actions, engine
from sync.networks import Registry

CASE = """---
title: Garden waste collections by subscription
council: Example District Council
outcome: mixed
summary: Moving garden waste to a paid subscription.
sharing: network
---
## Lessons
- {first}
- Tell residents three months ahead.
- {last}
"""


def _officer(root: Path, hub: Path) -> Home:
    home = Home(root).ensure()
    with Library(home) as lib:
        settings.put(lib.catalog, "examples", "off")
        actions.add(home, Registry(lib.catalog), "north", hub.as_uri(), "Example District")
    return home


def _write(home: Home, first: str, last: str) -> None:
    (home.library / "garden-waste.md").write_text(CASE.format(first=first, last=last), "utf-8")


def _sync(home: Home) -> None:
    with Library(home) as lib:
        registry = Registry(lib.catalog)
        engine.sync(home, registry, registry.require("north"))
        lib.update()


def conflict_home(root: Path) -> Home:
    """A home whose network holds one conflict, waiting in the inbox."""
    hub = actions.init_network(root / "hub.git", "north", root / "no-hooks", bare=True)
    mine, colleague = _officer(root / "mine", hub), _officer(root / "colleague", hub)
    _write(mine, "Start with one ward.", "Offer a discount for the first year.")
    with Library(mine) as lib:
        lib.update()
        actions.publish(mine, Registry(lib.catalog), "garden-waste", "north")
    _sync(mine)
    _sync(colleague)
    copy = colleague.networks / "north" / "cases" / "example-district" / "garden-waste.md"
    copy.write_text(CASE.format(first="Start with one ward.", last="Keep the price the same for two years."))
    _sync(colleague)
    _write(mine, "Start with two wards.", "Offer a discount for the first two years.")
    _sync(mine)
    return mine
