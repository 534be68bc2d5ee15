"""A network made the way a hosting service makes one (README, LICENSE, .gitignore, CI settings)
can be joined and synced; those files are taken in, never run and never indexed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import case_text
from tests.sync.conftest import Officer, git

HUB_FILES = {
    "README.md": "# north\nHOSTED-README-WORD\n",
    "LICENSE": "MIT License\nHOSTED-LICENSE-WORD\n",
    ".gitignore": "*.md\n__pycache__/\n",
    ".github/workflows/check.yml": "on: [push]\njobs:\n  check:\n    runs-on: ubuntu-latest\n",
    ".gitlab-ci.yml": "check:\n  script: casebook network check $BASE $HEAD\n",
    ".gitea/workflows/check.yaml": "on: [push]\n",
    "CONTRIBUTING.md": "Open a pull request.\n",
    "CODEOWNERS": "* @north-maintainers\n",
    "LICENSE.txt": "Same licence.\n",
}


@pytest.fixture
def hosted_hub(tmp_path: Path) -> Path:
    """A bare hub whose first commit is what a hosting service writes, then one peer case."""
    work = tmp_path / "hosted-work"
    work.mkdir()
    git(work, "init", "--quiet")
    for name, text in HUB_FILES.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text)
    git(work, "add", "--all")
    git(work, "commit", "--quiet", "-m", "Initial commit")
    (work / "cases" / "hackney").mkdir(parents=True)
    (work / "cases" / "hackney" / "parks.md").write_text(case_text(title="Parks", sharing="network"))
    git(work, "add", "--force", "--all")
    git(work, "commit", "--quiet", "-m", "A peer's case")
    hub = tmp_path / "hosted.git"
    git(tmp_path, "clone", "--quiet", "--bare", str(work), str(hub))
    return hub


def test_a_network_made_by_a_hosting_service_can_be_joined_and_synced(tmp_path: Path, hosted_hub: Path) -> None:
    leeds = Officer(tmp_path / "leeds", hosted_hub.as_uri(), "Leeds")
    leeds.write("roads", "a road lesson")
    leeds.publish("roads")
    report = leeds.sync()
    assert (report.ok, report.quarantined, report.pulled, report.pushed) == (True, [], 1, 1)
    assert git(hosted_hub, "ls-tree", "-r", "--name-only", "main").split() == sorted(
        [*HUB_FILES, "cases/hackney/parks.md", "cases/leeds/roads.md"])
    for name, text in HUB_FILES.items():
        assert (leeds.clone / name).read_text() == text
    assert leeds.search("HOSTED-README-WORD OR HOSTED-LICENSE-WORD") == []
    assert leeds.search("parks") == [("parks", "north")]
    leeds.write("bins", "a bin lesson")
    leeds.publish("bins")
    assert leeds.sync().pushed == 1, "the hub's .gitignore (*.md) must not stop a case being shared"
    other = Officer(tmp_path / "hackney", hosted_hub.as_uri(), "Hackney")
    assert other.sync().pulled == 3
    assert "a road lesson" in (other.clone / "cases" / "leeds" / "roads.md").read_text()
