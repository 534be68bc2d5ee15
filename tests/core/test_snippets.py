"""Snippets depend on the search alone, never on what was searched before (no state kept between calls)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from casebook.home import Home
from casebook.library import Library


@pytest.fixture
def lib(home: Home) -> Iterator[Library]:
    """The bundled cases."""
    with Library(home) as library:
        library.update()
        yield library


def test_the_same_search_gives_the_same_snippet_html_whatever_ran_before(lib: Library) -> None:
    for other in ("ransomware backups", "council tax", "street trees contract"):
        lib.search(other, limit=10)
    after_others = lib.search("chatbot residents", limit=5).hits[0].snippet
    lib.search("residents", limit=10)
    assert lib.search("chatbot residents", limit=5).hits[0].snippet == after_others
    # words are numbered within each snippet, in order of appearance, as if nothing ran before
    assert re.findall(r'class="match (term\d+)">', after_others)[0] == "term0"
