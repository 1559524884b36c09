"""The response cache: repeat GETs come from it, and no answer read before a
commit is served after it, whoever committed (the server's writer or another
process's store)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from storyline.ingest import ingest
from storyline.store import open_store
from storyline.web.app import create_app
from storyline.web.cache import Entry, ResponseCache

from .conftest import TOKEN
from .test_api import ARTICLE


def test_a_repeat_get_is_served_from_the_cache(client: TestClient) -> None:
    cache: ResponseCache = client.app.state.responses  # type: ignore[attr-defined]
    first = client.get("/api/stories")
    hits = cache.hits
    second = client.get("/api/stories")
    assert cache.hits == hits + 1
    assert second.content == first.content
    assert second.headers["content-type"] == first.headers["content-type"]
    assert second.headers["content-security-policy"]  # the security headers are kept


def test_a_replayed_answer_is_whole_http(client: TestClient) -> None:
    """The plain-ASGI cache sends a kept answer with its own length and every header
    the built one had but the connection's (date, server)."""
    cache: ResponseCache = client.app.state.responses  # type: ignore[attr-defined]
    first = client.get("/?sort=size")
    hits = cache.hits
    second = client.get("/?sort=size")
    assert cache.hits == hits + 1 and second.status_code == 200
    assert int(second.headers["content-length"]) == len(second.content) == len(first.content)
    kept = {k for k in first.headers if k not in ("date", "server", "content-length")}
    assert kept <= set(second.headers)
    assert second.headers["vary"] == first.headers["vary"]


def test_pages_and_fragments_and_languages_are_kept_apart(client: TestClient) -> None:
    page = client.get("/").text
    fragment = client.get("/", headers={"HX-Request": "true"}).text
    assert page != fragment and "<html" in page and "<html" not in fragment
    client.cookies.set("lang", "en")
    english = client.get("/").text
    assert english != page


def test_errors_are_not_cached(client: TestClient) -> None:
    cache: ResponseCache = client.app.state.responses  # type: ignore[attr-defined]
    client.get("/api/stories/nope")
    assert all(key[1] != "/api/stories/nope" for key in cache._items)


def test_a_post_through_the_server_invalidates(client: TestClient) -> None:
    before = client.get("/api/stories").json()
    articles_before = sum(item["articles"] for item in before["items"])
    response = client.post("/api/articles", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 201, response.text
    after = client.get("/api/stories").json()
    assert (
        sum(item["articles"] for item in after["items"]) + after["total"] > articles_before + before["total"]
    )
    assert client.get("/api/articles/api-kz-1").status_code == 200


def test_a_write_by_another_process_invalidates(web_db: Path, tmp_path: Path) -> None:
    source = tmp_path / "one.jsonl"
    source.write_text(
        '{"id": "outside-1", "text": "Новая статья о выборах в парламент.", "published": "2022-02-01"}\n',
        encoding="utf-8",
    )
    with TestClient(create_app(web_db)) as c:
        total = c.get("/api/articles/outside-1").status_code
        assert total == 404
        counted = c.get("/rejections").text
        with open_store(web_db) as store:  # another writer: a CLI ingest (no processing)
            ingest(store, [str(source)])
        assert c.get("/api/articles/outside-1").status_code == 200
        assert c.get("/rejections").text != counted  # the unprocessed article is listed now


def test_the_cache_is_bounded_and_drops_old_generations() -> None:
    cache = ResponseCache(entries=2, max_bytes=10)
    entry = Entry(200, (), b"12345")
    for n in range(3):
        cache.put((1, f"/{n}", "", "", ""), entry)
    assert len(cache) == 2 and cache.get((1, "/0", "", "", "")) is None
    cache.put((1, "/big", "", "", ""), Entry(200, (), b"x" * 11))
    assert len(cache) <= 2 and cache._bytes <= 10
    assert cache.get((2, "/1", "", "", "")) is None and len(cache) == 0
    cache.put((1, "/late", "", "", ""), entry)  # read before the newer commit: never kept
    assert len(cache) == 0


def test_cache_off(web_db: Path) -> None:
    with TestClient(create_app(web_db, cache_entries=0)) as c:
        assert c.get("/api/stories").status_code == 200
        assert len(c.app.state.responses) == 0  # type: ignore[attr-defined]


def test_with_the_cache_off_concurrent_requests_of_one_page_run_together(web_db: Path) -> None:
    """Nothing is kept with `cache_entries=0`, so a request does not wait for another
    one building the same answer: two of them meet inside the endpoint (queued behind
    each other, the barrier would break)."""
    import asyncio
    import threading

    import httpx2

    app = create_app(web_db, cache_entries=0)
    catalog = app.state.catalog
    original = catalog.stories
    both_inside = threading.Barrier(2, timeout=10)

    def meeting(*args, **kwargs):  # type: ignore[no-untyped-def]
        both_inside.wait()
        return original(*args, **kwargs)

    catalog.stories = meeting

    async def run() -> list[int]:
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://test") as c:
            answers = await asyncio.gather(*[c.get("/api/stories") for _ in range(2)])
        return [a.status_code for a in answers]

    try:
        assert asyncio.run(run()) == [200, 200]
    finally:
        app.state.writer.close()
        catalog.close()


def test_concurrent_misses_of_one_page_are_built_once(web_db: Path) -> None:
    import asyncio

    import httpx2

    app = create_app(web_db)
    calls = {"n": 0}
    catalog = app.state.catalog
    original = catalog.stories

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return original(*args, **kwargs)

    catalog.stories = counting

    async def run() -> list[int]:
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://test") as c:
            answers = await asyncio.gather(*[c.get("/api/stories") for _ in range(8)])
        return [a.status_code for a in answers]

    try:
        assert asyncio.run(run()) == [200] * 8
        assert calls["n"] == 1
    finally:
        app.state.writer.close()
        catalog.close()


def test_the_serve_defaults_are_the_webs() -> None:
    from storyline.commands import serve
    from storyline.web import app, cache, live

    assert serve.DEFAULT_CACHE == cache.CACHE_ENTRIES and serve.DEFAULT_POLL_S == app.LIVE_POLL_S
    assert serve.DEFAULT_LIVE_WAIT_S == live.LIVE_WAIT_S


def test_handler_threads_do_not_move_the_generation(client: TestClient) -> None:
    """The story list's marker comes from the request's generation, so serving it on
    new worker threads does not empty the cache."""
    import concurrent.futures

    cache: ResponseCache = client.app.state.responses  # type: ignore[attr-defined]
    catalog = client.app.state.catalog  # type: ignore[attr-defined]
    client.get("/")
    before = catalog._connections._generation
    with concurrent.futures.ThreadPoolExecutor(4) as pool:  # fresh threads, fresh connections
        list(pool.map(lambda _: catalog.list_marker(before), range(8)))
    assert catalog._connections._generation == before
    hits = cache.hits
    client.get("/")
    assert cache.hits == hits + 1


def test_a_waiting_live_check_is_not_cached() -> None:
    """Concurrent waiting checks of one page must not queue behind each other's wait
    (as concurrent misses of one key do), and their answer depends on when they end."""
    from storyline.web.cache import cacheable

    assert not cacheable("GET", "/stories/sty-1", b"live=ab-5&wait=25")
    assert not cacheable("GET", "/", b"wait=3&live=1-2-3")
    assert cacheable("GET", "/stories/sty-1", b"live=ab-5")  # the interval poll's check
    assert cacheable("GET", "/stories/sty-1", b"live=ab-5&wait=0")
    assert cacheable("GET", "/search", b"q=await=1")
