"""Server-rendered pages over the seeds database (the browser tests drive them live)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from storyline.web.i18n import Strings


def test_story_list_page(client: TestClient, story_id: str) -> None:
    html = client.get("/").text
    assert f'href="/stories/{story_id}"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html and f"/stories/{story_id}/feed.atom" in html
    assert "5 статей" in html and 'class="sparkline"' in html
    partial = client.get("/", params={"sort": "size"}, headers={"HX-Request": "true"}).text
    assert "<html" not in partial and f"/stories/{story_id}" in partial


def test_story_page_sections(client: TestClient, story_id: str) -> None:
    html = client.get(f"/stories/{story_id}").text
    assert 'id="timeline-chart"' in html and 'id="timeline-data"' in html
    assert 'class="fact status-updated" data-subject="Россия"' in html
    assert "обновлено" in html and 'class="chip chip-PER"' in html and 'id="since-toggle"' in html
    assert "?at=" in html  # values link to their sentences
    since = client.get(f"/stories/{story_id}", params={"since": "2022-02-01"}).text
    assert "Показано с" in since and 'data-subject="Россия"' not in since


def test_article_reader_marks_the_target_sentence(client: TestClient, story_id: str) -> None:
    story = client.get(f"/api/stories/{story_id}").json()
    russia = next(f for f in story["facts"]["items"] if f["subject"] == "Россия")
    value = russia["values"][0]
    html = client.get(f"/articles/{value['citation']['article_id']}", params={"at": value["start"]}).text
    target = html.split('id="at"', 1)[1].split("</span>", 1)[0]
    assert "target" in html.split('id="at"', 1)[0][-80:]
    assert value["text"].split()[0] in html.split('id="at"', 1)[1][:2000]
    assert 'class="sent novelty-' in html and 'class="ent ent-' in html and target


def test_entity_search_and_rejection_pages(client: TestClient) -> None:
    entity = client.get("/api/entities", params={"type": "PER"}).json()["items"][0]
    html = client.get(f"/entities/{entity['id']}").text
    assert entity["name"] in html and "/stories/" in html
    search = client.get("/search", params={"q": "Токаеву"}).text
    assert "<mark>Токаев" in search and "По источникам" in search
    assert client.get("/rejections").status_code == 200
    assert client.get("/entities/nope").status_code == 404 and "<html" in client.get("/entities/nope").text


def test_english_switch(client: TestClient) -> None:
    client.get("/lang/en")
    html = client.get("/").text
    assert '<html lang="en">' in html and "5 articles" in html and "Stories" in html


def test_plurals_agree() -> None:
    ru, en = Strings("ru"), Strings("en")
    assert [ru.n(n, "articles") for n in (1, 2, 5, 11, 21, 22)] == [
        "1 статья",
        "2 статьи",
        "5 статей",
        "11 статей",
        "21 статья",
        "22 статьи",
    ]
    assert [en.n(n, "stories") for n in (1, 2)] == ["1 story", "2 stories"]
