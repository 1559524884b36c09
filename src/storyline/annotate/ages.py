"""Ages of the people a story names: "44-летний Доминик Рааб" is a figure of Рааб.

The number reader skips "N-летний" (one word) and the ledger skips spans of
time ("51 год"), so without this a person's age, one of the figures readers
compare across outlets ("51-летняя католичка Асия Биби" / "46-летней матери
четырех детей Азии Биби"), never reaches the ledger. An age belongs to the
person named right after it, through at most a few words of description. An age is
also stated of a person in the dative ("Асии Биби 54 года.", "Олегу Мееровичу 80 лет,"):
the name, the number of years and the end of the clause, nothing else.
"""

from __future__ import annotations

import re

from storyline.annotate.nlp import word_grammemes
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
# "<name in the dative> 54 года." : the years, then the clause ends (", и с марта" may follow).
STATED_AGE = re.compile(r"\s+(\d{1,3})\s+(?:год|года|лет)(?=\s*[.,;!?)]|\s*$)")
# What opens the clause the dative name begins: the sentence start or a clause break.
_CLAUSE_START = re.compile(r"(?:^|[.,;:!?—(]\s*|\s(?:и|а|но)\s+)$")
# Dative endings of a name's last word ("Биби" stays as it is: its given name carries the case).
_DATIVE_END = ("у", "ю", "е", "и", "ой", "ей")


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
        between = text[m.end() : person.start] if person is not None else ""
        if person is None or _BREAK.search(between) or len(between.split()) > MAX_WORDS_TO_NAME:
            # "оправдал 47-летнюю женщину": no name after it, the one person named before
            earlier = _described_before(text, m, sentences, people)
            if earlier is not None:
                out.append(_age(m.start(), m.end(), text, value, earlier))
            continue
        if not any(s.start <= m.start() and person.end <= s.end for s in sentences):
            continue
        out.append(_age(m.start(), m.end(), text, value, person))
    out.extend(_stated_ages(text, sentences, people))
    return sorted(out, key=lambda q: q.start)


# "47-летнюю женщину." : one word (the person's description) after the age, then the clause ends.
_BARE_DESCRIPTION = re.compile(r"\s+[^\W\d_]+(?=\s*[.,;!?)]|\s*$)")
# A word right before the age that adds another person ("Ивана Петрова и 30-летнего мужчину").
_ANOTHER = frozenset({"и", "а", "с", "со", "или", "также", "еще", "ещё"})


def _described_before(
    text: str, m: re.Match[str], sentences: list[Sentence], people: list[EntityMention]
) -> EntityMention | None:
    """The person an age with a bare description describes ("власти приговорили Асию Биби
    …, однако суд оправдал 47-летнюю женщину"): the one person named before it in its
    sentence, when the description ends the clause and nothing before the age adds
    another person. Several people named before it: nobody (whose age it is is unsure)."""
    bare = _BARE_DESCRIPTION.match(text, m.end())
    if bare is None or not _animate_oblique(bare.group(0).strip()):
        return None
    sentence = next((s for s in sentences if s.start <= m.start() < s.end), None)
    if sentence is None:
        return None
    words = text[sentence.start : m.start()].split()
    if words and words[-1].lower() in _ANOTHER:
        return None
    named = [e for e in people if sentence.start <= e.start and e.end <= m.start()]
    if len({e.name or e.text for e in named}) != 1:
        return None
    # a name that can be its clause's subject is not the one an object describes again
    # ("Иван Петров встретил 30-летнего мужчину": two people)
    if _can_be_nominative(named[-1].text.split()[0]):
        return None
    return named[-1]


def _animate_oblique(word: str) -> bool:
    """A noun for a living being, not in the nominative ("женщину", "христианку")."""
    forms = word_grammemes(word)
    return bool(forms) and {"NOUN", "anim"} <= forms[0] and not any("nomn" in f for f in forms)


def _can_be_nominative(word: str) -> bool:
    return any("nomn" in f for f in word_grammemes(word))


def _age(start: int, end: int, text: str, value: int, person: EntityMention) -> QuantityMention:
    return QuantityMention(
        start=start,
        end=end,
        text=text[start:end],
        value=float(value),
        item=AGE_ITEM,
        subject=person.name,
        subject_start=person.start,
        subject_end=person.end,
    )


def _stated_ages(text: str, sentences: list[Sentence], people: list[EntityMention]) -> list[QuantityMention]:
    """ "Асии Биби 54 года.": a person's name in the dative opening a clause whose only
    other words are the number of years. The name must be inflected (its text is not
    its nominative name), so "Иван Петров 20 лет." (a caption) says nothing."""
    out = []
    for person in people:
        m = STATED_AGE.match(text, person.end)
        if m is None or not 0 < int(m.group(1)) <= MAX_AGE:
            continue
        sentence = next((s for s in sentences if s.start <= person.start and m.end() <= s.end), None)
        if sentence is None or not _CLAUSE_START.search(text[sentence.start : person.start]):
            continue
        words = person.text.split()
        if person.text == person.name or not any(w.lower().endswith(_DATIVE_END) for w in words):
            continue
        out.append(_age(m.start(1), m.end(), text, int(m.group(1)), person))
    return out
