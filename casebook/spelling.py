"""UK and US spellings folded to one form, so that "centre" finds "center" and "behavior" finds
"behaviour". Applied to lower-case words before stemming, at index and query time: the stems of
the two spellings never meet (centre -> centr, center -> center).

The US form is the folded one because it is usually the shorter. Rules cover the regular
families (-our, -ise/-isation, -yse, -tre/-bre, -ogue, a doubled l before -ed/-ing/-er);
the words they would get wrong, and the irregular pairs, are listed.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Irregular pairs, and forms the rules would miss; the word as written -> its folded form.
WORDS = {
    "programme": "program", "programmes": "programs",
    "licence": "license", "licences": "licenses", "licenced": "licensed",
    "defence": "defense", "defences": "defenses", "offence": "offense", "offences": "offenses",
    "pretence": "pretense", "practise": "practice", "practised": "practiced", "practising": "practicing",
    "centred": "centered", "centring": "centering", "metred": "metered",
    "ageing": "aging", "judgement": "judgment", "judgements": "judgments",
    "acknowledgement": "acknowledgment", "acknowledgements": "acknowledgments",
    "enrolment": "enrollment", "enrolments": "enrollments", "fulfil": "fulfill", "fulfils": "fulfills",
    "fulfilment": "fulfillment", "skilful": "skillful", "wilful": "willful",
    "instalment": "installment", "instalments": "installments",
    "fuelled": "fueled", "fuelling": "fueling", "duelled": "dueled", "dialled": "dialed", "dialling": "dialing",
    "grey": "gray", "kerb": "curb", "kerbs": "curbs", "tyre": "tire", "tyres": "tires",
    "aluminium": "aluminum", "mould": "mold", "mouldy": "moldy", "plough": "plow",
    "sceptic": "skeptic", "sceptical": "skeptical", "draught": "draft", "draughts": "drafts",
    "cheque": "check", "cheques": "checks", "cosy": "cozy", "artefact": "artifact", "artefacts": "artifacts",
    "annexe": "annex", "gaol": "jail", "manoeuvre": "maneuver", "manoeuvres": "maneuvers",
    "meagre": "meager", "jewellery": "jewelry", "storey": "story", "storeys": "stories",
    "diarrhoea": "diarrhea", "pyjamas": "pajamas", "moustache": "mustache",
}
#: Greek-derived -ae-/-oe- spellings: UK beginning -> US beginning.
PREFIXES = (
    ("paed", "ped"), ("orthopaed", "orthoped"), ("encyclopaed", "encycloped"), ("anaesth", "anesth"),
    ("anaem", "anem"), ("haem", "hem"), ("leukaem", "leukem"), ("oesoph", "esoph"), ("oestr", "estr"),
    ("foet", "fet"), ("gynaec", "gynec"), ("archaeolog", "archeolog"),
)

#: Words that end like a -ise verb but are spelt -ise in the US too (matched as word endings).
ISE_KEPT = ("wise", "vise", "prise", "uise", "oise", "chise", "advertise", "chastise", "expertise", "exercise",
            "excise", "concise", "precise", "incise", "despise", "raise", "premise", "promise", "demise",
            "surmise", "treatise", "paradise", "merchandise", "valise", "mortise", "cerise", "chemise",
            "sunrise")
#: -our words that are not the UK form of an -or word.
OUR_KEPT = frozenset({"flour", "scour", "detour", "contour", "devour", "velour", "amour", "paramour",
                      "troubadour", "dour", "pour", "sour", "tour", "your", "hour", "four", "our"})
#: Words in -el/-al whose doubled l is the same in the US (compelled, rebelled, installed, storytelling).
LL_KEPT = ("pel", "rebel", "excel", "instal", "retel", "foretel", "storytel", "bestsel", "upsel", "outsel",
           "oversel", "undersel", "resel", "fortunetel")

_OUR = re.compile(r"^([a-z]{2,})our(s|ed|ing|ite|ites|able|ably|ful|fully|hood|hoods|less|er|ers|ism|al|ally|ly)?$")
_ISE = re.compile(r"^([a-z]{3,})is(e|es|ed|ing|er|ers|ation|ations|ational)$")
_YSE = re.compile(r"^([a-z]{2,}l)ys(e|es|ed|ing|er|ers)$")
_TRE = re.compile(r"^([a-z]{2,}[tb])re(s?)$")
_OGUE = re.compile(r"^([a-z]{3,})ogu(e|es|ed|ing)$")
_LL = re.compile(r"^([a-z]{2,}(?:e|[ntidvhu]a))ll(ed|ing|er|ers)$")
_OGUE_ENDINGS = {"e": "", "es": "s", "ed": "ed", "ing": "ing"}


@lru_cache(maxsize=50_000)
def fold(word: str) -> str:
    """The folded (US) spelling of a lower-case word; other words unchanged."""
    if word in WORDS:
        return WORDS[word]
    for uk, us in PREFIXES:
        if word.startswith(uk):
            return us + word[len(uk):]
    for rule in (_our, _ise, _yse, _tre, _ogue, _ll):
        folded = rule(word)
        if folded:
            return folded
    return word


def _our(word: str) -> str | None:
    match = _OUR.match(word)
    if not match or f"{match.group(1)}our" in OUR_KEPT:
        return None
    return f"{match.group(1)}or{match.group(2) or ''}"


def _ise(word: str) -> str | None:
    match = _ISE.match(word)
    if not match or f"{match.group(1)}ise".endswith(ISE_KEPT):
        return None
    return f"{match.group(1)}iz{match.group(2)}"


def _yse(word: str) -> str | None:
    match = _YSE.match(word)
    return f"{match.group(1)}yz{match.group(2)}" if match else None


def _tre(word: str) -> str | None:
    match = _TRE.match(word)
    if not match or word in ("timbre", "timbres", "macabre", "ochre"):
        return None
    return f"{match.group(1)}er{match.group(2)}"


def _ogue(word: str) -> str | None:
    match = _OGUE.match(word)
    if not match:
        return None
    return f"{match.group(1)}og{_OGUE_ENDINGS[match.group(2)]}"


def _ll(word: str) -> str | None:
    match = _LL.match(word)
    if not match or len(match.group(1)) < 4 or f"{match.group(1)}l".endswith(LL_KEPT):
        return None
    return f"{match.group(1)}l{match.group(2)}"
