"""CPU per search in one process, the search's read paths side by side.

Runs `Searcher.search` (20 hits and the facets, as `/api/search` asks) over a word
list, alternating two configurations of the same process and store, so a loaded
machine slows both alike:

- `fts5`: ranking through FTS5's bm25() and the entity facet as one aggregate over
  `article_entities` (what a store before schemas 57 and 60 does);
- `postings`: ranking from `search_postings` and `search_days` (57) and the facet
  from `article_entity_sets` (60), on a store that has them.

    python benchmarks/search_cpu.py --db load100k.db [--words 'суд,Путин'] [--rounds 8] [--json]

Reports CPU milliseconds per search (`time.process_time`) and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import time

from storyline.web.catalog import Catalog
from storyline.web.search import Searcher, SearchFilter

# The load benchmark's words (`serve_load.SEARCH_WORDS`) and ten common words outside it.
BENCHMARK_WORDS = ["Брексит", "Мэй", "Трамп", "газопровод", "выборы", "Путин", "суд", '"Северный поток"']
OTHER_WORDS = [
    "заявить",
    "страна",
    "президент",
    "год",
    "Москва",
    "Украина",
    "правительство",
    "Европа",
    "Лондон",
    "премьер",
]
# The read tables of schemas 57 and 60: hidden, the search takes the FTS5 and aggregate paths.
NEW_TABLES = frozenset({"search_postings", "search_days", "article_entity_sets"})


def measure(db: str, words: list[str], rounds: int) -> dict[str, float]:
    catalog = Catalog(db)
    try:
        missing = NEW_TABLES - catalog.tables
        if missing:
            raise SystemExit(f"error: {db} has no {', '.join(sorted(missing))}: open it with storyline first")
        searcher = Searcher(catalog)
        generation = catalog.generation()
        full = catalog.tables
        paths = {"fts5": full - NEW_TABLES, "postings": full}
        spent = dict.fromkeys(paths, 0.0)
        for tables in paths.values():  # warm-up: the dictionary, the term statistics
            catalog.tables = tables
            for word in words:
                searcher.search(word, SearchFilter(), 20, 0, generation)
        for _ in range(rounds):
            for name, tables in paths.items():
                catalog.tables = tables
                started = time.process_time()
                for word in words:
                    searcher.search(word, SearchFilter(), 20, 0, generation)
                spent[name] += time.process_time() - started
        catalog.tables = full
    finally:
        catalog.close()
    n = rounds * len(words)
    out = {name: round(s * 1000 / n, 2) for name, s in spent.items()}
    out["ratio"] = round(spent["postings"] / spent["fts5"], 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", required=True)
    parser.add_argument("--words", help="comma-separated (default: the load benchmark's, then ten others)")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sets = (
        {"given": args.words.split(",")}
        if args.words
        else {"benchmark": BENCHMARK_WORDS, "other": OTHER_WORDS}
    )
    report = {name: measure(args.db, words, args.rounds) for name, words in sets.items()}
    report["load_average"] = {"1min": round(os.getloadavg()[0], 1)}  # type: ignore[assignment]
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for name, r in report.items():
        print(f"{name:<12} {r}")


if __name__ == "__main__":
    main()
