"""What a live server answers a search (ranking, scores, totals, snippets,
highlights, facets) is what a fresh searcher that keeps nothing between searches
answers, before and after a write: the per-generation caches of round 9 (the
newest publication day searches damp by, the facet's entity names) change no
answer, and none survives a commit. Through a real `storyline serve` on 127.0.0.1."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote

from storyline.web.catalog import Catalog
from storyline.web.search import Searcher, SearchFilter

# Words of the seeds (a name in two inflections, a common noun, a phrase, two words),
# each with filters the API takes.
QUERIES = [
    ("Токаев", {}),
    ("Токаева", {"limit": "3"}),
    ("войска", {}),
    ('"миротворческие силы"', {}),
    ("Казахстан ОДКБ", {"offset": "1", "limit": "5"}),
    ("Казахстан", {"date_from": "2022-01-06"}),
]


def _api(base: str, query: str, params: dict[str, str]) -> dict[str, Any]:
    extra = "".join(f"&{k}={quote(v)}" for k, v in params.items())
    with urllib.request.urlopen(f"{base}/api/search?q={quote(query)}{extra}", timeout=60) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def _fresh(db: Path, query: str, params: dict[str, str]) -> dict[str, Any]:
    """The same search by a new catalog and searcher, with no generation (nothing kept)."""
    catalog = Catalog(db)
    try:
        limit, offset = int(params.get("limit", "20")), int(params.get("offset", "0"))
        flt = SearchFilter(None, None, params.get("date_from"), None)
        result = Searcher(catalog).search(query, flt, limit, offset, None)
    finally:
        catalog.close()
    return {
        "total": result.total,
        "items": [
            {
                "article_id": h.article_id,
                "score": h.score,
                "snippet": h.snippet,
                "highlights": [list(m) for m in h.highlights],
                "at": h.at,
                "story_id": h.story_id,
            }
            for h in result.hits
        ],
        "facets": {k: [[v, lab, n] for v, lab, n in vals] for k, vals in result.facets.items()},
    }


def _shown(answer: dict[str, Any]) -> dict[str, Any]:
    keys = ("article_id", "score", "snippet", "highlights", "at", "story_id")
    return {
        "total": answer["total"],
        "items": [{k: item[k] for k in keys} for item in answer["items"]],
        "facets": {k: [[f["value"], f["label"], f["count"]] for f in v] for k, v in answer["facets"].items()},
    }


def test_live_searches_answer_as_a_fresh_searcher_before_and_after_a_write(live: str, web_db: Path) -> None:
    found = 0
    for query, params in QUERIES:
        first, again = _api(live, query, params), _api(live, query, params)  # the second from kept statistics
        assert _shown(first) == _shown(again) == _fresh(web_db, query, params), query
        found += first["total"] > 0
    assert found >= len(QUERIES) - 1  # the words are the seeds': the comparison is not of empty answers
    # A write by another process: a newer article moves every hit's age damping, and
    # an entity renamed moves the facet's labels; nothing read before may be reused.
    named = _api(live, "Токаев", {})["facets"]["entity"]
    assert named
    with sqlite3.connect(web_db) as conn:
        conn.execute(
            "INSERT INTO articles (id, content_hash, source, url, title, text, published, published_precision,"
            " lang, meta, duplicate_of, ingested_at) SELECT 'later', 'later-hash', source, url, title, text,"
            " '2022-06-01', 'day', lang, meta, NULL, ingested_at FROM articles ORDER BY seq LIMIT 1"
        )
        data = json.loads(
            conn.execute("SELECT data FROM entities WHERE id = ?", (named[0]["value"],)).fetchone()[0]
        )
        data["name"] = "Переименованный"
        conn.execute(
            "UPDATE entities SET data = ? WHERE id = ?",
            (json.dumps(data, ensure_ascii=False), named[0]["value"]),
        )
    for query, params in QUERIES:
        assert _shown(_api(live, query, params)) == _fresh(web_db, query, params), query
    assert _api(live, "Токаев", {})["facets"]["entity"][0]["label"] == "Переименованный"
