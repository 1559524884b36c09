"""A period a report covers is not the date of its happening.

"издание Energetyka24 составило рейтинг самых крупных промахов Украины … за 2018
год": the ranking was made in the article's days; 2018 is what it ranks. A "за"
date in the phrase of a report noun (рейтинг, отчёт, итоги, статистика …) names the
period the report or figure covers, so it dates no event of the timeline.
"""

from __future__ import annotations

from storyline.model import DateMention
from storyline.story.features import SentenceInfo, norm_lemma

__all__ = ["covered_period"]


# Nouns of a compiled report or tally whose "за <period>" is the period it covers.
REPORT_NOUNS = frozenset(
    {
        "рейтинг",
        "отчет",
        "доклад",
        "итог",
        "статистика",
        "обзор",
        "список",
        "сводка",
        "анализ",
        "результат",
        "показатель",
        "рекорд",
        "антирейтинг",
        "топ",
    }
)
# Tokens walked back from "за" to find the report noun: a noun phrase with its
# genitives and one prepositional phrase ("рейтинг самых крупных промахов Украины в
# энергетическом секторе за 2018 год": 8 words). A verb or a punctuation mark ends the
# phrase first in most sentences; the bound keeps a long run from reaching far.
REPORT_REACH = 10
# Parts of speech that end the report noun's phrase.
_PHRASE_ENDS = frozenset({"VERB", "AUX", "PUNCT", "SCONJ", "CCONJ"})


def covered_period(s: SentenceInfo, d: DateMention) -> bool:
    """`d` follows "за" inside the phrase of a report noun."""
    tokens = s.tokens
    i = next((n for n, t in enumerate(tokens) if t.start >= d.start), None)
    if i is None:
        return False
    if tokens[i].lemma.lower() != "за":
        i -= 1
        if i < 0 or tokens[i].lemma.lower() != "за":
            return False
    for t in reversed(tokens[max(0, i - REPORT_REACH) : i]):
        if t.pos in _PHRASE_ENDS:
            return False
        if t.pos == "NOUN" and norm_lemma(t.lemma) in REPORT_NOUNS:
            return True
    return False
