"""The HTML thread page: the thread's own slice of its story, linked both ways."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def _threads(client: TestClient, story_id: str) -> list[dict]:  # type: ignore[type-arg]
    return list(client.get(f"/api/stories/{story_id}").json()["threads"]["items"])


def test_the_story_page_links_its_threads_to_their_pages(client: TestClient, story_id: str) -> None:
    page = client.get(f"/stories/{story_id}").text
    linked = re.findall(r'href="/threads/([^"]+)"', page)
    assert linked and set(linked) <= {t["thread_id"] for t in _threads(client, story_id)}


def test_a_thread_page_shows_only_its_articles(client: TestClient, story_id: str) -> None:
    threads = _threads(client, story_id)
    biggest = max(threads, key=lambda t: t["articles"])
    members = {a["id"] for a in client.get(f"/api/threads/{biggest['thread_id']}").json()["articles"]}
    response = client.get(f"/threads/{biggest['thread_id']}")
    assert response.status_code == 200
    html = response.text
    assert f'href="/stories/{story_id}"' in html
    section = html.split('id="articles"', 1)[1]
    shown = set(re.findall(r'href="/articles/([^"?#]+)"', section))
    assert shown == members
    # every event shown cites one of the thread's articles
    if 'id="timeline"' in html:
        events = html.split('id="timeline"', 1)[1].split("</section>", 1)[0]
        for item in re.findall(r"<li>(.*?)</li>", events, re.S):
            assert set(re.findall(r'href="/articles/([^"?#]+)"', item)) & members


def test_thread_navigation_follows_the_story_order(client: TestClient, story_id: str) -> None:
    threads = _threads(client, story_id)
    if len(threads) < 2:
        return
    first = client.get(f"/threads/{threads[0]['thread_id']}").text
    assert f'rel="next" href="/threads/{threads[1]["thread_id"]}"' in first and 'rel="prev"' not in first
    second = client.get(f"/threads/{threads[1]['thread_id']}").text
    assert f'rel="prev" href="/threads/{threads[0]["thread_id"]}"' in second
    assert f"2 из {len(threads)}" in second


def test_an_article_links_its_thread(client: TestClient, story_id: str) -> None:
    thread = _threads(client, story_id)[0]
    article = client.get(f"/api/threads/{thread['thread_id']}").json()["articles"][0]["id"]
    assert f'href="/threads/{thread["thread_id"]}"' in client.get(f"/articles/{article}").text


def test_an_unknown_thread_is_a_404_page(client: TestClient) -> None:
    response = client.get("/threads/nope")
    assert response.status_code == 404 and "nope" in response.text and "<html" in response.text


def test_the_thread_page_escapes_and_speaks_english(client: TestClient, story_id: str) -> None:
    thread = _threads(client, story_id)[0]
    client.cookies.set("lang", "en")
    html = client.get(f"/threads/{thread['thread_id']}").text
    assert "A thread of the story" in html and "<script>alert" not in html
