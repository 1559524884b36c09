"""Live pages: the story list and a story page check a cheap marker. A long-polled
check (`?wait=S`, web/live.py) waits on the server until the store's write
generation moves and answers with the new content at once, or after S s with its
own element to ask again; the interval poll (the fallback) gets a bodiless 204
while nothing changed, and the new content once an article arrived; and a server
of several processes serves every one of them the new article."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import threading
import time
import urllib.request
from pathlib import Path

from fastapi.testclient import TestClient

from storyline.web.catalog import Catalog
from storyline.web.live import GenerationWaiter

from .conftest import LIVE_TOKEN, TOKEN
from .test_api import ARTICLE

HX = {"HX-Request": "true"}
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# A second article for the story ARTICLE joins (posted once the models are loaded).
LATER = {
    **ARTICLE,
    "id": "api-kz-2",
    "title": "Миротворцы ОДКБ начали покидать Казахстан",
    "text": (
        "Миротворцы ОДКБ 13 января 2022 года начали покидать Казахстан, сообщил президент "
        "Касым-Жомарт Токаев. Российские военнослужащие вернутся на базы в ближайшие дни."
    ),
    "published": "2022-01-13",
}
# Seconds a long-polled check may take past the commit that changed its page: the
# waiter looks every GENERATION_CHECK_S (0.25 s), the rest is the render on a loaded
# two-core machine.
ANSWER_AFTER_COMMIT_S = 5.0


def _poll_url(html: str, element: str) -> str:
    """The interval poll's URL (the fallback a long-polled page keeps in data-poll-url)."""
    tag = re.search(rf'<div class="live" id="{element}"[^>]*>', html)
    assert tag, f"no #{element} poller"
    found = re.search(r'data-poll-url="([^"]+)"', tag.group(0)) or re.search(
        r'hx-get="([^"]+)"', tag.group(0)
    )
    assert found
    return found.group(1).replace("&amp;", "&")


def _wait_url(html: str, element: str) -> str:
    found = re.search(rf'<div class="live" id="{element}" hx-get="([^"]+)" hx-trigger="load"', html)
    assert found, f"no long-polled #{element}"
    return found.group(1).replace("&amp;", "&")


def test_an_unchanged_long_polled_check_waits_then_renews_itself(client: TestClient, story_id: str) -> None:
    for path, element in (("/", "list-live"), (f"/stories/{story_id}", "story-live")):
        url = _wait_url(client.get(path).text, element)
        assert "wait=25" in url
        started = time.monotonic()
        renewed = client.get(url.replace("wait=25", "wait=1"), headers=HX)
        assert 1.0 <= time.monotonic() - started < 10
        assert renewed.status_code == 200
        assert renewed.headers["HX-Retarget"] == "#" + element
        assert renewed.headers["HX-Reswap"] == "outerHTML"
        assert _wait_url(renewed.text, element) == url  # the same check again, asked on load


def test_a_long_polled_check_answers_when_an_article_is_written(client: TestClient) -> None:
    first = client.post("/api/articles", json=ARTICLE, headers=AUTH)  # the writer's models loaded
    assert first.status_code == 201, first.text
    story = first.json()["story_id"]
    waiting = {
        "list-live": _wait_url(client.get("/").text, "list-live"),
        "story-live": _wait_url(client.get(f"/stories/{story}").text, "story-live"),
    }
    answers: dict[str, tuple[float, int, bool, str]] = {}

    def check(element: str) -> None:
        got = client.get(waiting[element], headers=HX)
        answers[element] = (time.monotonic(), got.status_code, "HX-Retarget" in got.headers, got.text)

    threads = [threading.Thread(target=check, args=(e,)) for e in waiting]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # both checks are waiting on the server
    assert not answers
    posted = client.post("/api/articles", json=LATER, headers=AUTH)
    committed = time.monotonic()
    assert posted.status_code == 201, posted.text
    for thread in threads:
        thread.join(timeout=60)
    joined = posted.json()["story_id"] == story
    for element in ("list-live", "story-live") if joined else ("list-live",):
        at, status, renewed, text = answers[element]
        assert status == 200 and not renewed, (element, status, text[:200])
        assert at - committed < ANSWER_AFTER_COMMIT_S, (element, at - committed)
    assert "story-row" in answers["list-live"][3]
    if joined:
        assert "api-kz-2" in answers["story-live"][3] and "live-note" in answers["story-live"][3]


def test_the_waiter_wakes_on_another_connections_commit(web_db: Path) -> None:
    catalog = Catalog(web_db)
    waiter = GenerationWaiter(catalog.generation, check_s=0.05)

    async def run() -> tuple[int, int, float, int]:
        seen = waiter.current()
        idle = await waiter.wait_past(seen, 0.3)  # nothing committed: the timeout

        def commit() -> None:
            with sqlite3.connect(web_db) as other:  # another process's writer, as far as SQLite knows
                other.execute("CREATE TABLE IF NOT EXISTS live_probe (x)")

        loop = asyncio.get_running_loop()
        loop.call_later(0.3, commit)
        started = time.monotonic()
        moved = await waiter.wait_past(seen, 10)
        took = time.monotonic() - started
        checks = waiter.checks
        await asyncio.sleep(0.3)  # no one waits: the checking task has ended
        return idle - seen, moved - seen, took, waiter.checks - checks

    try:
        idle, moved, took, later_checks = asyncio.run(run())
    finally:
        catalog.close()
    assert idle == 0 and moved > 0
    assert took < 3.0
    assert later_checks <= 1


def test_a_commit_counted_before_the_checking_task_starts_wakes_the_wait() -> None:
    """The generation moves between a waiter's look and the checking task's first one
    (a commit that another request's read on the loop counted): the task must start
    from what the waiter saw, else it takes the new generation as its own starting
    point and the wait sleeps through the commit until its timeout."""
    looks = iter([7])  # the waiter's first look sees 7; every later one 8, the commit

    def generation() -> int:
        return next(looks, 8)

    waiter = GenerationWaiter(generation, check_s=0.01)

    async def run() -> tuple[int, float]:
        started = time.monotonic()
        moved = await waiter.wait_past(7, 5.0)
        return moved, time.monotonic() - started

    moved, took = asyncio.run(run())
    assert moved == 8
    assert took < 1.0, f"woken only by the timeout ({took:.2f} s)"


def test_the_story_list_polls_and_gets_new_rows(client: TestClient) -> None:
    url = _poll_url(client.get("/").text, "list-live")
    assert "live=" in url
    assert client.get(url, headers=HX).status_code == 204  # nothing new
    posted = client.post("/api/articles", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
    assert posted.status_code == 201, posted.text
    fresh = client.get(url, headers=HX)
    assert fresh.status_code == 200 and "<html" not in fresh.text and "story-row" in fresh.text
    assert _poll_url(fresh.text, "list-live") != url  # the next poll holds the new marker
    assert client.get(_poll_url(fresh.text, "list-live"), headers=HX).status_code == 204


def test_a_story_page_polls_and_gets_its_new_body(client: TestClient, story_id: str) -> None:
    page = client.get(f"/stories/{story_id}").text
    url = _poll_url(page, "story-live")
    assert client.get(url, headers=HX).status_code == 204
    posted = client.post("/api/articles", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
    if posted.json()["story_id"] != story_id:
        assert client.get(url, headers=HX).status_code == 204  # another story changed, not this one
        return
    fresh = client.get(url, headers=HX)
    assert fresh.status_code == 200 and fresh.text.lstrip().startswith('<div id="story-body">')
    assert "live-note" in fresh.text and "api-kz-1" in fresh.text


def test_the_poll_keeps_the_filters_and_can_be_turned_off(client: TestClient, web_db) -> None:  # type: ignore[no-untyped-def]
    url = _poll_url(client.get("/?sort=size&date_from=2022-01-01").text, "list-live")
    assert "sort=size" in url and "date_from=2022-01-01" in url
    from storyline.web.app import create_app

    with TestClient(create_app(web_db, live_poll_s=0)) as quiet:
        assert 'class="live"' not in quiet.get("/").text
    with TestClient(create_app(web_db, live_poll_s=4, live_wait_s=0)) as polling:  # no long poll
        assert 'hx-trigger="every 4s"' in polling.get("/").text and "wait=" not in polling.get("/").text


def test_every_server_process_sees_a_post(live_workers: str) -> None:
    body = json.dumps(ARTICLE).encode()
    request = urllib.request.Request(
        live_workers + "/api/articles",
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {LIVE_TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=300) as response:
        assert response.status == 201
    for _ in range(12):  # new connections: the kernel spreads them over both processes
        with urllib.request.urlopen(live_workers + "/api/articles/api-kz-1", timeout=60) as answer:
            assert json.loads(answer.read())["id"] == "api-kz-1"
