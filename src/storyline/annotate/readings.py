"""Dictionary readings of the words that are read outside the tagged text.

A headline is short and elliptic ("Путин: решение принято"), so the tagger's
in-context reading of it is unreliable; its words, and the text's verbs (whose
tense a reader compares across articles), are kept with every pymorphy2
analysis out of context. They are stored with the annotation, so later stages
never load the annotator's dictionary themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from storyline.annotate.nlp import analyse_word
from storyline.model import Token, WordReading

# A word as headlines are split into words (hyphenated compounds stay whole).
WORD = re.compile(r"[\w-]+", re.UNICODE)
# Parts of speech whose tokens get a reading: finite verbs and auxiliaries.
VERB_POS = frozenset({"VERB", "AUX"})


def read_word(word: str) -> WordReading:
    """Every analysis of `word` (already lower case): the best one, then what the others add."""
    forms = analyse_word(word)
    if not forms:
        return WordReading(text=word, lemma=word, tags=[])
    best = forms[0].tags
    others = set().union(*(form.tags for form in forms[1:])) - best
    return WordReading(text=word, lemma=forms[0].normal, tags=sorted(best), other_tags=sorted(others))


def words_to_read(title: str, tokens: Sequence[Token]) -> list[str]:
    """The title's words and the text's verbs, lower case, each once, in reading order."""
    candidates: Iterable[str] = (
        *(w.lower() for w in WORD.findall(title)),
        *(t.text.lower() for t in tokens if t.pos in VERB_POS),
    )
    return [w for w in dict.fromkeys(candidates) if not w.isdigit()]


def read_words(title: str, tokens: Sequence[Token]) -> list[WordReading]:
    return [read_word(word) for word in words_to_read(title, tokens)]
