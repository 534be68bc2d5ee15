"""Turning what an officer types into a Whoosh query, never failing.

Plain words are a best match (casebook.bestmatch): any may match, cases matching more of them, and
the words next to each other as typed, rank higher; question words and filler are left out, and
outcome words ("failed", "worked") raise cases of that outcome. "Phrases", field:value, +word and
-word keep their strict meaning. A query with AND, OR, NOT or brackets is read strictly, as written
(words ANDed). Also: year:2018..2021, prefix* and fuzzy~. A query that cannot be read as written is
repaired (an unclosed quote, unmatched brackets, an empty field or an unreadable value are dropped)
and a notice says what was done; `word:word` where word is not a field is read as two words.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from whoosh import query as wq
from whoosh.analysis import STOP_WORDS
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser
from whoosh.query.qcore import _NullQuery

from casebook.bestmatch import BestMatch, Word, least_parts
from casebook.schema import build_schema
from casebook.thesaurus import Thesaurus, analysed

#: Fields searched by plain words (title and summary carry boosts in the schema).
DEFAULT_FIELDS = ("title", "summary", "body", "council", "tag")
#: Fields of running text: where words typed next to each other score a bonus when they are next to
#: each other, and where a word must be missing for a search to say no case mentions it.
TEXT_FIELDS = ("title", "summary", "body")
#: Field names an officer may type, and aliases for them.
QUERY_FIELDS = ("council", "outcome", "theme", "service", "tag", "source", "sharing", "year",
                "lessons", "title", "summary", "id", "status")
ALIASES = {"themes": "theme", "service_area": "service", "tags": "tag", "lesson": "lessons"}
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
#: Edits allowed by `word~N`; the cost grows steeply with N.
MAX_FUZZY = 2
#: Question words and filler left out of plain queries (with Whoosh's own stop words), so that
#: "how did councils use chatbots" searches for chatbots. Used alone, they are searched.
QUERY_STOP_WORDS = frozenset({
    "how", "what", "which", "why", "who", "whom", "whose", "where", "when", "did", "do", "does", "done", "doing",
    "was", "were", "been", "has", "had", "having", "i", "me", "my", "our", "ours", "us", "we", "you", "they",
    "them", "their", "there", "here", "any", "some", "anyone", "anything", "about", "into", "than", "then", "so",
    "such", "very", "much", "many", "more", "most", "also", "just", "only", "ever", "still", "please", "tell",
    "show", "find", "give", "list", "know", "want", "need", "example", "examples", "case", "cases", "councils",
    "authority", "authorities", "lessons", "lesson", "learned", "learnt", "learn", "use", "used", "using", "tried",
    "try", "trying", "get", "got", "happened", "happen", "would", "could", "should", "might", "other", "others",
    "else", "something", "anybody", "someone"
})
#: Words and phrases (lower case) that ask for cases of an outcome: they raise those cases.
OUTCOME_WORDS = {
    "failure": ("went wrong", "gone wrong", "go wrong", "goes wrong", "lessons from", "failure", "failures",
                "failed", "fail", "fails", "failing"),
    "success": ("went well", "success", "successes", "successful", "succeeded", "succeed", "worked"),
}
_OUTCOME_WORDS = frozenset(word for phrases in OUTCOME_WORDS.values() for phrase in phrases for word in phrase.split())
#: Weight of a thesaurus alternative, and of two typed words found next to each other, relative to
#: a word as typed.
ALTERNATIVE_WEIGHT = 0.5
PROXIMITY_WEIGHT = 0.5
#: Up to this many words searched, a query is a search: best match with coordination, the thesaurus
#: and a bonus for words next to each other. More words are a description (a question in full, a
#: pasted paragraph), scored as a plain sum of the words: on judged collections each of those
#: features made descriptions rank worse (bench/RESULTS.md).
SEARCH_WORDS = 3
#: Text of more words than this is prose: its quotation marks are punctuation, not a phrase the
#: cases must have (in a pasted paragraph they are rarely meant as an operator). Those of -"…" and
#: field:"…" are kept: they still say what to leave out or which value to keep.
PROSE_WORDS = 12

#: Outside quotes a question mark ends a question: it is not Whoosh's one-letter wildcard, which
#: made "what is information science?" search for "science" and one more letter.
_QUESTION_MARK_RE = re.compile(r"\?")
_FIELD_RE = re.compile(r"(?<![\w.:/])([A-Za-z_]+):(?!//)")
_EMPTY_FIELD_RE = re.compile(r"(?<![\w.:/])([A-Za-z_]+):(?=\s|$)")
_CLAUSE_RE = re.compile(r'(?<![\w.:/])([A-Za-z_]+):(?!//)("[^"]*"|\[[^\]]*\]|\S*)')
_YEARS_RE = re.compile(r"\byear:(\d{4})\.\.(\d{4})?(?!\S)|\byear:\.\.(\d{4})(?!\S)", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W_]+(?:[-/&.'’][^\W_]+)*")
_QUOTED = '"[^"]*"'
_STRICT_RE = re.compile(rf"{_QUOTED}|(?<!\S)(?:AND|OR|NOT|ANDNOT|ANDMAYBE)(?!\S)")
_FREE_QUOTED_RE = re.compile(rf"((?<!\S)[+-]|:)?{_QUOTED}")
_PIECE_RE = re.compile(rf'([+-]?)((?<![\w.:/])[A-Za-z_]+:(?:{_QUOTED}|\[[^\]]*\]|\S*)|{_QUOTED}\S*|[^\s"]+)')


@dataclass(frozen=True)
class ParsedQuery:
    query: wq.Query
    #: The words to correct when the index does not know them: plain words, not outcome words
    #: ("gone wrong" was corrected to "goes wrong").
    words: tuple[str, ...]
    notice: str | None = None
    #: The outcome the plain words ask for ("failure", "success"), or None.
    outcome: str | None = None
    #: Each two plain words typed one after the other as a phrase (a bonus for the best cases), or None.
    proximity: wq.Query | None = None
    #: The parts of the plain words as typed ("HMO", a thesaurus term), each with its query: to
    #: name those no case has.
    parts: tuple[tuple[str, wq.Query], ...] = ()


@dataclass
class _Plain:
    """What the plain words of a query ask for."""

    words: list[str] = field(default_factory=list)
    outcome: str | None = None
    #: The words that asked for the outcome ("failed"), searched as words too in a description.
    outcome_words: list[str] = field(default_factory=list)


class QueryReader:
    """Parses user queries against the Casebook schema (one per thread)."""

    def __init__(self, thesaurus: Thesaurus | None = None) -> None:
        self.schema = build_schema()
        self.parser = MultifieldParser(list(DEFAULT_FIELDS), self.schema)
        self.parser.add_plugin(FuzzyTermPlugin())
        self.thesaurus = thesaurus or Thesaurus()

    def read(self, text: str) -> ParsedQuery:
        text = _unquoted_sub(_QUESTION_MARK_RE, lambda _: " ", text)
        text = " ".join(_unquoted_sub(_FIELD_RE, _unknown_as_words, text).split())
        if text in ("", "*"):
            return ParsedQuery(wq.Every(), ())
        problems: list[str] = []
        for _ in range(len(_REPAIRS)):
            problem, text = _diagnose(text)
            if problem is None:
                break
            problems.append(problem)
        parts: tuple[tuple[str, wq.Query], ...] = ()
        if _is_strict(text):
            parsed, text = self._parse(_signs_as_operators(text), problems)
            outcome = proximity = None
        else:
            parsed, outcome, proximity, parts = self._best_match(text, problems)
        if any(isinstance(leaf, wq.FuzzyTerm) and leaf.maxdist > MAX_FUZZY for leaf in parsed.leaves()):
            problems.append(f"fuzzy matching allows at most {MAX_FUZZY} changed letters")
        parsed = _clamp_fuzzy(parsed)
        notice = None
        if problems:
            searched = "nothing was searched" if isinstance(parsed, _NullQuery) else f"searched for: {text}"
            notice = f"The query could not be read as written ({'; '.join(problems)}); {searched}"
        words = tuple(w for w in plain_words(text) if w.lower() not in _OUTCOME_WORDS)
        return ParsedQuery(parsed, words, notice, outcome, proximity, parts)

    def _parse(self, text: str, problems: list[str]) -> tuple[wq.Query, str]:
        if not text:
            return wq.NullQuery, text
        try:
            parsed = self.parser.parse(_normalise(text))
        except Exception:  # Whoosh's parser can fail in many ways on odd input
            problems.append("its syntax could not be read")
            text = " ".join(plain_words(text))
            parsed = self.parser.parse(text) if text else wq.NullQuery
        if _has_null(parsed):
            problems.append("part of it could not be read and was left out")
            parsed = _without_null(parsed)
        return parsed, text

    def _best_match(self, text: str, problems: list[str]) -> tuple[wq.Query, str | None, wq.Query | None,
                                                                   tuple[tuple[str, wq.Query], ...]]:
        """Required parts ANDed, excluded parts removed, and the plain words as a best match; the
        outcome the words ask for, their proximity bonus and their parts as typed."""
        required: list[wq.Query] = []
        excluded: list[wq.Query] = []
        units: list[tuple[str, wq.Query]] = []
        plain: list[str] = []
        if len(text.split()) > PROSE_WORDS:
            text = _FREE_QUOTED_RE.sub(lambda m: m.group(0) if m.group(1) else f" {m.group(0)[1:-1]} ", text)
        for sign, piece in _PIECE_RE.findall(text):
            if sign or piece.startswith('"') or _CLAUSE_RE.fullmatch(piece):
                target = excluded if sign == "-" else required
                target.append(self._parse(piece, problems)[0])
            elif any(mark in piece for mark in "*?~^"):
                units.append((piece, self._parse(piece, problems)[0]))
            else:
                plain += _WORD_RE.findall(piece)
        asked = _content(plain)
        bonus = None
        if len(units) + len(asked.words) > SEARCH_WORDS:  # a description: the words' plain sum
            units += [(w, self.word(w)) for w in asked.words]
            said = [u for _, u in units] + [self.word(w) for w in asked.outcome_words]
            core = _all([*required, _any([u for u in said if not isinstance(u, _NullQuery)])])
        else:
            units += self.units(asked.words)
            best = BestMatch([u for _, u in units], minmatch=least_parts(len(units)))
            core = _all([*required, best] if units else required)
            bonus = None if isinstance(core, _NullQuery) else self._proximity(asked.words)
        excluded = [q for q in excluded if not isinstance(q, _NullQuery)]
        if excluded:
            core = wq.AndNot(wq.Every() if isinstance(core, _NullQuery) else core, _any(excluded))
        return core, asked.outcome, bonus, tuple((label, u) for label, u in units if not isinstance(u, _NullQuery))

    def units(self, words: Sequence[str]) -> list[tuple[str, wq.Query]]:
        """The parts of a best match, each with the words it stands for: one per word typed, or one
        per run of words that is a thesaurus term (any of its words, or an alternative at a lower
        weight)."""
        spans = self.thesaurus.spans([analysed(word) for word in words])
        units, start = [], 0
        for span in [*spans, None]:
            end = span.start if span else len(words)
            units += [(w, self.word(w)) for w in words[start:end]]
            if span:
                typed = self._typed_term(words[span.start:span.end])
                alternatives = [self.word(term, ALTERNATIVE_WEIGHT) for term in span.alternatives]
                found = _any([q for q in typed + alternatives if not isinstance(q, _NullQuery)])
                units.append((" ".join(words[span.start:span.end]), found))
                start = span.end
        return [(label, u) for label, u in units if not isinstance(u, _NullQuery)]

    def _typed_term(self, words: Sequence[str]) -> list[wq.Query]:
        """A thesaurus term as typed: its words as a phrase, and (in a group of their own) each word
        alone as its share of an alternative's weight ("illegal" alone is not illegal dumping)."""
        if len(words) == 1:
            return [self.word(words[0])]
        share = ALTERNATIVE_WEIGHT / len(words)
        return [self.word(" ".join(words)), _any([self.word(w, share) for w in words])]

    @lru_cache(maxsize=4096)  # noqa: B019 - one reader per thread, kept for the thread's life
    def word(self, text: str, boost: float = 1.0) -> wq.Query:
        """A word (or several, as a phrase) in any of the fields, analysed as each field is and
        scored as one word across them (casebook.bestmatch.Word)."""
        found = self._in_fields(text, DEFAULT_FIELDS)
        return Word(found, boost=boost) if found else wq.NullQuery

    def _in_fields(self, text: str, fields: Sequence[str]) -> list[wq.Query]:
        found: list[wq.Query] = []
        for name in fields:
            tokens = list(self.schema[name].process_text(text, mode="query"))
            if len(tokens) == 1:
                found.append(wq.Term(name, tokens[0]))
            elif tokens:
                found.append(wq.Phrase(name, tokens))
        return found

    def _proximity(self, words: Sequence[str]) -> wq.Query | None:
        """Each two words typed one after the other, as a phrase in each field, at a lower weight."""
        pairs = [self._in_fields(f"{a} {b}", TEXT_FIELDS) for a, b in itertools.pairwise(words)]
        pairs = [_as_one(p).with_boost(PROXIMITY_WEIGHT) for p in pairs if p]
        return _any(pairs) if pairs else None


def _content(words: Sequence[str]) -> _Plain:
    """The words to search for, without question words, filler and outcome words (unless there is
    nothing else), and the outcome they ask for."""
    lower = [w.lower() for w in words]
    asked = _Plain()
    kept = list(range(len(words)))
    for outcome, phrases in OUTCOME_WORDS.items():
        for phrase in phrases:
            size = len(phrase.split())
            for i in range(len(lower) - size + 1):
                if " ".join(lower[i:i + size]) == phrase and all(j in kept for j in range(i, i + size)):
                    asked.outcome = asked.outcome or outcome
                    kept = [j for j in kept if not i <= j < i + size]
    telling = [j for j in range(len(words)) if lower[j] not in QUERY_STOP_WORDS and lower[j] not in STOP_WORDS]
    content = [j for j in telling if j in kept]
    fallback = [j for j in range(len(words)) if lower[j] not in STOP_WORDS]
    asked.words = [words[j] for j in (content or fallback)]
    asked.outcome_words = [words[j] for j in telling if j not in kept] if content else []
    return asked


def _as_one(found: list[wq.Query]) -> wq.Query:
    """A pair's phrases, one per field, added up; a word where the pair is one word of the index."""
    return Word(found) if all(type(q) is wq.Term for q in found) else _any(found)


def _all(queries: list[wq.Query]) -> wq.Query:
    queries = [q for q in queries if not isinstance(q, _NullQuery)]
    return wq.And(queries) if len(queries) > 1 else queries[0] if queries else wq.NullQuery


def _any(queries: list[wq.Query]) -> wq.Query:
    return wq.Or(queries) if len(queries) > 1 else queries[0] if queries else wq.NullQuery


def _is_strict(text: str) -> bool:
    """Whether the query uses AND, OR or NOT outside quotes (then read as written; brackets alone, as
    in an aside, do not make a query strict)."""
    return any(not m.group(0).startswith('"') for m in _STRICT_RE.finditer(text))


def _signs_as_operators(text: str) -> str:
    """-word as NOT word and +word as word, outside quotes (Whoosh's parser knows neither)."""
    return _unquoted_sub(re.compile(r"(?<!\S)([+-])(?=[\w\"(])"),
                         lambda m: "NOT " if m.group(1) == "-" else "", text)


def _unquoted(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern`, or quoted text (which then matches with no groups, and is to be left alone)."""
    return re.compile(f"{_QUOTED}|{pattern.pattern}", pattern.flags)


def _unquoted_sub(pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], text: str) -> str:
    """`pattern.sub(repl, text)` leaving text in quotes as it is."""
    return _unquoted(pattern).sub(lambda m: m.group(0) if m.group(0).startswith('"') else repl(m), text)


def _unknown_as_words(match: re.Match[str]) -> str:
    """`MK:Smart` where MK is no field: the words MK and Smart."""
    return match.group(0) if _field_name(match.group(1)) in QUERY_FIELDS else f"{match.group(1)} "


def plain_words(text: str) -> tuple[str, ...]:
    """The words a person typed to be searched as words: no quoted text, field clauses, operators,
    numbers, stop words, or words with a wildcard or fuzzy mark."""
    words = []
    for token in re.sub(_QUOTED, " ", _CLAUSE_RE.sub(" ", text)).split():
        if token in OPERATORS or any(mark in token for mark in "*?~"):
            continue
        words += [w for w in _WORD_RE.findall(token)
                  if not w.isdigit() and w.lower() not in STOP_WORDS and w.lower() not in QUERY_STOP_WORDS]
    return tuple(words)


def replace_plain_word(text: str, word: str, better: str) -> str:
    """`text` with the first `word` found where `plain_words` finds words (not in quotes, not in the
    value of a field's clause) replaced by `better`."""
    hidden = re.sub(_QUOTED, lambda m: "\0" * len(m.group(0)), text)
    hidden = _CLAUSE_RE.sub(lambda m: "\0" * len(m.group(0)) if _field_name(m.group(1)) in QUERY_FIELDS
                            else m.group(0), hidden)
    found = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", hidden)
    return text if found is None else text[:found.start()] + better + text[found.end():]


def _diagnose(text: str) -> tuple[str | None, str]:
    """The first thing malformed in the query, and the query with it repaired."""
    for check, repair in _REPAIRS:
        problem = check(text)
        if problem:
            return problem, " ".join(repair(text).split())
    return None, text


def _unclosed_quote(text: str) -> str | None:
    return "a quotation mark is not closed" if text.count('"') % 2 else None


def _unbalanced(text: str) -> str | None:
    depth = 0
    for char in re.sub(r'"[^"]*"', "", text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            break
    return "brackets do not match" if depth else None


def _empty_field(text: str) -> str | None:
    empty = [m.group(1) for m in _unquoted(_EMPTY_FIELD_RE).finditer(text) if m.group(1)]
    return f"'{empty[0]}:' has no value and was left out" if empty else None


_REPAIRS: tuple[tuple[Callable[[str], str | None], Callable[[str], str]], ...] = (
    (_unclosed_quote, lambda text: text.replace('"', " ")),
    (_unbalanced, lambda text: re.sub(r"[()]", " ", text)),
    (_empty_field, lambda text: _unquoted_sub(_EMPTY_FIELD_RE, lambda _: " ", text)),
)


def _field_name(name: str) -> str:
    return ALIASES.get(name.lower(), name.lower())


def _normalise(text: str) -> str:
    """Lower-case field names, resolve aliases and turn year:A..B into a range."""
    text = _unquoted_sub(_FIELD_RE, lambda m: f"{_field_name(m.group(1))}:", text)
    return _unquoted_sub(_YEARS_RE, _year_range, text)


def _year_range(match: re.Match[str]) -> str:
    start, end, only_end = match.groups()
    return f"year:[{start or ''} TO {end or only_end or ''}]".replace("[ TO", "[TO").replace("TO ]", "TO]")


def _clamp_fuzzy(q: wq.Query) -> wq.Query:
    """At most MAX_FUZZY edits, and the first letter kept: searching every word of the index for
    near neighbours was most of the time of a fuzzy query."""
    if isinstance(q, wq.FuzzyTerm):
        return wq.FuzzyTerm(q.fieldname, q.text, boost=q.boost, maxdist=min(q.maxdist, MAX_FUZZY),
                            prefixlength=max(q.prefixlength, 1))
    return q.apply(_clamp_fuzzy)


def _without_null(q: wq.Query) -> wq.Query:
    """The query with unreadable parts removed (Whoosh's normalize() keeps them)."""
    if isinstance(q, wq.CompoundQuery):
        subs = [s for s in map(_without_null, q.subqueries) if not isinstance(s, _NullQuery)]
        if len(subs) < 2:
            return subs[0] if subs else wq.NullQuery
        return type(q)(subs, boost=q.boost)
    if isinstance(q, wq.Not) and isinstance(_without_null(q.query), _NullQuery):
        return wq.NullQuery
    return q


def _has_null(q: wq.Query) -> bool:
    return isinstance(q, _NullQuery) or any(isinstance(leaf, _NullQuery) for leaf in q.leaves())
