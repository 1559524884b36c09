"""Story quality on bsnlp-ru: the `topic` of each article is its gold story.

The 661 articles are annotated, put into one fresh database in publication
order and grouped; B³ precision, recall and F1 compare our story ids with the
topics. Order robustness: the same corpus shuffled (seeds 1 and 2); the largest
F1 difference from the publication-order run is reported. Thread counts are
printed too (bsnlp has no thread gold).

Run: ``python benchmarks/eval_stories.py [--shared PATH] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from storyline.group.evaluate import annotate, b_cubed, group_fresh, load_bsnlp  # noqa: E402
from storyline.model import Article  # noqa: E402


def evaluate_stories(
    articles: list[Article], seeds: tuple[int | None, ...] = (None, 1, 2)
) -> dict[str, float]:
    gold = {a.id: a.meta["topic"] for a in articles}
    results: dict[str, float] = {}
    f1s = []
    for seed in seeds:
        store, assigned = group_fresh(articles, shuffle_seed=seed)
        f1, p, r = b_cubed({k: v[1] for k, v in assigned.items()}, gold)
        thread_f1, thread_p, _ = b_cubed({k: v[0] for k, v in assigned.items()}, gold)
        f1s.append(f1)
        if seed is None:
            results.update(
                story_b3_f1=f1,
                story_b3_precision=p,
                story_b3_recall=r,
                stories=len(set(v[1] for v in assigned.values())),
                threads=len(set(v[0] for v in assigned.values())),
                thread_b3_precision_vs_topics=thread_p,
                articles=len(articles),
            )
        else:
            results[f"story_b3_f1_shuffle_{seed}"] = f1
        store.close()
    results["story_b3_f1_shuffle_max_delta"] = max(abs(f - f1s[0]) for f in f1s)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    started = time.time()
    articles = load_bsnlp(args.shared / "corpora")
    annotate(articles)
    results = evaluate_stories(articles)
    results["seconds"] = round(time.time() - started, 1)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(
        f"bsnlp-ru: {results['articles']} articles -> {results['stories']} stories, {results['threads']} threads"
    )
    print(
        f"  story B3 F1 {results['story_b3_f1']:.3f}  P {results['story_b3_precision']:.3f}  "
        f"R {results['story_b3_recall']:.3f}  shuffle max delta {results['story_b3_f1_shuffle_max_delta']:.3f}"
    )


if __name__ == "__main__":
    main()
