"""Which labelled pairs the quote boost changes, and what their shared quote keys are.

Groups the corpora of `eval_thread_pairs.py` online twice at one cut, without and with
`thread_quote_boost`, and prints every pair whose outcome changes, with the quote keys
the two articles share, how many articles carry each key and over how many threads of
the boosted run's final grouping those articles lie (the weight an inverse thread
frequency of quote keys would give them: a key in one thread would keep its full weight).

Run: ``python benchmarks/quote_joins.py --cache FILE [--cut 0.25]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from eval_thread_pairs import load, outcomes, with_cut  # noqa: E402

from storyline.group.evaluate import group_fresh  # noqa: E402
from storyline.group.features import extract_features  # noqa: E402
from storyline.group.params import DEFAULT  # noqa: E402

# The boost the round-8 runs measured (`params.py`: off by default since the merge).
QUOTE_BOOST = 0.3


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=None, help="annotated corpora (pickle)")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--cut", type=float, default=DEFAULT.thread_threshold)
    ap.add_argument("--boost", type=float, default=QUOTE_BOOST, help="thread_quote_boost when on")
    args = ap.parse_args()
    data = load(args.shared, args.cache)
    on = dataclasses.replace(with_cut(DEFAULT, args.cut), thread_quote_boost=args.boost)
    off = dataclasses.replace(on, thread_quote_boost=0.0)
    rows_off, rows_on = outcomes(data, off), outcomes(data, on)
    kinds: Counter[str] = Counter()
    i = 0
    for articles, pairs in data.values():
        store, assigned = group_fresh(articles)
        feats = {a.id: extract_features(a) for a in store.iter_articles()}
        store.close()
        holders: dict[str, set[str]] = defaultdict(set)
        for aid, f in feats.items():
            for key in f.quotes:
                holders[key].add(aid)
        for a, b, same, topic in pairs:
            was, now = rows_off[i][0], rows_on[i][0]
            i += 1
            if was == now or a not in feats or b not in feats:
                continue
            shared = sorted(feats[a].quotes & feats[b].quotes)
            kind = ("joined" if now else "split") + (" right" if now == same else " wrong")
            kinds[kind + (", shares a key" if shared else ", through the thread")] += 1
            print(f"{topic}: {kind} (gold {'same' if same else 'different'}), {len(shared)} shared keys")
            for key in shared[:5]:
                threads = {assigned[x][0] for x in holders[key]}
                print(f"    {key}  articles {len(holders[key])}  threads {len(threads)}")
    for kind, n in sorted(kinds.items()):
        print(f"{kind}: {n}")


if __name__ == "__main__":
    main()
