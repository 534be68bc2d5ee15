"""User settings, declared as data and kept in the catalog (they survive a rebuild)."""

from __future__ import annotations

from dataclasses import dataclass

from casebook.catalog import Catalog
from casebook.errors import InputError


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    choices: tuple[str, ...] = ()


SETTINGS = {s.name: s for s in (
    Setting("examples", "on", "Search and list the bundled example cases as source 'examples'.", ("on", "off")),
    Setting("council", "", "Your council's name; its folder in every network you join (cases/<council>/)."),
)}


def get(catalog: Catalog, name: str) -> str:
    stored = catalog.get_setting(name)
    return stored if stored is not None else SETTINGS[name].default


def put(catalog: Catalog, name: str, value: str) -> None:
    """Store a setting; raises ValueError for an unknown name or value."""
    setting = SETTINGS.get(name)
    if setting is None:
        raise InputError(f"unknown setting '{name}'; settings: {', '.join(SETTINGS)}")
    if setting.choices and value not in setting.choices:
        raise InputError(f"'{name}' must be one of: {', '.join(setting.choices)}")
    catalog.set_setting(name, value)
