"""Name keys for cross-document entities: how a mention's name is folded into the keys
`EntityResolver` looks it up by (case, inflection, `ё`, transliteration skeletons, letter
names of acronyms, a few country aliases), and the small helpers over key sets."""

from __future__ import annotations

import re
from functools import lru_cache

from storyline.group.names import (
    acronym,
    fold,
    looks_like_acronym,
    skeleton,
    spelled_key,
    strip_initials,
    words,
)
from storyline.model import EntityMention

SKELETON_MARK = "~"  # prefixes a skeleton key, kept apart from exact keys
SPELLED_MARK = "#"  # prefixes a letter-name key ("BBC" / "Би-би-си"), ORG and LOC only

# Keys whose fuzzy form (`fuzzy_form`) is kept (LRU): a key and two short strings, a few
# hundred bytes an entry, so a bounded ~20 MB however large the entity table grows.
FUZZY_FORMS = 65_536
# Keys and names whose split words, acronym and name key are kept (LRU, one entry per
# distinct string: bsnlp-ru's 661 articles give ~40k): the same few thousand names are
# split and folded again for every mention, absorb and lookup, which was a third of
# `EntityResolver.resolve`'s CPU (cProfile, round 11). Strings in, strings or tuples out,
# so a cached answer cannot be changed by a caller; bounded like `FUZZY_FORMS`.
KEY_PARTS = 65_536
# A stump compound ("Еврокомиссия", "Минобороны", "Госдеп") opens with the first
# three to five letters of its full name's first word and ends in its second word.
MIN_COMPOUND_STEM = 3
MAX_COMPOUND_STEM = 5

# Names that are one referent under different spellings in Russian media. Small on
# purpose: general knowledge about countries and unions, not about any corpus.
COUNTRY_ALIASES = {
    "британия": "великобритания",
    "соединенное королевство": "великобритания",
    "сша": "соединенные штаты америки",
    "соединенные штаты": "соединенные штаты америки",
    "америка": "соединенные штаты америки",
    "штаты": "соединенные штаты америки",
    "рф": "россия",
    "российская федерация": "россия",
    "фрг": "германия",
    "кнр": "китай",
    "евросоюз": "европейский союз",
    "киргизия": "кыргызстан",
    "киргизская республика": "кыргызстан",
    "кыргызская республика": "кыргызстан",
    "республика казахстан": "казахстан",
}


# ORG and LOC are confused by NER for the same name ("Россия заявила" is ORG);
# they share one key space. PER never matches them.
def space_of(kind: str) -> str:
    return "P" if kind == "PER" else "G"


COUNTRY_GENITIVES = {
    "рф": "россии",
    "российской федерации": "россии",
    "соединенных штатов америки": "сша",
    "соединенных штатов": "сша",
    "кнр": "китая",
    "фрг": "германии",
    "киргизии": "кыргызстана",
    "киргизской республики": "кыргызстана",
    "кыргызской республики": "кыргызстана",
    "республики казахстан": "казахстана",
    "соединенного королевства": "великобритании",
    "британии": "великобритании",
}
_COUNTRY_SUFFIX = re.compile(" (" + "|".join(sorted(COUNTRY_GENITIVES, key=len, reverse=True)) + ")$")


@lru_cache(maxsize=KEY_PARTS)
def name_key(raw: str) -> str:
    key = strip_initials(fold(raw))
    key = COUNTRY_ALIASES.get(key, key)
    return _COUNTRY_SUFFIX.sub(lambda m: " " + COUNTRY_GENITIVES[m.group(1)], key)


def mention_keys(mention: EntityMention, lemma_form: str) -> set[str]:
    """Exact keys plus their skeletons ("~..."), which meet transliterated spellings, and for
    organisations and places a letter-name key ("#..."), which meets a spelled-out acronym."""
    return set(_keys_of(mention.name, mention.text, mention.type != "PER", lemma_form))


@lru_cache(maxsize=KEY_PARTS)
def _keys_of(name: str, text: str, spelled_too: bool, lemma_form: str) -> frozenset[str]:
    """`mention_keys` by what it reads of the mention (a name is mentioned again and again)."""
    keys = {k for k in (name_key(name), name_key(text), name_key(lemma_form)) if k}
    out = keys | {SKELETON_MARK + skeleton(k) for k in keys}
    if spelled_too:
        spelled = spelled_key(text) if looks_like_acronym(text) else spelled_key(name)
        if spelled:
            out.add(SPELLED_MARK + spelled)
    return frozenset(out)


def digits(text: str) -> str:
    """The numbers in a name: "Nord Stream 2" and "Nord Stream" are one letter apart, not one thing."""
    return "".join(c for c in text if c.isdigit())


MARKS = (SKELETON_MARK, SPELLED_MARK)


@lru_cache(maxsize=FUZZY_FORMS)
def fuzzy_form(key: str) -> tuple[str, str]:
    """A plain key's spelling for one-letter-off matching (its skeleton, spaces dropped) and
    its digits: `_near_neighbour` compares every nearby entity's keys with these, per
    article, and building them afresh each time was most of its cost."""
    form = skeleton(key.replace(" ", ""))
    return form, digits(form)


def compound_splits(word: str) -> list[tuple[str, str]]:
    """(stem, rest) readings of a one-word compound ("еврокомиссия" -> ("евро", "комиссия"))."""
    return [
        (word[:k], word[k:])
        for k in range(MIN_COMPOUND_STEM, MAX_COMPOUND_STEM + 1)
        if len(word) - k >= MIN_COMPOUND_STEM
    ]


@lru_cache(maxsize=KEY_PARTS)
def key_words(key: str) -> tuple[str, ...]:
    """`names.words` of a key, kept: a tuple, so no caller can change the cached answer."""
    return tuple(words(key))


@lru_cache(maxsize=KEY_PARTS)
def key_acronym(key: str) -> str | None:
    """`names.acronym` of a key, kept."""
    return acronym(key)


def plain_keys(keys: set[str] | list[str]) -> list[str]:
    return [k for k in keys if not k.startswith(MARKS)]


def is_bare(keys: set[str] | list[str]) -> bool:
    return all(len(key_words(k)) == 1 for k in keys)


def surnames_of(keys: set[str] | list[str]) -> set[str]:
    return {parts[-1] for parts in map(key_words, keys) if len(parts) > 1}


def firsts_of(keys: set[str] | list[str]) -> set[str]:
    return {parts[0] for parts in map(key_words, keys) if len(parts) > 1}


_ROLE_NOISE = re.compile(r"[«»\"“”„]")


def role_key(role: str | None) -> str | None:
    """A role as readers see it: lowercased, `ё`->`е`, quotes dropped, but hyphens kept
    ("премьер-министр", not the name key's "премьер министр")."""
    if not role:
        return None
    text = _ROLE_NOISE.sub("", role.lower().replace("ё", "е"))
    return " ".join(text.split()) or None


def roles_match(roles: set[str], known: dict[str, int] | set[str]) -> bool:
    """A role matches when one contains the other's head word ("президент" ~ "президент кыргызстана")."""
    for role in roles:
        head = fold(role).split(" ")[0]
        for other in known:
            if head and head == fold(other).split(" ")[0]:
                return True
    return False
