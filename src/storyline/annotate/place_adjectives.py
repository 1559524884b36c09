"""Adjectives made from a place name ("российский", "московского", "японским") as LOC
mentions of that place.

NEREL marks them as places (its COUNTRY / CITY labels): in its train part 80-90 % of
the lower-case "российск-", "американск-", "московск-" words are gold places.
A reader who looks for Россия also means "российские власти". The mention's name
is the place itself ("Россия"), so corpus resolution puts it with the other
mentions of the place.

The adjective is found by its lemma: a few derivation patterns ("-ийский" ->
"-ия", "-овский" -> "-ва", "-ский" -> the stem, ...) give candidate nouns, and a
candidate counts only if pymorphy2 knows it as a place name (the `Geox` grammeme)
and never as a person's name. Anything else ("советский", "президентский") is no
place: the dictionary, not a word list, decides.
"""

from __future__ import annotations

import bisect
from functools import lru_cache

from storyline.annotate.ner_rules import Span, Tokens
from storyline.annotate.nlp import ParsedToken, analyse_word, is_dictionary_word
from storyline.annotate.span_index import SpanIndex

ADJECTIVE = "ADJ"
# The noun that makes a place adjective a language ("английским и испанским языками",
# "русского языка"): no mention of the place. NEREL marks these LANGUAGE, not a place
# (NEREL train even half: 29 of the 240 false LOC of storyline were languages).
LANGUAGE_NOUN = "язык"
# Words a list of adjectives before their noun runs through ("английским, немецким и испанским").
LIST_WORDS = frozenset({"и", "или", ",", "либо"})
# How far a list of adjectives may run before its noun.
MAX_LIST = 8
PERSON_TAGS = frozenset({"Name", "Surn", "Patr"})
# A place adjective's stem is at least this long ("гр-еческий" -> Греция).
MIN_STEM = 2

# (lemma ending, endings that replace it): the derivations of Russian place adjectives.
# Tried in order; each candidate must be a dictionary place name.
DERIVATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("еческий", ("еция",)),  # греческий -> Греция
    ("ецкий", ("ция",)),  # турецкий -> Турция
    ("ийский", ("ия",)),  # российский -> Россия, австрийский -> Австрия
    ("ейский", ("а", "ея")),  # европейский -> Европа, корейский -> Корея
    ("анский", ("а", "ия", "ан")),  # американский -> Америка, итальянский -> Италия, иранский
    ("ьянский", ("ия",)),  # итальянский -> Италия
    ("янский", ("ия", "я")),
    ("узский", ("ия",)),  # французский -> Франция
    ("овский", ("ва", "ов")),  # московский -> Москва, ростовский -> Ростов
    ("евский", ("ев",)),  # киевский -> Киев
    ("ский", ("", "а", "ия", "ы", "ь", "я", "и")),  # римский, украинский, британский, каннский
)


@lru_cache(maxsize=16384)
def place_of_adjective(lemma: str) -> str | None:
    """The place an adjective lemma is derived from, capitalised ("Россия"), or None."""
    lemma = lemma.lower().replace("ё", "е")
    for ending, replacements in DERIVATIONS:
        if not lemma.endswith(ending):
            continue
        stem = lemma[: -len(ending)]
        if len(stem) < MIN_STEM:
            continue
        for replacement in replacements:
            candidate = stem + replacement
            if _is_place_name(candidate):
                return "-".join(part[:1].upper() + part[1:] for part in candidate.split("-"))
    return None


def _is_place_name(word: str) -> bool:
    """A dictionary word (not a guess) whose most likely analysis is not a person's name,
    with a place-name reading in the nominative ("Ростов" is also a surname: allowed)."""
    if not is_dictionary_word(word):
        return False
    forms = analyse_word(word)
    if not forms or forms[0].tags & PERSON_TAGS:
        return False
    return any("Geox" in f.tags and "NOUN" in f.tags and f.normal == word for f in forms)


def place_adjectives(spans: list[Span], toks: Tokens) -> list[tuple[Span, str]]:
    """LOC spans, with the place's name, of the place adjectives outside other mentions,
    and (flagged `nested`) of those that describe an organisation from inside it.

    An adjective inside a mention is part of a name ("Российской Федерации") that the
    mention covers. Capitalised ones outside any mention count too ("Римский папа",
    "Каннского фестиваля": NEREL train sample, nested LOC F1 0.882 -> 0.889, no
    precision lost). Inside an organisation a lower-case one is the place the
    organisation belongs to ("американского министерства иностранных дел", "британских
    властей"), and so is a capitalised first word before lower-case words only
    ("Российские власти"): NEREL marks the country inside."""
    taken = SpanIndex((s.start, s.end) for s in spans)
    orgs = sorted((s.start, s.end) for s in spans if s.type == "ORG" and not s.nested)
    org_starts = [start for start, _ in orgs]
    out = []
    for token in toks.tokens:
        if token.pos != ADJECTIVE or not token.text[:1].isalpha():
            continue
        nested = False
        if taken.covers(token.start, end_inclusive=False):
            k = bisect.bisect_right(org_starts, token.start) - 1
            if k < 0 or not orgs[k][0] <= token.start < orgs[k][1] or not _describes(token, orgs[k], toks):
                continue
            nested = True
        place = place_of_adjective(token.lemma)
        if place is not None and not _names_a_language(toks, token):
            out.append((Span(token.start, token.end, "LOC", nested=nested, derived=True), place))
    return out


def _describes(token: ParsedToken, org: tuple[int, int], toks: Tokens) -> bool:
    """A lower-case adjective inside the organisation, or its first word before lower-case ones."""
    if token.text.islower():
        return True
    rest = [t for t in toks.inside(org[0], org[1]) if t.start > token.start and t.text[:1].isalpha()]
    return token.start == org[0] and bool(rest) and all(t.text.islower() for t in rest)


def _names_a_language(toks: Tokens, token: ParsedToken) -> bool:
    """The noun the adjective (or the list of adjectives it opens) describes is "язык"."""
    i = toks.index_at(token.start) + 1
    for candidate in toks.tokens[i : i + MAX_LIST]:
        if candidate.pos == ADJECTIVE or candidate.text in LIST_WORDS:
            continue
        return candidate.lemma.lower() == LANGUAGE_NOUN
    return False
