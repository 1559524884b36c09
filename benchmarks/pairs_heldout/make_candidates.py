"""Draw a second, held-out set of close bsnlp-ru article pairs for labelling by hand (issue #12).

The pairs in benchmarks/pairs/ are tuned on. This draw uses the same notion of a candidate
(same topic, at most 3 days apart, character n-gram TF-IDF cosine of title + lead, capitalised
names in common; see benchmarks/pairs/make_candidates.py, whose functions it reuses) but
  * never repeats a pair of benchmarks/pairs/candidates.jsonl,
  * prefers articles that occur in none of those pairs: within each (topic, cosine band) cell
    the pairs of two unseen articles come first, then those with one, then the rest,
  * uses its own seed and a lower cap of pairs per article.

  python benchmarks/pairs_heldout/make_candidates.py [--shared PATH] [--n 210] [--out FILE]

Writes one JSON line per candidate, as the first draw does. Ids only, no texts.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIRST = HERE.parent / "pairs"
DEFAULT_OUT = HERE / "candidates.jsonl"
# A different seed from the first draw (20261201), fixed so that the draw repeats.
SEED = 20261203
# Fewer pairs per article than the first draw's 4: the held-out figure should rest on many
# articles, not on a few hubs.
MAX_PER_ARTICLE = 3
# Pair ids of this set, distinct from the first draw's "bsnlp-ru-NNNN".
PREFIX = "heldout-ru"


def _first_draw() -> Any:
    spec = importlib.util.spec_from_file_location("first_draw", FIRST / "make_candidates.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def sample(
    pool: list[dict[str, Any]], old: list[dict[str, Any]], n: int, seed: int = SEED
) -> list[dict[str, Any]]:
    """Even over (topic, band) cells, unseen articles first, never an old pair: the first
    draw's sampler on the new pairs, with this draw's seed and cap."""
    old_pairs = {frozenset((c["a_id"], c["b_id"])) for c in old}
    seen = {c["a_id"] for c in old} | {c["b_id"] for c in old}
    fresh = [c for c in pool if frozenset((c["a_id"], c["b_id"])) not in old_pairs]
    return _first_draw().sample(
        fresh, n, seed, MAX_PER_ARTICLE, last_first=lambda c: (c["a_id"] in seen) + (c["b_id"] in seen)
    )


def main(argv: list[str] | None = None) -> int:
    first = _first_draw()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=first.DEFAULT_SHARED)
    ap.add_argument("--n", type=int, default=210)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    path = args.shared / "corpora" / "bsnlp-ru" / "articles.jsonl"
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    old = _jsonl(FIRST / "candidates.jsonl")
    chosen = sample(first.candidates(rows), old, args.n)
    with args.out.open("w", encoding="utf-8") as fh:
        for k, c in enumerate(chosen, 1):
            fh.write(json.dumps({"pair_id": f"{PREFIX}-{k:04d}", **c}, ensure_ascii=False) + "\n")
    seen = {c["a_id"] for c in old} | {c["b_id"] for c in old}
    ids = {c["a_id"] for c in chosen} | {c["b_id"] for c in chosen}
    print(f"{len(chosen)} candidates over {len(ids)} articles ({len(ids & seen)} also in the first draw)")
    counts = Counter((c["topic"], c["band"]) for c in chosen)
    for (topic, b), m in sorted(counts.items()):
        print(f"  {topic:18s} band {first.BANDS[b]:.2f}-{first.BANDS[b + 1]:.2f}: {m}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
