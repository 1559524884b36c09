"""How often the labelled thread pairs share their lead event (`annotate/lead_event.py`).

For every labelled pair of eval_thread_pairs.py (bsnlp-ru's five topics and
tgcontest-ru's dev pairs), with both articles annotated: do they share a lead
predicate lemma, and a lead subject? Printed per gold label and per topic. A
measurement of the signal, not a decision: nothing is fitted here.

Run: ``python benchmarks/lead_event_pairs.py --cache /tmp/NAME-cache.pkl [--json]``
(the cache is eval_thread_pairs.py's pickle; it must hold VERSION 16 annotations).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from eval_thread_pairs import load  # noqa: E402

from storyline.model import Article  # noqa: E402


def lead_sets(article: Article) -> tuple[set[str], set[str]]:
    """The article's lead predicate lemmas and lead subjects."""
    ann = article.annotation
    if ann is None:
        return set(), set()
    preds = {p for e in ann.lead_events for p in e.predicates}
    subjects = {e.subject for e in ann.lead_events if e.subject}
    return preds, subjects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared"))
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    data = load(args.shared, args.cache)
    # (topic, gold) -> [pairs, with an event on both sides, sharing a predicate, sharing a
    # subject, sharing either, sharing both]
    counts: dict[tuple[str, bool], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    for articles, pairs in data.values():
        by_id = {a.id: a for a in articles}
        for a, b, same, topic in pairs:
            if a not in by_id or b not in by_id:
                continue
            (pa, sa), (pb, sb) = lead_sets(by_id[a]), lead_sets(by_id[b])
            for key in ((topic, same), ("all", same)):
                row = counts[key]
                row[0] += 1
                if pa and pb:
                    row[1] += 1
                    row[2] += bool(pa & pb)
                    row[3] += bool(sa & sb)
                    row[4] += bool(pa & pb or sa & sb)
                    row[5] += bool(pa & pb and sa & sb)
    out = {
        f"{topic}/{'same' if same else 'different'}": {
            "pairs": n,
            "with_events": w,
            "share_predicate": round(p / w, 3) if w else None,
            "share_subject": round(s / w, 3) if w else None,
            "share_either": round(e / w, 3) if w else None,
            "share_both": round(b / w, 3) if w else None,
        }
        for (topic, same), (n, w, p, s, e, b) in sorted(counts.items())
    }
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for key, row in out.items():
        print(f"{key:32} {row}")


if __name__ == "__main__":
    main()
