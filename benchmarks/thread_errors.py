"""Why online thread pair F1 is below pairwise: every online mistake put in one kind.

The corpora of `eval_thread_pairs.py` (bsnlp-ru with the hand-labelled pairs,
tgcontest ru dev) are grouped online with the chosen decision, linkage and cut,
while every article's candidate threads and their scores are recorded when it
arrives. Each labelled pair (a before b) the online grouping gets wrong is then
put in one kind, by the pairwise score of b against a one-member thread of a
(the fitted model's own view, corpus IDF at the end of the run; entities weighed by
documents even with ``--entity-idf threads``, whose thread counts exist only online):

* ``FP_chained``: joined online although the pairwise score is under the cut
  (b joined a thread through other members: chaining, or a diluted centroid);
* ``FP_pairwise``: joined, and the pairwise score agrees (the model's error);
* ``FN_pairwise``: apart, and the pairwise score is under the cut too;
* ``FN_not_candidate``: a's thread was not among b's candidates (the index);
* ``FN_diluted``: a's thread was a candidate but scored under the cut as a thread
  although the pair alone is over it;
* ``FN_competition``: a's thread scored over the cut, another scored higher.

Run: ``python benchmarks/thread_errors.py --cache FILE [--decision logistic]
[--linkage members] [--cut 0.5] [--top-k 2] [--show FP_chained] [--n 30]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from eval_thread_pairs import _setting, load, with_cut  # noqa: E402

import storyline.group.evaluate as evaluate  # noqa: E402
from storyline.group.features import event_day, extract_features  # noqa: E402
from storyline.group.grouper import Grouper  # noqa: E402
from storyline.group.params import DEFAULT, Params  # noqa: E402
from storyline.group.profile import Profile, log_tf  # noqa: E402
from storyline.group.similarity import (  # noqa: E402
    Query,
    quote_origins,
    thread_cuts,
    thread_score,
    weighted,
)
from storyline.group.vocab import Vocabulary  # noqa: E402
from storyline.model import Article  # noqa: E402

Seen = tuple[dict[str, float], dict[str, str]]  # candidate scores, article -> its thread then


class RecordingGrouper(Grouper):
    """A grouper that keeps, for every article, its candidates' scores and their members."""

    seen: dict[str, Seen]

    def _choose_thread(self, article: Article, q: Query) -> Profile | None:
        if q.vec:
            week = q.feats.day // 7 if q.feats.day is not None else None
            found = self.thread_index.candidates(
                self._query_keys(q), week, lambda i: i in self.threads, self.params.thread_candidates
            )
            tq, terms, entity_vocab = self._thread_query(q)
            tq = self.quote_days(tq, found)
            scores = {t: thread_score(tq, self.threads[t], terms, entity_vocab, self.params) for t in found}
            where = {a: t for t in found for a in self.threads[t].articles}
            self.seen[article.id] = (scores, where)
        return super()._choose_thread(article, q)


def pairwise(
    articles: dict[str, Article], vocab: Vocabulary, entities: Vocabulary, params: Params, a: str, b: str
) -> float:
    """Score of b against a one-member thread of a, as the model was fitted."""
    fa, fb = extract_features(articles[a]), extract_features(articles[b])
    tf = log_tf(dict(fb.terms))
    q = Query(
        feats=fb,
        tf=tf,
        vec=weighted(tf, vocab),
        title=weighted({t: 1.0 for t in fb.title}, vocab),
        entities=weighted({e: 1.0 + min(n, 5) / 5 for e, n in fb.entities.items()}, entities),
    )
    p = Profile(id=a, level="thread")
    p.add(fa, log_tf(dict(fa.terms)), articles[a].title, articles[a].published, params.thread_max_terms)
    day = event_day(fb)
    if params.thread_quote_days == "first" and day is not None:  # a's quote keys said on a's day
        q = dataclasses.replace(q, quote_day=day, quote_origin=quote_origins(q, [p]))
    return thread_score(q, p, vocab, entities, dataclasses.replace(params, thread_core_linkage="off"))


def kind(row: dict[str, Any], cut: float) -> str | None:
    if row["online"] == row["same"]:
        return None
    if row["online"]:
        return "FP_chained" if row["pairwise"] < cut else "FP_pairwise"
    if row["pairwise"] < cut:
        return "FN_pairwise"
    if row["thread_score"] is None:
        return "FN_not_candidate"
    if row["thread_score"] < cut:
        return "FN_diluted"
    return "FN_competition"


def analyse(data: dict[str, Any], params: Params) -> list[dict[str, Any]]:
    rows = []
    seen: dict[str, Seen] = {}
    original = evaluate.Grouper

    def make(store, embedder=None):  # type: ignore[no-untyped-def]
        grouper = RecordingGrouper(store, embedder, params)
        grouper.seen = seen
        return grouper

    evaluate.Grouper = make  # type: ignore[misc,assignment]
    try:
        for articles, pairs in data.values():
            store, assigned = evaluate.group_fresh(articles)
            stored = list(store.iter_articles())
            # The pair score weighs entities as the thread decision does: by the threads
            # they span at the end of the run (`Grouper.spread`) when that weighting is on.
            spread = Grouper(store, None, params).spread if params.thread_entity_idf == "threads" else None
            store.close()
            by_id = {a.id: a for a in stored}
            order = {a.id: i for i, a in enumerate(stored)}
            vocab, entities = Vocabulary(), Vocabulary()
            for a in stored:
                f = extract_features(a)
                vocab.add(f.terms)
                entities.add(f.entities)
            size = Counter(t for t, _ in assigned.values())
            for a, b, same, topic in pairs:
                if order[a] > order[b]:
                    a, b = b, a
                scores, where = seen.get(b, ({}, {}))
                then = where.get(a)
                rows.append(
                    {
                        "topic": topic,
                        "same": same,
                        "online": assigned[a][0] == assigned[b][0],
                        "pairwise": round(pairwise(by_id, vocab, spread or entities, params, a, b), 3),
                        "thread_score": round(scores[then], 3) if then else None,
                        "thread_size": sum(1 for t in where.values() if t == then) if then else 0,
                        "final_size": size[assigned[a][0]],
                        "a": by_id[a].title,
                        "b": by_id[b].title,
                    }
                )
    finally:
        evaluate.Grouper = original  # type: ignore[misc]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--cache", type=Path, help="pickle of the annotated corpora (eval_thread_pairs.py)")
    parser.add_argument("--decision", default=DEFAULT.thread_decision, choices=("hand", "logistic"))
    parser.add_argument(
        "--linkage", default=DEFAULT.thread_core_linkage, choices=("off", "mean", "min", "members")
    )
    parser.add_argument("--top-k", type=int, default=DEFAULT.thread_member_top_k)
    parser.add_argument("--entity-idf", default=DEFAULT.thread_entity_idf, choices=("documents", "threads"))
    parser.add_argument("--cut", type=float, help="join cut (default: the decision's own)")
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="any other Params field (repeatable)"
    )
    parser.add_argument("--show", help="print the pairs of this kind")
    parser.add_argument("--n", type=int, default=30, help="how many to print")
    args = parser.parse_args()
    params = dataclasses.replace(
        DEFAULT,
        thread_decision=args.decision,
        thread_core_linkage=args.linkage,
        thread_member_top_k=args.top_k,
        thread_entity_idf=args.entity_idf,
        **dict(_setting(item) for item in args.set),
    )
    if args.cut is not None:
        params = with_cut(params, args.cut)
    cut = thread_cuts(Query(extract_features(Article(id="x", text="")), {}, {}, {}, {}), params)[0]
    rows = analyse(load(args.shared, args.cache), params)
    kinds: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        k = kind(row, cut)
        if k:
            kinds[k].append(row)
    summary = {
        k: {"n": len(v), "topics": dict(Counter(r["topic"] for r in v))} for k, v in sorted(kinds.items())
    }
    print(json.dumps({"cut": cut, "pairs": len(rows), "kinds": summary}, ensure_ascii=False))
    for row in kinds.get(args.show or "", [])[: args.n]:
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
