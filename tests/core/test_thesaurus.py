"""The thesaurus file format and loader (casebook.thesaurus)."""

from __future__ import annotations

from pathlib import Path

from casebook.thesaurus import Thesaurus, analysed, load, read_groups


def test_groups_comments_and_bad_lines() -> None:
    text = "# comment\n\nfly-tipping, fly tipping, illegal dumping\n  SEND ,EHCP\nlonely\n, ,\n"
    groups, problems = read_groups(text, "mine.txt")
    assert groups == [["fly-tipping", "fly tipping", "illegal dumping"], ["SEND", "EHCP"]]
    assert problems == ["mine.txt:5: a group needs at least two terms separated by commas; left out",
                        "mine.txt:6: a group needs at least two terms separated by commas; left out"]


def test_every_term_stands_for_every_other_and_groups_join() -> None:
    thesaurus = Thesaurus()
    thesaurus.add(["fly-tipping", "fly tipping", "flytipping", "illegal dumping"])
    thesaurus.add(["illegal dumping", "dumped rubbish"])
    # "fly-tipping" and "fly tipping" are the same words once analysed
    assert thesaurus.alternatives[analysed("fly tipping")] == ["flytipping", "illegal dumping"]
    assert thesaurus.alternatives[analysed("illegal dumping")] == ["fly-tipping", "flytipping", "dumped rubbish"]
    assert thesaurus.alternatives[analysed("dumped rubbish")] == ["illegal dumping"]


def test_longest_terms_of_a_query_are_found_case_insensitively() -> None:
    thesaurus = Thesaurus()
    thesaurus.add(["HMO", "house in multiple occupation", "houses in multiple occupation"])
    thesaurus.add(["house", "dwelling"])
    query = [analysed(w) for w in ["Houses", "in", "Multiple", "Occupation", "fire", "house"]]
    assert [(s.start, s.end, s.alternatives) for s in thesaurus.spans(query)] == [
        (0, 4, ("HMO",)), (5, 6, ("dwelling",))]
    assert thesaurus.knows("hmo") and not thesaurus.knows("fire")


def test_the_bundled_file_and_a_users_file(tmp_path: Path) -> None:
    bundled = load()
    assert bundled.problems == []
    assert bundled.alternatives[analysed("fly-tipping")] == ["flytipping", "illegal dumping"]
    assert bundled.alternatives[analysed("wifi")] == ["wireless internet", "wireless"]  # Wi-Fi and wifi: one
    mine = tmp_path / "thesaurus.txt"
    mine.write_text("receptacle, wheelie bin\nonly one\n", "utf-8")
    extended = load(mine)
    assert extended.alternatives[analysed("receptacle")] == ["wheelie bin"]
    assert extended.problems == [f"{mine}:2: a group needs at least two terms separated by commas; left out"]
    mine.write_bytes(b"\xff\xfe bad")
    assert load(mine).problems[0].startswith(f"{mine}: could not be read (")
    assert load(tmp_path / "missing.txt").problems == []


def test_the_analysed_thesaurus_is_cached_until_a_file_changes(tmp_path: Path) -> None:
    mine, cache = tmp_path / "thesaurus.txt", tmp_path / "cache.json"
    mine.write_text("receptacle, wheelie bin\nonly one\n", "utf-8")
    first = load(mine, cache)
    assert cache.exists()
    cache.write_text(cache.read_text("utf-8").replace('"wheelie bin"', '"from the cache"'), "utf-8")
    again = load(mine, cache)
    assert again.alternatives[analysed("receptacle")] == ["from the cache"]  # read back, not analysed again
    assert again.problems == first.problems
    mine.write_text("receptacle, dustbin\n", "utf-8")
    assert load(mine, cache).alternatives[analysed("receptacle")] == ["dustbin"]
    cache.write_text("{not json", "utf-8")
    assert load(mine, cache).alternatives[analysed("receptacle")] == ["dustbin"]
