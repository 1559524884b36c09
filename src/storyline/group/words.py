"""Content words of an article the annotate stage did not tokenise (English and other
languages without a Russian model): lower-cased Snowball stems, so that such
articles still have terms to find thread and story candidates by.

Russian articles never come here: their terms are the annotation's lemmas.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)
_CYRILLIC = re.compile(r"[а-яё]")

# Words shorter than this carry no topic ("of", "to", "is") and are skipped.
MIN_WORD = 3

# Function words and news boilerplate of English that pass the length cut; the corpus
# IDF pushes the rest of the frequent words down on its own (as for Russian lemmas).
STOP_WORDS = frozenset(
    """the and for are but not you all any can had her was one our out day get has him his
    how man new now old see two way who boy did its let put say she too use that with have
    this will your from they know want been good much some time very when come here just
    like long make many more only over such take than them well were what said says also
    into after about would there their which could other these those then while where
    being because should before since until under again further once both each most own
    same just told according reported news says year years week month monday tuesday
    wednesday thursday friday saturday sunday""".split()
)


@lru_cache(maxsize=4)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(language)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of a lower-cased word (Russian rules for Cyrillic, else English)."""
    language = "russian" if _CYRILLIC.search(word) else "english"
    return str(_stemmer(language).stemWord(word))


def stems(text: str) -> Counter[str]:
    """Counts of the content-word stems of `text`."""
    out: Counter[str] = Counter()
    for match in _WORD.finditer(text):
        word = match.group().lower().replace("ё", "е").strip("'-")
        if len(word) >= MIN_WORD and word not in STOP_WORDS:
            out[stem(word)] += 1
    return out
