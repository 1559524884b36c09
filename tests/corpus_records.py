"""Every article of `../shared/corpora` as an ingest JSONL record, per corpus.

Used by the zero-failure test (`test_all_corpora.py`) and handy for sweeps:
each record keeps the fields the corpus has (`published` where it is dated).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

Record = dict[str, Any]


def _jsonl(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _texts(folder: Path, prefix: str) -> Iterator[Record]:
    for path in sorted(folder.glob("*.txt")):
        yield {"id": f"{prefix}-{path.stem}", "text": path.read_text(encoding="utf-8")}


def bsnlp(corpora: Path) -> Iterator[Record]:
    for row in _jsonl(corpora / "bsnlp-ru" / "articles.jsonl"):
        yield {k: row[k] for k in ("id", "title", "text", "published", "source", "url") if row.get(k)}


def tgcontest(corpora: Path) -> Iterator[Record]:
    for row in _jsonl(corpora / "tgcontest-pairs" / "dev.jsonl"):
        for side in ("a", "b"):
            art = row[side]
            yield {
                "id": f"tg-{row['pair_id']}-{side}",
                "title": art.get("title") or "",
                "text": art["text"],
                "url": art.get("url"),
                "lang": row.get("lang"),
            }


def story_gold(corpora: Path) -> Iterator[Record]:
    for path in sorted((corpora / "story-gold").glob("*.jsonl")):
        for row in _jsonl(path):
            yield {**row, "id": f"gold-{row['id']}"}


def factrueval(corpora: Path) -> Iterator[Record]:
    return _texts(corpora / "factrueval-2016" / "devset", "factrueval")


def nerel(corpora: Path, part: str) -> Iterator[Record]:
    return _texts(corpora / "nerel" / part, f"nerel-{part}")


def all_corpora(corpora: Path) -> dict[str, list[Record]]:
    return {
        "bsnlp-ru": list(bsnlp(corpora)),
        "tgcontest-pairs": list(tgcontest(corpora)),
        "story-gold": list(story_gold(corpora)),
        "factrueval-devset": list(factrueval(corpora)),
        "nerel-dev": list(nerel(corpora, "dev")),
        "nerel-train": list(nerel(corpora, "train")),
    }
