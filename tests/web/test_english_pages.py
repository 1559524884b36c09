"""The English switch everywhere: every kind of page, read in English, shows Russian
only where it shows the articles (titles, text, names, quotes, figures' subjects),
and those parts say so with `lang`; figures, speakers and errors are worded in the
page's language; the JSON API's errors stay English."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from storyline.amount import Amount
from storyline.model import Article, Fact, FactValue, Story, StoryQuote
from storyline.query.story_view import build_story_view
from storyline.web.i18n import Lang, Strings
from storyline.web.pages import CONTENT_LANG, _env
from storyline.web.story_page import StoryPage

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Elements without an end tag: they open no scope for `lang`.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Attributes a reader sees or hears (tooltips, placeholders, labels a script shows).
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "data-first", "data-label"}


class _Interface(HTMLParser):
    """The Cyrillic a page shows outside elements marked as the articles' language."""

    def __init__(self, page_lang: str, data: list[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = [("", page_lang)]
        self.data = sorted(data, key=len, reverse=True)  # article-derived pieces of attributes
        self.skip = 0
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = values.get("lang") or self.stack[-1][1]
        if lang != CONTENT_LANG:
            for name in SHOWN_ATTRIBUTES & values.keys():
                shown = values[name] or ""
                for piece in self.data:
                    shown = shown.replace(piece, "")
                if CYRILLIC.search(shown):
                    self.found.append(f"<{tag} {name}={values[name]!r}>")
        if tag in ("script", "style"):
            self.skip += 1
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip -= 1
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if not self.skip and self.stack[-1][1] != CONTENT_LANG and CYRILLIC.search(data):
            self.found.append(" ".join(data.split()))


def russian_interface(html: str, page_lang: str = "en", data: list[str] | None = None) -> list[str]:
    """What of a page is Cyrillic and not marked as the articles' language."""
    parser = _Interface(page_lang, data or [])
    parser.feed(html)
    return parser.found


def test_the_checker_finds_unmarked_russian_and_passes_marked() -> None:
    assert russian_interface('<p>Hello <span lang="ru">Токаев</span></p>') == []
    assert russian_interface("<p>Hello не менее 26</p>") == ["Hello не менее 26"]
    assert russian_interface('<p lang="ru">Токаев <br> <b>сказал</b></p><i>ещё</i>') == ["ещё"]
    assert russian_interface('<a title="по словам X">x</a>') == ["<a title='по словам X'>"]
    assert russian_interface('<a title="Vlast · Токаев">x</a>', data=["Токаев"]) == []
    assert russian_interface("<script>var a = 'слово';</script>") == []


def _pages(client: TestClient, story_id: str) -> tuple[list[str], list[str]]:
    story = client.get(f"/api/stories/{story_id}").json()
    article = story["articles"]["items"][0]["citation"]["article_id"]
    thread = story["threads"]["items"][0]["thread_id"]
    entity = story["entities"][0]["id"]
    paths = [
        "/",
        "/?q=Токаев&sort=size",
        f"/stories/{story_id}",
        f"/stories/{story_id}?since=2022-01-07&top=0",
        f"/threads/{thread}",
        f"/articles/{article}",
        f"/articles/{article}?at=10",
        f"/entities/{entity}",
        "/search",
        "/search?q=Токаев",
        "/search?q=!!!",  # no words: the search's own error line
        "/rejections",
        "/stories/sty-missing",
        "/threads/thr-missing",
        "/articles/art-missing",
        "/entities/ent-missing",
        "/no-such-page",
        f"/stories/{story_id}?top=-1",
        "/?date_from=2022-02-30",
        "/lang/xx",
    ]
    data = [s["source"] for s in story["header"]["sources"] if s["source"]]
    data += [v["attributed_to"] for f in story["facts"]["items"] for v in f["values"] if v["attributed_to"]]
    return paths, data


def test_every_page_kind_in_english_shows_russian_only_in_article_content(
    client: TestClient, story_id: str
) -> None:
    paths, data = _pages(client, story_id)
    client.get("/lang/en")
    for path in paths:
        response = client.get(path)
        assert '<html lang="en">' in response.text, path
        assert russian_interface(response.text, "en", data) == [], (path, response.status_code)
    response = client.post("/")  # 405: a method the page does not take
    assert response.status_code == 405 and russian_interface(response.text) == []
    assert "This method is not allowed here" in response.text


def test_the_russian_pages_mark_the_same_parts(client: TestClient, story_id: str) -> None:
    """Article content is marked on the Russian pages too: one template for both."""
    html = client.get(f"/stories/{story_id}").text
    assert html.count(f'lang="{CONTENT_LANG}"') > 10


@pytest.mark.parametrize(
    ("amount", "ru", "en"),
    [
        (Amount("at_least", 26), "не менее 26", "at least 26"),
        (Amount("more_than", 3000), "более 3 000", "more than 3,000"),
        (Amount("additional", 1), "ещё 1", "another 1"),
        (Amount(None, 1400), "1 400", "1,400"),
        (Amount(None, None, 100, 300), "100–300", "100–300"),
        (Amount(None, None, 100), "от 100", "from 100"),
        (Amount("about", None, None, 300), "около до 300", "about up to 300"),
        (Amount(None, 2.5), "2.5", "2.5"),
        (Amount(), "?", "?"),
    ],
)
def test_a_figure_is_worded_in_each_language(amount: Amount, ru: str, en: str) -> None:
    assert (Strings("ru").amount(amount), Strings("en").amount(amount)) == (ru, en)


def test_the_story_pages_word_figures_in_their_language(client: TestClient, story_id: str) -> None:
    facts = client.get(f"/api/stories/{story_id}").json()["facts"]["items"]
    values = [v for f in facts for v in f["values"]]
    assert {v["amount"]["qualifier"] for v in values} >= {"at_least", "more_than", "additional"}
    russian = client.get(f"/stories/{story_id}").text
    shown = re.findall(r'<a class="value"[^>]*>([^<]*)</a>', russian)
    # In Russian the page shows what the terminal and the markdown report show.
    assert shown and set(shown) <= {v["text"] for v in values}
    assert "не менее 26" in shown and "ещё 1" in shown
    client.get("/lang/en")
    english = re.findall(r'<a class="value"[^>]*>([^<]*)</a>', client.get(f"/stories/{story_id}").text)
    assert len(english) == len(shown)
    assert {"at least 26", "another 1", "more than 3,000", "3,000"} <= set(english)
    assert not [v for v in english if CYRILLIC.search(v)]


def _rendered_quotes(lang: Lang) -> str:
    text = "«Мы работаем», — говорится в сообщении."
    article = Article(id="a", text=text, source="Vlast.kz", published="2022-01-07")
    start = text.index("Мы")
    story = Story("s", "t", ["a"], [], quotes=[StoryQuote("a", start, start + 11, None, None, "direct")])
    view = build_story_view(story, {"a": article}, {}, {})
    assert view.quotes.items[0].unknown
    page = StoryPage(view, [], {}, {}, [])
    return _env.get_template("_story_body.html").render(
        t=Strings(lang), view=view, data=page, charts=[], timeline_data={}, content_lang=CONTENT_LANG
    )


def test_a_quote_without_a_speaker_is_worded_in_the_page_language() -> None:
    english, russian = _rendered_quotes("en"), _rendered_quotes("ru")
    assert "<h3>unknown source <small>1 quote</small>" in english
    assert "<h3>неизвестный источник <small>1 цитата</small>" in russian
    assert russian_interface(english) == []


@pytest.mark.parametrize(
    ("path", "ru", "en"),
    [
        ("/stories/sty-x", "Сюжета «sty-x» нет", "There is no story “sty-x”"),
        ("/threads/thr-x", "Сюжетной линии «thr-x» нет", "There is no thread “thr-x”"),
        ("/articles/art-x", "Статьи «art-x» нет", "There is no article “art-x”"),
        ("/entities/ent-x", "Участника «ent-x» нет", "There is no entity “ent-x”"),
        ("/nothing-here", "Такой страницы нет", "There is no such page"),
        ("/stories/sty-x?top=-1", "Неверные параметры: top", "Invalid parameters: top"),
        (
            "/?date_from=2022-02-30",
            "date_from: «2022-02-30» — не дата",
            "date_from: “2022-02-30” is not a day",
        ),
        ("/lang/xx", "Языка «xx» нет", "There is no language “xx”"),
        ("/search?q=!!!", "В запросе нет слов для поиска", "The query has no words to search for"),
    ],
)
def test_error_pages_speak_the_page_language(client: TestClient, path: str, ru: str, en: str) -> None:
    assert ru in client.get(path).text
    client.get("/lang/en")
    assert en in client.get(path).text


def test_the_api_keeps_its_errors_english_whatever_the_page_language(client: TestClient) -> None:
    client.get("/lang/ru")
    assert client.get("/api/stories/sty-x").json() == {
        "error": "no story with id 'sty-x'; see `storyline stories`"
    }
    assert "is not a day" in client.get("/api/stories", params={"date_from": "2022-02-30"}).json()["error"]


def _rendered_facts(lang: Lang, articles: int) -> str:
    """A story whose one figure is given by `articles` articles, all with the same value."""
    text = "В регионе отменено 250 рейсов."
    start = text.index("250")
    docs = {
        f"a{i}": Article(id=f"a{i}", text=text, source=f"s{i}", published="2022-01-07")
        for i in range(articles)
    }
    values = [FactValue(250.0, None, None, None, "рейс", a, start, start + 3, "2022-01-07") for a in docs]
    fact = Fact("f", None, "регион", "рейсы", "consistent", values)
    story = Story("s", "t", list(docs), [], facts=[fact])
    view = build_story_view(story, docs, {}, {})
    page = StoryPage(view, [], {}, {}, [])
    return _env.get_template("_story_body.html").render(
        t=Strings(lang), view=view, data=page, charts=[], timeline_data={}, content_lang=CONTENT_LANG
    )


def test_a_figure_only_one_article_gives_is_never_shown_as_agreement() -> None:
    """Consistency needs two reports (issue #10): the web says "одно сообщение" / "one report",
    as the terminal does, and "согласовано" / "consistent" only when two articles agree."""
    assert "одно сообщение" in _rendered_facts("ru", 1) and "согласовано" not in _rendered_facts("ru", 1)
    assert "one report" in _rendered_facts("en", 1) and ">consistent<" not in _rendered_facts("en", 1)
    assert "согласовано" in _rendered_facts("ru", 2) and ">consistent<" in _rendered_facts("en", 2)
