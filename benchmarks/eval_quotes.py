"""Quotes, speakers and entity roles on the shared story golds, through the real CLI.

For each gold of ../shared/corpora/story-gold (brexit-chequers, asia-bibi-acquittal,
seeds) the articles are ingested into a fresh database with `storyline ingest`,
exported with `storyline export --format json`, and scored by the gold's own
`score_story.py`. Three of its fields are reported: `quotes_found` (a quote span
holds the gold words), `quotes_speaker` (that quote's speaker text or linked
entity holds the gold stem) and `entity_roles` (a gold role stem is in the
entity's descriptions). The floors are in benchmarks/baselines/quotes.json.

Run: ``python benchmarks/eval_quotes.py [--shared PATH] [--json]``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GOLDS = ("brexit-chequers", "asia-bibi-acquittal", "seeds")
FIELDS = ("quotes_found", "quotes_speaker", "entity_roles")


def _scorer(gold_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_story", gold_dir / "score_story.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _storyline(*args: str) -> None:
    exe = shutil.which("storyline")
    if exe is None:
        raise SystemExit("error: the `storyline` command is not on PATH (pip install -e .)")
    proc = subprocess.run([exe, *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"error: storyline {' '.join(args)} failed: {proc.stderr.strip()}")


def evaluate(shared: Path) -> dict[str, dict[str, float]]:
    """Per gold, the three fields as the gold's scorer computes them."""
    gold_dir = shared / "corpora" / "story-gold"
    scorer = _scorer(gold_dir)
    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="storyline-quotes-") as tmp:
        for name in GOLDS:
            source = shared / "seeds" if name == "seeds" else gold_dir / f"{name}.jsonl"
            db, export = Path(tmp) / f"{name}.db", Path(tmp) / f"{name}.json"
            _storyline("ingest", str(source), "--db", str(db), "-w", "1")
            _storyline("export", "--format", "json", "-o", str(export), "--db", str(db))
            doc: dict[str, Any] = json.loads(export.read_text(encoding="utf-8"))
            gold = json.loads((gold_dir / f"{name}.gold.json").read_text(encoding="utf-8"))
            with contextlib.redirect_stdout(io.StringIO()):  # the scorer prints every field
                scores = scorer.score(doc, gold)
            out[name] = {field: round(float(scores[field]), 4) for field in FIELDS}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = evaluate(args.shared)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for name, fields in results.items():
            print(f"{name:22s} " + "  ".join(f"{k} {v:.3f}" for k, v in fields.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
