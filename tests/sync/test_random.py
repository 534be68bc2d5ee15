"""Randomised interleavings across 3 councils × 2 officers (seeded): edits, renames, deletes,
internal flips, odd file names and temporary files a killed publish leaves behind. Nobody's last
word is lost (it is in every clone, or in a conflict copy waiting in an officer's inbox), no file
holds conflict markers, every tree ends equal, nothing is ever quarantined, and no internal text
ever reaches the hub."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from casebook import casefile
from casebook.errors import CasebookError
from casebook.indexer import case_row
from casebook.library import Library
from sync import actions, engine
from sync.networks import Registry
from tests.conftest import case_text
from tests.sync.conftest import NETWORK, Officer, git, hub_text

STEPS = 600
POOL = ["roads", "bins", "housing", "parks"]
ODD_NAMES = ["notes.txt", "Budget.MD", "secret.markdown", "draft.md.bak", "con.md", "Thumbs.db", "digest.html",
             ".DS_Store", "dot.md."]
INTERNAL = "INTERNAL-TEXT"


class Soak:
    """The officers, what each last shared (their last word), and the moves a step can make."""

    def __init__(self, rng: random.Random, officers: list[Officer]) -> None:
        self.rng, self.officers = rng, officers
        self.last_word: dict[tuple[int, str], str] = {}

    def own(self, who: int) -> Path:
        return self.officers[who].clone / "cases" / self.officers[who].council.lower()

    def present(self, who: int) -> list[str]:
        return sorted(p.stem for p in self.own(who).glob("*.md") if p.stem in POOL)

    def publish(self, who: int, case_id: str) -> None:
        """Publish with only the written file re-read into the catalog (searching is not under test,
        and indexing would take most of the time)."""
        home = self.officers[who].home
        with Library(home) as lib:
            lib.catalog.apply([case_row(casefile.read(home.library / f"{case_id}.md", "library"))], [])
            actions.publish(home, Registry(lib.catalog), case_id, NETWORK)

    def forget_seen(self, who: int, case_id: str) -> None:
        """The officer replaces or deletes the version they see: the texts in it are superseded."""
        seen = (self.own(who) / f"{case_id}.md").read_text("utf-8")
        self.last_word = {key: text for key, text in self.last_word.items() if text not in seen}

    def words(self) -> str:
        """Text unlike any other case's, so that git never pairs a deleted case with a new one."""
        return " ".join("".join(self.rng.choices("abcdefghijklmnopqrstuvwxyz", k=6)) for _ in range(60))

    def edit(self, step: int, who: int) -> None:
        case_id = self.rng.choice(POOL)
        text = f"step {step}: officer {who} on {case_id} {self.words()}"
        self.officers[who].write(case_id, text)
        self.publish(who, case_id)
        self.last_word[(who, case_id)] = text

    def sync(self, step: int, who: int) -> None:
        with Library(self.officers[who].home) as lib:
            registry = Registry(lib.catalog)
            report = engine.sync(lib.home, registry, registry.require(NETWORK))
        assert report.quarantined == [], f"step {step}: {report.summary}"
        assert report.ok or report.blocked, f"step {step}: {report.summary}"

    def delete(self, step: int, who: int) -> None:
        present = self.present(who)
        if present:
            case_id = self.rng.choice(present)
            self.forget_seen(who, case_id)
            (self.own(who) / f"{case_id}.md").unlink()
            (self.officers[who].home.library / f"{case_id}.md").unlink(missing_ok=True)

    def rename(self, step: int, who: int) -> None:
        """A rename that also rewrites the text (as officers do when they retitle a case)."""
        present, free = self.present(who), [c for c in POOL if c not in self.present(who)]
        if present and free:
            old, new = self.rng.choice(present), self.rng.choice(free)
            self.forget_seen(who, old)
            (self.own(who) / f"{old}.md").unlink()
            (self.officers[who].home.library / f"{old}.md").unlink(missing_ok=True)
            text = f"step {step}: officer {who} renamed {old} to {new} {self.words()}"
            self.officers[who].write(new, text)
            self.publish(who, new)
            self.last_word[(who, new)] = text

    def flip_internal(self, step: int, who: int) -> None:
        """Mark a case internal: in the library (publishing is refused) or by hand in the clone."""
        person, case_id = self.officers[who], self.rng.choice(POOL)
        secret = f"{INTERNAL} step {step}"
        if self.rng.random() < 0.5 or case_id not in self.present(who):
            person.write(case_id, secret, sharing="internal")
            with pytest.raises(CasebookError, match="marked 'internal'"):
                self.publish(who, case_id)
            return
        self.forget_seen(who, case_id)
        body = f"## Lessons\n- {secret}\n"
        (self.own(who) / f"{case_id}.md").write_text(case_text(title=case_id, sharing="internal", body=body))

    def odd_file(self, step: int, who: int) -> None:
        name = self.rng.choice(ODD_NAMES)
        (self.own(who) / name).write_text(case_text(title="odd", sharing="network", body=f"{INTERNAL} {step}\n"))

    def killed_publish(self, step: int, who: int) -> None:
        """What a publish killed mid-write leaves: a partial temporary file (in .git/ now; beside
        the case in the clone's folder from older versions)."""
        partial = f"---\ntitle: half\nsharing: network\n---\n{INTERNAL} {step}"
        (self.officers[who].clone / ".git" / f".{step}abc.tmp").write_text(partial)
        (self.own(who) / f".{self.rng.choice(POOL)}.md.{step}x.tmp").write_text(partial)


MOVES = [("edit", 22), ("sync", 12), ("delete", 4), ("rename", 4), ("flip_internal", 5), ("odd_file", 3),
         ("killed_publish", 2)]


@pytest.mark.parametrize("seed", [7, 2026])
def test_random_soak_loses_nothing_and_leaks_nothing(seed: int, hub: Path,
                                                     officer: Callable[[str, str], Officer]) -> None:
    rng = random.Random(seed)
    officers = [officer(f"{council.lower()}-{n}", council) for council in ("Leeds", "Hackney", "York")
                for n in (1, 2)]
    soak = Soak(rng, officers)
    names, weights = zip(*MOVES, strict=True)
    for step in range(STEPS):
        who = rng.randrange(len(officers))
        getattr(soak, rng.choices(names, weights)[0])(step, who)
    for _ in range(3):
        for n in range(len(officers)):
            soak.sync(STEPS, n)
    trees = {git(o.clone, "rev-parse", "HEAD^{tree}").strip() for o in officers}
    assert len(trees) == 1
    waiting = set().union(*(person.conflict_texts() for person in officers))
    for person in officers:
        texts = "\n".join(person.tree_texts(tracked=True) | waiting)
        assert "<<<<<<<" not in texts and ">>>>>>>" not in texts and "=======" not in texts
        missing = [text for text in soak.last_word.values() if text not in texts]
        assert missing == [], f"{person.home.root.name} lacks {missing}"
    assert INTERNAL not in hub_text(hub)
    assert soak.last_word
