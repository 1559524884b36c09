"""Why the online grouper loses to one TF-IDF cut: the score, the clustering or the cut.

The corpora of `eval_thread_pairs.py` (bsnlp-ru with its 440 hand-labelled pairs in five
topics, tgcontest ru dev with 40 pairs as a sixth; annotations from its ``--cache``) are
grouped online with the default decision (or ``--set NAME=VALUE``). When the later
article b of a labelled pair arrives, its score against a one-member thread of the
earlier article a is taken with the IDF of that moment (``online_pair``), beside the
score of a's thread as the grouper saw it. Every pair is also scored offline:

* ``tfidf``: scikit-learn TF-IDF cosine of the two articles' lemmas, IDF over the whole
  corpus (`tfidf_thread_baseline.py`'s score);
* ``lemma_final``: the grouper's lemma cosine (log-tf, its IDF prior), final corpus IDF;
* ``lemma_online``: the same cosine with the IDF of the moment b arrived;
* ``hand_final`` / ``online_pair``: the whole hand score (blend, factors, boosts, time),
  final IDF / the IDF of the moment.

Reported: ROC AUC of each score (pooled and per topic: rank quality, no cut involved);
pairwise pair F1 of each score with its cut chosen leave-one-topic-out (best on the
five other topics over the score's quantiles: the ceiling of a decision that judged
every pair alone); the online pair F1 at the default cut; and where online loses what
pairwise had: retrieval (the partner's thread was no candidate), competition (another
thread won), dilution (the thread scored under the cut while the pair alone is over),
chaining (joined, the pair alone under the cut), the time window (a same pair further
apart than the hard window). ``--orders N`` regroups bsnlp-ru N times with each day's
articles shuffled (a fixed seed each) and reports the online F1 spread (order effects).

Run: ``python benchmarks/thread_diagnosis.py --cache FILE [--orders 3] [--set NAME=VALUE] [--json]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from background_df import load_background  # noqa: E402
from eval_thread_pairs import _setting, load  # noqa: E402
from tfidf_thread_baseline import lemma_matrix  # noqa: E402

import storyline.group.evaluate as evaluate  # noqa: E402
from storyline.group.evaluate import pair_f1  # noqa: E402
from storyline.group.features import Features, extract_features  # noqa: E402
from storyline.group.grouper import Grouper  # noqa: E402
from storyline.group.params import DEFAULT, Params  # noqa: E402
from storyline.group.profile import Profile, log_tf  # noqa: E402
from storyline.group.similarity import (  # noqa: E402
    Query,
    cosine,
    thread_cuts,
    thread_score,
    thread_signals,
    weighted,
)
from storyline.group.vocab import Vocabulary  # noqa: E402
from storyline.model import Article  # noqa: E402

SCORES = ("tfidf", "lemma_final", "lemma_online", "hand_final", "online_pair")
# Cuts tried for a score's pairwise F1: its values at these quantiles of all pairs.
QUANTILES = tuple(i / 100 for i in range(2, 99))


def one_member(feats: Features, article: Article, params: Params) -> Profile:
    """A thread of one article, built as the grouper builds one."""
    p = Profile(id=article.id, level="thread")
    p.add(feats, log_tf(dict(feats.terms)), article.title, article.published, params.thread_max_terms)
    return p


class WatchingGrouper(Grouper):
    """Records, when the later article of a labelled pair arrives, its pair scores with
    the IDF of that moment and what its partner's thread scored as a candidate."""

    partners: dict[str, list[str]]
    seen: dict[str, Any]
    kept: dict[str, tuple[Features, Article]]

    def _choose_thread(self, article: Article, q: Query) -> Profile | None:
        self.kept[article.id] = (q.feats, article)
        if q.vec and self.partners.get(article.id):
            week = q.feats.day // 7 if q.feats.day is not None else None
            found = self.thread_index.candidates(
                self._query_keys(q), week, lambda i: i in self.threads, self.params.thread_candidates
            )
            tq, terms, ents = self._thread_query(q)
            tq = self.quote_days(tq, found)
            scores = {t: thread_score(tq, self.threads[t], terms, ents, self.params) for t in found}
            off = dataclasses.replace(self.params, thread_core_linkage="off")
            for a in self.partners[article.id]:
                if a not in self.kept:
                    continue
                pa = one_member(*self.kept[a], self.params)
                tid = self._thread_of(a)
                self.seen[(a, article.id)] = {
                    "signals": thread_signals(tq, pa, terms, ents),
                    "online_pair": thread_score(tq, pa, terms, ents, off),
                    "lemma_online": cosine(q.vec, pa.terms, self.vocab),
                    "candidate": tid in scores,
                    "thread_score": scores.get(tid or ""),
                    "best_other": max((s for t, s in scores.items() if t != tid), default=0.0),
                    "thread_size": len(self.threads[tid].articles) if tid in self.threads else 0,
                }
        return super()._choose_thread(article, q)


def final_scores(articles: list[Article], params: Params, spread: Vocabulary | None) -> Any:
    """Pair scorers with the corpus IDF at the end of the run."""
    feats = {a.id: extract_features(a) for a in articles}
    by_id = {a.id: a for a in articles}
    vocab, entities = Vocabulary(), Vocabulary()
    for f in feats.values():
        vocab.add(f.terms)
        entities.add(f.entities)
    ent_vocab = spread or entities
    off = dataclasses.replace(params, thread_core_linkage="off")

    def score(a: str, b: str) -> tuple[float, float]:
        fb = feats[b]
        tf = log_tf(dict(fb.terms))
        q = Query(
            feats=fb,
            tf=tf,
            vec=weighted(tf, vocab),
            title=weighted({t: 1.0 for t in fb.title}, vocab),
            entities=weighted({e: 1.0 + min(n, 5) / 5 for e, n in fb.entities.items()}, ent_vocab),
        )
        pa = one_member(feats[a], by_id[a], params)
        return cosine(q.vec, pa.terms, vocab), thread_score(q, pa, vocab, ent_vocab, off)

    return score


def group(articles: list[Article], pairs: list[Any], params: Params) -> tuple[Any, dict[str, Any], Any]:
    partners: dict[str, list[str]] = defaultdict(list)
    order = {a.id: i for i, a in enumerate(articles)}
    for a, b, *_ in pairs:
        first, later = (a, b) if order[a] < order[b] else (b, a)
        partners[later].append(first)
    seen: dict[str, Any] = {}
    original = evaluate.Grouper

    def make(store, embedder=None):  # type: ignore[no-untyped-def]
        g = WatchingGrouper(store, embedder, params)
        g.partners, g.seen, g.kept = partners, seen, {}
        return g

    evaluate.Grouper = make  # type: ignore[misc,assignment]
    try:
        store, assigned = evaluate.group_fresh(articles)
    finally:
        evaluate.Grouper = original  # type: ignore[misc]
    spread = Grouper(store, None, params).spread if params.thread_entity_idf == "threads" else None
    stored = list(store.iter_articles())
    store.close()
    return assigned, seen, final_scores(stored, params, spread)


def rows_of(data: dict[str, Any], params: Params) -> list[dict[str, Any]]:
    rows = []
    for articles, pairs in data.values():
        assigned, seen, score = group(articles, pairs, params)
        matrix, row, _ = lemma_matrix(articles)
        order = {a.id: i for i, a in enumerate(articles)}
        days = {a.id: extract_features(a).day for a in articles}
        for a, b, same, topic in pairs:
            if order[a] > order[b]:
                a, b = b, a
            lemma_final, hand_final = score(a, b)
            at = seen.get((a, b), {})
            gap = abs(days[a] - days[b]) if days[a] is not None and days[b] is not None else None  # type: ignore[operator]
            rows.append(
                {
                    "topic": topic,
                    "same": same,
                    "online": assigned[a][0] == assigned[b][0],
                    "tfidf": float(matrix[row[a]].multiply(matrix[row[b]]).sum()),
                    "lemma_final": lemma_final,
                    "hand_final": hand_final,
                    "lemma_online": at.get("lemma_online", 0.0),
                    "online_pair": at.get("online_pair", 0.0),
                    "candidate": at.get("candidate", False),
                    "thread_score": at.get("thread_score"),
                    "best_other": at.get("best_other", 0.0),
                    "thread_size": at.get("thread_size", 0),
                    "gap": gap,
                    "signals": at.get("signals", {}),
                }
            )
    return rows


def auc(rows: list[dict[str, Any]], key: str) -> float | None:
    gold = [r["same"] for r in rows]
    if len(set(gold)) < 2:
        return None
    return round(float(roc_auc_score(gold, [r[key] for r in rows])), 4)


def loto_pairwise(rows: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """Pairwise F1, each topic judged with the cut best on the other topics."""
    values = np.array([r[key] for r in rows])
    cuts = sorted(set(np.quantile(values, QUANTILES).round(4)))
    topics = sorted({r["topic"] for r in rows})
    held: list[tuple[bool, bool]] = []
    per_topic, chosen = {}, {}
    for topic in topics:
        train = [r for r in rows if r["topic"] != topic]
        cut = max(cuts, key=lambda c: (pair_f1((r[key] >= c, r["same"]) for r in train)[0], -c))
        test = [(r[key] >= cut, r["same"]) for r in rows if r["topic"] == topic]
        held += test
        per_topic[topic] = round(pair_f1(test)[0], 4)
        chosen[topic] = float(cut)
    f1, p, r = pair_f1(held)
    spread = list(per_topic.values())
    return {
        "f1": round(f1, 4),
        "precision": round(p, 4),
        "recall": round(r, 4),
        "per_topic": per_topic,
        "topic_mean": round(statistics.mean(spread), 4),
        "topic_sd": round(statistics.pstdev(spread), 4),
        "cuts": chosen,
    }


def losses(rows: list[dict[str, Any]], cut: float, window: float) -> dict[str, Any]:
    """Where the online outcome differs from the pair's own score at the online cut."""
    kinds: Counter[str] = Counter()
    by_topic: dict[str, Counter[str]] = defaultdict(Counter)
    sizes: list[int] = []
    for r in rows:
        alone = r["online_pair"] >= cut
        if r["online"] == r["same"]:
            kind = "right"
        elif r["online"]:
            kind = "FP_pairwise" if alone else "FP_chained"
            if not alone:
                sizes.append(r["thread_size"])
        elif not alone:
            kind = "FN_pairwise"
            if r["same"] and r["gap"] is not None and r["gap"] > window:
                kind = "FN_window"
        elif not r["candidate"]:
            kind = "FN_not_candidate"
        elif (r["thread_score"] or 0.0) < cut:
            kind = "FN_diluted"
        else:
            kind = "FN_competition"
        kinds[kind] += 1
        by_topic[kind][r["topic"]] += 1
    same_far = sum(1 for r in rows if r["same"] and r["gap"] is not None and r["gap"] > window)
    return {
        "kinds": {k: {"n": n, "topics": dict(by_topic[k])} for k, n in sorted(kinds.items())},
        "chained_thread_size_median": statistics.median(sizes) if sizes else None,
        "same_pairs_beyond_window": same_far,
    }


def shuffled_within_days(articles: list[Article], seed: int) -> list[Article]:
    rng = random.Random(seed)
    keyed = [((a.published or ""), rng.random(), a) for a in articles]
    return [a for *_, a in sorted(keyed, key=lambda k: (k[0], k[1]))]


def order_spread(data: dict[str, Any], params: Params, n: int) -> dict[str, Any]:
    articles, pairs = data["bsnlp"]
    scores = []
    original = evaluate.Grouper
    evaluate.Grouper = lambda store, embedder=None: original(store, embedder, params)  # type: ignore[misc]
    try:
        for seed in range(n):
            store, assigned = evaluate.group_fresh(shuffled_within_days(articles, seed))
            store.close()
            scores.append(pair_f1((assigned[a][0] == assigned[b][0], s) for a, b, s, _ in pairs)[0])
    finally:
        evaluate.Grouper = original  # type: ignore[misc]
    return {
        "bsnlp_f1": [round(s, 4) for s in scores],
        "mean": round(statistics.mean(scores), 4),
        "sd": round(statistics.pstdev(scores), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--cache", type=Path, help="pickle of the annotated corpora (eval_thread_pairs.py)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--orders", type=int, default=0, help="bsnlp-ru regrouped in this many day-shuffles")
    parser.add_argument("--rows", type=Path, help="write every pair's row here (JSON lines)")
    parser.add_argument(
        "--background", type=Path, metavar="CACHE", help="the background IDF table (eval_thread_pairs.py)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    params = dataclasses.replace(DEFAULT, **dict(_setting(item) for item in args.set))
    if args.background:
        params = dataclasses.replace(params, thread_background=load_background(args.shared, args.background))
    cut = thread_cuts(Query(extract_features(Article(id="x", text="")), {}, {}, {}, {}), params)[0]
    data = load(args.shared, args.cache)
    rows = rows_of(data, params)
    if args.rows:
        args.rows.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    topics = sorted({r["topic"] for r in rows})
    f1, p, r = pair_f1((x["online"], x["same"]) for x in rows)
    result: dict[str, Any] = {
        "set": args.set,
        "cut": cut,
        "auc": {
            key: {
                "pooled": auc(rows, key),
                **{t: auc([x for x in rows if x["topic"] == t], key) for t in topics},
            }
            for key in SCORES
        },
        "pairwise_topic_out": {key: loto_pairwise(rows, key) for key in SCORES},
        "online_at_cut": {
            "f1": round(f1, 4),
            "precision": round(p, 4),
            "recall": round(r, 4),
            "per_topic": {
                t: round(pair_f1((x["online"], x["same"]) for x in rows if x["topic"] == t)[0], 4)
                for t in topics
            },
        },
        "online_vs_pair": losses(rows, cut, params.thread_max_gap_days),
    }
    if args.orders:
        result["orders"] = order_spread(data, params, args.orders)
    print(json.dumps(result, indent=2 if args.json else None, ensure_ascii=False))


if __name__ == "__main__":
    main()
