"""What storing the touched stories' pages costs at an ingest's end, and again with nothing changed.

    python benchmarks/page_refresh.py --db STORE.db [--runs 3] [--in-place]

Runs `page_store.store_after_ingest` (what `storyline ingest` does after processing)
for every story of the store, `--runs` times in one process: the first run builds
and stores every page whose stored one is not at the story's current version (all
of them, on a store whose pages were built by other code), the later ones find
every page current and build none (`StoredPages.unchanged`). Prints CPU and wall
per run. The store is copied first unless `--in-place`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from storyline.store import open_store  # noqa: E402
from storyline.web.page_store import store_after_ingest  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--in-place", action="store_true")
    args = parser.parse_args()
    db = args.db
    if not args.in_place:
        db = Path(tempfile.mkdtemp(prefix="storyline-page-refresh-")) / "store.db"
        shutil.copy(args.db, db)
    with open_store(db) as store:
        ids = {s.id for s in store.stories()}
        for run in range(args.runs):
            cpu, wall = time.process_time(), time.perf_counter()
            written = store_after_ingest(store, str(db), ids)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            print(
                f"run {run + 1}: {len(ids)} stories touched, {written} pages stored, {cpu:.2f} s CPU, {wall:.2f} s wall"
            )
    if not args.in_place:
        shutil.rmtree(db.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
