"""Every string of the web interface, in Russian (the default) and English.

Templates never hold words of their own: they ask `Strings` for a key, and for a
count with its noun (`n(5, "articles")` → "5 статей" / "5 articles"), so plurals
agree through `storyline.ru.plural` in Russian and one/other in English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from storyline import en, ru
from storyline.amount import Amount, AmountWords, amount_text
from storyline.query.view import EventLine
from storyline.reasons import REASONS
from storyline.web.i18n_reasons import REASONS_RU

Lang = Literal["ru", "en"]
LANGS: tuple[Lang, ...] = ("ru", "en")
DEFAULT_LANG: Lang = "ru"

_TEXT: dict[str, tuple[str, str]] = {  # key -> (ru, en)
    "app": ("storyline", "storyline"),
    "stories": ("Сюжеты", "Stories"),
    "search": ("Поиск", "Search"),
    "search_placeholder": ("Поиск по всем статьям (Токаев, «миротворческие силы»)", "Search every article"),
    "rejections": ("Не принято", "Not ingested"),
    "entities": ("Участники", "Entities"),
    "api_docs": ("API", "API"),
    "filters": ("Фильтры", "Filters"),
    "date_from": ("С", "From"),
    "date_to": ("По", "To"),
    "source": ("Источник", "Source"),
    "entity": ("Участник", "Entity"),
    "any": ("любой", "any"),
    "apply": ("Показать", "Apply"),
    "sort": ("Порядок", "Order"),
    "sort_recency": ("Свежие", "Latest"),
    "sort_size": ("Крупные", "Largest"),
    "sort_activity": ("Активные", "Most active"),
    "no_stories": ("Сюжетов нет", "No stories"),
    "next_page": ("Дальше", "Next"),
    "prev_page": ("Назад", "Previous"),
    "feed": ("Лента Atom", "Atom feed"),
    "since_last_visit": ("Только новое с моего прошлого визита", "Only what is new since my last visit"),
    "last_visit": ("Прошлый визит", "Last visit"),
    "first_visit": ("Вы здесь впервые", "First visit"),
    "showing_since": ("Показано с", "Showing since"),
    "show_all": ("Показать всё", "Show everything"),
    "timeline": ("Хронология", "Timeline"),
    "background": ("Предыстория", "Background"),
    "facts": ("Цифры", "Figures"),
    "quotes": ("Цитаты", "Quotes"),
    "threads": ("Сюжетные линии", "Threads"),
    "articles": ("Статьи", "Articles"),
    "summary": ("Кратко", "Summary"),
    "subject": ("Кто / что", "Subject"),
    "measure": ("Что считают", "Measure"),
    "status": ("Статус", "Status"),
    "values": ("Значения", "Values"),
    "chart": ("Динамика", "Over time"),
    "new_share": ("Доля нового", "New share"),
    "published": ("Дата", "Date"),
    "participants": ("Участники", "Entities"),
    "direct": ("прямая речь", "direct"),
    "indirect": ("пересказ", "reported"),
    "first_told": ("впервые сказано здесь", "first told here"),
    "story": ("Сюжет", "Story"),
    "thread": ("Линия", "Thread"),
    "aliases": ("Также пишут", "Also written"),
    "roles": ("Роли", "Roles"),
    "mentions": ("Последние упоминания", "Recent mentions"),
    "results": ("Результаты", "Results"),
    "no_results": ("Ничего не найдено", "Nothing found"),
    "by_source": ("По источникам", "By source"),
    "by_entity": ("По участникам", "By entity"),
    "by_day": ("По дням", "By day"),
    "rejected_inputs": ("Отклонённые входные данные", "Rejected inputs"),
    "failures": ("Сохранены, но не обработаны", "Stored but not processed"),
    "input": ("Вход", "Input"),
    "reason": ("Причина", "Reason"),
    "none": ("нет", "none"),
    "legend": ("Цвет предложения", "Sentence colour"),
    "novelty_new": ("новое", "new"),
    "novelty_repeated": ("повтор", "repeated"),
    "novelty_updated": ("обновление", "updated"),
    "status_consistent": (ru.STATUS["consistent"], "consistent"),
    "status_single": (ru.SINGLE_REPORT, "one report"),
    "status_updated": (ru.STATUS["updated"], "updated"),
    "status_conflicting": (ru.STATUS["conflicting"], "conflict"),
    "more": ("ещё", "more"),
    "error": ("Ошибка", "Error"),
    "not_found": ("Не найдено", "Not found"),
    "language": ("English", "Русский"),
    "feed_new_thread": ("Новая линия", "New thread"),
    "type_PER": ("человек", "person"),
    "type_ORG": ("организация", "organisation"),
    "type_LOC": ("место", "place"),
    "said_by": ("по словам", "according to"),
    "live_updated": (
        "Сюжет обновился: показаны новые статьи",
        "The story was updated: new articles are shown",
    ),
    "thread_of": ("Линия сюжета", "A thread of the story"),
    "thread_position": ("линия", "thread"),
    "of": ("из", "of"),
    "prev_thread": ("Предыдущая линия", "Previous thread"),
    "next_thread": ("Следующая линия", "Next thread"),
    "other_threads_value": ("значение из другой линии", "a value from another thread"),
    "until": (ru.UP_TO, "until"),
    # A figure's words (`Strings.amount`): its qualifier, an open bound.
    "qual_at_least": (ru.QUALIFIERS["at_least"], "at least"),
    "qual_more_than": (ru.QUALIFIERS["more_than"], "more than"),
    "qual_less_than": (ru.QUALIFIERS["less_than"], "less than"),
    "qual_at_most": (ru.QUALIFIERS["at_most"], "at most"),
    "qual_about": (ru.QUALIFIERS["about"], "about"),
    "qual_up_to": (ru.QUALIFIERS["up_to"], "up to"),
    "qual_additional": (ru.QUALIFIERS["additional"], "another"),
    "bound_from": (ru.FROM, "from"),
    "bound_up_to": (ru.UP_TO, "up to"),
    "unknown_speaker": (ru.UNKNOWN_SPEAKER, "unknown source"),
    # Error pages (`Strings.error`); the JSON API's errors stay English (docs/api.md).
    "err_bad_day": (
        "{name}: «{value}» — не дата; нужна такая: 2022-01-07",
        "{name}: “{value}” is not a day; give one like 2022-01-07",
    ),
    "err_no_words": ("В запросе нет слов для поиска", "The query has no words to search for"),
    "err_no_language": ("Языка «{lang}» нет", "There is no language “{lang}”"),
    "err_no_story": ("Сюжета «{id}» нет", "There is no story “{id}”"),
    "err_no_thread": ("Сюжетной линии «{id}» нет", "There is no thread “{id}”"),
    "err_no_article": ("Статьи «{id}» нет", "There is no article “{id}”"),
    "err_no_entity": ("Участника «{id}» нет", "There is no entity “{id}”"),
    "err_bad_params": ("Неверные параметры: {names}", "Invalid parameters: {names}"),
    "err_status_400": ("Неверный запрос", "Bad request"),
    "err_status_404": ("Такой страницы нет", "There is no such page"),
    "err_status_405": ("Этот метод здесь не принимается", "This method is not allowed here"),
    "err_status_500": (
        "Внутренняя ошибка; подробности в журнале сервера",
        "Internal error; the server log has the details",
    ),
    "err_status_other": ("Запрос не выполнен (код {status})", "The request failed (status {status})"),
    "no_date": (ru.NO_DATE, ru.NO_DATE),
}

# How numbers group their thousands: "1 400" in Russian, "1,400" in English.
THOUSANDS: dict[Lang, str] = {"ru": " ", "en": ","}

_NOUNS: dict[str, tuple[ru.Forms, tuple[str, str]]] = {  # key -> (ru forms, (en one, en other))
    "articles": (ru.ARTICLES, ("article", "articles")),
    "threads": (ru.THREADS, ("thread", "threads")),
    "sources": (ru.SOURCES, ("source", "sources")),
    "stories": (ru.STORIES, ("story", "stories")),
    "quotes": (ru.QUOTES, ("quote", "quotes")),
    "sentences": (ru.SENTENCES, ("sentence", "sentences")),
    "events": (ru.EVENTS, ("event", "events")),
    "facts": (ru.FACTS, ("figure", "figures")),
    "mentions": (ru.Forms("упоминание", "упоминания", "упоминаний"), ("mention", "mentions")),
    "results": (ru.Forms("результат", "результата", "результатов"), ("result", "results")),
}


def lang_of(value: str | None) -> Lang:
    return "en" if value == "en" else DEFAULT_LANG


class Strings:
    """The interface text of one language; templates call it as `t("key")` and `t.n(3, "articles")`."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self._i = 0 if lang == "ru" else 1
        self._amount_words = AmountWords(
            {key[len("qual_") :]: pair[self._i] for key, pair in _TEXT.items() if key.startswith("qual_")},
            self("bound_from"),
            self("bound_up_to"),
            THOUSANDS[lang],
        )

    def __call__(self, key: str) -> str:
        pair = _TEXT.get(key)
        return pair[self._i] if pair else key

    def when(self, event: EventLine) -> str:
        """An event's date as the timeline shows it: the view's own words in Russian,
        made again from its dates in English ("until 2022-01-19", not "до 2022-01-19")."""
        return event.when if self.lang == "ru" else en.when(event.date, event.date_end)

    def amount(self, amount: Amount) -> str:
        """A figure's value in this language ("не менее 26" / "at least 26")."""
        return amount_text(amount, self._amount_words)

    def error(self, status: int, key: str | None, params: Mapping[str, str] | None = None) -> str:
        """An error page's message: the words of `key` (an `err_` entry) with its
        parameters, else the words for the status."""
        pair = _TEXT.get(f"err_{key}") if key else None
        if pair is None:
            pair = _TEXT.get(f"err_status_{status}", _TEXT["err_status_other"])
        try:
            return pair[self._i].format(status=status, **(params or {}))
        except (KeyError, IndexError):  # parameters missing: the words without them
            return _TEXT.get(f"err_status_{status}", _TEXT["err_status_other"])[self._i].format(status=status)

    def reason(self, code: str, params: Mapping[str, str], stored: str) -> str:
        """Why an input was rejected, in this language: the words of its `code`
        (`REASONS_RU`, or the ingest's own English) with its parameters; a rejection
        stored without a code (before schema 80), or with one this version does not
        know, reads as its `stored` words."""
        if code not in REASONS:
            return stored
        template = REASONS_RU.get(code) if self.lang == "ru" else REASONS[code]
        try:
            return template.format_map(dict(params)) if template else stored
        except (KeyError, IndexError, ValueError):  # parameters missing or damaged
            return stored

    def n(self, count: int, noun: str) -> str:
        forms, (one, other) = _NOUNS[noun]
        if self.lang == "ru":
            return ru.plural(count, forms)
        return f"{count} {one if count == 1 else other}"
