"""Which verb a time expression goes with, and whether it announces what is to come.

`dates.extract_dates` asks these: a date whose verb is in the future tense (or that a
word of what is coming precedes: "в преддверии встречи в пятницу") announces rather
than narrates, so it anchors no relative word and a weekday in it points ahead; and
"накануне выборов" is a preposition, no day.
"""

from __future__ import annotations

import bisect
import re

from storyline.annotate.date_scan import Found
from storyline.annotate.nlp import ParsedText, ParsedToken
from storyline.annotate.relative_dates import text_words
from storyline.model import Sentence

__all__ = [
    "PROSPECTIVE_CHARS",
    "PROSPECTIVE_LEMMAS",
    "Tokens",
    "future_event",
    "future_tense",
    "noun_attribute",
    "preposition_use",
]


class Tokens:
    """Token and finite-verb positions, indexed once per text so that each time
    expression looks up its neighbours by bisection instead of scanning every
    token (which made date-dense texts quadratic, issue #15)."""

    def __init__(self, parsed: ParsedText) -> None:
        self.tokens = parsed.tokens
        self.starts = [t.start for t in parsed.tokens]
        self.verbs = [
            t for t in parsed.tokens if t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin"
        ]
        self.verb_starts = [t.start for t in self.verbs]

    def first_after(self, offset: int) -> ParsedToken | None:
        i = bisect.bisect_left(self.starts, offset)
        return self.tokens[i] if i < len(self.tokens) else None

    def nearest_verb(self, f: Found, sentence: Sentence, text: str | None = None) -> ParsedToken | None:
        """The finite verb of `sentence` nearest to `f`: the first one starting after
        it or the last one before, the earlier of the two on a tie. With the `text`, a
        verb of the expression's own clause (no comma, dash or quote between) comes
        first: in "будет опубликован в четверг, заявил представитель" the Thursday is
        the publishing's, not the saying's."""
        lo = bisect.bisect_left(self.verb_starts, sentence.start)
        hi = bisect.bisect_left(self.verb_starts, sentence.end)
        j = bisect.bisect_left(self.verb_starts, f.end, lo, hi)
        after = self.verbs[j] if j < hi else None
        before = self.verbs[j - 1] if j > lo else None
        if before is None or after is None:
            return before or after
        if text is not None:
            joined_before = not _CLAUSE_BREAK.search(text, before.end, f.start)
            joined_after = not _CLAUSE_BREAK.search(text, f.end, after.start)
            if joined_before != joined_after:
                return before if joined_before else after
        return before if f.start - before.end <= after.start - f.end else after


# What ends a clause between a time expression and a verb.
_CLAUSE_BREAK = re.compile(r"[,;:—–()«»\"]")


def preposition_use(f: Found, tokens: Tokens | None) -> bool:
    """ "накануне выборов" is a preposition before an event, not "the day before"."""
    if tokens is None or "накануне" not in text_words(f):
        return False
    following = tokens.first_after(f.end)
    if following is None:
        return False
    # a participle opens the noun phrase too: "накануне запланированного обсуждения"
    nominal = following.pos in ("NOUN", "PROPN", "ADJ", "NUM", "DET") or (
        following.pos == "VERB" and following.feats.get("VerbForm") == "Part"
    )
    return nominal and following.feats.get("Case") in ("Gen", None)


# Words that name what is still to come right before a time expression: "в преддверии
# ключевой встречи в пятницу", "запланированное на четверг голосование", "предстоящий
# саммит в среду". The expression then dates a coming happening, whatever the tense of
# the sentence's verb ("Германия оказывает давление … в преддверии встречи в пятницу").
_PROSPECTIVE = re.compile(r"(?:преддвери|предстоящ|запланирован|намечен|грядущ)\w*", re.IGNORECASE)
# Present-tense verbs that put what they govern ahead: "может обсудить в пятницу".
PROSPECTIVE_LEMMAS = frozenset(
    {"мочь", "планировать", "собираться", "намереваться", "предстоять", "готовиться"}
)
# How far before the expression (characters, inside its sentence) such a word counts:
# a noun phrase of two or three words ("ключевой встречи ЕС").
PROSPECTIVE_CHARS = 40


def future_tense(token: ParsedToken) -> bool:
    """A finite verb in the future tense. The analytic future's auxiliary ("будет
    опубликован", "будут проведены") is tagged present by the morphology model, but
    "быть" has no present forms in "буд-": they are always its future."""
    if token.feats.get("Tense") == "Fut":
        return True
    return token.lemma.lower() == "быть" and token.text.lower().startswith("буд")


def future_event(tokens: Tokens | None, f: Found, sentence: Sentence | None) -> bool:
    """Is the finite verb nearest to the expression in the future tense, or is the
    expression announced as coming (`_PROSPECTIVE`)?
    ("10 января выступит" announces; "7 января стало известно, что ... направит" narrates.)"""
    before = f.extra.get("sentence_text")
    if isinstance(before, str) and _PROSPECTIVE.search(before):
        return True
    if tokens is None or sentence is None:
        return False
    nearest = tokens.nearest_verb(f, sentence, f.extra.get("full_text"))
    if nearest is None:
        return False
    if future_tense(nearest):
        return True
    # "Маас может обсудить в пятницу", "планирует подписать в среду": a modal or a verb
    # of intent in the present, with what it governs still to happen
    return nearest.lemma.lower() in PROSPECTIVE_LEMMAS and nearest.feats.get("Tense") == "Pres"


def noun_attribute(tokens: Tokens | None, f: Found, text: str) -> bool:
    """A date right after a noun in an oblique case names that noun's day, not the day of
    what the clause tells: "подтверждающий победу … на президентских выборах 3 ноября 2020
    года", "Жители штата в день выборов 3 ноября проголосовали" (the votes of 14 December
    are told around them). A subject before it ("Конгресс 6 января утвердил"), a comma
    between ("в четверг, 7 января") and a preposition of the date's own ("По состоянию на 5
    ноября у него имеется 264 голосов": the day the news is of) leave the date the
    clause's. Without a parse, no."""
    if tokens is None or f.start != f.core_start:
        return False
    i = bisect.bisect_left(tokens.starts, f.start) - 1
    if i < 0:
        return False
    before = tokens.tokens[i]
    if before.pos != "NOUN" or text[before.end : f.start].strip():
        return False
    return before.feats.get("Case") not in (None, "Nom")
