"""A thread or story as grouping sees it: summed term, title, entity, figure and
date profiles plus the days it covers.

Term weights are stored without IDF (each article adds its L2-normalised
log-tf vector), so a profile stays valid while the corpus IDF moves; IDF is
applied when a profile is compared.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import orjson

from storyline.group.features import Features, event_day

# A thread's core is its first CORE_SIZE members, each kept by its CORE_TERMS
# heaviest log-tf terms: calibrated on the bsnlp-ru pairs (docs/grouping.md,
# "anti-chaining"); 40 terms keep a member's cosine within ~0.05 of the full one.
CORE_SIZE = 8
CORE_TERMS = 40
# A thread also keeps a sketch of each of its first MEMBER_SIZE members (all the
# signals of one article, its MEMBER_TERMS heaviest terms), so the thread decision can
# judge an article against the members themselves, as the model was fitted (article
# against article), not against a centroid whose cosine grows with the thread. Sizes
# at the default cut 0.25 (hand, best member; pooled pair F1 of the 480 labelled pairs,
# `eval_thread_pairs.py`): 4 -> 0.805 (P 0.879, R 0.742), 8 -> 0.808 (P 0.831, R 0.787),
# 16 -> 0.802 (P 0.822, R 0.782); 4 at the cuts 0.22 / 0.19: 0.802 / 0.819 (bsnlp-ru
# 0.808, tgcontest 0.913). That last figure is one cut picked after many looks at the
# same 480 pairs, not a held-out choice, so 8 (chosen first) stays. 60 terms: more than the core's 40, since a sketch
# carries the whole lemma cosine of the decision.
MEMBER_SIZE = 8
MEMBER_TERMS = 60
# A sketch stores only the fields it sets: a one-article sketch leaves most empty.
_NOT_IN_SKETCH = ("articles", "threads", "core", "members", "headline", "headline_article", "title_thread")


@dataclass
class Profile:
    id: str
    level: str  # "thread" or "story"
    parent: str | None = None  # a thread's story
    articles: list[str] = field(default_factory=list)  # not persisted: rebuilt from assignments
    threads: list[str] = field(default_factory=list)  # a story's threads (same)
    terms: dict[str, float] = field(default_factory=dict)
    title: dict[str, float] = field(default_factory=dict)
    entities: dict[str, float] = field(default_factory=dict)
    figures: dict[str, int] = field(default_factory=dict)
    dates: dict[str, int] = field(default_factory=dict)
    title_figures: dict[str, int] = field(default_factory=dict)
    lead_dates: dict[str, int] = field(default_factory=dict)
    places: dict[str, int] = field(default_factory=dict)
    days: list[int] = field(default_factory=list)  # distinct publication days of dated members, sorted
    slack: int = 0
    headline: str = ""
    headline_article: str = ""  # the article whose title is the headline
    first_published: str | None = None
    last_published: str | None = None
    dense: list[float] = field(default_factory=list)  # sum of member embeddings (threads, with an embedder)
    title_thread: str = ""  # a story's thread whose headline is the story title
    actors: dict[str, int] = field(
        default_factory=dict
    )  # entity ids opening member headlines: who acted (threads)
    subjects: dict[str, str] = field(
        default_factory=dict
    )  # members' headline subjects: entity id -> name key (threads)
    tenses: dict[str, int] = field(default_factory=dict)  # members' "lemma:past" / "lemma:futr" (threads)
    # A thread's core: the log-tf vectors (heaviest terms only) of its first members.
    # A new member must resemble these on average, not only the summed profile,
    # which drifts towards the topic as a thread grows (the anti-chaining guard).
    core: list[dict[str, float]] = field(default_factory=list)
    # A thread's member sketches (level "member"): one-article profiles of its first
    # members, for the member linkage of the thread decision (`similarity.member_score`).
    members: list[Profile] = field(default_factory=list)
    # Dated events ("date|entity id") and quote keys ("speaker id|stems") of the members
    # (threads): counts, as for figures.
    events: dict[str, int] = field(default_factory=dict)
    quotes: dict[str, int] = field(default_factory=dict)
    # A thread's quote keys with the first day (`features.event_day`) a member said them:
    # a key first said on an earlier day is background in a later report (round 10).
    quote_days: dict[str, int] = field(default_factory=dict)
    # The members' lead events (threads): predicate lemmas and subject lemmas, counts.
    predicates: dict[str, int] = field(default_factory=dict)
    lead_subjects: dict[str, int] = field(default_factory=dict)

    # ---- building
    def add(
        self,
        feats: Features,
        tf: dict[str, float],
        headline: str,
        published: str | None,
        max_terms: int,
        dense: list[float] | None = None,
        sketch: bool = False,
    ) -> None:
        """Add one article; `sketch` also keeps its member sketch (member linkage only:
        the default decision does not pay for them)."""
        self.articles.append(feats.article_id)
        if self.level == "thread" and len(self.core) < CORE_SIZE:
            self.core.append(_top_exact(tf, CORE_TERMS))
        # A thread grouped before sketches were kept (no sketch, members already) stays
        # judged by its centroid: sketches of its later members alone would misjudge it.
        if (
            sketch
            and self.level == "thread"
            and len(self.members) < MEMBER_SIZE
            and (self.members or len(self.articles) == 1)
        ):
            member = Profile(id=feats.article_id, level="member")
            member.add(feats, _top_exact(tf, MEMBER_TERMS), "", published, max_terms, dense)
            member.articles = []
            self.members.append(member)
        if dense and self.level != "story":
            self.dense = (
                [a + b for a, b in zip(self.dense, dense, strict=True)] if self.dense else list(dense)
            )
        _accumulate(self.terms, tf)
        _accumulate(self.title, {t: 1.0 for t in sorted(feats.title)})
        _accumulate(self.entities, {e: float(n) for e, n in feats.entities.items()})
        self._published(published)
        if self.level != "story":  # figures, event dates and places decide threads only
            for f in sorted(feats.figures):
                self.figures[f] = self.figures.get(f, 0) + 1
            for d in sorted(feats.dates):
                self.dates[d] = self.dates.get(d, 0) + 1
            for f in sorted(feats.title_figures):
                self.title_figures[f] = self.title_figures.get(f, 0) + 1
            if feats.lead_date:
                self.lead_dates[feats.lead_date] = self.lead_dates.get(feats.lead_date, 0) + 1
            for e in sorted(feats.places):
                self.places[e] = self.places.get(e, 0) + 1
            for e in sorted(feats.actors):
                self.actors[e] = self.actors.get(e, 0) + 1
            self.subjects.update(feats.subjects)
            for t in sorted(feats.tenses):
                self.tenses[t] = self.tenses.get(t, 0) + 1
            for k in sorted(feats.events):
                self.events[k] = self.events.get(k, 0) + 1
            for k in sorted(feats.quotes):
                self.quotes[k] = self.quotes.get(k, 0) + 1
            for k in sorted(feats.predicates):
                self.predicates[k] = self.predicates.get(k, 0) + 1
            for k in sorted(feats.lead_subjects):
                self.lead_subjects[k] = self.lead_subjects.get(k, 0) + 1
            day = event_day(feats) if self.level == "thread" and feats.quotes else None
            if day is not None:
                for k in sorted(feats.quotes):
                    if day < self.quote_days.get(k, day + 1):
                        self.quote_days[k] = day
        if feats.day is not None:
            i = bisect.bisect_left(self.days, feats.day)
            if i == len(self.days) or self.days[i] != feats.day:
                self.days.insert(i, feats.day)
            self.slack = max(self.slack, feats.day_slack)
        if headline and not self.headline:
            self.headline, self.headline_article = headline, feats.article_id
        self.truncate(max_terms)

    def absorb(self, other: Profile, max_terms: int) -> None:
        """Merge `other` into this profile (a bridging article joined them)."""
        # Sets for the membership test: a list scan made merging into a large story quadratic.
        known = set(self.articles)
        self.articles.extend(a for a in other.articles if a not in known)
        have = set(self.threads)
        self.threads.extend(t for t in other.threads if t not in have)
        _accumulate(self.terms, other.terms)
        _accumulate(self.title, other.title)
        _accumulate(self.entities, other.entities)
        for mine, theirs in (
            (self.figures, other.figures),
            (self.dates, other.dates),
            (self.title_figures, other.title_figures),
            (self.lead_dates, other.lead_dates),
            (self.places, other.places),
            (self.actors, other.actors),
            (self.tenses, other.tenses),
            (self.events, other.events),
            (self.quotes, other.quotes),
            (self.predicates, other.predicates),
            (self.lead_subjects, other.lead_subjects),
        ):
            _accumulate(mine, theirs)
        for k, day in other.quote_days.items():
            if day < self.quote_days.get(k, day + 1):
                self.quote_days[k] = day
        self.subjects.update(other.subjects)
        self.core = (self.core + other.core)[:CORE_SIZE]
        self.members = (self.members + other.members)[:MEMBER_SIZE]
        self.days = sorted(set(self.days) | set(other.days))
        if other.dense:
            self.dense = (
                [a + b for a, b in zip(self.dense, other.dense, strict=True)]
                if self.dense
                else list(other.dense)
            )
        self._published(other.first_published)
        self._published(other.last_published)
        self.slack = max(self.slack, other.slack)
        if not self.headline:
            self.headline, self.headline_article = other.headline, other.headline_article
        self.truncate(max_terms)

    def _published(self, iso: str | None) -> None:
        if not iso:
            return
        if self.first_published is None or iso < self.first_published:
            self.first_published = iso
        if self.last_published is None or iso > self.last_published:
            self.last_published = iso

    def truncate(self, max_terms: int) -> None:
        """Keep the heaviest terms, title words and entities: a story of 1000 articles
        must not carry 50k terms (pruning waits for 25 % slack so it runs rarely)."""
        self.terms = _top(self.terms, max_terms)
        self.title = _top(self.title, max_terms // 4)
        self.entities = _top(self.entities, max_terms // 4)
        # Quote and dated-event keys grow by up to 40 an article: a busy thread keeps the
        # ones most members share (what a newcomer most likely shares too).
        self.events = _top(self.events, max_terms)
        self.quotes = _top(self.quotes, max_terms)
        self.predicates = _top(self.predicates, max_terms)
        self.lead_subjects = _top(self.lead_subjects, max_terms)
        if len(self.quote_days) > len(self.quotes):
            self.quote_days = {k: d for k, d in self.quote_days.items() if k in self.quotes}

    # ---- time
    def gap(self, day: int | None, slack: int) -> float | None:
        """Days between `day` and the nearest member day, less both uncertainties; None if either is undated."""
        if day is None or not self.days:
            return None
        i = bisect.bisect_left(self.days, day)
        near = min(abs(day - self.days[j]) for j in (i - 1, i) if 0 <= j < len(self.days))
        return max(0.0, near - slack - self.slack)

    def weeks(self) -> set[int]:
        return {d // 7 for d in self.days}

    # ---- persistence
    def dumps(self) -> bytes:
        # vars(), not asdict(): asdict deep-copies every dict, which dominated an add.
        data = {k: v for k, v in vars(self).items() if k not in ("articles", "threads", "members")}
        if self.members:
            data["members"] = [m.sketch() for m in self.members]
        return compact_json(data)

    def sketch(self) -> dict[str, Any]:
        """A member sketch as stored: the fields it sets (a thread keeps up to eight)."""
        return {k: v for k, v in vars(self).items() if k not in _NOT_IN_SKETCH and (v or k == "id")}

    @classmethod
    def loads(cls, blob: bytes) -> Profile:
        data = json.loads(blob)
        members = [cls(**m) for m in data.pop("members", ())]
        return cls(**data, members=members)


def compact_json(data: Any) -> bytes:
    """JSON of a stored grouping record: orjson, which wrote profiles and entity records
    ~5x faster than `json` (their encoding was ~2 % of a bsnlp-ru ingest's CPU, all in
    the one writer). Its bytes may spell a float otherwise ("1e-05" / "1e-5"), never
    its value: what `json.loads` reads back is the same. What orjson cannot write (a
    numpy scalar from an embedder) goes through `json` as before."""
    try:
        return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _accumulate(into: dict[Any, Any], add: Mapping[Any, Any]) -> None:
    """Add counts or weights key by key (ints stay ints, floats stay floats)."""
    for k, v in add.items():
        into[k] = into.get(k, 0) + v


def log_tf(counts: dict[str, int]) -> dict[str, float]:
    """L2-normalised 1+log(tf): every article weighs the same in a profile."""
    raw = {t: 1.0 + math.log(c) for t, c in counts.items() if c > 0}
    norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
    return {t: v / norm for t, v in raw.items()}


def _top_exact(weights: dict[str, float], limit: int) -> dict[str, float]:
    """The `limit` heaviest entries, rounded (a core vector is stored with its thread)."""
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return {k: round(v, 4) for k, v in top}


Weight = TypeVar("Weight", int, float)


def _top(weights: dict[str, Weight], limit: int) -> dict[str, Weight]:
    if len(weights) <= limit * 1.25:
        return weights
    return dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])
