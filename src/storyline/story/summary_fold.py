"""The parts of the summary and title score that a new article changes, kept up to date.

`story.summary` scores a sentence by how many articles tell it, how much of its
content other articles use, its place and kind, and the story's main actors.
Recomputing "how much other articles use" for every sentence of a
2,000-article story on each addition is the costly part; here it is kept per
sentence and per article, and a new article updates only the sentences that
share a feature nobody else had used before. Feature weights are the story's
IDF as of the sentence's own article (see `story.state`), so they do not move
when later articles arrive; the final pick (`pick_summary`) uses the IDF of
the whole story.

Each article's fold keeps what it changed (`_Undo`), so the fold can be taken back
to the moment before any article (`rollback`) for a late article to be folded in
at its place. The headline's "how much other articles use" sums are kept in
integers (weights in units of `WEIGHT_QUANTUM`), so taking an article's additions
back leaves exactly the sums a fold without it had: float sums would not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from storyline.model import Article, Evidence, SentenceNovelty
from storyline.story.compress import compress
from storyline.story.features import SentenceInfo
from storyline.story.similarity import Idf
from storyline.story.summary import (
    CENTRAL_WEIGHT,
    DATED_BONUS,
    DEPENDENT_OPENERS,
    DEPENDENT_PENALTY,
    ENTITY_WEIGHT,
    FIGURE_BONUS,
    LEAD_BONUS,
    TITLE_CHARS,
    UPDATED_BONUS,
    Scored,
    _clean_title,
    _eligible,
    pick_summary,
    summary_evidence,
    summary_text,
)

Key = tuple[str, int]
MAIN_ENTITIES = 5  # as story.summary._main_entities
# The headline sums count feature weights in units of 2^-30: exact (integer) sums
# that undo exactly. A 50,000-article story with 500 features an article of weight
# <= 12 sums to < 2^59, inside int64; the rounding (<= 2^-31 of a weight, ~5e-10
# relative) is far below the 6 decimals the headline choice compares.
WEIGHT_QUANTUM = 2**30


@dataclass
class _Undo:
    """What one article's fold changed in the summary fold, to take it back."""

    article_id: str
    features: list[str]
    released: list[tuple[str, list[tuple[_Spread, float]], list[float]]]  # pending entries it matched
    pended: list[str]  # features its candidates wait on, in order
    candidates: int  # candidates before it
    keys: list[Key]  # its sentences
    priors: list[Key]  # earlier sentences it now carries
    named: list[str]  # its entity mentions


@dataclass
class _Spread:
    """Mass of some features (weights frozen when they were added) and how much of it other
    articles also use; features nobody else uses yet wait in `pending`."""

    total: float = 0.0
    shared: float = 0.0

    def share(self) -> float:
        return self.shared / self.total if self.total else 0.0


class _Holders:
    """The articles (reading positions) using one feature and its weight in each, as arrays
    that grow in place: a new article using the feature adds to all of them at once."""

    def __init__(self) -> None:
        self._rows = np.empty(4, dtype=np.int64)
        self._weights = np.empty(4, dtype=np.int64)
        self.size = 0

    def add(self, row: int, weight: int) -> None:
        if self.size == len(self._rows):
            self._rows = np.concatenate([self._rows, np.empty(self.size, dtype=np.int64)])
            self._weights = np.concatenate([self._weights, np.empty(self.size, dtype=np.int64)])
        self._rows[self.size] = row
        self._weights[self.size] = weight
        self.size += 1

    def rows(self) -> np.ndarray:
        return self._rows[: self.size]

    def weights(self) -> np.ndarray:
        return self._weights[: self.size]


@dataclass
class _Candidate:
    info: SentenceInfo
    static: float  # lead, date, figure and dependency terms
    named: frozenset[str]
    lead: bool
    spread: _Spread = field(default_factory=_Spread)


class SummaryFold:
    def __init__(self) -> None:
        self.article_df: Counter[str] = Counter()  # feature -> articles using it
        self.holders: dict[str, _Holders] = {}  # feature -> articles using it, with its weight in each
        self.pending: dict[str, list[tuple[_Spread, float]]] = {}  # feature used by one article only
        self.article_spread: dict[str, _Spread] = {}  # for the headline: mean share with the others
        # per article (by reading position): sum over its features of weight x other articles
        # using it, weights in units of WEIGHT_QUANTUM
        self.sums = np.zeros(64, dtype=np.int64)
        self.carriers: dict[Key, set[str]] = {}
        self.candidates: list[_Candidate] = []
        self.mentions: Counter[str] = Counter()
        self.positions: dict[str, int] = {}
        self.titles: dict[str, str] = {}
        self.undo: list[_Undo] = []  # per folded article, in reading order

    def add_article(
        self,
        article: Article,
        sentences: Sequence[SentenceInfo],
        marks: Sequence[SentenceNovelty],
        links: Mapping[Key, Sequence[Key]],
        idf: Idf,
    ) -> None:
        """Fold one article in (the last in reading order), after its novelty."""
        aid = article.id
        self.positions[aid] = len(self.positions)
        if article.title.strip():
            self.titles[aid] = article.title
        features = frozenset().union(*(s.content for s in sentences)) if sentences else frozenset()
        weights = {f: idf.weight(f) for f in features}
        undo = _Undo(aid, list(features), [], [], len(self.candidates), [s.key for s in sentences], [], [])
        self.undo.append(undo)
        # Features this article shares for the first time with one earlier article: that
        # article's waiting sentences now count them as told elsewhere.
        for f in undo.features:
            if self.article_df[f] == 1:
                waiting = self.pending.pop(f, None)
                if waiting:
                    undo.released.append((f, waiting, [spread.shared for spread, _ in waiting]))
                    for spread, w in waiting:
                        spread.shared += w
            held = self.holders.get(f)
            if held is not None:  # every earlier article using f now shares it with one more
                self.sums[held.rows()] += held.weights()
        row = len(self.positions) - 1
        if row >= len(self.sums):
            self.sums = np.concatenate([self.sums, np.zeros(max(len(self.sums), 64), dtype=np.int64)])
        units = {f: round(weights[f] * WEIGHT_QUANTUM) for f in features}
        self.sums[row] = sum(units[f] * self.article_df[f] for f in features)
        self.article_spread[aid] = _Spread(total=sum(weights.values()))
        for f in undo.features:
            self.article_df[f] += 1
            self.holders.setdefault(f, _Holders()).add(row, units[f])
        for s in sentences:
            self.carriers[s.key] = {aid}
            for m in s.entities:
                self.mentions[m.entity_id or m.name] += 1
                undo.named.append(m.entity_id or m.name)
        for s in sentences:
            for prior in links.get(s.key, ()):
                if prior in self.carriers and aid not in self.carriers[prior]:
                    self.carriers[prior].add(aid)
                    undo.priors.append(prior)
        first_text = next((s.index for s in sentences if s.kind == "text"), None)
        for s, mark in zip(sentences, marks, strict=True):
            if not _eligible(s, mark):
                continue
            static = LEAD_BONUS if s.index == first_text else 0.0
            static += DATED_BONUS if any(d.value for d in s.dates) else 0.0
            static += FIGURE_BONUS if s.quantities else 0.0
            static -= DEPENDENT_PENALTY if s.starts_with(*DEPENDENT_OPENERS) else 0.0
            cand = _Candidate(
                s, static, frozenset(m.entity_id or m.name for m in s.entities), s.index == first_text
            )
            for f in s.content:
                w = weights[f] * s.weights.get(f, 1.0)  # `idf.weight(f)`, read once above
                cand.spread.total += w
                if self.article_df[f] > 1:
                    cand.spread.shared += w
                else:
                    self.pending.setdefault(f, []).append((cand.spread, w))
                    undo.pended.append(f)
            self.candidates.append(cand)

    def rollback(self, position: int) -> None:
        """Undo the folds of the articles at reading positions `position` and after, newest
        first."""
        while len(self.undo) > position:
            self._take_back(self.undo.pop())

    def _take_back(self, undo: _Undo) -> None:
        aid = undo.article_id
        for f in reversed(undo.pended):
            waiting = self.pending[f]
            waiting.pop()
            if not waiting:
                del self.pending[f]
        del self.candidates[undo.candidates :]
        for prior in undo.priors:
            self.carriers[prior].discard(aid)
        for key in undo.keys:
            self.carriers.pop(key, None)
        for name in undo.named:
            self.mentions[name] -= 1
            if not self.mentions[name]:
                del self.mentions[name]
        row = self.positions.pop(aid)
        self.titles.pop(aid, None)
        del self.article_spread[aid]
        self.sums[row] = 0
        for f in undo.features:
            held = self.holders[f]
            held.size -= 1  # its own entry, the last one
            if held.size:
                self.sums[held.rows()] -= held.weights()
            else:
                del self.holders[f]
            self.article_df[f] -= 1
            if not self.article_df[f]:
                del self.article_df[f]
        for f, waiting, before in reversed(undo.released):  # a spread may wait on several features
            for (spread, _), shared in zip(reversed(waiting), reversed(before), strict=True):
                spread.shared = shared
            self.pending[f] = waiting

    def scored(self, updated: set[Key]) -> list[Scored]:
        """Every eligible sentence with its score now; `updated` are the sentences marked updated."""
        n = max(1, len(self.positions))
        top = set(sorted(self.mentions, key=lambda k: (-self.mentions[k], k))[:MAIN_ENTITIES])
        out = []
        carriers = self.carriers
        per_article = 1 / max(1, n - 1)
        per_entity = ENTITY_WEIGHT / max(1, len(top))
        for c in self.candidates:
            key = c.info.key
            carried = len(carriers.get(key, ())) or 1
            spread = c.spread
            score = (carried - 1) * per_article
            score += CENTRAL_WEIGHT * (spread.shared / spread.total if spread.total else 0.0)
            score += c.static
            if key in updated:
                score += UPDATED_BONUS
            if c.named:
                score += per_entity * len(c.named & top)
            out.append(Scored(c.info, score, carried, c.lead))
        return out

    def summary(self, scored: Sequence[Scored], idf: Idf) -> tuple[str, list[Evidence]]:
        chosen = pick_summary(scored, idf)
        return summary_text(chosen), summary_evidence(chosen)

    def title(self, scored: Sequence[Scored]) -> str:
        """The headline most shared with the other articles; without headlines, the lead
        most told elsewhere, compressed."""
        if self.titles:
            n = len(self.positions)

            def mean_share(aid: str) -> float:
                total = self.article_spread[aid].total
                shared = int(self.sums[self.positions[aid]]) / WEIGHT_QUANTUM
                return shared / ((n - 1) * total) if total and n > 1 else 0.0

            headline = max(self.titles, key=lambda a: (round(mean_share(a), 6), -self.positions[a]))
            return _clean_title(self.titles[headline])
        leads = [c for c in scored if c.lead]
        if not leads:
            return ""
        spread = {c.info.key: c for c in self.candidates}

        def carried(c: Scored) -> float:
            return spread[c.info.key].spread.share()

        best = max(leads, key=lambda c: (round(carried(c), 3), c.support, -c.info.position))
        verbs = frozenset(t.text.lower() for t in best.info.verbs())
        return compress(best.info.text, verbs, limit=TITLE_CHARS, keep_relative=True).rstrip(".")
