"""The best hits of a search without scoring every hit.

A hit's score is its BM25 (negative, lower is better, as FTS5 gives it) damped by
its age: bm25 / (1 + age_days / RECENCY_HALF_LIFE_DAYS). The store keeps the
newest publication of each block of article seqs (`search_blocks`, schema 50), so
before a block is read the best score any of its hits could reach is known: the
query's largest possible BM25 in that block (every term at saturation,
`search_sources.Hits.ceilings`) over the block's least damping. Blocks are scored
best bound first, in batches that double, and the rest are skipped once the k-th
best score found beats every bound left. The result is the same k best as
scoring every hit, ties included (ties are broken by the newer seq, as before).

On a store ingested roughly in publication order the newest blocks hold the
best hits, so «суд» (29,414 hits of 100k replayed bsnlp-ru articles) is ranked
from about two thousand of them; on a store whose seqs are not in date order
more blocks are read, never a wrong answer.
"""

from __future__ import annotations

import functools
import heapq
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

# An article a month older than the newest counts half as much as an equally
# relevant newest one: the span over which a news reader still expects the latest
# report of a story first (the activity window of `query/reader.py` is a week; a
# month keeps a strong older report above a weak new one).
RECENCY_HALF_LIFE_DAYS = 30.0
# Article seqs per block of `search_blocks` (the migration's `seq / 1024`).
BLOCK_SEQS = 1024
# Relative slack on a block's bound, so a float rounded the other way inside the
# database (its sum of terms in another order) never skips a block it should read.
BOUND_SLACK = 1e-9
# The first batch of blocks is sized for this many times k hits at the average hits
# per block. Each scoring query pays a fixed ~0.5 ms (FTS5's bm25 counts every
# term's documents first) and a hit ~1 µs, so reading a few hundred hits too many
# beats a second query. On 12 words at 100k (bsnlp-ru replayed; the benchmark's 8
# and 4 others) a margin of 1 ran 2.6 scoring queries a search, 2: 1.8, 3: 1.2,
# 4 and 6: 1.1, and search CPU was lowest at 3-4 (8.1 ms against 8.8-9.2 at 1).
FIRST_BATCH_MARGIN = 3.0
# Publication dates whose day numbers are remembered (a few years of days and times).
DAYS_CACHED = 1 << 16

# (seq, bm25, published, source, dated) of each hit in a seq range (None, None:
# every hit), in any order; `dated` is what its age counts from (the publication
# date, or the day an undated article was stored).
Hit = tuple[int, float, str | None, str | None, str | None]
Scorer = Callable[[int | None, int | None], Iterable[Hit]]
# (damped score, seq, published, source) of the k best hits of a seq range (None,
# None: every hit), scored where the hits are (`search_index.best_scored`).
Scored = tuple[float, int, str | None, str | None]
BestOf = Callable[[int | None, int | None, int], Iterable[Scored]]


@dataclass(frozen=True)
class Block:
    first: int  # first seq of the block
    last: int  # last seq
    newest: float | None  # day number of its newest date (`Hit`'s dated); None: never damped


@dataclass(frozen=True)
class Ranked:
    key: tuple[float, int]  # (damped score, -seq): the smaller, the better
    published: str | None
    source: str | None

    @property
    def seq(self) -> int:
        return -self.key[1]

    @property
    def score(self) -> float:
        return self.key[0]


@functools.lru_cache(maxsize=DAYS_CACHED)
def day_number(value: str | None) -> float | None:
    """A stored date (any precision) as a day count, its first day for a month or year
    (remembered: a search reads thousands of hits' dates, most of them repeated)."""
    if not value:
        return None
    try:
        return float(
            date.fromisoformat((value + "-01-01")[:10] if len(value) < 10 else value[:10]).toordinal()
        )
    except ValueError:
        return None


def damping(newest: float | None, day: float | None) -> float:
    """What a hit's BM25 is divided by: 1 for the newest (or an undated) article."""
    age = max(0.0, newest - day) if newest is not None and day is not None else 0.0
    return 1.0 + age / RECENCY_HALF_LIFE_DAYS


def blocks_of(rows: Iterable[tuple[int, str]]) -> list[Block]:
    """`search_blocks` rows (block number, newest publication) as seq ranges."""
    out = []
    for block, newest in rows:
        first = int(block) * BLOCK_SEQS
        out.append(Block(first, first + BLOCK_SEQS - 1, day_number(newest)))
    return out


def rank_all(hits: Iterable[Hit], newest: float | None) -> list[Ranked]:
    """Every hit scored, best first (the reference the bounded ranking must equal)."""
    return sorted(
        (
            Ranked((float(bm25) / damping(newest, day_number(dated)), -int(seq)), pub, src)
            for seq, bm25, pub, src, dated in hits
        ),
        key=lambda r: r.key,
    )


def rank_best(
    blocks: Sequence[Block],
    score: Scorer,
    ceiling: Callable[[Block], float],
    newest: float | None,
    k: int,
    hits: int | None = None,
    best_of: BestOf | None = None,
    margin: float = FIRST_BATCH_MARGIN,
) -> tuple[list[Ranked], int]:
    """The k best hits, best first, and how many hits were scored in Python to find
    them. `ceiling(block)`: the largest BM25 magnitude a hit of the block can have;
    `hits`: how many there are in all, so the first batch holds about k of them
    (each query has a fixed cost: 0.7 ms for a word, 1.5 ms for a phrase at 100k);
    `best_of`, when the backend damps scores itself: each range's k best, already
    damped (then `score` is not called and only those k rows count as scored);
    `margin`: the first batch holds about margin x k hits."""
    bounds = sorted(
        ((ceiling(b) / damping(newest, b.newest) * (1.0 + BOUND_SLACK), b) for b in blocks),
        key=lambda pair: (-pair[0], pair[1].first),
    )
    order = [b for _, b in bounds]
    kept: list[tuple[float, int, Ranked]] = []  # a heap of the k best by (-score, seq): worst on top
    scored = 0
    at, batch = 0, 1
    if hits and blocks:
        batch = max(1, math.ceil(margin * k / (hits / len(blocks))))
    while at < len(order):
        bound = bounds[at][0]
        if len(kept) >= k and -kept[0][0] < -bound:
            break  # the k-th best beats anything the blocks left could hold
        for first, last in _ranges(order[at : at + batch]):
            for value, seq, pub, src in (
                best_of(first, last, k) if best_of else _damped(score, first, last, newest)
            ):
                scored += 1
                if len(kept) < k:
                    heapq.heappush(kept, (-value, int(seq), Ranked((value, -int(seq)), pub, src)))
                elif (-value, seq) > kept[0][:2]:
                    heapq.heapreplace(kept, (-value, int(seq), Ranked((value, -int(seq)), pub, src)))
        at += batch
        batch *= 2
    return sorted((e[2] for e in kept), key=lambda r: r.key), scored


def _damped(score: Scorer, first: int | None, last: int | None, newest: float | None) -> Iterable[Scored]:
    """A range's hits with their damped scores, scored here."""
    for seq, bm25, pub, src, dated in score(first, last):
        yield float(bm25) / damping(newest, day_number(dated)), int(seq), pub, src


def _ranges(blocks: Sequence[Block]) -> list[tuple[int, int]]:
    """Blocks as few seq ranges (adjacent blocks joined)."""
    out: list[tuple[int, int]] = []
    for b in sorted(blocks, key=lambda b: b.first):
        if out and out[-1][1] + 1 == b.first:
            out[-1] = (out[-1][0], b.last)
        else:
            out.append((b.first, b.last))
    return out
