"""User settings, declared as data and kept in the catalog (they survive a rebuild)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from casebook.catalog import Catalog
from casebook.errors import InputError


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    choices: tuple[str, ...] = ()
    whole_number: tuple[int, int] | None = None  # (least, most) when the value is a number


SETTINGS = {s.name: s for s in (
    Setting("examples", "on", "Search and list the bundled example cases as source 'examples'.", ("on", "off")),
    Setting("council", "", "Your council's name; its folder in every network you join (cases/<council>/)."),
    Setting("poll_seconds", "30", "How often the app checks the library for files changed outside it (seconds).",
            whole_number=(5, 3600)),
)}


def get(catalog: Catalog, name: str) -> str:
    stored = catalog.get_setting(name)
    return stored if stored is not None else SETTINGS[name].default


def current(catalog: Catalog) -> dict[str, str]:
    """Every setting's value, defaults included."""
    return {name: get(catalog, name) for name in SETTINGS}


def check(name: str, value: str) -> None:
    """Raises InputError, saying what is allowed, for an unknown name or a value not allowed."""
    setting = SETTINGS.get(name)
    if setting is None:
        raise InputError(f"unknown setting '{name}'; settings: {', '.join(SETTINGS)}")
    if setting.choices and value not in setting.choices:
        raise InputError(f"'{name}' must be one of: {', '.join(setting.choices)}")
    if setting.whole_number:
        least, most = setting.whole_number
        if not value.isdigit() or not least <= int(value) <= most:
            raise InputError(f"'{name}' must be a whole number from {least} to {most}")


def put(catalog: Catalog, name: str, value: str) -> None:
    """Store a setting; raises InputError for an unknown name or value."""
    check(name, value)
    catalog.set_setting(name, value)


def put_many(catalog: Catalog, values: Mapping[str, str]) -> list[str]:
    """Store several settings, none if any is not allowed (InputError); returns the names whose
    value changed."""
    for name, value in values.items():
        check(name, value)
    changed = [name for name, value in values.items() if get(catalog, name) != value]
    for name in changed:
        catalog.set_setting(name, values[name])
    return changed
