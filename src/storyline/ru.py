"""Russian interface strings of the reading views, in one place.

Every word a reader sees in `storyline show` and the markdown report comes from
here, so a view never mixes languages and every count agrees with its noun
("1 статья", "3 сюжетные линии", "5 статей") through one helper, `plural`.
"""

from __future__ import annotations

from typing import NamedTuple


class Forms(NamedTuple):
    """The three forms a Russian noun takes after a number: 1, 2–4, 5–20."""

    one: str
    few: str
    many: str


def plural_form(n: int, forms: Forms) -> str:
    """The form agreeing with `n`: 1, 21, 101 → one; 2–4, 22–24 → few; 0, 5–20, 11–14 → many."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return forms.one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms.few
    return forms.many


def plural(n: int, forms: Forms) -> str:
    """ "154 статьи", "1 статья", "11 статей": the number, a space, the agreeing noun."""
    return f"{n} {plural_form(n, forms)}"


ARTICLES = Forms("статья", "статьи", "статей")
THREADS = Forms("сюжетная линия", "сюжетные линии", "сюжетных линий")
EVENTS = Forms("событие", "события", "событий")
FACTS = Forms("цифра", "цифры", "цифр")
QUOTES = Forms("цитата", "цитаты", "цитат")
SPEAKERS = Forms("спикер", "спикера", "спикеров")
SENTENCES = Forms("предложение", "предложения", "предложений")
SOURCES = Forms("источник", "источника", "источников")
STORIES = Forms("сюжет", "сюжета", "сюжетов")

# Section titles, in the order the views print them.
SECTION_TITLES = {
    "summary": "Кратко",
    "timeline": "Хронология",
    "background": "Предыстория",
    "facts": "Цифры",
    "quotes": "Цитаты",
    "threads": "Сюжетные линии",
    "articles": "Что нового в каждой статье",
}

PARTICIPANTS = "Участники"
SOURCES_TITLE = "Источники"
REPORTS_TITLE = "Сюжеты"
UNKNOWN_SPEAKER = "неизвестный источник"
ATTRIBUTED = "по словам"
RETOLD = "пересказ"
SINCE = "начиная с"
NO_DATE = "—"
UNKNOWN_DATE = "?"

STATUS = {"consistent": "согласовано", "updated": "обновлено", "conflicting": "расхождение"}
SINGLE_REPORT = "одно сообщение"  # a figure only one article gives: nothing confirms or disputes it
NOVELTY = {"new": "новое", "repeated": "повтор", "updated": "обновление"}
QUALIFIERS = {
    "at_least": "не менее",
    "more_than": "более",
    "less_than": "менее",
    "at_most": "не более",
    "about": "около",
    "up_to": "до",
    "additional": "ещё",
}
# Column headings of the tables.
COLUMNS = {
    "date": "дата",
    "event": "событие",
    "sources": "источники",
    "who": "кто",
    "what": "что",
    "values": "значения",
    "status": "статус",
    "article": "статья",
    "published": "опубликована",
    "thread": "линия",
    "title": "заголовок",
    "articles": "статей",
    "period": "период",
}
FROM = "от"
UP_TO = "до"


def more_line(hidden: int, forms: Forms, how: str) -> str:
    """ "… ещё 144 статьи (--top 0 — показать все)": what a limited section left out."""
    return f"… ещё {plural(hidden, forms)} ({how})"
