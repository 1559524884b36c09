"""Flag precision of the fact ledger on story golds: every `updated` / `conflicting`
fact the ledger raises that the gold does not flag.

A fact-checker must be able to trust every flag, so each flagged fact of a gold's main
story (the story most of the gold's seed articles fall into) is matched against the
gold facts the way `eval_story_gold`'s scorer matches them (subject stem, item stem,
one shared value); it is a false flag when no matching gold fact lists its status.
The gold lists only the facts its reader judged, so a false flag here is a flag to
read, not always an error (the yen rate of the next day is a right `updated`).

Run on the databases `eval_story_gold.py --keep DIR` left (never on held-out golds)::

    python benchmarks/ledger_flags.py DIR [--gold-dir benchmarks/gold] [--shared PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# The export runs this checkout's code, as the rest of the script does, whatever the PATH
# holds (it called the `storyline` on PATH: another checkout's, or none outside a venv).
CHILD_ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")])),
}
# Significant digits a gold value and an exported value are compared at (the scorer's).
DIGITS = 6


def _low(text: str | None) -> str:
    return (text or "").lower().replace("ё", "е")


def _values(fact: dict[str, Any]) -> list[list[float]]:
    out = []
    for v in fact["values"]:
        lo, hi = v.get("value_min"), v.get("value_max")
        if lo is not None and hi is not None and lo != hi:
            out.append([float(f"{lo:.{DIGITS}g}"), float(f"{hi:.{DIGITS}g}")])
        elif v.get("value") is not None:
            out.append([float(f"{v['value']:.{DIGITS}g}")])
    return out


def main_story(export: dict[str, Any], gold: dict[str, Any]) -> dict[str, Any]:
    votes: Counter[str] = Counter()
    for needle in gold["seed_keys"].values():
        hit = next((a for a in export["articles"] if needle in a["text"]), None)
        if hit is not None:
            votes[hit["story_id"]] += 1
    top = votes.most_common(1)[0][0]
    return next(s for s in export["stories"] if s["id"] == top)


def false_flags(story: dict[str, Any], gold: dict[str, Any]) -> tuple[int, list[str]]:
    """Flags raised, and a line for each one the gold does not have."""
    flagged, misses = 0, []
    for fact in story["facts"]:
        if fact["status"] == "consistent":
            continue
        flagged += 1
        values = _values(fact)
        items = " ".join(_low(v.get("item")) for v in fact["values"]) + " " + _low(fact["measure"])
        why = "no gold fact"
        for g in gold["facts"]:
            if g["subject"] is not None and g["subject"] not in _low(fact["subject"]):
                continue
            if g.get("item") and g["item"] not in items:
                continue
            if not any(gv in values for gv in g["values"]):
                continue
            if g["status"] and fact["status"] in g["status"]:
                why = ""
                break
            why = f"gold status {g['status']} of {g['values']}"
        if why:
            misses.append(f"{fact['status']} | {fact['subject']} | {fact['measure']} | {values} | {why}")
    return flagged, misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keep", type=Path, help="directory of eval_story_gold.py --keep databases")
    parser.add_argument("--gold-dir", type=Path, default=REPO / "benchmarks" / "gold")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args(argv)
    total = wrong = 0
    with tempfile.TemporaryDirectory() as tmp:
        for db in sorted(args.keep.glob("*.db")):
            name = db.stem
            gold_path = args.gold_dir / f"{name}.gold.json"
            if not gold_path.exists():
                gold_path = args.shared / "corpora" / "story-gold" / f"{name}.gold.json"
            out = Path(tmp) / f"{name}.json"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "storyline",
                    "export",
                    "--format",
                    "json",
                    "-o",
                    str(out),
                    "--db",
                    str(db),
                ],
                check=True,
                capture_output=True,
                env=CHILD_ENV,
            )
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            flagged, misses = false_flags(main_story(json.loads(out.read_text(encoding="utf-8")), gold), gold)
            total, wrong = total + flagged, wrong + len(misses)
            for line in misses:
                print(f"{name}: {line}")
    print(f"flags {total}, not in the gold {wrong}, precision {(total - wrong) / max(total, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
