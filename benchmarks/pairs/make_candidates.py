"""Draw close, hard article pairs from bsnlp-ru for labelling by hand (issue #12).

A pair is a candidate when both articles share a topic, were published at most a few days apart
and look alike: TF-IDF cosine of title + lead, or capitalised words (names, places, outlets) in
common. Pairs are then sampled evenly over topics and over similarity bands, so that the labelled
set holds easy and hard cases of both labels, not just near-copies.

  python benchmarks/pairs/make_candidates.py [--shared PATH] [--n 440] [--out FILE]

Writes one JSON line per candidate: pair_id, a_id, b_id, topic, days apart, cosine, shared
capitalised stems. Ids only, no texts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = Path(os.environ.get("STORYLINE_SHARED", HERE.parents[2] / "shared"))
DEFAULT_OUT = HERE / "candidates.jsonl"
# What an annotator is shown (guideline_ru.html: the title and the first few lines).
LEAD_CHARS = 400
# "A few days apart": the guideline's same happening is reported within days.
MAX_DAYS = 3
# Character n-grams absorb Russian inflection (Маас / Мааса / Маасом) without a lemmatiser.
NGRAMS = (3, 5)
# Similarity bands to sample evenly from; below the first edge pairs are obviously different.
BANDS = (0.10, 0.20, 0.30, 0.40, 0.55, 1.01)
# A pair with no shared capitalised word must at least reach this cosine to be close at all.
MIN_COSINE_NO_NAMES = 0.20
# Prefix length that stands for a capitalised word's stem (Германии / Германия -> герма).
STEM = 5
# No article in more than this many candidates, so that the sample covers many articles.
MAX_PER_ARTICLE = 4
SEED = 20261201
CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZА-ЯЁ][\w-]{2,}")


def lead(row: dict[str, Any]) -> str:
    return f"{row.get('title', '')}. {row['text'][:LEAD_CHARS]}"


def caps(text: str) -> set[str]:
    """Stems of capitalised words that do not open a sentence: names, places, outlets."""
    return {m.group(0).lower()[:STEM] for m in CAPITALISED.finditer(text)}


def days_apart(a: dict[str, Any], b: dict[str, Any]) -> int:
    return abs((date.fromisoformat(a["published"]) - date.fromisoformat(b["published"])).days)


def band(cos: float) -> int:
    return next(i for i, edge in enumerate(BANDS[1:]) if cos < edge)


def candidates(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    leads = [lead(r) for r in rows]
    matrix = TfidfVectorizer(
        analyzer="char_wb", ngram_range=NGRAMS, sublinear_tf=True, min_df=2
    ).fit_transform(leads)
    sims = (matrix @ matrix.T).toarray()
    stems = [caps(t) for t in leads]
    out = []
    by_topic: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_topic[r["topic"]].append(i)
    for topic, idx in sorted(by_topic.items()):
        for i, j in combinations(idx, 2):
            cos = float(sims[i, j])
            shared = stems[i] & stems[j]
            if cos < BANDS[0] or days_apart(rows[i], rows[j]) > MAX_DAYS:
                continue
            if not shared and cos < MIN_COSINE_NO_NAMES:
                continue
            out.append(
                {
                    "a_id": rows[i]["id"],
                    "b_id": rows[j]["id"],
                    "topic": topic,
                    "days": days_apart(rows[i], rows[j]),
                    "cosine": round(cos, 3),
                    "shared_caps": sorted(shared),
                    "band": band(cos),
                }
            )
    return out


def sample(
    pool: list[dict[str, Any]],
    n: int,
    seed: int = SEED,
    max_per_article: int = MAX_PER_ARTICLE,
    last_first: Callable[[dict[str, Any]], int] | None = None,
) -> list[dict[str, Any]]:
    """Even over (topic, band) cells; within a cell random, capped per article. `last_first`,
    if given, orders each shuffled cell (stably): pairs with the lowest key are drawn first."""
    rng = random.Random(seed)
    cells: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for c in pool:
        cells[(c["topic"], c["band"])].append(c)
    for cell in cells.values():
        rng.shuffle(cell)
        if last_first is not None:  # popped from the end: the highest key first in the list
            cell.sort(key=last_first, reverse=True)
    used: Counter[str] = Counter()
    chosen: list[dict[str, Any]] = []
    keys = sorted(cells)
    while len(chosen) < n and any(cells[k] for k in keys):
        for k in keys:
            while cells[k]:
                c = cells[k].pop()
                if used[c["a_id"]] < max_per_article and used[c["b_id"]] < max_per_article:
                    used[c["a_id"]] += 1
                    used[c["b_id"]] += 1
                    chosen.append(c)
                    break
            if len(chosen) >= n:
                break
    return chosen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--n", type=int, default=440)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    path = args.shared / "corpora" / "bsnlp-ru" / "articles.jsonl"
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    chosen = sample(candidates(rows), args.n)
    with args.out.open("w", encoding="utf-8") as fh:
        for k, c in enumerate(chosen, 1):
            fh.write(json.dumps({"pair_id": f"bsnlp-ru-{k:04d}", **c}, ensure_ascii=False) + "\n")
    counts = Counter((c["topic"], c["band"]) for c in chosen)
    print(f"{len(chosen)} candidates written to {args.out}")
    for (topic, b), m in sorted(counts.items()):
        print(f"  {topic:18s} band {BANDS[b]:.2f}-{BANDS[b + 1]:.2f}: {m}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
