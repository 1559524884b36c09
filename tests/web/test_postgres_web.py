"""The web and the API on PostgreSQL answer as on SQLite: the seeds ingested into
both, the same requests sent to an app over each (real SQLite, a real throwaway
PostgreSQL cluster from tests/pg.py), the answers compared."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.ingest import ingest
from storyline.pipeline import process
from storyline.store import open_store
from storyline.web.app import create_app
from tests.pg import Cluster
from tests.web.conftest import TOKEN

# Keys that record when an answer was made or an article stored: they differ between two ingests.
CLOCK_KEYS = frozenset({"ingested_at", "exported_at", "generated_at", "at", "updated"})


def timeless(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: timeless(v) for k, v in value.items() if k not in CLOCK_KEYS}
    if isinstance(value, list):
        return [timeless(v) for v in value]
    return value


@pytest.fixture(scope="module")
def pg_seeds(pg_cluster: Cluster, seeds_dir: Path) -> str:
    url = pg_cluster.new_database("web")
    with open_store(url) as store:
        ingest(store, [str(seeds_dir)])
        process(store, workers=1)
    return url


@pytest.fixture(scope="module")
def both(pg_seeds: str, web_seeds_master: Path) -> Iterator[dict[str, TestClient]]:
    """A client over each backend, its response cache off (every request runs its queries)."""
    clients = {
        "sqlite": TestClient(create_app(web_seeds_master, cache_entries=0), raise_server_exceptions=False),
        "postgresql": TestClient(create_app(pg_seeds, cache_entries=0), raise_server_exceptions=False),
    }
    for c in clients.values():
        c.__enter__()
    yield clients
    for c in clients.values():
        c.__exit__(None, None, None)


def _same_json(both: dict[str, TestClient], path: str, **params: Any) -> Any:
    answers = {name: c.get(path, params=params) for name, c in both.items()}
    for name, response in answers.items():
        assert response.status_code == 200, (name, path, params, response.text)
    lite, pg = (timeless(answers[n].json()) for n in ("sqlite", "postgresql"))
    assert pg == lite, (path, params)
    return lite


STORY_LISTS = [
    {},
    {"sort": "size"},
    {"sort": "activity"},
    {"date_from": "2022-01-01"},
    {"date_from": "2022-02-01"},
    {"date_to": "2021-12-31"},
    {"q": "Токаеву"},
    {"q": "бегемот"},
    {"q": "Токаеву", "sort": "activity"},  # one statement: recent counts LEFT JOINed
    {"q": "Токаеву", "sort": "size", "offset": 40},  # past the end: counted apart
    {"updated_since": "2000-01-01T00:00:00Z"},
    {"source": "nowhere.example"},
    {"limit": 1, "offset": 0},
]


@pytest.mark.parametrize(
    "params", STORY_LISTS, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()) or "all"
)
def test_story_lists_are_the_same(both: dict[str, TestClient], params: dict[str, Any]) -> None:
    _same_json(both, "/api/stories", **params)


SEARCHES = ["Токаев", "Токаеву", "указ", '"Касым-Жомарт Токаев"', "Казахстан протесты", "бегемот"]


@pytest.mark.parametrize("q", SEARCHES)
def test_searches_find_rank_and_mark_the_same(both: dict[str, TestClient], q: str) -> None:
    answers = {name: c.get("/api/search", params={"q": q}).json() for name, c in both.items()}
    lite, pg = answers["sqlite"], answers["postgresql"]
    assert pg["total"] == lite["total"], q
    assert pg["facets"] == lite["facets"], q
    ours = [(h["article_id"], h["snippet"], h["highlights"]) for h in pg["items"]]
    theirs = [(h["article_id"], h["snippet"], h["highlights"]) for h in lite["items"]]
    if q.startswith('"'):  # a phrase ranks by its words here, as one term in FTS5: the same hits
        assert sorted(ours) == sorted(theirs), q
    else:
        assert ours == theirs, q
        assert [h["score"] for h in pg["items"]] == pytest.approx(
            [h["score"] for h in lite["items"]], rel=1e-9
        )


def test_search_filters_are_the_same(both: dict[str, TestClient]) -> None:
    entity = _same_json(both, "/api/entities", limit=1)["items"][0]["id"]
    for params in ({"entity": entity}, {"date_from": "2022-01-06"}, {"date_to": "2022-01-01"}):
        lite = both["sqlite"].get("/api/search", params={"q": "Токаев", **params}).json()
        pg = both["postgresql"].get("/api/search", params={"q": "Токаев", **params}).json()
        assert [h["article_id"] for h in pg["items"]] == [h["article_id"] for h in lite["items"]], params
        assert pg["total"] == lite["total"], params


def test_story_thread_article_and_entity_answers_are_the_same(both: dict[str, TestClient]) -> None:
    story_id = _same_json(both, "/api/stories")["items"][0]["id"]
    story = _same_json(both, f"/api/stories/{story_id}")
    _same_json(both, f"/api/stories/{story_id}/changes", since="2022-01-01")
    _same_json(both, f"/api/stories/{story_id}/export")
    thread_id = story["threads"]["items"][0]["thread_id"]
    thread = _same_json(both, f"/api/threads/{thread_id}")
    article_id = thread["articles"][0]["id"]
    _same_json(both, f"/api/articles/{article_id}")
    entities = _same_json(both, "/api/entities", limit=5)
    _same_json(both, "/api/entities", type="PER")
    for entity in entities["items"]:
        _same_json(both, f"/api/entities/{entity['id']}")
    pages = [f"/threads/{thread_id}", f"/articles/{article_id}", f"/entities/{entities['items'][0]['id']}"]
    for path in pages:
        lite, pg = (both[n].get(path) for n in ("sqlite", "postgresql"))
        assert pg.status_code == lite.status_code == 200, (path, pg.text[:500])
        assert pg.text == lite.text, path


@pytest.mark.parametrize(
    "path",
    ["/", "/?sort=activity", "/?q=Токаев", "/search?q=Токаев", "/rejections", "/static/style.css"],
)
def test_pages_answer_on_postgresql(both: dict[str, TestClient], path: str) -> None:
    lite, pg = (both[n].get(path) for n in ("sqlite", "postgresql"))
    assert pg.status_code == lite.status_code == 200, pg.text[:500]


def test_story_pages_and_feed_answer_on_postgresql(both: dict[str, TestClient]) -> None:
    story_id = _same_json(both, "/api/stories")["items"][0]["id"]
    for path in (
        f"/stories/{story_id}",
        f"/stories/{story_id}/feed.atom",
        f"/stories/{story_id}?since=2022-01-05",
    ):
        lite, pg = (both[n].get(path) for n in ("sqlite", "postgresql"))
        assert pg.status_code == lite.status_code == 200, (path, pg.text[:500])
        assert len(pg.content) == pytest.approx(len(lite.content), rel=0.05), path


def test_unknown_ids_are_the_same_404(both: dict[str, TestClient]) -> None:
    for path in ("/api/stories/s-nope", "/api/threads/t-nope", "/api/articles/nope", "/api/entities/e-nope"):
        lite, pg = (both[n].get(path) for n in ("sqlite", "postgresql"))
        assert pg.status_code == lite.status_code == 404
        assert pg.json() == lite.json()


def test_posting_an_article_writes_through_the_lease_and_reads_back(
    pg_cluster: Cluster, seeds_dir: Path
) -> None:
    url = pg_cluster.new_database("post")
    with open_store(url) as store:
        ingest(store, [str(seeds_dir)])
        process(store, workers=1)
    article = {
        "id": "posted-pg-1",
        "title": "Токаев провёл совещание",
        "text": "Президент Казахстана Касым-Жомарт Токаев провёл совещание по ситуации в стране. "
        "Токаев поручил правительству стабилизировать цены на топливо.",
        "published": "2022-01-08",
        "source": "posted.example",
    }
    with TestClient(create_app(url, token=TOKEN), raise_server_exceptions=False) as client:
        before = client.get("/api/stories").json()
        assert client.post("/api/articles", json=article).status_code in (401, 403)
        posted = client.post("/api/articles", json=article, headers={"Authorization": f"Bearer {TOKEN}"})
        assert posted.status_code in (200, 201), posted.text
        body = posted.json()
        assert body["article_id"] == "posted-pg-1" and body["story_id"]
        # the response cache saw the commit: the list and the search show the new article
        after = client.get("/api/stories").json()
        assert sum(i["articles"] for i in after["items"]) == sum(i["articles"] for i in before["items"]) + 1
        hits = client.get("/api/search", params={"q": "совещание", "source": "posted.example"}).json()
        assert [h["article_id"] for h in hits["items"]] == ["posted-pg-1"]
        again = client.post("/api/articles", json=article, headers={"Authorization": f"Bearer {TOKEN}"})
        assert again.json()["duplicate"] is True
        bad = client.post(
            "/api/articles", json={"id": "x", "text": ""}, headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert 400 <= bad.status_code < 500 and "error" in bad.json()


def test_serve_refuses_an_empty_or_unknown_database_in_one_line(pg_cluster: Cluster) -> None:
    from tests.test_cli import run

    empty = run("serve", "--db", pg_cluster.new_database("empty"), check=False)
    assert empty.returncode != 0 and "Traceback" not in empty.stderr
    assert empty.stderr.count("\n") == 1 and "holds no storyline data" in empty.stderr
    other = run("serve", "--db", "mysql://localhost/news", check=False)
    assert other.returncode != 0 and other.stderr.startswith("error: cannot serve mysql://")
