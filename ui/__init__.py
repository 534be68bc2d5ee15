"""The Casebook desktop app (PySide6). Talks to the core only through its public functions,
and runs slow work off the UI thread (see ui/tasks.py)."""
