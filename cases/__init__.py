"""Bundled example cases: Markdown files shipped with Casebook as its default library."""
