"""A reference figure for the labelled pairs: one cosine threshold, chosen leave-one-topic-out.

The candidates' own similarity (character n-gram TF-IDF of title + lead, see make_candidates.py)
is thresholded. For each bsnlp-ru topic, the threshold that maximises pair F1 on the other four
topics is applied to the held-out topic. The script prints the tuned-on F1 and the held-out F1 per
topic, then both pooled. A grouping model should beat the held-out figure on these pairs.

  python benchmarks/pairs/baseline.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def f1(pairs: list[tuple[float, bool]], threshold: float) -> float:
    tp = sum(1 for cos, same in pairs if cos >= threshold and same)
    fp = sum(1 for cos, same in pairs if cos >= threshold and not same)
    fn = sum(1 for cos, same in pairs if cos < threshold and same)
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def best_threshold(pairs: list[tuple[float, bool]]) -> float:
    """The cut that maximises F1; ties go to the lower cut (cut points are the observed cosines)."""
    return max(sorted({cos for cos, _ in pairs}), key=lambda t: f1(pairs, t))


def load(folder: Path = HERE) -> dict[str, list[tuple[float, bool]]]:
    cands = {}
    for line in (folder / "candidates.jsonl").read_text(encoding="utf-8").splitlines():
        c = json.loads(line)
        cands[c["pair_id"]] = c
    by_topic: dict[str, list[tuple[float, bool]]] = {}
    for line in (folder / "bsnlp-ru-pairs.jsonl").read_text(encoding="utf-8").splitlines():
        r: dict[str, Any] = json.loads(line)
        c = cands[r["pair_id"]]
        by_topic.setdefault(c["topic"], []).append((float(c["cosine"]), bool(r["same_story"])))
    return by_topic


def main() -> int:
    by_topic = load()
    tuned_all: list[tuple[float, bool]] = []
    held_tp = held_fp = held_fn = 0
    print(f"{'held-out topic':18s} {'threshold':>9s} {'tuned F1':>8s} {'held-out F1':>11s} pairs")
    for topic, pairs in sorted(by_topic.items()):
        train = [p for t, ps in by_topic.items() if t != topic for p in ps]
        cut = best_threshold(train)
        tuned_all.extend(train)
        held_tp += sum(1 for cos, same in pairs if cos >= cut and same)
        held_fp += sum(1 for cos, same in pairs if cos >= cut and not same)
        held_fn += sum(1 for cos, same in pairs if cos < cut and same)
        print(f"{topic:18s} {cut:9.3f} {f1(train, cut):8.3f} {f1(pairs, cut):11.3f} {len(pairs)}")
    everything = [p for ps in by_topic.values() for p in ps]
    pooled = 2 * held_tp / (2 * held_tp + held_fp + held_fn)
    cut = best_threshold(everything)
    print(
        f"pooled held-out F1 {pooled:.3f}; one threshold tuned on all pairs: {cut:.3f}, F1 {f1(everything, cut):.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
