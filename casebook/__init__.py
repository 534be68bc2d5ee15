"""Casebook core: case files, catalog, search index and CLI (no Qt, no git)."""

__version__ = "0.1.0"
