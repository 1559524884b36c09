"""Headers, escaping, path traversal, read-only reads."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.web.app import CSP
from tests.web.conftest import TOKEN

XSS_TITLE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
XSS_TEXT = (
    "Президент Казахстана Касым-Жомарт Токаев 11 января 2022 года выступил в парламенте. "
    '<script>window.__pwned=3</script> <img src=x onerror="window.__pwned=4"> Он назвал нового премьера.'
)


def test_every_page_sends_the_security_headers(client: TestClient, story_id: str) -> None:
    story = client.get(f"/api/stories/{story_id}").json()
    article = story["articles"]["items"][0]["citation"]["article_id"]
    thread = story["threads"]["items"][0]["thread_id"]
    entity = story["entities"][0]["id"]
    for path in (
        "/",
        f"/stories/{story_id}",
        f"/articles/{article}",
        f"/threads/{thread}",
        f"/entities/{entity}",
        "/search?q=Токаев",
        "/rejections",
        f"/stories/{story_id}/feed.atom",
        f"/api/stories/{story_id}/export?format=markdown",
        "/api/stories",
        "/openapi.json",
        "/docs",
        "/static/app.js",
        "/api/stories/nope",
        "/stories/nope",
        "/?sort=bad",
    ):
        response = client.get(path)
        assert response.headers["content-security-policy"] == CSP, path
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"]
    assert "script-src 'self';" in CSP and "unsafe-inline" not in CSP.split("script-src")[1].split(";")[0]


def test_pages_have_no_inline_script_and_no_other_origin(client: TestClient, story_id: str) -> None:
    import re

    for path in ("/", f"/stories/{story_id}", "/search?q=Токаев", "/docs"):
        html = client.get(path).text
        for tag in re.findall(r"<script[^>]*>", html):
            assert 'src="/static/' in tag or 'type="application/json"' in tag, (path, tag)
        assert not re.search(r'(src|href)="(https?:)?//', html.replace('href="http', 'href="x')), path


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e%2f%2e%2e%2fcli.py",
        "/static//etc/passwd",
        "/static/vendor/../../app.py",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    ],
)
def test_static_files_cannot_be_left_by_path_traversal(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404, path
    assert "create_app" not in response.text and "root:" not in response.text


def test_posted_markup_is_escaped_everywhere(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = client.post(
        "/api/articles",
        json={"id": "xss-1", "title": XSS_TITLE, "text": XSS_TEXT, "published": "2022-01-11"},
        headers=auth,
    )
    assert response.status_code == 201, response.text
    story = response.json()["story_id"]
    thread = client.get("/api/articles/xss-1").json()["thread_id"]
    for path in (
        "/articles/xss-1",
        f"/stories/{story}",
        f"/threads/{thread}",
        "/search?q=парламент",
        "/",
        "/?q=парламент",
        f"/stories/{story}?since=2022-01-11",
    ):
        html = client.get(path).text
        assert "<script>window.__pwned" not in html, path
        assert "<img src=x" not in html, path
    assert "&lt;script&gt;" in client.get("/articles/xss-1").text
    feed = client.get(f"/stories/{story}/feed.atom").content
    assert b"<script>" not in feed and b"<img" not in feed  # the XML writer escapes titles too
    echoed = client.get("/search", params={"q": XSS_TITLE}).text  # a query is shown back, escaped
    assert "<script>window.__pwned" not in echoed and "<img src=x" not in echoed


def test_reads_use_read_only_connections(web_db: Path) -> None:
    from storyline.web.catalog import Catalog

    catalog = Catalog(web_db)
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            catalog.db.execute("DELETE FROM rejections")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            catalog.reader._db.execute("DELETE FROM rejections")
    finally:
        catalog.close()


def test_language_switch_only_redirects_within_the_site(client: TestClient) -> None:
    for target, expected in (
        ("/search?q=a", "/search?q=a"),
        ("//evil.example/", "/"),
        ("https://evil.example", "/"),
        ("/\\evil.example", "/"),
    ):
        response = client.get("/lang/en", params={"next": target}, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == expected, target
    assert client.get("/lang/fr", follow_redirects=False).status_code == 404
