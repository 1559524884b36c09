"""CSV export: one row per article, for spreadsheets. Annotations are counted, not listed."""

from __future__ import annotations

import csv
from typing import TextIO

from storyline.export.json import iter_article_records
from storyline.store.base import Store

COLUMNS = [
    "id",
    "source",
    "url",
    "title",
    "published",
    "published_precision",
    "lang",
    "thread_id",
    "story_id",
    "duplicate_of",
    "sentences",
    "new_sentences",
    "entities",
    "dates",
    "quantities",
    "quotes",
    "text",
]


def write_csv(store: Store, out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for record in iter_article_records(store):
        row = dict(record)
        row["new_sentences"] = sum(1 for s in record["sentences"] if s["novelty"] == "new")
        for key in ("sentences", "entities", "dates", "quantities", "quotes"):
            row[key] = len(record[key])
        writer.writerow(row)
        count += 1
    return count
