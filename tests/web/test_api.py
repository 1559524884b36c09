"""The JSON API over the seeds database: every endpoint, its paging, its errors."""

from __future__ import annotations

import logging
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.web.api import MAX_OFFSET, MAX_PAGE
from tests.web.conftest import TOKEN

ATOM = "{http://www.w3.org/2005/Atom}"


def test_story_list_items_carry_counts_span_and_volume(client: TestClient) -> None:
    body = client.get("/api/stories").json()
    assert body["total"] == len(body["items"]) >= 1
    item = body["items"][0]
    assert item["articles"] == 5 and item["threads"] >= 1
    assert item["first_published"] == "2022-01" and isinstance(item["volume"], list)
    assert {"title", "sources", "last_published"} <= item.keys()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"date_from": "2022-01-01"}, 1),
        ({"date_from": "2022-02-01"}, 0),
        ({"date_to": "2021-12-31"}, 0),
        ({"q": "Токаеву"}, 1),
        ({"q": "бегемот"}, 0),
        ({"updated_since": "2000-01-01T00:00:00Z"}, 1),
        ({"updated_since": "2999-01-01T00:00:00"}, 0),
        ({"source": "nowhere.example"}, 0),
        ({"sort": "size"}, 1),
        ({"sort": "activity"}, 1),
    ],
)
def test_story_list_filters(client: TestClient, params: dict[str, str], expected: int) -> None:
    response = client.get("/api/stories", params=params)
    assert response.status_code == 200, response.text
    assert response.json()["total"] == expected


def test_story_list_entity_filter(client: TestClient) -> None:
    entity = client.get("/api/entities", params={"limit": 1}).json()["items"][0]
    assert client.get("/api/stories", params={"entity": entity["id"]}).json()["total"] == 1
    assert client.get("/api/stories", params={"entity": "ent-999999"}).json()["total"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {"limit": MAX_PAGE + 1},
        {"limit": 0},
        {"offset": -1},
        {"sort": "alphabet"},
        {"date_from": "07.01.2022"},
        {"date_from": "2022-13-45"},
        {"updated_since": "yesterday"},
    ],
)
def test_bad_parameters_are_a_json_422(client: TestClient, params: dict[str, str | int]) -> None:
    response = client.get("/api/stories", params=params)
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"error"} and body["error"] and "Traceback" not in body["error"]


def test_story_has_every_section_and_value_spans(client: TestClient, story_id: str) -> None:
    body = client.get(f"/api/stories/{story_id}").json()
    assert {
        "header",
        "summary",
        "timeline",
        "facts",
        "quotes",
        "threads",
        "articles",
        "entities",
    } <= body.keys()
    russia = [f for f in body["facts"]["items"] if f["subject"] == "Россия"]
    assert russia and russia[0]["status"] == "updated"
    assert russia[0]["reports"] >= 2 and russia[0]["single_report"] is False
    for fact in body["facts"]["items"]:
        cited = {v["citation"]["article_id"] for v in fact["values"]}
        assert fact["reports"] >= len(cited) >= 1
        assert fact["single_report"] is (fact["status"] == "consistent" and fact["reports"] == 1)
    value = russia[0]["values"][0]
    article = client.get(f"/api/articles/{value['citation']['article_id']}").json()
    assert value["text"].replace(" ", "") in article["text"][value["start"] : value["end"] + 8].replace(
        " ", ""
    )


def test_unknown_ids_are_json_404(client: TestClient) -> None:
    for path in (
        "/api/stories/sty-x",
        "/api/threads/thr-x",
        "/api/articles/a-x",
        "/api/entities/ent-x",
        "/api/stories/sty-x/changes?since=2022-01-01",
        "/api/stories/sty-x/export",
        "/api/nothing",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "error" in response.json()


def test_changes_since_a_day(client: TestClient, story_id: str) -> None:
    body = client.get(f"/api/stories/{story_id}/changes", params={"since": "2022-01-01"}).json()
    assert body["since"] == "2022-01-01" and len(body["articles"]) == 5
    assert body["sentences"] and all(s["novelty"] in ("new", "updated") for s in body["sentences"])
    assert any(f["subject"] == "Россия" for f in body["facts"])
    later = client.get(f"/api/stories/{story_id}/changes", params={"since": "2022-02-01"}).json()
    assert later["articles"] == [] and later["sentences"] == [] and later["facts"] == []
    assert client.get(f"/api/stories/{story_id}/changes").status_code == 422


def test_thread_and_article(client: TestClient, story_id: str) -> None:
    story = client.get(f"/api/stories/{story_id}").json()
    thread_id = story["threads"]["items"][0]["thread_id"]
    thread = client.get(f"/api/threads/{thread_id}").json()
    assert thread["story_id"] == story_id and thread["articles"]
    article = client.get(f"/api/articles/{thread['articles'][0]['id']}").json()
    assert article["thread_id"] == thread_id and article["story_id"] == story_id
    assert article["annotation"]["entities"] and article["annotation"]["tokens"] == []
    assert article["sentences"] and {s["novelty"] for s in article["sentences"]} <= {
        "new",
        "repeated",
        "updated",
        None,
    }


def test_entities_paged_by_mentions(client: TestClient) -> None:
    first = client.get("/api/entities", params={"limit": 3}).json()
    counts = [e["mention_count"] for e in first["items"]]
    assert counts == sorted(counts, reverse=True) and first["next_offset"] == 3
    second = client.get("/api/entities", params={"limit": 3, "offset": 3}).json()
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}
    assert client.get("/api/entities", params={"type": "XYZ"}).status_code == 422


def test_entity_detail(client: TestClient) -> None:
    people = client.get("/api/entities", params={"type": "PER"}).json()["items"]
    tokayev = next(e for e in people if "Токаев" in e["name"])
    body = client.get(f"/api/entities/{tokayev['id']}").json()
    assert body["stories"] and body["stories_total"] == 1
    assert body["mentions"] and all("Токаев" in m["text"] for m in body["mentions"])
    assert "aliases" in body and "roles" in body


def test_export_json_and_markdown(client: TestClient, story_id: str) -> None:
    md = client.get(f"/api/stories/{story_id}/export", params={"format": "markdown"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("## ")
    js = client.get(f"/api/stories/{story_id}/export")
    assert js.json()["header"]["story_id"] == story_id
    assert client.get(f"/api/stories/{story_id}/export", params={"format": "pdf"}).status_code == 422


def test_atom_feed_has_rfc4287_required_elements(client: TestClient, story_id: str) -> None:
    response = client.get(f"/stories/{story_id}/feed.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None  # no entry has its own author
    assert any(link.get("rel") == "self" for link in feed.findall(f"{ATOM}link"))
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    ids = []
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        updated = entry.findtext(f"{ATOM}updated") or ""
        assert len(updated) == 20 and updated.endswith("Z") and updated[10] == "T"
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids))
    assert any("Россия" in (e.findtext(f"{ATOM}title") or "") for e in entries)
    again = ET.fromstring(client.get(f"/stories/{story_id}/feed.atom").content)
    assert [e.findtext(f"{ATOM}id") for e in again.findall(f"{ATOM}entry")] == ids  # ids are permanent


def test_openapi_documents_every_endpoint_with_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/stories/{story_id}/changes",
        "/api/threads/{thread_id}",
        "/api/articles/{article_id}",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/search",
        "/api/stories/{story_id}/export",
        "/stories/{story_id}/feed.atom",
        "/api/articles",
    ):
        assert path in spec["paths"], path
    assert (
        "example" in spec["paths"]["/api/stories"]["get"]["responses"]["200"]["content"]["application/json"]
    )
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "<script>" not in docs.text and "cdn" not in docs.text.lower()
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_errors_never_carry_a_stack_trace(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": '"" ,,, '})
    assert response.status_code == 422 and "Traceback" not in response.text


# ---------------------------------------------------------------- POST /api/articles

ARTICLE = {
    "id": "api-kz-1",
    "title": "Токаев заявил о стабилизации обстановки",
    "text": (
        "Президент Казахстана Касым-Жомарт Токаев 10 января 2022 года заявил, что обстановка в стране "
        "стабилизирована. По словам Токаева, миротворцы ОДКБ покинут Казахстан в ближайшие дни. "
        "Россия направила в Казахстан около 3000 военнослужащих."
    ),
    "published": "2022-01-10",
    "source": "example.kz",
}


def test_post_needs_a_bearer_token(client: TestClient) -> None:
    assert client.post("/api/articles", json=ARTICLE).status_code == 401
    assert (
        client.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer nope"}).status_code
        == 403
    )


def test_post_is_refused_when_no_token_is_configured(web_db) -> None:  # type: ignore[no-untyped-def]
    from storyline.web.app import create_app

    with TestClient(create_app(web_db, token=None)) as c:
        assert c.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer x"}).status_code == 403


def test_post_stores_processes_and_places_the_article(client: TestClient, story_id: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = client.get(f"/api/stories/{story_id}").json()["header"]["articles"]  # now cached
    page_before = client.get(f"/stories/{story_id}").text
    response = client.post("/api/articles", json=ARTICLE, headers=auth)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["article_id"] == "api-kz-1" and body["thread_id"] and body["story_id"]
    assert client.get("/api/articles/api-kz-1").json()["story_id"] == body["story_id"]
    if body["story_id"] == story_id:  # joined the seeds' story: the cached views must not be served
        assert client.get(f"/api/stories/{story_id}").json()["header"]["articles"] == before + 1
        assert client.get(f"/stories/{story_id}").text != page_before
    hits = client.get("/api/search", params={"q": "стабилизировать"}).json()
    assert "api-kz-1" in [h["article_id"] for h in hits["items"]]  # the writer indexed it
    again = client.post("/api/articles", json=ARTICLE, headers=auth)
    assert again.status_code == 200 and again.json()["duplicate"] is True


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"id": "x1", "text": ""}, 422, "text"),
        ({"id": "x2", "text": "Текст.", "published": "не дата"}, 422, "published"),
        ([1, 2], 422, "object"),
    ],
)
def test_post_a_bad_article_gets_the_reason(
    client: TestClient, body: object, status: int, words: str
) -> None:
    response = client.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == status, response.text
    assert words in response.json()["error"]


def test_post_an_id_reused_for_another_text(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    existing = client.get("/api/stories").json()["items"][0]["id"]
    article_id = client.get(f"/api/stories/{existing}").json()["articles"]["items"][0]["citation"][
        "article_id"
    ]
    response = client.post(
        "/api/articles", json={"id": article_id, "text": "Совсем другой текст о погоде."}, headers=auth
    )
    assert response.status_code == 422 and "already used" in response.json()["error"]


def test_post_body_is_capped(client: TestClient) -> None:
    from storyline.web.api import MAX_BODY_BYTES

    big = b'{"text": "' + b"a" * (MAX_BODY_BYTES + 10) + b'"}'
    response = client.post(
        "/api/articles",
        content=big,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    bad = client.post("/api/articles", content=b"{not json", headers={"Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 400 and "JSON" in bad.json()["error"]


def _success(operation: dict[str, Any]) -> dict[str, Any]:
    responses = operation["responses"]
    return responses.get("200") or responses["201"]  # type: ignore[no-any-return]


def test_every_operation_has_an_example_of_each_answer_it_gives(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            content = _success(operation).get("content", {})
            assert content, (method, path)
            for media, body in content.items():
                assert "example" in body, (method, path, media)


@pytest.mark.parametrize(
    ("template", "path"),
    [
        ("/api/stories", "/api/stories"),
        ("/api/stories/{story_id}", "/api/stories/{story}"),
        ("/api/stories/{story_id}/changes", "/api/stories/{story}/changes?since=2022-01-01"),
        ("/api/stories/{story_id}/export", "/api/stories/{story}/export"),
        ("/api/threads/{thread_id}", "/api/threads/{thread}"),
        ("/api/articles/{article_id}", "/api/articles/{article}"),
        ("/api/entities", "/api/entities"),
        ("/api/entities/{entity_id}", "/api/entities/{entity}"),
        ("/api/search", "/api/search?q=Токаев"),
    ],
)
def test_examples_name_only_fields_the_answers_have(
    client: TestClient, story_id: str, template: str, path: str
) -> None:
    """An example in the OpenAPI document shows the answer's real fields (no drift)."""
    spec = client.get("/openapi.json").json()
    example = _success(spec["paths"][template]["get"])["content"]["application/json"]["example"]
    story = client.get(f"/api/stories/{story_id}").json()
    thread = story["threads"]["items"][0]["thread_id"]
    article = story["articles"]["items"][0]["citation"]["article_id"]
    entity = story["entities"][0]["id"]
    answer = client.get(path.format(story=story_id, thread=thread, article=article, entity=entity)).json()
    assert set(example) <= set(answer), set(example) - set(answer)
    for key in ("items", "stories", "mentions"):
        if example.get(key) and answer.get(key):
            assert set(example[key][0]) <= set(answer[key][0]), (
                key,
                set(example[key][0]) - set(answer[key][0]),
            )


def test_an_unexpected_error_is_one_line_and_the_details_go_to_the_log(
    client: TestClient, web_db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A real fault under the server (a table gone from the database): the API answers
    a JSON 500 and a page an HTML 500, neither with a stack trace nor the fault's text."""
    with sqlite3.connect(web_db) as db:
        db.execute("DROP TABLE story_list")
    with caplog.at_level(logging.ERROR, logger="storyline.web"):
        api = client.get("/api/stories")
        page = client.get("/")
    assert api.status_code == 500 and set(api.json()) == {"error"}
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    for text in (api.text, page.text):
        assert "Traceback" not in text and "story_list" not in text
    assert "server log" in api.text  # the API's errors are English
    assert "журнале сервера" in page.text  # a page's are in its language (Russian by default)
    assert "no such table" in caplog.text  # the operator still learns what broke


@pytest.mark.parametrize(
    ("path", "base"), [("/api/stories", {}), ("/api/search", {"q": "Токаев"}), ("/api/entities", {})]
)
@pytest.mark.parametrize(
    "params",
    [{"limit": MAX_PAGE + 1}, {"limit": 0}, {"offset": MAX_OFFSET + 1}, {"offset": -1}, {"limit": "ten"}],
)
def test_every_list_caps_its_page_and_offset(
    client: TestClient, path: str, base: dict[str, str], params: dict[str, Any]
) -> None:
    response = client.get(path, params={**base, **params})
    assert response.status_code == 422, response.text
    assert set(response.json()) == {"error"}
    assert client.get(path, params={**base, "limit": MAX_PAGE}).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/?offset=100001",
        "/?date_from=07.01.2022",
        "/search?q=Токаев&offset=-1",
        "/search?q=Токаев&date_to=2022-1-7",
        "/rejections?offset=100001",
        "/stories/{story}?top=1001",
        "/stories/{story}?since=yesterday",
        "/articles/{article}?at=-5",
        "/?q=" + "д" * 501,
    ],
)
def test_pages_validate_their_parameters(client: TestClient, story_id: str, path: str) -> None:
    article = client.get(f"/api/stories/{story_id}").json()["articles"]["items"][0]["citation"]["article_id"]
    response = client.get(path.format(story=story_id, article=article))
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/api/stories/{story}?top=1001",
        "/api/stories/{story}?since=2022-01",
        "/api/stories/{story}/changes?since=07.01.2022",
        "/api/stories/{story}/export?format=pdf",
        "/api/entities?type=MISC",
        "/api/search?q=" + "д" * 501,
        "/api/search?q=Токаев&entity=" + "e" * 65,
    ],
)
def test_one_story_and_search_validate_their_parameters(client: TestClient, story_id: str, path: str) -> None:
    response = client.get(path.format(story=story_id))
    assert response.status_code == 422 and set(response.json()) == {"error"}, response.text


def test_a_method_the_path_does_not_take_is_a_json_405(client: TestClient, story_id: str) -> None:
    for method, path in (
        ("POST", "/api/stories"),
        ("DELETE", f"/api/stories/{story_id}"),
        ("GET", "/api/articles/"),
    ):
        response = client.request(method, path)
        assert response.status_code in (404, 405), (method, path)
        assert set(response.json()) == {"error"}, (method, path)
    assert client.post("/api/search", params={"q": "Токаев"}).status_code == 405
