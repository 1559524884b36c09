"""An event being built, and when two tellings are one happening.

`_Event` collects a happening's tellings while the timeline is built; `_related`
and `_same_claim` decide whether a telling restates another (a novelty link, or a
shared main verb and enough containment). Used by the batch timeline, the
placing of undated tellings and the fold alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyline.model import Precision
from storyline.story.features import STOP_LEMMAS, SentenceInfo, norm_lemma, relative_clause_tokens
from storyline.story.similarity import Idf

__all__ = ["MERGE_COVER", "SAME_CLAIM", "_Event", "_main_verbs", "_related", "_same_claim"]


# Two dated sentences are the same happening when one restates the other:
# containment of one in the other at least this high, with the same date and a
# shared verb (sentences linked by novelty merge regardless).
MERGE_COVER = 0.5


# Least containment the other way round for an undated telling to join a dated
# one (besides a shared main verb): "Садыр Жапаров уже подписал соответствующий
# указ" against the longer dated report of the decree scores ~0.4; on bsnlp
# Nord Stream a one-way test let background ("проект предполагает строительство
# …") join a dated statement 25 times over.
SAME_CLAIM = 0.3


@dataclass
class _Event:
    date: str | None
    date_end: str | None
    precision: Precision
    evidence: list[SentenceInfo] = field(default_factory=list)
    said: list[str] = field(default_factory=list)  # per evidence: the date as written ("" if inherited)

    def same_date(self, date: str | None, date_end: str | None) -> bool:
        return (self.date, self.date_end) == (date, date_end)


def _related(
    a: SentenceInfo, b: SentenceInfo, idf: Idf, links: dict[tuple[str, int], list[tuple[str, int]]]
) -> bool:
    if b.key in links.get(a.key, ()) or a.key in links.get(b.key, ()):
        return True
    if not _main_verbs(a) & _main_verbs(b):
        return False
    return max(idf.cover(a, b, figures=False), idf.cover(b, a, figures=False)) >= MERGE_COVER


def _main_verbs(s: SentenceInfo) -> set[str]:
    """Verb lemmas outside relative clauses, reporting verbs aside: what the sentence says happened.
    Kept on the sentence: every pair comparison asks again."""
    kept = s.memo.get("main_verbs")
    if isinstance(kept, set):
        return kept
    relative = relative_clause_tokens(s.tokens)
    verbs = {
        norm_lemma(t.lemma)
        for i, t in enumerate(s.tokens)
        if t.pos == "VERB" and i not in relative and norm_lemma(t.lemma) not in STOP_LEMMAS
    }
    s.memo["main_verbs"] = verbs
    return verbs


def _same_claim(a: SentenceInfo, b: SentenceInfo, idf: Idf) -> bool:
    """`a` restates `b` (or the reverse) with the same main verb, and is not a mere detail of it."""
    if not _main_verbs(a) & _main_verbs(b):
        return False
    forward, backward = idf.cover(a, b, figures=False), idf.cover(b, a, figures=False)
    return max(forward, backward) >= MERGE_COVER and min(forward, backward) >= SAME_CLAIM
