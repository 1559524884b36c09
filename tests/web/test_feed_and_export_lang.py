"""The Atom feed and the markdown export follow a language (`?lang=en`, the pages'
language cookie, `storyline export --lang en`): in English their own words are
English and what they quote from the articles stays Russian, marked as such; in
Russian they are the documents they always were. The JSON export is data and has
no language."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from fastapi.testclient import TestClient

from storyline.export.report_words import ReportWords
from tests.test_cli import STORYLINE
from tests.web.atom_rules import A, problems

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MARKED_SPAN = re.compile(r'<span lang="ru">[^<]*</span>')


def _unmarked_text(node: ET.Element) -> list[str]:
    """The feed's text a reader sees outside elements marked xml:lang="ru" (an
    entry's id is an IRI made of its parts, not words to read)."""
    if node.get(XML_LANG) == "ru" or node.tag == f"{A}id":
        return [node.tail or ""]
    found = [node.text or ""]
    for child in node:
        found += _unmarked_text(child)
    return [*found, node.tail or ""]


def _feed(client: TestClient, story_id: str, query: str = "") -> ET.Element:
    response = client.get(f"/stories/{story_id}/feed.atom{query}")
    assert response.status_code == 200
    assert problems(response.content) == []  # valid Atom in either language
    return ET.fromstring(response.content)


def test_an_english_feed_speaks_english_and_marks_what_it_quotes(client: TestClient, story_id: str) -> None:
    feed = _feed(client, story_id, "?lang=en")
    assert feed.get(XML_LANG) == "en"
    leftover = [t for t in _unmarked_text(feed) if CYRILLIC.search(t)]
    assert leftover == []
    marked = [el.text or "" for el in feed.iter() if el.get(XML_LANG) == "ru"]
    assert marked and any(CYRILLIC.search(text) for text in marked)  # the articles' words, kept
    threads = [e for e in feed.findall(f"{A}entry") if "/thread/" in (e.findtext(f"{A}id") or "")]
    assert threads
    for entry in threads:
        title = entry.find(f"{A}title")
        assert title is not None and title.get("type") == "xhtml"
        assert "".join(title.itertext()).startswith("New thread: ")
        count = "".join(entry.find(f"{A}summary").itertext()).split(" · ")[0]  # type: ignore[union-attr]
        assert re.fullmatch(r"1 article|\d+ articles", count), count
    self_link = next(link for link in feed.findall(f"{A}link") if link.get("rel") == "self")
    assert self_link.get("href", "").endswith("/feed.atom?lang=en")


def test_the_feed_takes_the_readers_language_cookie_and_the_same_ids(
    client: TestClient, story_id: str
) -> None:
    russian = _feed(client, story_id)
    client.cookies.set("lang", "en")
    english = _feed(client, story_id)
    assert english.get(XML_LANG) == "en" and russian.get(XML_LANG) == "ru"
    # the same entries, one language or the other: a reader switching keeps its read marks
    assert [e.findtext(f"{A}id") for e in english.findall(f"{A}entry")] == [
        e.findtext(f"{A}id") for e in russian.findall(f"{A}entry")
    ]
    assert all(el.get("type") is None for el in russian.iter(f"{A}title"))  # Russian: plain text


def test_a_bad_language_is_a_json_422(client: TestClient, story_id: str) -> None:
    for url in (
        f"/stories/{story_id}/feed.atom?lang=de",
        f"/api/stories/{story_id}/export?format=markdown&lang=de",
    ):
        response = client.get(url)
        assert response.status_code == 422 and "lang" in response.json()["error"]


def _markdown(client: TestClient, story_id: str, query: str) -> str:
    response = client.get(f"/api/stories/{story_id}/export?format=markdown{query}")
    assert response.status_code == 200
    return response.text


def _check_english_report(text: str) -> None:
    assert MARKED_SPAN.search(text)  # what the report quotes, marked
    outside = MARKED_SPAN.sub("", text)
    assert not CYRILLIC.search(outside), CYRILLIC.search(outside) and outside[:2000]
    words = ReportWords("en")
    assert f"### {words.title('timeline')}" in text and f"### {words.title('facts')}" in text


def test_the_markdown_export_follows_the_language(client: TestClient, story_id: str) -> None:
    russian = _markdown(client, story_id, "")
    assert "### Хронология" in russian and "<span lang=" not in russian  # unchanged in Russian
    _check_english_report(_markdown(client, story_id, "&lang=en"))
    client.cookies.set("lang", "en")
    assert _markdown(client, story_id, "") == _markdown(client, story_id, "&lang=en")
    json_en = client.get(f"/api/stories/{story_id}/export?format=json&lang=en").json()
    client.cookies.set("lang", "ru")
    assert client.get(f"/api/stories/{story_id}/export?format=json").json() == json_en  # data: no language


def test_the_cli_report_in_english(web_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    run = [STORYLINE, "export", "--db", str(web_db), "--format", "markdown", "--lang", "en", "-o", str(out)]
    subprocess.run(run, capture_output=True, text=True, check=True, timeout=600)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Stories\n")
    _check_english_report(text)
    refused = subprocess.run(
        [STORYLINE, "export", "--db", str(web_db), "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and "--lang" in refused.stderr
