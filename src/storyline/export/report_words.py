"""The words of the markdown report in one language: Russian (`ru.py`, the default,
byte for byte the report it always was) or English (`en.py`).

In English the report still quotes the articles: their titles, sentences, names,
figures' subjects and quotes stay Russian and are marked `<span lang="ru">`, so
a reader (and a screen reader) knows which language a part is in; the report's
own words, counts, statuses, dates and figures are English.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from types import ModuleType
from typing import Literal

from storyline import en, ru
from storyline.amount import EN_WORDS, RU_WORDS, AmountWords, amount_text
from storyline.query.view import EventLine, FactLine, SpeakerGroup, ValueLine

ReportLang = Literal["ru", "en"]
REPORT_LANGS: tuple[ReportLang, ...] = ("ru", "en")
# The language of what the report quotes from the articles.
CONTENT_LANG = "ru"


@dataclass(frozen=True)
class ReportWords:
    lang: ReportLang

    @property
    def _m(self) -> ModuleType:  # the words module: ru or en
        return ru if self.lang == "ru" else en

    def title(self, section: str) -> str:
        return str(self._m.SECTION_TITLES[section])

    def column(self, key: str) -> str:
        return str(self._m.COLUMNS[key])

    def novelty_columns(self) -> list[str]:
        return [str(self._m.NOVELTY[key]) for key in ru.NOVELTY]

    def word(self, name: str) -> str:
        """One of the module-level words: PARTICIPANTS, SOURCES_TITLE, REPORTS_TITLE, ATTRIBUTED, RETOLD."""
        return str(getattr(self._m, name))

    def n(self, count: int, noun: str) -> str:
        forms = getattr(self._m, noun.upper())
        return ru.plural(count, forms) if self.lang == "ru" else en.plural(count, forms)

    def more(self, hidden: int, noun: str, how: str) -> str:
        forms = getattr(self._m, noun.upper())
        return ru.more_line(hidden, forms, how) if self.lang == "ru" else en.more_line(hidden, forms, how)

    def content(self, text: str) -> str:
        """A piece quoted from the articles: as is in Russian, marked in English."""
        if self.lang == CONTENT_LANG or not text:
            return text
        return f'<span lang="{CONTENT_LANG}">{escape(text, quote=False)}</span>'

    @property
    def amounts(self) -> AmountWords:
        return RU_WORDS if self.lang == "ru" else EN_WORDS

    def value(self, line: ValueLine) -> str:
        """A figure's value: the view's own Russian wording, or its amount in English."""
        if self.lang == "ru":
            return line.text
        return amount_text(line.amount, self.amounts) or self.content(line.text)

    def status(self, fact: FactLine) -> str:
        if self.lang == "ru":
            return fact.status_label
        return en.SINGLE_REPORT if fact.single_report else en.STATUS.get(fact.status, fact.status)

    def when(self, event: EventLine) -> str:
        """An event's date: the view's words in Russian, made again from its dates in English."""
        return event.when if self.lang == "ru" else en.when(event.date, event.date_end)

    def speaker(self, group: SpeakerGroup) -> str:
        if group.unknown:
            return group.speaker if self.lang == "ru" else en.UNKNOWN_SPEAKER
        return self.content(group.speaker)
