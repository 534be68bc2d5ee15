"""Search: every query form, malformed queries, facets, snippets, suggestions, sorting, related."""

from __future__ import annotations

import pytest

from casebook.library import Library
from casebook.search import best
from tests.conftest import case_text

CASES = {
    "chatbot-aylesbury": dict(title="Web chatbot for council tax questions", council="Aylesbury Vale District Council",
                              outcome="failure", date="2017-06", summary="A chatbot answered council tax queries.",
                              themes="[emerging technologies, public expectations]", service_area="[customer services]",
                              tags="[chatbot, ai]",
                              body="## Context\nResidents phoned about council tax.\n\n## Lessons\n"
                                   "- Procurement of the supplier took a year.\n- Train the bot on real questions.\n"),
    "voice-hampshire": dict(title="Voice assistants in adult social care", council="Hampshire County Council",
                            outcome="success", date="2018-03", summary="Smart speakers supported people at home.",
                            themes="[emerging technologies]", service_area="[adult social care]", tags="[ai, voice]",
                            body="## Context\nCarers wanted reminders.\n\n## Lessons\n- Involve carers early.\n"),
    "litter-flintshire": dict(title="Outsourced litter enforcement", council="Flintshire County Council",
                              outcome="failure", date="2019-10", summary="A litter enforcement contract ended early.",
                              themes="[placemaking, public expectations]", service_area="[waste and environment]",
                              tags="[enforcement]",
                              body="## Context\nLitter complaints rose.\n\n## Lessons\n- Payment per fine skews "
                                   "behaviour.\n\nThe <script>alert(1)</script> tag & friends.\n"),
    "profiling-hackney": dict(title="Predictive profiling for Early Help", council="London Borough of Hackney",
                              outcome="mixed", date="2021", summary="A predictive model flagged families.",
                              themes="[data and personalisation]", service_area="[children's services]",
                              tags="[machine learning]",
                              body="## Context\nCouncil tax debt was one signal among many.\n\n## Lessons\n"
                                   "- Explain the model to residents.\n"),
}


@pytest.fixture
def lib(library: Library) -> Library:
    for name, fields in CASES.items():
        (library.home.library / f"{name}.md").write_text(case_text(**fields), "utf-8")
    library.update()
    return library


def ids(lib: Library, query: str, **kwargs) -> list[str]:
    return sorted(h.id for h in lib.search(query, limit=50, **kwargs).hits)


@pytest.mark.parametrize(("query", "expected"), [
    ("chatbot", ["chatbot-aylesbury"]),
    ("chatbots", ["chatbot-aylesbury"]),                              # stemming
    ('"council tax"', ["chatbot-aylesbury", "profiling-hackney"]),
    ('"tax council"', []),
    ("council tax AND procurement", ["chatbot-aylesbury"]),
    ("litter OR voice", ["litter-flintshire", "voice-hampshire"]),
    ("ai NOT voice", ["chatbot-aylesbury"]),
    ("council:hackney", ["profiling-hackney"]),
    ('council:"county council"', ["litter-flintshire", "voice-hampshire"]),
    ("outcome:failure", ["chatbot-aylesbury", "litter-flintshire"]),
    ("outcome:FAILURE", ["chatbot-aylesbury", "litter-flintshire"]),
    ("theme:placemaking", ["litter-flintshire"]),
    ('theme:"data and personalisation"', ["profiling-hackney"]),
    ("service:care", ["voice-hampshire"]),
    ("tag:ai", ["chatbot-aylesbury", "voice-hampshire"]),
    ('tag:"machine learning"', ["profiling-hackney"]),
    ("source:library", sorted(CASES)),
    ("sharing:internal", sorted(CASES)),
    ("year:2019", ["litter-flintshire"]),
    ("year:2018..2019", ["litter-flintshire", "voice-hampshire"]),
    ("year:2019..", ["litter-flintshire", "profiling-hackney"]),
    ("year:..2017", ["chatbot-aylesbury"]),
    ("lessons:procurement", ["chatbot-aylesbury"]),
    ("lessons:residents", ["profiling-hackney"]),
    ("residents", ["chatbot-aylesbury", "profiling-hackney"]),
    ("predict*", ["profiling-hackney"]),
    ("chatbt~", ["chatbot-aylesbury"]),
    ("enforcment~2", ["litter-flintshire"]),
    ("outcome:failure theme:placemaking", ["litter-flintshire"]),
    ("(litter OR chatbot) AND year:2019", ["litter-flintshire"]),
    ("*", sorted(CASES)),
])
def test_query_forms(lib: Library, query: str, expected: list[str]) -> None:
    result = lib.search(query)
    assert sorted(h.id for h in result.hits) == expected
    assert result.total == len(expected)
    assert result.notice is None


@pytest.mark.parametrize(("query", "expected", "why"), [
    ('"council tax', ["chatbot-aylesbury", "profiling-hackney"], "a quotation mark is not closed"),
    ("(litter OR voice", ["litter-flintshire", "voice-hampshire"], "brackets do not match"),
    ("voice)", ["voice-hampshire"], "brackets do not match"),
    ("year:abc litter", ["litter-flintshire"], "part of it could not be read"),
])
def test_malformed_queries_are_repaired_and_say_so(lib: Library, query: str, expected: list[str],
                                                          why: str) -> None:
    result = lib.search(query)
    assert sorted(h.id for h in result.hits) == expected
    assert why in result.notice
    assert "searched for: " in result.notice


@pytest.mark.parametrize("query", ["~", "[", "]", "^", "AND", "NOT", "OR OR", ":", "year:", "title:", '"', "((", "*~",
                                   "\\", "year:[2019 TO", "a" * 500, "💥", "NOT NOT NOT", "year:..", "-", "+"])
def test_nothing_typed_raises(lib: Library, query: str) -> None:
    result = lib.search(query)
    assert result.total >= 0
    assert isinstance(result.facets, dict)


def test_facets_count_matches_and_filters_narrow(lib: Library) -> None:
    result = lib.search("*")
    assert result.facets == {
        "outcome": {"failure": 2, "mixed": 1, "success": 1},
        "council": {"Aylesbury Vale District Council": 1, "Flintshire County Council": 1,
                    "Hampshire County Council": 1, "London Borough of Hackney": 1},
        "theme": {"emerging technologies": 2, "public expectations": 2, "data and personalisation": 1,
                  "placemaking": 1},
        "service": {"adult social care": 1, "children's services": 1, "customer services": 1,
                    "waste and environment": 1},
        "year": {"2021": 1, "2019": 1, "2018": 1, "2017": 1},
        "source": {"library": 4},
        "status": {"complete": 4},
    }
    narrowed = lib.search("*", filters={"outcome": ["failure"]})
    assert sorted(h.id for h in narrowed.hits) == ["chatbot-aylesbury", "litter-flintshire"]
    assert narrowed.total == 2
    # the ticked facet keeps its other values visible; the others count within the filter
    assert narrowed.facets["outcome"] == {"failure": 2, "mixed": 1, "success": 1}
    assert narrowed.facets["theme"] == {"public expectations": 2, "emerging technologies": 1, "placemaking": 1}
    both = lib.search("*", filters={"outcome": ["failure", "success"], "theme": ["emerging technologies"]})
    assert sorted(h.id for h in both.hits) == ["chatbot-aylesbury", "voice-hampshire"]
    in_2021 = lib.search("council", filters={"year": ["2021"]})
    assert ([h.id for h in in_2021.hits], in_2021.facets["outcome"]) == (["profiling-hackney"], {"mixed": 1})


def test_unknown_facet_or_sort_is_an_error(lib: Library) -> None:
    with pytest.raises(ValueError, match="unknown facet 'colour'"):
        lib.search("*", filters={"colour": ["red"]})
    with pytest.raises(ValueError, match="sort must be one of relevance, date, title"):
        lib.search("*", sort="size")


def test_snippets_highlight_matches_and_escape_html(lib: Library) -> None:
    hit = lib.search("behaviour").hits[0]
    assert "<mark" in hit.snippet and "behaviour</mark>" in hit.snippet
    hit = lib.search("script").hits[0]
    assert "<script>" not in hit.snippet
    assert "&lt;" in hit.snippet and "&amp;" in hit.snippet
    title_only = lib.search("voice").hits[0]
    assert title_only.snippet


def test_sorting_by_date_and_title(lib: Library) -> None:
    assert [h.date for h in lib.search("*", sort="date").hits] == ["2021", "2019-10", "2018-03", "2017-06"]
    assert [h.title[:5] for h in lib.search("*", sort="title").hits] == ["Outso", "Predi", "Voice", "Web c"]
    ranked = lib.search("chatbot OR council")
    assert ranked.hits[0].id == "chatbot-aylesbury"
    assert ranked.hits[0].score > ranked.hits[-1].score


def test_unknown_words_are_corrected_and_said(lib: Library) -> None:
    result = lib.search("chatbto")
    assert ([h.id for h in result.hits], result.corrected, result.suggestion) == (
        ["chatbot-aylesbury"], "chatbot", None)
    assert lib.search("Flintshre").corrected == "flintshire"
    assert lib.search("outcome:failure litterr").corrected == "outcome:failure litter"
    for known in ("chatbot", "council", "procurment outcome:failure"):  # procurment: stemmed as procurement
        assert lib.search(known).corrected is None, known
    assert [h.id for h in lib.search("procurment outcome:failure").hits] == ["chatbot-aylesbury"]


def test_as_typed_the_correction_is_offered_when_it_finds_more(lib: Library) -> None:
    result = lib.search("chatbto", correct=False)
    assert (result.total, result.corrected, result.suggestion) == (0, None, "chatbot")
    result = lib.search("chatbto litter", correct=False)  # the correction finds more: offered
    assert ([h.id for h in result.hits], result.suggestion) == (["litter-flintshire"], "chatbot litter")
    result = lib.search("carers chatbto", correct=False)  # carers only in voice-hampshire, chatbot only in
    assert result.total == 1 and result.suggestion == "carers chatbot"  # chatbot-aylesbury: 2 > 1


def test_related_lists_named_cases_first_then_similar(lib: Library) -> None:
    (lib.home.library / "chatbot-aylesbury.md").write_text(
        case_text(**{**CASES["chatbot-aylesbury"], "related": "[litter-flintshire]"}), "utf-8")
    lib.update()
    related = [h.id for h in lib.related("chatbot-aylesbury", limit=3)]
    assert related[0] == "litter-flintshire"
    assert "chatbot-aylesbury" not in related
    assert len(related) == len(set(related))
    assert "profiling-hackney" in related  # shares "council tax" and "residents"


def test_results_reflect_the_library_after_changes(lib: Library) -> None:
    assert lib.search("outcome:failure").total == 2
    (lib.home.library / "litter-flintshire.md").unlink()
    lib.update()
    result = lib.search("outcome:failure")
    assert [h.id for h in result.hits] == ["chatbot-aylesbury"]
    assert result.facets["council"] == {"Aylesbury Vale District Council": 1}


@pytest.mark.parametrize(("query", "expected"), [
    ("the chatbot", ["chatbot-aylesbury"]),
    ("chatbot for council tax", ["chatbot-aylesbury", "profiling-hackney"]),
    ("chatbot OR", ["chatbot-aylesbury"]),
    ("OR chatbot", ["chatbot-aylesbury"]),
    ('council:"london borough of hackney"', ["profiling-hackney"]),
])
def test_stop_words_and_dangling_operators_do_not_empty_the_results(lib: Library, query: str,
                                                                   expected: list[str]) -> None:
    assert ids(lib, query) == expected


@pytest.mark.parametrize("query", ["<b>", "<mark>", ">chatbot", "<=2017", "(<x)", "(" * 1000 + "a" + ")" * 1000,
                                   "year:..", "council:", "x~9"])
def test_queries_that_once_crashed_or_hung(lib: Library, query: str) -> None:
    result = lib.search(query)
    assert result.total >= 0


def test_fuzzy_distance_is_capped_and_said(lib: Library) -> None:
    result = lib.search("chatbt~9")
    assert [h.id for h in result.hits] == ["chatbot-aylesbury"]
    assert "fuzzy matching allows at most 2 changed letters" in result.notice


def test_an_empty_field_is_left_out_and_said(lib: Library) -> None:
    result = lib.search("council: litter")
    assert [h.id for h in result.hits] == ["litter-flintshire"]
    assert "'council:' has no value" in result.notice


def test_correction_leaves_syntax_and_stop_words_alone(lib: Library) -> None:
    result = lib.search("year:[2030 TO]")
    assert (result.corrected, result.suggestion) == (None, None)
    assert lib.search("the chatbto").corrected == "the chatbot"
    assert lib.search('"chatbto" outcome:failure').corrected is None  # quoted text is literal
    assert lib.search("how did chatbto").corrected == "how did chatbot"


def test_unknown_field_is_searched_as_words(lib: Library) -> None:
    result = lib.search("colour:red litter")
    assert ([h.id for h in result.hits], result.notice) == (
        ["litter-flintshire"], "No case mentions “colour” or “red”; these cases have some of your words.")


def test_facet_values_may_contain_commas(library: Library) -> None:
    council = "Kingston upon Thames, Royal Borough of"
    (library.home.library / "k.md").write_text(case_text(council=f'"{council}"', themes="[placemaking]"))
    library.update()
    result = library.search("*")
    assert result.facets["council"] == {council: 1}
    assert library.search("*", filters={"council": [council]}).total == 1


def test_fuzzy_and_prefix_find_at_least_the_word_itself(library: Library) -> None:
    """On the bundled cases (one index segment): fuzzy terms are matched in the stemmed field, and a
    prefix also finds the shorter stems of the words it starts ("residen*" -> "resid")."""
    library.catalog.set_setting("examples", "on")
    library.update()
    for word, fuzzy, prefix in (("residents", "residents~", "residen*"), ("volunteers", "volunteers~", "volunt*"),
                                ("procurement", "procurment~", "procure*")):
        exact = library.search(f'"{word}"').total  # quoted: without the thesaurus's alternatives
        assert exact > 0
        assert library.search(fuzzy).total >= exact, fuzzy
        assert library.search(prefix).total >= exact, prefix


def test_the_word_council_in_council_names_is_not_indexed(library: Library) -> None:
    """It is in nearly every name: a search for "council" goes by the text, not by who wrote it."""
    (library.home.library / "quiet.md").write_text(case_text(council="Quiet Borough Council", body="No mention.\n"))
    (library.home.library / "loud.md").write_text(case_text(council="Loud District Council", body="The council did.\n"))
    library.update()
    assert ids(library, "council") == ["loud"]
    for query in ("council:quiet", "borough", 'council:"quiet borough"', 'council:"borough council"'):
        assert ids(library, query) == ["quiet"], query


def test_an_empty_library_searches_to_nothing(library: Library) -> None:
    """No case at all (examples off): an index without segments answers, with no facet values."""
    library.update()
    for text in ("chatbot", "*", "outcome:failure", '"council tax"'):
        result = library.search(text)
        assert (result.total, result.hits, result.searched) == (0, [], 0), text
        assert result.facets == {name: {} for name in result.facets}, text
    for sort in ("date", "title"):
        assert library.search("*", sort=sort).hits == [], sort
    (library.home.library / "one.md").write_text(case_text(title="Chatbot pilot"))
    library.update()
    assert (library.search("chatbot").total, library.search("chatbot").searched) == (1, 1)


def test_best_cases_come_first_and_equal_scores_in_document_order() -> None:
    scores = {5: 1.0, 3: 2.0, 9: 1.0, 1: 1.0, 7: 0.5}
    assert best(scores, set(scores), 3) == [3, 1, 5]
    assert best(scores, set(scores), 10) == [3, 1, 5, 9, 7]
    assert best(scores, {5, 9, 7}, 2) == [5, 9]
    assert best(scores, {9, 7}, 2) == [9, 7]
    assert best(scores, set(scores), 0) == best(scores, set(), 3) == []
