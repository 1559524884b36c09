"""The logistic thread decision fitted on the signals as the online grouper sees them.

`fit_thread_model.py` describes a labelled pair with the corpus IDF at the end of a run.
Online, the later article b of a pair is judged when it arrives, with the IDF of that
moment: on a young corpus (bsnlp-ru's brexit reports come first, 106 of them on one day)
the lemma cosines are another scale, so a model fitted on final-IDF signals is applied
to numbers it never saw. Here every pair is described by `similarity.thread_signals` of b
against a one-member thread of a at the moment b arrives (`thread_diagnosis.py`'s
recording grouper, with the given ``--set`` parameters), and a ridge logistic model is
fitted on those rows (`fit_thread_model.fit_logistic`).

Reported: pairwise pair F1 leave-one-topic-out (model and cut fitted on the other five
topics) and stratified 5-fold x 10 seeds, for the model and for the lemma cosine alone;
the coefficients fitted on every pair (what would ship). ``--models FILE`` writes, per
topic, the model fitted without it, for ``eval_thread_pairs.py --decision logistic
--models FILE`` (online, each topic grouped by a model that never saw its pairs).

Run: ``python benchmarks/fit_thread_online.py --cache FILE [--set NAME=VALUE]
[--signals text,entities,...] [--models FILE] [--json]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from eval_thread_pairs import _setting, load  # noqa: E402
from fit_thread_model import (  # noqa: E402
    SIGNALS,
    cross_validate,
    fit_logistic,
    leave_one_topic_out,
    raw_coefficients,
    topic_models,
)
from thread_diagnosis import rows_of  # noqa: E402

from storyline.group.params import DEFAULT  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--cache", type=Path, help="pickle of the annotated corpora (eval_thread_pairs.py)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--signals", default=",".join(SIGNALS), help="comma-separated signal names")
    parser.add_argument("--models", type=Path, help="write the leave-one-topic-out models here (JSON)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    params = dataclasses.replace(DEFAULT, **dict(_setting(item) for item in args.set))
    cols = tuple(c for c in args.signals.split(",") if c)
    rows = rows_of(load(args.shared, args.cache), params)
    x = np.array([[r["signals"].get(c, 0.0) for c in cols] for r in rows], dtype=float)
    gold = np.array([r["same"] for r in rows], dtype=bool)
    topics = np.array([r["topic"] for r in rows])
    groups = np.array(["tgc-ru" if t == "tgc-ru" else "bsnlp" for t in topics])
    text = x[:, [cols.index("text")]] if "text" in cols else None
    result: dict[str, Any] = {
        "set": args.set,
        "signals": list(cols),
        "pairs": len(gold),
        "logistic_topic_out": leave_one_topic_out(x, gold, "logistic", topics),
        "logistic_cv": cross_validate(x, gold, "logistic", groups),
        "coefficients": raw_coefficients(fit_logistic(x, gold.astype(float)), cols),
    }
    if text is not None:
        result["text_topic_out"] = leave_one_topic_out(text, gold, "threshold", topics)
        result["text_cv"] = cross_validate(text, gold, "threshold", groups)
    if args.models is not None:
        args.models.write_text(json.dumps(topic_models(x, gold, topics, cols), indent=1), encoding="utf-8")
    print(json.dumps(result, indent=2 if args.json else None, ensure_ascii=False))


if __name__ == "__main__":
    main()
