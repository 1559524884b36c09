"""Thread pair quality of the current code on the held-out bsnlp-ru pairs (issue #12).

Every article that occurs in benchmarks/pairs_heldout/bsnlp-ru-pairs.jsonl is annotated and
ingested, in publication order, into one fresh SQLite database with whatever `storyline` is on
PYTHONPATH, and grouped online with the shipped parameters. A pair is predicted "same" when both
articles end in one thread. Printed: pair precision / recall / F1, overall and per topic, and
beside it the plain character TF-IDF baseline (the candidates' own cosine) at the one threshold
that is best on the 440 tuned-on pairs of benchmarks/pairs (never chosen on these pairs).

Nothing here is fitted on these pairs: no cut, no setting. Do not tune on them either; study
misses on benchmarks/pairs instead, so that this figure stays held out.

  python benchmarks/pairs_heldout/score.py [--shared PATH] [--assignments FILE] [--strict]
      [--whole-corpus] [--json]

`--assignments FILE` keeps the thread assignments of a run (written if missing, reused if its
article ids match), so that relabelling does not need a new grouping run. `--strict` leaves out
the pairs whose note says "borderline". `--whole-corpus` groups all 661 bsnlp-ru articles (as
eval_thread_pairs.py does) instead of only the pairs' articles, to see how much the company an
article keeps changes the figure.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
FIRST = REPO / "benchmarks" / "pairs"

from storyline.group.evaluate import annotate, group_fresh, load_bsnlp, pair_f1  # noqa: E402

Scored = tuple[bool, bool, str]  # predicted same, gold same, topic
# Percentile bootstrap over pairs: fixed seed so that the printed interval repeats.
BOOTSTRAP_SEED = 14
LOW, HIGH = 0.025, 0.975


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _first_baseline() -> Any:
    spec = importlib.util.spec_from_file_location("first_baseline", FIRST / "baseline.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def labelled(folder: Path = HERE, strict: bool = False) -> list[dict[str, Any]]:
    """The labels joined with their candidates (topic, cosine)."""
    cands = {c["pair_id"]: c for c in _jsonl(folder / "candidates.jsonl")}
    out = [{**cands[r["pair_id"]], **r} for r in _jsonl(folder / "bsnlp-ru-pairs.jsonl")]
    return [r for r in out if not (strict and "borderline" in r["note"])]


def assignments(shared: Path, ids: set[str], cache: Path | None, whole: bool = False) -> dict[str, str]:
    """Article id -> thread id after grouping the pairs' articles (or, with `whole`, every
    bsnlp-ru article) online in publication order."""
    corpus = load_bsnlp(shared / "corpora")
    missing = ids - {a.id for a in corpus}
    if missing:
        raise SystemExit(f"score.py: {len(missing)} pair ids not in the corpus, e.g. {sorted(missing)[0]}")
    articles = corpus if whole else [a for a in corpus if a.id in ids]
    wanted = {a.id for a in articles}
    if cache is not None and cache.exists():
        kept = json.loads(cache.read_text(encoding="utf-8"))
        if set(kept) == wanted:
            return {k: str(v) for k, v in kept.items()}
    annotate(articles)
    store, assigned = group_fresh(articles)
    store.close()
    threads = {a: str(assigned[a][0]) for a in wanted}
    if cache is not None:
        cache.write_text(json.dumps(threads, indent=0, sort_keys=True), encoding="utf-8")
    return threads


def figures(rows: list[Scored]) -> dict[str, Any]:
    """Overall and per-topic pair precision / recall / F1."""
    by_topic: dict[str, list[Scored]] = defaultdict(list)
    for row in rows:
        by_topic[row[2]].append(row)

    def prf(part: list[Scored]) -> dict[str, float]:
        f1, p, r = pair_f1((pred, gold) for pred, gold, _ in part)
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f1, 4),
            "pairs": len(part),
            "gold_same": sum(1 for _, gold, _ in part if gold),
            "predicted_same": sum(1 for pred, _, _ in part if pred),
        }

    return {"all": prf(rows), "per_topic": {t: prf(part) for t, part in sorted(by_topic.items())}}


def bootstrap(
    system: list[Scored], baseline: list[Scored], rounds: int, seed: int = BOOTSTRAP_SEED
) -> dict[str, Any]:
    """95% intervals of the system's pair F1 and of its lead over the baseline, pairs resampled."""
    rng = random.Random(seed)
    n = len(system)
    f1s, leads = [], []
    for _ in range(rounds):
        pick = [rng.randrange(n) for _ in range(n)]
        f1 = pair_f1((system[i][0], system[i][1]) for i in pick)[0]
        f1s.append(f1)
        leads.append(f1 - pair_f1((baseline[i][0], baseline[i][1]) for i in pick)[0])

    def interval(values: list[float]) -> list[float]:
        values = sorted(values)
        return [round(values[int(LOW * len(values))], 4), round(values[int(HIGH * len(values)) - 1], 4)]

    return {"rounds": rounds, "system_f1_95": interval(f1s), "lead_over_tfidf_95": interval(leads)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--assignments", type=Path, help="JSON of thread assignments (written if missing)")
    ap.add_argument("--strict", action="store_true", help="leave out pairs noted 'borderline'")
    ap.add_argument(
        "--whole-corpus",
        action="store_true",
        help="group all 661 bsnlp-ru articles, not only the pairs' (the setting of eval_thread_pairs.py)",
    )
    ap.add_argument("--bootstrap", type=int, default=2000, help="resamples for the intervals (0: none)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not (args.shared / "corpora" / "bsnlp-ru" / "articles.jsonl").exists():
        print(f"score.py: no bsnlp-ru corpus under {args.shared}", file=sys.stderr)
        return 2
    pairs = labelled(strict=args.strict)
    everything = labelled()
    ids = {r["a_id"] for r in everything} | {r["b_id"] for r in everything}
    threads = assignments(args.shared, ids, args.assignments, args.whole_corpus)
    system = [(threads[r["a_id"]] == threads[r["b_id"]], bool(r["same_story"]), r["topic"]) for r in pairs]
    first = _first_baseline()
    tuned = [p for ps in first.load(FIRST).values() for p in ps]
    cut = first.best_threshold(tuned)
    baseline = [(float(r["cosine"]) >= cut, bool(r["same_story"]), r["topic"]) for r in pairs]
    result = {
        "pairs": len(pairs),
        "same": sum(1 for r in pairs if r["same_story"]),
        "articles": len(ids),
        "ingested": len(threads),
        "threads": len({threads[i] for i in ids}),
        "strict": args.strict,
        "system": figures(system),
        "tfidf_baseline": {"threshold_from_benchmarks_pairs": cut, **figures(baseline)},
    }
    if args.bootstrap:
        result["bootstrap"] = bootstrap(system, baseline, args.bootstrap)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"{result['pairs']} pairs ({result['same']} same) over {result['articles']} articles, "
        f"in {result['threads']} threads ({result['ingested']} articles ingested)"
        f"{' (strict)' if args.strict else ''}"
    )
    print(
        f"{'':18s} {'system P':>8s} {'R':>6s} {'F1':>6s} {'said':>4s}   "
        f"{'tfidf P':>7s} {'R':>6s} {'F1':>6s} {'said':>4s} pairs same"
    )
    rows = [("all", result["system"]["all"], result["tfidf_baseline"]["all"])]
    rows += [
        (t, s, result["tfidf_baseline"]["per_topic"][t]) for t, s in result["system"]["per_topic"].items()
    ]
    for name, s, b in rows:
        print(
            f"{name:18s} {s['precision']:8.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['predicted_same']:4d}   "
            f"{b['precision']:7.3f} {b['recall']:6.3f} {b['f1']:6.3f} {b['predicted_same']:4d} "
            f"{s['pairs']:5d} {s['gold_same']:4d}"
        )
    print(
        f"said: pairs predicted same. tfidf threshold {cut:.3f}, chosen on the 440 pairs of benchmarks/pairs"
    )
    if "bootstrap" in result:
        boot = result["bootstrap"]
        print(
            f"95% interval ({boot['rounds']} resamples of the pairs): system F1 {boot['system_f1_95']}, "
            f"system minus tfidf {boot['lead_over_tfidf_95']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
