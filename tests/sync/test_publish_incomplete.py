"""Publishing an incomplete case is allowed, as saving, indexing and syncing one are, but the command
says so: peers see it marked incomplete."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from casebook import template
from casebook.cli import main
from tests.conftest import case_text
from tests.sync.conftest import NETWORK, Officer


def test_publishing_a_case_that_still_holds_the_template_warns(officer: Callable[[str, str], Officer],
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    leeds = officer("leeds", "Leeds")
    (leeds.home.library / "bins.md").write_text(case_text(title="Bins", sharing="network", body=template.body()))
    (leeds.home.library / "parks.md").write_text(case_text(title="Parks", sharing="network"))
    assert main(["publish", "parks", "--to", NETWORK, "--home", str(leeds.home.root)]) == 0
    assert capsys.readouterr().err == ""
    assert main(["publish", "bins", "--to", NETWORK, "--home", str(leeds.home.root)]) == 0
    out, err = capsys.readouterr()
    assert out == f"Published bins to {NETWORK}; it is shared at the next `casebook sync {NETWORK}`.\n"
    assert err == ("casebook: note: bins is incomplete (5 problems, the first: the 'Context' section still holds "
                   "only the template's prompt: write what this case says there, or remove the section); peers "
                   "will see it marked incomplete\n")
    assert (leeds.clone / "cases" / "leeds" / "bins.md").is_file()
