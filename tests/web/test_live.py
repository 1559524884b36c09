"""Live pages: the story list and a story page poll a cheap marker, get a bodiless
204 while nothing changed, and their new content once an article arrived; and a
server of several processes serves every one of them the new article."""

from __future__ import annotations

import json
import re
import urllib.request

from fastapi.testclient import TestClient

from .conftest import LIVE_TOKEN, TOKEN
from .test_api import ARTICLE

HX = {"HX-Request": "true"}


def _poll_url(html: str, element: str) -> str:
    found = re.search(rf'id="{element}" hx-get="([^"]+)"', html)
    assert found, f"no #{element} poller"
    return found.group(1).replace("&amp;", "&")


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
        assert 'hx-trigger="every' not in quiet.get("/").text


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
