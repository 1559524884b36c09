"""Every interface string in one place (`web/i18n.py`), in Russian and English:
the templates hold no words of their own and name only keys that exist, and an
English page shows no Russian interface text."""

from __future__ import annotations

import re
import typing
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.model import EntityType
from storyline.query.rows import StorySort
from storyline.query.view import EventLine
from storyline.web.i18n import _NOUNS, _TEXT, Strings

TEMPLATES = Path(str(resources.files("storyline.web") / "templates"))
# Keys the templates build from a prefix and a value ("status_" ~ f.status).
BUILT_KEYS = {
    "type_": typing.get_args(EntityType),
    "status_": ("consistent", "updated", "conflicting"),
    "sort_": tuple(s.value for s in StorySort),
}
# Interface strings shorter than this are left out of the English-page check:
# "С", "По", "нет" also occur inside article text.
SHORTEST_CHECKED = 4
# The language switch names the other language in that language ("English" / "Русский").
OTHER_LANGUAGE = "language"


def _templates() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(TEMPLATES.glob("*.html"))}


def test_templates_name_only_keys_that_exist() -> None:
    for name, text in _templates().items():
        for key in re.findall(r"""\bt\(\s*["']([a-z_A-Z]+)["']\s*\)""", text):
            assert key in _TEXT, (name, key)
        for noun in re.findall(r"""\bt\.n\([^()]*?,\s*["'](\w+)["']\s*\)""", text):
            assert noun in _NOUNS, (name, noun)
        for prefix in re.findall(r"""\bt\(\s*["']([a-z_]+_)["']\s*~""", text):
            assert prefix in BUILT_KEYS, (name, prefix)
            for value in BUILT_KEYS[prefix]:
                assert prefix + value in _TEXT, (name, prefix + value)


def test_templates_hold_no_russian_words() -> None:
    for name, text in _templates().items():
        words = re.findall(r"[А-Яа-яЁё]+", text)
        assert not words, (name, words)


def test_every_string_has_both_languages() -> None:
    for key, (ru, en) in _TEXT.items():
        assert ru.strip() and en.strip(), key
        if key != OTHER_LANGUAGE:
            assert not re.search(r"[А-Яа-яЁё]", en), (key, en)


@pytest.mark.parametrize(
    ("event", "ru", "en"),
    [
        (EventLine("до 2022-01-19", "t", [], None, "2022-01-19"), "до 2022-01-19", "until 2022-01-19"),
        (EventLine("2022-01-07", "t", [], "2022-01-07"), "2022-01-07", "2022-01-07"),
        (
            EventLine("2022-01-05 – 2022-01-07", "t", [], "2022-01-05", "2022-01-07"),
            "2022-01-05 – 2022-01-07",
            "2022-01-05 – 2022-01-07",
        ),
        (EventLine("—", "t", []), "—", "—"),
    ],
)
def test_an_events_date_in_both_languages(event: EventLine, ru: str, en: str) -> None:
    assert Strings("ru").when(event) == ru and Strings("en").when(event) == en


def _text_of(html: str) -> str:
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", "\n", html)


def test_english_pages_show_no_russian_interface_text(client: TestClient, story_id: str) -> None:
    story = client.get(f"/api/stories/{story_id}").json()
    articles = [a["citation"]["article_id"] for a in story["articles"]["items"]]
    data = " ".join(client.get(f"/api/articles/{a}").json()["text"] for a in articles)
    data += " " + " ".join(f["measure"] for f in story["facts"]["items"])
    checked = {
        ru
        for key, (ru, en) in _TEXT.items()
        if len(ru) >= SHORTEST_CHECKED
        and ru != en
        and key != OTHER_LANGUAGE
        and ru not in data
        and ru.lower() not in data.lower()
    }
    paths = [
        "/",
        f"/stories/{story_id}",
        f"/stories/{story_id}?since=2022-01-01",
        f"/articles/{articles[0]}",
        f"/threads/{story['threads']['items'][0]['thread_id']}",
        f"/entities/{story['entities'][0]['id']}",
        "/search?q=Токаев",
        "/rejections",
        "/stories/sty-x",
    ]
    client.get("/lang/en")
    for path in paths:
        text = _text_of(client.get(path).text)
        assert not [s for s in checked if s in text], path
        assert not re.search(r"<time>до ", client.get(path).text), path
    english = client.get(f"/stories/{story_id}").text
    assert "<time>until 2022-01-19</time>" in english  # the seeds' «до 19 января» event
    client.get("/lang/ru")
    assert "<time>до 2022-01-19</time>" in client.get(f"/stories/{story_id}").text
