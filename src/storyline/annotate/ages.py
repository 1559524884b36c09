"""Ages of the people a story names: "44-летний Доминик Рааб" is a figure of Рааб.

The number reader skips "N-летний" (one word) and the ledger skips spans of
time ("51 год"), so without this a person's age, one of the figures readers
compare across outlets ("51-летняя католичка Асия Биби" / "46-летней матери
четырех детей Азии Биби"), never reaches the ledger. An age belongs to the
person named right after it, through at most a few words of description.
"""

from __future__ import annotations

import re

from storyline.model import EntityMention, QuantityMention, Sentence

# "44-летний", "51-летнюю", "30-летнего" (the adjective in any case and gender).
AGE_WORD = re.compile(r"(?<![\w-])(\d{1,3})[-\u2011]летн(?:ий|яя|ее|его|ей|ему|им|юю|ем|ие|их|ими)(?!\w)")
# Words between the age and the name: "51-летняя католичка Асия Биби", "46-летней
# матери четырех детей Азии Биби" (three). More reaches another clause's name.
MAX_WORDS_TO_NAME = 4
# No human age is above this; "200-летний юбилей" is an anniversary.
MAX_AGE = 120
AGE_ITEM = "возраст"
_BREAK = re.compile(r"[,.;:!?()«»\"—]")


def extract_ages(
    text: str, sentences: list[Sentence], entities: list[EntityMention]
) -> list[QuantityMention]:
    """One quantity (item `возраст`, subject the person) per "N-летний <person>"."""
    people = sorted((e for e in entities if e.type == "PER"), key=lambda e: e.start)
    out = []
    for m in AGE_WORD.finditer(text):
        value = int(m.group(1))
        if not 0 < value <= MAX_AGE:
            continue
        person = next((e for e in people if e.start >= m.end()), None)
        if person is None:
            continue
        between = text[m.end() : person.start]
        if _BREAK.search(between) or len(between.split()) > MAX_WORDS_TO_NAME:
            continue
        if not any(s.start <= m.start() and person.end <= s.end for s in sentences):
            continue
        out.append(
            QuantityMention(
                start=m.start(),
                end=m.end(),
                text=m.group(0),
                value=float(value),
                item=AGE_ITEM,
                subject=person.name,
                subject_start=person.start,
                subject_end=person.end,
            )
        )
    return out
