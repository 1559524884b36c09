"""CPU of `EntityResolver.resolve` alone, over annotations an ingest already stored.

    python benchmarks/entity_resolve.py --db STORE.db [--repeat 3] [--fingerprint OUT] [--profile]

Reads every stored annotation in ingest order (duplicates skipped, as the grouper does),
then resolves them all with a new resolver, `--repeat` times, and prints the CPU time
(`time.process_time`) of each pass. `--fingerprint` writes what resolution decided (each
mention's, figure's and quote's entity id, and the entity table) as JSON, so two checkouts
can be compared: run once with each `PYTHONPATH` and `cmp` the files. `--profile` prints a
cProfile of one pass instead.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path

from storyline.group.entities import EntityResolver
from storyline.model import Annotation
from storyline.store import open_store


def stored(db: Path) -> list[tuple[str, Annotation]]:
    with open_store(str(db)) as store:
        out = []
        for article in store.iter_articles():
            if article.duplicate_of or article.annotation is None:
                continue
            ann = article.annotation
            for m in ann.entities:
                m.entity_id = None
            for q in ann.quantities:
                q.subject_entity_id = None
            for quote in ann.quotes:
                quote.speaker_entity_id = None
            out.append((article.id, ann))
    return out


def one_pass(items: list[tuple[str, Annotation]]) -> tuple[float, EntityResolver]:
    resolver = EntityResolver()
    start = time.process_time()
    for article_id, ann in items:
        resolver.resolve(article_id, ann)
    return time.process_time() - start, resolver


def fingerprint(items: list[tuple[str, Annotation]], resolver: EntityResolver) -> dict[str, object]:
    return {
        "mentions": [
            [
                aid,
                [m.entity_id for m in ann.entities],
                [q.subject_entity_id for q in ann.quantities],
                [q.speaker_entity_id for q in ann.quotes],
            ]
            for aid, ann in items
        ],
        "entities": [vars(e) for e in resolver.entities()],
        "records": [vars(resolver.records[i]) for i in sorted(resolver.records)],
        "redirects": resolver.redirects,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--fingerprint", type=Path)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    items = stored(args.db)
    print(f"{len(items)} annotations, {sum(len(a.entities) for _, a in items)} mentions", file=sys.stderr)
    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(one_pass, copy.deepcopy(items))
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
        return
    for _ in range(args.repeat):
        batch = copy.deepcopy(items)
        cpu, resolver = one_pass(batch)
        print(f"resolve CPU {cpu:.3f} s")
    if args.fingerprint:
        args.fingerprint.write_text(json.dumps(fingerprint(batch, resolver), ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
