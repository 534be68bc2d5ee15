"""The app's digest export: the same refusal as the command line's for a folder that does not exist,
before the run is remembered."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook import digest
from casebook.digest import DigestSpec
from casebook.errors import CasebookError
from casebook.library import Library
from operations import digests
from tests.conftest import case_text


def test_export_into_a_missing_folder_is_refused_and_nothing_remembered(library: Library, tmp_path: Path) -> None:
    (library.home.library / "parks.md").write_text(case_text(title="Parks"), "utf-8")
    library.update()
    steps: list[str] = []
    out = tmp_path / "gone" / "parks.pdf"
    with pytest.raises(CasebookError) as caught:
        digests.export(library, DigestSpec("Parks"), out, lambda done, total, what: steps.append(what))
    assert str(caught.value) == f"cannot write {out}: the folder {tmp_path / 'gone'} does not exist"
    assert steps == []
    assert digest.saved_specs(library.catalog) == []
    assert not (tmp_path / "gone").exists()
