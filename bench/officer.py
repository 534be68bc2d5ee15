"""The officer question set: queries in officers' own words over the bundled cases, judged by hand.

`officer_queries.tsv` holds one query a line: the text as typed, a kind, and the judgments as
`case-id=grade` (2 = an answer, 1 = relevant), tab-separated; lines starting with # are comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

OFFICER_FILE = Path(__file__).with_name("officer_queries.tsv")
GRADES = (1, 2)


@dataclass(frozen=True)
class OfficerQuery:
    text: str
    kind: str
    judged: dict[str, int]


def load(path: Path = OFFICER_FILE) -> list[OfficerQuery]:
    """Every query of the file; a malformed line raises ValueError naming the file and line."""
    found = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            found.append(_parse(line, f"{path}:{number}"))
    return found


def _parse(line: str, where: str) -> OfficerQuery:
    parts = line.split("\t")
    if len(parts) != 3 or not parts[0].strip():
        raise ValueError(f"{where}: expected three tab-separated columns: query, kind, judgments")
    judged = {}
    for pair in parts[2].split():
        case_id, _, grade = pair.partition("=")
        if not grade.isdigit() or int(grade) not in GRADES:
            raise ValueError(f"{where}: judgment '{pair}' is not case-id=1 or case-id=2")
        judged[case_id] = int(grade)
    if not judged:
        raise ValueError(f"{where}: no judged case")
    return OfficerQuery(parts[0], parts[1], judged)
