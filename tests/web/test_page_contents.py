"""What issue #11 asks each page to show, checked on the seeds' pages: the reader's
repeated sentences link to where they were told first and its dates and figures
are marked; the entity page has aliases, roles, stories and mentions; the
rejections page says why an input was not ingested; the story page's ledger marks
updated rows and its articles carry a share of new sentences."""

from __future__ import annotations

import html as html_module
import re

from fastapi.testclient import TestClient

from tests.web.conftest import TOKEN


def _articles(client: TestClient, story_id: str) -> list[dict]:  # type: ignore[type-arg]
    story = client.get(f"/api/stories/{story_id}").json()
    return [
        client.get(f"/api/articles/{a['citation']['article_id']}").json() for a in story["articles"]["items"]
    ]


def test_a_repeated_sentence_links_to_where_it_was_told_first(client: TestClient, story_id: str) -> None:
    articles = _articles(client, story_id)
    article, sentence = next(
        (a, s) for a in articles for s in a["sentences"] if s["novelty"] == "repeated" and s["repeats"]
    )
    html = client.get(f"/articles/{article['id']}").text
    span = html.split(f'id="s-{sentence["index"]}"', 1)[1].split('<span class="sent', 1)[0]
    assert f'class="first-told" href="/articles/{sentence["repeats"][0]}"' in span
    assert 'class="sent novelty-repeated"' in html.split(f'id="s-{sentence["index"]}"', 1)[0][-60:]


def test_the_reader_marks_entities_dates_and_figures(client: TestClient, story_id: str) -> None:
    articles = _articles(client, story_id)
    article = next(a for a in articles if a["annotation"]["dates"] and a["annotation"]["quantities"])
    html = client.get(f"/articles/{article['id']}").text
    assert '<mark class="date">' in html and '<mark class="qty">' in html
    linked = re.findall(r'<a class="ent ent-(PER|ORG|LOC)" href="/entities/(ent-\d+)">', html)
    assert linked and all(client.get(f"/entities/{e}").status_code == 200 for _, e in linked[:3])
    for novelty in ("new", "repeated", "updated"):
        assert f"novelty-{novelty}" in html  # the legend names every colour


def test_the_entity_page_has_aliases_roles_stories_and_mentions(client: TestClient) -> None:
    people = client.get("/api/entities", params={"type": "PER", "limit": 200}).json()["items"]
    entity = next(e for e in people if e["aliases"])
    detail = client.get(f"/api/entities/{entity['id']}").json()
    html = client.get(f"/entities/{entity['id']}").text
    assert detail["aliases"][0] in html and "Также пишут" in html
    if detail["roles"]:
        assert detail["roles"][0] in html and "Роли" in html
    assert 'class="sparkline" data-volume=' in html  # each story over time
    mention = detail["mentions"][0]
    assert f'href="/articles/{mention["article_id"]}?at={mention["start"]}#at"' in html


def test_the_rejections_page_says_why(client: TestClient) -> None:
    response = client.post(
        "/api/articles",
        json={"id": "rej-1", "text": "Текст.", "published": "не дата"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 422
    html = client.get("/rejections").text
    row = html.split("POST /api/articles id=rej-1 ", 1)[1].split("</tr>", 1)[0]  # which article, and why
    assert 'data-code="bad_date"' in row and "дата публикации «не дата» не читается" in row  # in Russian


def test_the_ledger_marks_updates_and_the_articles_their_new_share(client: TestClient, story_id: str) -> None:
    html = client.get(f"/stories/{story_id}").text
    assert re.search(r'<tr id="fact-\d+" class="fact status-updated"', html)
    css = client.get("/static/style.css").text
    assert ".status-updated" in css and ".status-conflicting" in css  # both stand out
    shares = re.findall(r'<span class="share"[^>]*>(\d+)%</span>', html)
    assert shares and all(0 <= int(s) <= 100 for s in shares) and any(int(s) < 100 for s in shares)


def test_changes_list_the_new_threads(client: TestClient, story_id: str) -> None:
    story = client.get(f"/api/stories/{story_id}").json()
    changes = client.get(f"/api/stories/{story_id}/changes", params={"since": "2022-01-01"}).json()
    threads = {t["thread_id"] for t in story["threads"]["items"]}
    assert changes["threads"] and {t["id"] for t in changes["threads"]} <= threads
    assert changes["events"]
    later = client.get(f"/api/stories/{story_id}/changes", params={"since": "2022-02-01"}).json()
    assert later["threads"] == [] and later["events"] == []


def test_quotes_are_grouped_by_speaker(client: TestClient, story_id: str) -> None:
    story = client.get(f"/api/stories/{story_id}").json()
    groups = story["quotes"]["items"]
    assert groups
    html = client.get(f"/stories/{story_id}").text.split('id="quotes"', 1)[1].split("</section>", 1)[0]
    speakers = re.findall(r'<div class="speaker"><h3>(?:<span lang="ru">)?([^<]+?)(?:</span>)? <small>', html)
    assert [html_module.unescape(s) for s in speakers] == [g["speaker"] for g in groups]
