"""Casebook benchmark: synthetic case libraries, Casebook's build, update, open and search times,
and a SQLite FTS5 baseline on the same cases. Run `python -m bench --help`."""
