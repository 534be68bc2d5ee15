"""The bundled council thesaurus (casebook/thesaurus.txt) is well-formed data, shipped with the package."""

from __future__ import annotations

from importlib import resources

#: Groups the search tests rely on, verbatim.
REQUIRED = [
    "fly-tipping, fly tipping, flytipping, illegal dumping",
    "Wi-Fi, wifi, wireless internet, wireless",
    "CCTV, surveillance cameras, closed-circuit television",
    "outsourcing, outsourced, contracting out, strategic partnership, joint venture",
    "chatbot, virtual assistant, chat bot, conversational AI",
    "HMO, house in multiple occupation, houses in multiple occupation",
    "SEND, special educational needs and disabilities, EHCP, education health and care plan",
    "homelessness, temporary accommodation, rough sleeping",
]


def groups() -> list[str]:
    text = resources.files("casebook").joinpath("thesaurus.txt").read_text("utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_the_required_groups_are_there_verbatim() -> None:
    assert sorted(line for line in groups() if line in REQUIRED) == sorted(REQUIRED)


def test_every_group_has_two_or_more_terms_and_no_term_is_in_two_groups() -> None:
    seen: dict[str, str] = {}
    for line in groups():
        terms = [term.strip().lower() for term in line.split(",")]
        assert len(terms) >= 2 and all(terms), line
        assert len(set(terms)) == len(terms), line
        clashes = {term: seen[term] for term in terms if term in seen}
        assert not clashes, f"{line!r} repeats {clashes}"
        seen.update(dict.fromkeys(terms, line))
    assert len(groups()) >= 250
