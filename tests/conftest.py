"""Fixtures shared by every test package."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from casebook.home import Home
from casebook.library import Library

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = SHARED / "corpora"


def case_text(title: str = "A case", council: str = "Test Borough Council", outcome: str = "success",
              summary: str = "A short summary.", body: str = "## Lessons\n- Start small.\n", **extra: str) -> str:
    """A minimal valid case file; extra keyword arguments become more front-matter lines."""
    lines = [f"title: {title}", f"council: {council}", f"outcome: {outcome}", f"summary: {summary}"]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    """An empty home folder in tmp_path; CASEBOOK_HOME points at it."""
    monkeypatch.setenv("CASEBOOK_HOME", str(tmp_path / "home"))
    return Home(tmp_path / "home").ensure()


@pytest.fixture
def library(home: Home) -> Iterator[Library]:
    """A Library on `home` with the bundled examples switched off: tests write their own cases."""
    lib = Library(home)
    lib.catalog.set_setting("examples", "off")
    yield lib
    lib.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="also the long runs: 100 killed syncs instead of 20")
@pytest.fixture(autouse=True)
def test_keyring(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path | None]:
    """Sign-ins kept by a test go to a keyring file of its own, outside its tmp_path (keyrings.alt,
    a dev dependency), never to the computer's credential store. The file's path, or None in the
    core environment, which has no sync."""
    try:
        import keyring
        from keyrings.alt.file import PlaintextKeyring

        from sync import credentials
    except ImportError:
        yield None
        return
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path_factory.mktemp("keyring") / "keyring.cfg")
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.setattr(credentials, "_session", {})
    yield Path(backend.file_path)
    keyring.set_keyring(previous)
