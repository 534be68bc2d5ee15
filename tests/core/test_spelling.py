"""UK/US spelling folding (casebook.spelling) and how text becomes index words (casebook.analysis)."""

from __future__ import annotations

import pytest
from whoosh.analysis import STOP_WORDS, LowercaseFilter, StemFilter, StopFilter
from whoosh.lang.porter import stem

from casebook.analysis import MIN_LENGTH, CompoundTokenizer, FoldFilter, index_words, text_analyzer
from casebook.spelling import fold


@pytest.mark.parametrize(("uk", "us"), [
    ("centre", "center"), ("centres", "centers"), ("centred", "centered"), ("theatre", "theater"),
    ("metre", "meter"), ("fibre", "fiber"),
    ("behaviour", "behavior"), ("behavioural", "behavioral"), ("colour", "color"), ("colours", "colors"),
    ("neighbourhood", "neighborhood"), ("favourite", "favorite"), ("labourer", "laborer"),
    ("programme", "program"), ("programmes", "programs"),
    ("licence", "license"), ("defence", "defense"), ("offences", "offenses"),
    ("modernise", "modernize"), ("modernised", "modernized"), ("modernisation", "modernization"),
    ("organisations", "organizations"), ("prioritising", "prioritizing"), ("summarise", "summarize"),
    ("criticised", "criticized"), ("analyse", "analyze"), ("paralysed", "paralyzed"),
    ("catalogue", "catalog"), ("catalogued", "cataloged"), ("catalogues", "catalogs"), ("dialogue", "dialog"),
    ("travelled", "traveled"), ("travelling", "traveling"), ("traveller", "traveler"), ("cancelled", "canceled"),
    ("modelling", "modeling"), ("labelled", "labeled"), ("counselling", "counseling"), ("signalled", "signaled"),
    ("fuelled", "fueled"), ("enrolment", "enrollment"), ("fulfil", "fulfill"),
    ("paediatric", "pediatric"), ("anaesthetic", "anesthetic"), ("ageing", "aging"), ("judgement", "judgment"),
    ("grey", "gray"), ("kerb", "curb"), ("tyres", "tires"), ("manoeuvre", "maneuver"),
])
def test_uk_spellings_fold_to_us(uk: str, us: str) -> None:
    assert fold(uk) == us
    assert fold(us) == us


@pytest.mark.parametrize("word", [
    "four", "hour", "your", "tour", "flour", "detour", "contour", "journey", "our", "hours",  # not -our words
    "advertise", "exercise", "revised", "surprise", "enterprises", "franchise", "noise", "raise", "praised",
    "otherwise", "promise", "compromise", "expertise", "merchandise", "cruise", "analysis", "arise",  # -ise kept
    "genre", "acre", "massacre", "timbre", "macabre", "ogre",  # not -tre/-bre
    "rogue", "vogue", "league",
    "compelled", "propelling", "rebelled", "excelled", "installed", "called", "recalled", "stalled", "selling",
    "storytelling", "dwelling", "spelling", "smelled", "controlled", "hatred",
])
def test_words_that_only_look_uk_are_left_alone(word: str) -> None:
    assert fold(word) == word


def words(text: str) -> list[str]:
    return [token.text for token in text_analyzer()(text)]


def test_joined_words_with_short_parts_stay_whole() -> None:
    assert words("e-mail Wi-Fi 24/7 B&B A-level") == ["email", "wifi", "247", "bb", "alevel"]
    assert words("email wifi alevel") == ["email", "wifi", "alevel"]


def test_other_joined_words_are_split() -> None:
    assert words("fly-tipping Covid-19 council-owned MK:Smart") == ["fli", "tip", "covid", "19", "council",
                                                                    "own", "mk", "smart"]


def test_an_acronyms_plural_is_the_acronym() -> None:
    """The stemmer kept "hmos" apart from "hmo": HMO did not find a case about HMOs."""
    assert words("HMOs PFIs CCTVs IDs") == words("HMO PFI CCTV ID") == ["hmo", "pfi", "cctv", "id"]
    assert index_words("HMOs and PFIs") == ["hmo", "pfi"]
    assert words("NHS COUNCILS") == ["nhs", "council"]


def test_spellings_fold_before_stemming() -> None:
    assert words("city centre behaviour programmes") == words("city center behavior programs") == [
        "citi", "center", "behavior", "program"]


def test_positions_and_characters_follow_the_text() -> None:
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in text_analyzer()("Send an e-mail to the B&B", positions=True, chars=True)]
    assert tokens == [("send", 0, 0, 4), ("email", 1, 8, 14), ("bb", 2, 22, 25)]


def test_the_fast_twin_gives_the_analyzers_words() -> None:
    text = "Fly-tipping in the city centre: e-mail the B&B, 24/7. Organisations' behaviour; A-level data."
    assert index_words(text) == words(text) == ["fli", "tip", "citi", "center", "email", "bb", "247",
                                                "organ", "behavior", "alevel", "data"]


def test_the_one_pass_filter_gives_whooshs_filters_tokens() -> None:
    """casebook.analysis.IndexWordFilter against Whoosh's four filters it replaces, in index and
    query mode, stop words kept or removed (the query parser keeps them marked)."""
    whoosh_filters = (CompoundTokenizer() | LowercaseFilter() | StopFilter(stoplist=STOP_WORDS, minsize=MIN_LENGTH)
                      | FoldFilter() | StemFilter(stemfn=stem))
    text = "The B&B and a Council: colour-coded programmes, I think; the A-level is e-mailed 24/7 to THE centre."
    for options in ({}, {"mode": "query"}, {"mode": "query", "removestops": False}, {"start_pos": 3}):
        expected = [(t.text, t.pos, t.startchar, t.stopped)
                    for t in whoosh_filters(text, positions=True, chars=True, **options)]
        assert [(t.text, t.pos, t.startchar, t.stopped)
                for t in text_analyzer()(text, positions=True, chars=True, **options)] == expected, options
    assert [t.text for t in text_analyzer()(text, positions=True)] == [
        "bb", "council", "color", "code", "program", "think", "alevel", "email", "247", "center"]
    assert [(t.text, t.pos) for t in text_analyzer()(text, positions=True, mode="query", removestops=False)][:4] == [
        ("the", 0), ("bb", 1), ("and", 2), ("a", 3)]
