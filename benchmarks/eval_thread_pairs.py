"""Online thread quality on labelled pairs, with the join cut fitted leave-one-topic-out.

Every article of the hand-labelled bsnlp-ru pairs' corpus (661 articles, 5 topics,
publication order) and of the Russian tgcontest-pairs dev set (73 articles, file
order) goes into one fresh database per corpus and is grouped online; a labelled
pair is predicted "same" when both articles end in one thread. This is the
decision as it runs, candidates and chaining included, not a pairwise score.

For each join cut of the grid the pair F1 of every topic is measured (the five
bsnlp topics, and tgcontest as a sixth). The cut is then chosen on five of the
six and the sixth is predicted with it (leave-one-topic-out): the pooled
held-out F1 is the figure to quote; the F1 of the best single cut on all pairs
is printed beside it as the optimistic one.

With ``--models`` (the per-topic models of ``fit_thread_model.py --models``) each topic
is grouped by the logistic model fitted without its pairs, so the held-out figure is
held out in the fit too; without it the shipped model (fitted on every pair) is used.

Run: ``python benchmarks/eval_thread_pairs.py [--shared PATH] [--decision logistic]
[--linkage members] [--top-k 2] [--busy 8] [--entity-idf threads] [--cuts 0.4,0.5,0.6] [--cache FILE] [--pairs-dir DIR] [--models FILE] [--rows FILE] [--json]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from background_df import load_background  # noqa: E402

from storyline.group.evaluate import annotate, group_fresh, load_bsnlp, load_tgcontest, pair_f1  # noqa: E402
from storyline.group.params import DEFAULT, Params  # noqa: E402
from storyline.model import Article  # noqa: E402

PAIRS = REPO / "benchmarks" / "pairs"
Pair = tuple[str, str, bool, str]  # a, b, same, topic


def load(shared: Path, cache: Path | None) -> dict[str, tuple[list[Article], list[Pair]]]:
    """Annotated corpora with their labelled pairs (annotations cached in `cache` if given)."""
    if cache is not None and cache.exists():
        with cache.open("rb") as fh:
            return pickle.load(fh)  # noqa: S301 (our own file)
    corpora = shared / "corpora"
    tgc, tgc_pairs = load_tgcontest(corpora, "ru")
    topic = {c["pair_id"]: c["topic"] for c in _jsonl(PAIRS / "candidates.jsonl")}
    labelled = [
        (r["a_id"], r["b_id"], bool(r["same_story"]), topic[r["pair_id"]])
        for r in _jsonl(PAIRS / "bsnlp-ru-pairs.jsonl")
    ]
    bsnlp = load_bsnlp(corpora)
    annotate(tgc)
    annotate(bsnlp)
    out = {"tgc-ru": (tgc, [(a, b, s, "tgc-ru") for a, b, s in tgc_pairs]), "bsnlp": (bsnlp, labelled)}
    if cache is not None:
        with cache.open("wb") as fh:
            pickle.dump(out, fh)
    return out


def relabel(
    data: dict[str, tuple[list[Article], list[Pair]]], pairs_dir: Path | None
) -> dict[str, tuple[list[Article], list[Pair]]]:
    """The bsnlp-ru corpus with the labelled pairs of another folder laid out as
    `benchmarks/pairs/` (`candidates.jsonl` for topics, `bsnlp-ru-pairs.jsonl`); tgcontest kept."""
    if pairs_dir is None or pairs_dir.resolve() == PAIRS.resolve():
        return data
    topic = {c["pair_id"]: c["topic"] for c in _jsonl(pairs_dir / "candidates.jsonl")}
    labelled = [
        (r["a_id"], r["b_id"], bool(r["same_story"]), topic[r["pair_id"]])
        for r in _jsonl(pairs_dir / "bsnlp-ru-pairs.jsonl")
    ]
    return {**data, "bsnlp": (data["bsnlp"][0], labelled)}


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def outcomes(
    data: dict[str, tuple[list[Article], list[Pair]]], params: Params
) -> list[tuple[bool, bool, str]]:
    """(predicted same, gold same, topic) of every labelled pair, grouped online with `params`."""
    import storyline.group.evaluate as evaluate

    grouper = evaluate.Grouper
    evaluate.Grouper = lambda store, embedder=None: grouper(store, embedder, params)  # type: ignore[misc]
    try:
        out = []
        for articles, pairs in data.values():
            store, assigned = group_fresh(articles)
            store.close()
            out += [(assigned[a][0] == assigned[b][0], same, topic) for a, b, same, topic in pairs]
        return out
    finally:
        evaluate.Grouper = grouper  # type: ignore[misc]


def topic_outcomes(
    data: dict[str, tuple[list[Article], list[Pair]]], params: Params, models: dict[str, dict[str, float]]
) -> list[tuple[bool, bool, str]]:
    """As `outcomes`, but every article is judged by the model fitted without its topic's
    pairs (`fit_thread_model.py --models`): held out in the fit as well as in the choice
    of the cut. One run per corpus: the grouper switches models article by article (the
    topics of one corpus are apart in subject and time, so they meet no other model)."""
    import storyline.group.evaluate as evaluate

    by_topic = {
        topic: dataclasses.replace(
            params, thread_model=dataclasses.replace(params.thread_model, **coefficients)
        )
        for topic, coefficients in models.items()
    }
    grouper = evaluate.Grouper

    class TopicGrouper(grouper):  # type: ignore[misc,valid-type]
        def add(self, article: Article) -> tuple[str, str]:
            self.params = by_topic.get(str(article.meta.get("topic") or "tgc-ru"), params)
            return super().add(article)

    evaluate.Grouper = lambda store, embedder=None: TopicGrouper(store, embedder, params)  # type: ignore[misc]
    try:
        out = []
        for articles, pairs in data.values():
            store, assigned = evaluate.group_fresh(articles)
            store.close()
            out += [(assigned[a][0] == assigned[b][0], same, topic) for a, b, same, topic in pairs]
        return out
    finally:
        evaluate.Grouper = grouper  # type: ignore[misc]


def with_cut(params: Params, cut: float) -> Params:
    if params.thread_decision == "logistic":
        return dataclasses.replace(
            params, thread_model=dataclasses.replace(params.thread_model, threshold=cut)
        )
    return dataclasses.replace(params, thread_threshold=cut, thread_merge_threshold=cut + 0.1)


def f1_of(rows: list[tuple[bool, bool, str]]) -> float:
    return pair_f1((p, g) for p, g, _ in rows)[0]


def topic_out(by_cut: dict[Any, list[tuple[bool, bool, str]]]) -> dict[str, Any]:
    """Each topic predicted with the setting (a cut, or a cut and a `--vary` value) that is
    best on the other topics; ties go to the setting listed first."""
    topics = sorted({t for rows in by_cut.values() for *_, t in rows})
    held: list[tuple[bool, bool, str]] = []
    chosen = {}
    rank = {c: i for i, c in enumerate(by_cut)}
    for topic in topics:
        cut = max(by_cut, key=lambda c: (f1_of([r for r in by_cut[c] if r[2] != topic]), -rank[c]))
        chosen[topic] = cut
        held += [r for r in by_cut[cut] if r[2] == topic]
    f1, p, r = pair_f1((a, b) for a, b, _ in held)
    bsnlp = [x for x in held if x[2] != "tgc-ru"]
    return {
        "f1": round(f1, 4),
        "precision": round(p, 4),
        "recall": round(r, 4),
        "bsnlp_f1": round(f1_of(bsnlp), 4),
        "tgc_ru_f1": round(f1_of([x for x in held if x[2] == "tgc-ru"]), 4),
        "cuts": {t: str(c) for t, c in chosen.items()},
        "per_topic": {t: round(f1_of([x for x in held if x[2] == t]), 4) for t in topics},
    }


def topic_cv(
    by_cut: dict[float, list[tuple[bool, bool, str]]], topic: str, folds: int = 5, seeds: int = 10
) -> dict[str, float]:
    """k-fold CV of the cut over one topic's pairs (tgcontest): each fold is predicted with
    the cut best on the other folds; mean and standard deviation of the pooled F1 over seeds.
    Only the cut is chosen here: a rule hand-tuned on these pairs stays tuned on them."""
    import random
    import statistics

    cuts = list(by_cut)
    n = sum(1 for r in by_cut[cuts[0]] if r[2] == topic)
    if n < folds:
        return {}
    rows = {c: [r for r in by_cut[c] if r[2] == topic] for c in cuts}
    scores = []
    for seed in range(seeds):
        order = list(range(n))
        random.Random(seed).shuffle(order)
        fold_of = {i: k % folds for k, i in enumerate(order)}
        held: list[tuple[bool, bool]] = []
        for fold in range(folds):
            train = [i for i in range(n) if fold_of[i] != fold]
            cut = max(
                cuts,
                key=lambda c: (pair_f1((rows[c][i][0], rows[c][i][1]) for i in train)[0], -cuts.index(c)),
            )
            held += [(rows[cut][i][0], rows[cut][i][1]) for i in range(n) if fold_of[i] == fold]
        scores.append(pair_f1(held)[0])
    return {"f1": round(statistics.mean(scores), 4), "sd": round(statistics.pstdev(scores), 4)}


def _setting(item: str) -> tuple[str, Any]:
    """ "name=value" of a `Params` field, the value parsed as the field's type."""
    name, _, value = item.partition("=")
    current = getattr(DEFAULT, name.strip())
    return name.strip(), type(current)(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--decision", default=DEFAULT.thread_decision, choices=("hand", "logistic"))
    parser.add_argument(
        "--linkage", default=DEFAULT.thread_core_linkage, choices=("off", "mean", "min", "members")
    )
    parser.add_argument(
        "--top-k", type=int, default=DEFAULT.thread_member_top_k, help="member linkage: best k"
    )
    parser.add_argument(
        "--busy",
        type=int,
        default=DEFAULT.thread_busy_members,
        help="member linkage: threads with this many sketches need their best 2 (0: off)",
    )
    parser.add_argument(
        "--entity-idf",
        default=DEFAULT.thread_entity_idf,
        choices=("documents", "threads"),
        help="how the thread decision weighs entities (Params.thread_entity_idf)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="any other Params field, e.g. thread_entity_weight=0.4 (repeatable)",
    )
    parser.add_argument(
        "--vary",
        default="",
        metavar="NAME=V1,V2",
        help="a Params field tried at each value with every cut; the pair chosen leave-one-topic-out",
    )
    parser.add_argument("--cuts", default="", help="comma-separated join cuts (default: a grid)")
    parser.add_argument("--cache", type=Path, help="pickle of the annotated corpora (written if missing)")
    parser.add_argument(
        "--pairs-dir",
        type=Path,
        help="score the bsnlp-ru pairs of this folder (laid out as benchmarks/pairs)",
    )
    parser.add_argument("--models", type=Path, help="per-topic models of fit_thread_model.py --models")
    parser.add_argument(
        "--rows", type=Path, help="also pickle every (setting, cut) -> pair outcomes here, to combine runs"
    )
    parser.add_argument(
        "--background",
        type=Path,
        metavar="CACHE",
        help="give the thread decision the background IDF table of background_df.py (built at run "
        "time, kept in this scratch file); weigh it with --set/--vary thread_background_docs=N",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    params = dataclasses.replace(
        DEFAULT,
        thread_background=load_background(args.shared, args.background) if args.background else None,
        thread_decision=args.decision,
        thread_core_linkage=args.linkage,
        thread_member_top_k=args.top_k,
        thread_busy_members=args.busy,
        thread_entity_idf=args.entity_idf,
        **dict(_setting(item) for item in args.set),
    )
    grid = (
        (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
        if args.decision == "logistic"
        else (0.16, 0.19, 0.22, 0.25, 0.28)
    )
    cuts = [float(c) for c in args.cuts.split(",")] if args.cuts else list(grid)
    data = relabel(load(args.shared, args.cache), args.pairs_dir)
    if args.models is not None:
        models = json.loads(args.models.read_text(encoding="utf-8"))
        by_cut = {cut: topic_outcomes(data, with_cut(params, cut), models) for cut in cuts}
    elif args.vary:
        name, _, values = args.vary.partition("=")
        by_cut = {
            (value, cut): outcomes(
                data, with_cut(dataclasses.replace(params, **dict([_setting(f"{name}={value}")])), cut)
            )
            for value in values.split(",")
            for cut in cuts
        }
    else:
        by_cut = {cut: outcomes(data, with_cut(params, cut)) for cut in cuts}
    if args.rows is not None:
        with args.rows.open("wb") as fh:
            pickle.dump(by_cut, fh)
    result: dict[str, Any] = {
        "decision": args.decision,
        "busy": args.busy,
        "linkage": args.linkage,
        "top_k": args.top_k,
        "entity_idf": args.entity_idf,
        "set": args.set,
        "models": "fitted leave-one-topic-out" if args.models else "fitted on all pairs",
        "per_cut": {
            str(c): {
                "f1": round(f1_of(rows), 4),
                "bsnlp_f1": round(f1_of([r for r in rows if r[2] != "tgc-ru"]), 4),
                "tgc_ru_f1": round(f1_of([r for r in rows if r[2] == "tgc-ru"]), 4),
            }
            for c, rows in by_cut.items()
        },
        "topic_out": topic_out(by_cut),
        "tgc_ru_cv_5fold_x10": topic_cv(by_cut, "tgc-ru"),
    }
    print(json.dumps(result, indent=2 if args.json else None))


if __name__ == "__main__":
    main()
