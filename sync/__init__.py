"""Sharing cases with peer networks through plain Git repositories (see ../shared/SYNC-DESIGN.md).
Imports the core, never the app. Every git call goes through sync/gitcmd.py."""
