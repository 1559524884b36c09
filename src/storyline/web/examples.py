"""Example answers shown in the OpenAPI document (taken from the bundled demo corpus)."""

from __future__ import annotations

from typing import Any

STORIES = {
    "items": [
        {
            "id": "sty-000001",
            "title": "Протесты в Казахстане",
            "articles": 5,
            "threads": 2,
            "sources": 3,
            "first_published": "2022-01",
            "last_published": "2022-01-08",
            "recent_articles": 5,
            "volume": [{"day": "2022-01-07", "articles": 2}, {"day": "2022-01-08", "articles": 1}],
        }
    ],
    "total": 1,
    "offset": 0,
    "limit": 20,
    "next_offset": None,
}
STORY = {
    "header": {"story_id": "sty-000001", "title": "Протесты в Казахстане", "articles": 5, "threads": 2},
    "timeline": {
        "items": [{"when": "7 января 2022", "text": "…", "citations": [], "date": "2022-01-07"}],
        "total": 1,
    },
    "facts": {
        "items": [{"subject": "Россия", "measure": "военнослужащий", "status": "updated", "values": []}]
    },
    "entities": [{"id": "ent-000001", "name": "Казахстан", "type": "LOC", "mentions": 40}],
}
CHANGES = {
    "story_id": "sty-000001",
    "since": "2022-01-07",
    "articles": ["003_d2c2e34408054795"],
    "sentences": [
        {
            "article_id": "003_d2c2e34408054795",
            "index": 4,
            "novelty": "new",
            "text": "…",
            "start": 512,
            "end": 640,
        }
    ],
    "facts": [],
    "threads": [],
    "events": [],
}
ARTICLE = {
    "id": "000_023d5cd1a986ea72",
    "title": "…",
    "text": "…",
    "annotation": {"entities": [], "dates": [], "quantities": [], "quotes": []},
    "sentences": [{"index": 0, "start": 0, "end": 120, "kind": "text", "novelty": "new", "repeats": []}],
    "thread_id": "thr-000001",
    "story_id": "sty-000001",
}
ENTITIES = {
    "items": [
        {
            "id": "ent-000002",
            "name": "Касым-Жомарт Токаев",
            "type": "PER",
            "mention_count": 25,
            "aliases": ["Токаев"],
        }
    ],
    "total": 1,
    "offset": 0,
    "limit": 50,
    "next_offset": None,
}
SEARCH = {
    "query": "Токаев",
    "total": 5,
    "items": [
        {
            "article_id": "001_a65919d2da73572c",
            "title": "…",
            "snippet": "…обратился президент Касым-Жомарт Токаев…",
            "highlights": [[32, 38]],
            "score": -1.2,
        }
    ],
    "facets": {
        "source": [{"value": "kaktus.media", "label": "kaktus.media", "count": 3}],
        "entity": [],
        "day": [],
    },
}
THREAD = {
    "id": "thr-000001",
    "story_id": "sty-000001",
    "title": "Депутат Дастан Бекешев перед срочным заседанием Жогорку Кенеша 6 января записал видеообращение…",
    "first_published": "2022-01",
    "last_published": "2022-01",
    "articles": [
        {"id": "000_023d5cd1a986ea72", "title": "", "source": "kaktus.media", "published": "2022-01-06"}
    ],
}
ENTITY = {
    "id": "ent-000002",
    "name": "Касым-Жомарт Токаев",
    "type": "PER",
    "mention_count": 25,
    "aliases": ["Токаев"],
    "roles": ["президент Казахстана"],
    "stories": STORIES["items"],
    "stories_total": 1,
    "mentions": [
        {
            "article_id": "001_a65919d2da73572c",
            "title": "…",
            "source": "kaktus.media",
            "published": "2022-01-07",
            "text": "…обратился президент Касым-Жомарт Токаев…",
            "start": 1032,
        }
    ],
}
EXPORT_MARKDOWN = "## Протесты в Казахстане\n\n5 статей · 3 источника · 2022-01 — 2022-01-10\n…"
FEED = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru">'
    "<id>tag:storyline,2022:story/sty-000001</id><title>Протесты в Казахстане</title>"
    "<updated>2022-01-10T00:00:00Z</updated><author><name>storyline</name></author>"
    '<link rel="self" href="http://127.0.0.1:8000/stories/sty-000001/feed.atom"/>'
    "<entry><id>tag:storyline,2022:story/sty-000001/fact/Россия/военнослужащие%20%E2%80%94%20направить/002_c0dd"
    "</id><title>обновлено: Россия, военнослужащие — направить — 1 400</title>"
    "<updated>2022-01-10T00:00:00Z</updated>"
    '<link rel="alternate" href="http://127.0.0.1:8000/stories/sty-000001#fact-3"/>'
    "<summary>3 000 → 1 400</summary></entry></feed>"
)
ERROR = {"error": "no story with id 'sty-999999'; see `storyline stories`"}


def ok(example: dict[str, Any]) -> dict[int | str, dict[str, Any]]:
    """An OpenAPI `responses` entry: the example answer, and the error shape."""
    return {
        200: {"content": {"application/json": {"example": example}}},
        404: {"description": "Not found", "content": {"application/json": {"example": ERROR}}},
        422: {
            "description": "A parameter is not valid",
            "content": {"application/json": {"example": {"error": "limit: must be at most 200"}}},
        },
    }


def ok_export() -> dict[int | str, dict[str, Any]]:
    """The export's answers: the story view as JSON, or the markdown report's section."""
    answers = ok({k: v for k, v in STORY.items() if k != "entities"})  # the view alone
    answers[200]["content"]["text/markdown"] = {"example": EXPORT_MARKDOWN}
    return answers


def ok_feed() -> dict[int | str, dict[str, Any]]:
    """The Atom feed's answer, and the JSON error shape of an unknown story."""
    return {
        200: {"content": {"application/atom+xml": {"example": FEED}}},
        404: ok(STORY)[404],
    }


POST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["text"],
                    "properties": {
                        "id": {"type": "string"},
                        "text": {"type": "string"},
                        "title": {"type": "string"},
                        "published": {"type": "string", "example": "2022-01-07"},
                        "source": {"type": "string"},
                        "url": {"type": "string"},
                        "lang": {"type": "string"},
                    },
                },
                "example": {
                    "id": "kz-2022-01-09",
                    "title": "Токаев заявил о стабилизации",
                    "text": "Президент Казахстана Касым-Жомарт Токаев 9 января заявил ...",
                    "published": "2022-01-09",
                    "source": "example.kz",
                },
            }
        },
    }
}
POST_RESPONSES: dict[int | str, dict[str, Any]] = {
    201: {
        "description": "Stored and processed",
        "content": {
            "application/json": {
                "example": {
                    "article_id": "kz-2022-01-09",
                    "duplicate": False,
                    "thread_id": "thr-000003",
                    "story_id": "sty-000001",
                }
            }
        },
    },
    200: {
        "description": "The same text was stored before",
        "content": {
            "application/json": {
                "example": {
                    "article_id": "kz-2022-01-09",
                    "duplicate": True,
                    "thread_id": "thr-000003",
                    "story_id": "sty-000001",
                }
            }
        },
    },
    401: {
        "description": "No bearer token",
        "content": {"application/json": {"example": {"error": "a bearer token is required"}}},
    },
    403: {"description": "Wrong token, or posting disabled"},
    409: {"description": "The database needs `storyline ingest --upgrade` first (another annotator version)"},
    413: {"description": "Body too large"},
    422: {
        "description": "The article was rejected: the ingest's reason in English, its code and parameters",
        "content": {
            "application/json": {
                "example": {
                    "error": "missing 'text' field",
                    "code": "missing_field",
                    "params": {"field": "text"},
                }
            }
        },
    },
}
