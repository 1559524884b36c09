"""Ingest speed (read, normalise, dedup, store; no annotation) on bsnlp-ru.

    python benchmarks/ingest.py [--shared PATH]

Ingests `corpora/bsnlp-ru/articles.jsonl` into a fresh SQLite database twice:
the first run stores everything, the second finds nothing new (idempotence cost).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from storyline.ingest import ingest
from storyline.store import open_store

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    source = args.shared / "corpora" / "bsnlp-ru" / "articles.jsonl"
    lines = sum(1 for _ in source.open(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as store:
        for run in ("first run", "re-run"):
            started = time.perf_counter()
            report = ingest(store, [str(source)])
            seconds = time.perf_counter() - started
            print(
                f"{run}: {lines} lines in {seconds:.2f} s ({lines / seconds:.0f} lines/s): "
                f"{report.accepted} accepted, {report.rejected} rejected, {report.duplicates} duplicates"
            )


if __name__ == "__main__":
    main()
