"""Synthetic case libraries: realistic-looking case files, identical for the same seed.

Words come from `words.txt` (the distinct words of the bundled cases, most frequent first) and are
drawn with Zipf weights, so common words hit most cases and rare ones a few per cent.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from pathlib import Path

from casebook.model import OUTCOMES, SHARING, THEMES, slugify

WORDS = tuple(Path(__file__).with_name("words.txt").read_text("utf-8").split())
ZIPF_EXPONENT = 1.1
CUM_WEIGHTS = tuple(itertools.accumulate(1 / rank**ZIPF_EXPONENT for rank in range(1, len(WORDS) + 1)))

#: Section heading and number of words (lessons are bullets instead).
SECTIONS = (("Context", 130), ("What was done", 180), ("What happened", 150), ("Lessons", 0), ("Advice", 80))
SERVICES = (
    "adult social care", "children and families", "housing", "waste and recycling", "highways and transport",
    "planning", "libraries", "customer services", "revenues and benefits", "public health", "education",
    "leisure and culture", "environmental health", "economic development", "digital and it",
)
TAGS = (
    "chatbot", "generative ai", "self-service", "open data", "data sharing", "data warehouse",
    "predictive analytics", "machine learning", "robotic process automation", "cloud migration", "cyber security",
    "ransomware", "digital inclusion", "broadband", "smart city", "internet of things", "sensors", "air quality",
    "electric vehicles", "ev charging", "active travel", "cycling", "bus services", "parking", "street lighting",
    "potholes", "road maintenance", "flood risk", "climate emergency", "net zero", "retrofit", "heat networks",
    "solar", "energy company", "council housing", "homelessness", "temporary accommodation", "housing repairs",
    "damp and mould", "tenant engagement", "social prescribing", "loneliness", "falls prevention", "telecare",
    "assistive technology", "reablement", "home care", "care homes", "direct payments", "carers", "early help",
    "family hubs", "youth services", "foster care", "safeguarding", "special educational needs", "school transport",
    "apprenticeships", "skills", "employment support", "high street", "town centre", "regeneration", "markets",
    "business rates", "council tax", "debt advice", "welfare reform", "universal credit", "cost of living",
    "food banks", "participatory budgeting", "citizens assembly", "consultation", "co-production",
    "community asset transfer", "volunteering", "community hubs", "leisure centres", "parks", "green spaces",
    "tree planting", "biodiversity", "waste collection", "food waste", "recycling rates", "fly-tipping",
    "enforcement", "licensing", "trading standards", "planning applications", "local plan", "design codes",
    "heritage", "conservation", "outsourcing", "insourcing", "shared services", "procurement", "social value",
    "commissioning", "contract management", "erp", "finance system", "agile working", "hybrid working",
    "workforce planning", "recruitment", "wellbeing", "sickness absence", "leadership", "culture change",
    "transformation", "digital strategy", "website", "accessibility", "customer contact", "contact centre",
    "complaints", "performance management", "dashboards", "benchmarking", "budget consultation",
    "savings programme", "commercialisation", "trading company", "investment", "borrowing", "section 114",
    "governance", "scrutiny", "audit", "risk management", "partnerships", "health integration", "nhs", "police",
    "fire service", "devolution", "combined authority", "mental health", "obesity", "smoking cessation",
    "vaccination", "covid-19", "emergency response", "resilience", "domestic abuse", "anti-social behaviour",
    "cctv", "community safety", "refugees", "translation", "equality", "allotments", "cemeteries",
    "bereavement services",
)
PLACE_HEADS = (
    "Ash", "Bar", "Black", "Brad", "Bram", "Broad", "Brom", "Carl", "Chel", "Craw", "Dun", "East", "Elm",
    "Fair", "Farn", "Glen", "Green", "Hal", "High", "Holm", "Kings", "Lang", "Long", "Mal", "Mar", "Mill",
    "New", "North", "Oak", "Pen", "Red", "Sand", "South", "Stan", "Stock", "Thorn", "Wal", "West", "Whit", "Wood",
)
PLACE_TAILS = ("bridge", "bury", "by", "caster", "chester", "combe", "dale", "field", "ford", "ham",
               "hampton", "ley", "minster", "mouth", "stead", "stoke", "ton", "wich", "wick", "worth")
COUNCIL_FORMS = ("{} Council", "{} City Council", "{} Borough Council", "{} District Council",
                 "{} County Council", "Borough of {} Council", "London Borough of {}", "Metropolitan Borough of {}")
COUNCIL_COUNT = 300


@dataclass(frozen=True)
class SyntheticCase:
    slug: str
    council: str
    text: str


def places(seed: int) -> list[str]:
    """The place names of the councils (one council per place)."""
    every = [head + tail for head, tail in itertools.product(PLACE_HEADS, PLACE_TAILS) if head[-1] != tail[0]]
    return random.Random(seed).sample(every, COUNCIL_COUNT)


def councils(seed: int) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(COUNCIL_FORMS).format(place) for place in places(seed)]


def words(rng: random.Random, count: int) -> list[str]:
    return rng.choices(WORDS, cum_weights=CUM_WEIGHTS, k=count)


def sentence(rng: random.Random, count: int) -> str:
    drawn = words(rng, count)
    if count > 8 and rng.random() < 0.4:
        drawn[rng.randrange(3, count - 3)] += ","
    return " ".join(drawn).capitalize() + "."


def paragraph(rng: random.Random, count: int) -> str:
    out: list[str] = []
    while count > 0:
        length = min(count, rng.randint(8, 22))
        out.append(sentence(rng, length))
        count -= length
    return " ".join(out)


def body(rng: random.Random) -> str:
    parts = []
    for heading, count in SECTIONS:
        if count:
            text = paragraph(rng, count)
        else:
            text = "\n".join(f"- {sentence(rng, rng.randint(12, 22))}" for _ in range(rng.randint(3, 5)))
        parts.append(f"## {heading}\n{text}\n")
    return "\n".join(parts)


def case(number: int, seed: int, council_names: list[str]) -> SyntheticCase:
    """Case `number` of the library made with `seed`: the same text every time."""
    rng = random.Random(f"{seed}:{number}")
    title = " ".join(words(rng, rng.randint(8, 12))).capitalize()
    slug = f"{slugify(title)[:60].strip('-')}-{number}"
    council = rng.choice(council_names)
    summary = " ".join(sentence(rng, rng.randint(12, 24)) for _ in range(rng.randint(1, 2)))
    front = [
        f"id: {slug}", f'title: "{title}"', f'council: "{council}"', f"outcome: {rng.choice(OUTCOMES)}",
        f'summary: "{summary}"', f"date: {rng.randint(2005, 2025)}-{rng.randint(1, 12):02d}",
        f"themes: [{', '.join(rng.sample(THEMES, rng.randint(1, 2)))}]",
        f"service_area: [{', '.join(rng.sample(SERVICES, rng.randint(1, 2)))}]",
        f"tags: [{', '.join(rng.sample(TAGS, rng.randint(2, 4)))}]", f"sharing: {rng.choice(SHARING)}",
    ]
    return SyntheticCase(slug, council, "---\n" + "\n".join(front) + "\n---\n\n" + body(rng))


def write_library(folder: Path, count: int, seed: int) -> list[Path]:
    """Write `count` cases into `folder` as `<slug>.md`; returns their paths in case order."""
    folder.mkdir(parents=True, exist_ok=True)
    names = councils(seed)
    paths = []
    for number in range(count):
        made = case(number, seed, names)
        path = folder / f"{made.slug}.md"
        path.write_text(made.text, "utf-8")
        paths.append(path)
    return paths
