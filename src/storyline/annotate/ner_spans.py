"""The span and token types the NER repair rules share (see ner_rules.py)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from storyline.annotate.nlp import ParsedText, ParsedToken

WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
SPLITTERS = frozenset({"(", ")", "[", "]", ",", ";", "•", "·", "|", "—", "–", "/"})
EDGE_PUNCT = frozenset("( ) [ ] , ; : • · | — – - / \" « » „ “ ” ' ! ? *".split())
PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})
FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "ADVB", "INTJ", "NPRO", "PRED"})
# Acronyms of common nouns that slovnet tags as organisations. Not names of
# anything: "СМИ" (the media) was the most frequent ORG false positive on both
# dev corpora (12 on FactRuEval, 9 on NEREL).
COMMON_ACRONYMS = frozenset({"СМИ", "ЧП", "ДТП", "ВВП", "ИИ", "НКО", "ВУЗ", "ВИЧ", "ОРВИ", "ЖКХ"})


@dataclass
class Span:
    start: int
    end: int
    type: str
    propagated: bool = False  # added by `propagate`, not by the tagger
    nested: bool = False  # a name inside another mention ("России" in "МИД России")
    derived: bool = False  # a place adjective ("российские" -> Россия), see place_adjectives.py


class Tokens:
    """Token lookup by offset for one parsed text."""

    def __init__(self, parsed: ParsedText) -> None:
        self.text = parsed.text
        self.tokens = parsed.tokens
        self.starts = [t.start for t in parsed.tokens]
        self.sentence_starts = sorted(s.start for s in parsed.sentences)
        self.sentence_ends = {s.end for s in parsed.sentences}

    def inside(self, start: int, end: int) -> list[ParsedToken]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.tokens) and self.tokens[i].end <= end:
            out.append(self.tokens[i])
            i += 1
        return out

    def index_at(self, start: int) -> int:
        return bisect.bisect_left(self.starts, start)

    def sentence_start(self, offset: int) -> int:
        """Start offset of the sentence holding `offset`."""
        k = bisect.bisect_right(self.sentence_starts, offset) - 1
        return self.sentence_starts[k] if k >= 0 else 0

    def same_sentence(self, a: int, b: int) -> bool:
        return bisect.bisect_right(self.sentence_starts, a) == bisect.bisect_right(self.sentence_starts, b)

    def opens_sentence(self, index: int) -> bool:
        """True when tokens[index] is the first word of its sentence (after opening punctuation)."""
        token = self.tokens[index]
        sentence = bisect.bisect_right(self.sentence_starts, token.start) - 1
        first = self.sentence_starts[sentence] if sentence >= 0 else 0
        j = index - 1
        while j >= 0 and self.tokens[j].start >= first:
            if WORD.fullmatch(self.tokens[j].text) or self.tokens[j].text.isdigit():
                return False
            j -= 1
        return True


def _is_word(text: str) -> bool:
    return bool(WORD.fullmatch(text))


def _is_capitalised(text: str) -> bool:
    return _is_word(text) and text[0].isupper()
