"""Where and whose a figure is, read from its sentence or, when that names nothing, its article.

`ledger_measures.anchored` lets two subjectless figures of two articles be one happening's
only when what they name meets. A sentence that names nothing ("Погибли все 50 человек.",
"в исследовании приняли участие более 15 тыс. человек") says nothing of where or whose by
itself, but its article does: a news article sets its scene in its lead (the first sentences:
who, where), and every later sentence is read in that scene. So a sentence that names no
holder or place takes its article's setting, the names of the article's lead; only when the
lead names nothing either is the figure's setting unknown (and it ties as before).

The setting is a function of one article's sentences: `ledger_entries._entries` reads it
article by article, as `ledger_fold` adds them, so a fold and a rebuild agree.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.story.features import SentenceInfo
from storyline.story.furniture import FURNITURE

__all__ = ["LEAD_SENTENCES", "names", "setting"]

# How many of an article's first sentences (furniture skipped) are its lead, the scene the
# rest is told in. Reasoned: a Russian news lead is one sentence, often followed by one
# that finishes it (the place, the source: "Авария произошла 1 ноября в районе села …");
# calibration: session 19 on bsnlp-ru (tuned on), the two trials' 15 thousand (London,
# Brussels, Lebanon) and 36 621 (Germany) volunteers of covid-19 are told in sentences that
# name nothing, and their articles' first two sentences name the two settings.
LEAD_SENTENCES = 2


def _norm(word: str) -> str:
    return word.lower().replace("ё", "е")


def names(s: SentenceInfo) -> frozenset[str]:
    """The holders and places a sentence names: its entities (ids, else names) and its proper
    nouns' lemmas, so that a name inside a longer one counts ("полиции Вашингтона" and "в
    Вашингтоне")."""
    ids = {m.entity_id or _norm(m.name or m.text) for m in s.entities}
    return frozenset(ids | {_norm(t.lemma) for t in s.tokens if t.pos == "PROPN"})


def setting(sentences: Sequence[SentenceInfo]) -> frozenset[str]:
    """The names of an article's lead: its first `LEAD_SENTENCES` sentences of text."""
    lead = [s for s in sentences if s.kind != FURNITURE][:LEAD_SENTENCES]
    return frozenset().union(*(names(s) for s in lead)) if lead else frozenset()
