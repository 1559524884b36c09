"""English words of the reading views (the markdown report in English), beside
`ru.py`'s Russian ones: the same keys, so a renderer picks one module's words and
never mixes languages. Counts agree as one/other (`plural`). The web's pages take
their words from `web/i18n.py`; the words they share with the report agree (a
test compares them: `tests/export/test_markdown_lang.py`).
"""

from __future__ import annotations

from typing import NamedTuple


class Forms(NamedTuple):
    """An English noun after a number: 1, and every other count."""

    one: str
    other: str


def plural(n: int, forms: Forms) -> str:
    """ "1 article", "154 articles"."""
    return f"{n} {forms.one if abs(n) == 1 else forms.other}"


ARTICLES = Forms("article", "articles")
THREADS = Forms("thread", "threads")
EVENTS = Forms("event", "events")
FACTS = Forms("figure", "figures")
QUOTES = Forms("quote", "quotes")
SENTENCES = Forms("sentence", "sentences")

SECTION_TITLES = {
    "summary": "Summary",
    "timeline": "Timeline",
    "background": "Background",
    "facts": "Figures",
    "quotes": "Quotes",
    "threads": "Threads",
    "articles": "What each article adds",
}
PARTICIPANTS = "Entities"
SOURCES_TITLE = "Sources"
REPORTS_TITLE = "Stories"
UNKNOWN_SPEAKER = "unknown source"
ATTRIBUTED = "according to"
RETOLD = "reported"
UNTIL = "until"
NO_DATE = "—"


def when(date: str | None, date_end: str | None) -> str:
    """An event's dates in English ("2022-01-05 – 2022-01-07", "until 2022-01-19")."""
    if date and date_end:
        return f"{date} – {date_end}"
    if date_end:
        return f"{UNTIL} {date_end}"
    return date or NO_DATE


STATUS = {"consistent": "consistent", "updated": "updated", "conflicting": "conflict"}
SINGLE_REPORT = "one report"
NOVELTY = {"new": "new", "repeated": "repeated", "updated": "updated"}
QUALIFIERS = {
    "at_least": "at least",
    "more_than": "more than",
    "less_than": "less than",
    "at_most": "at most",
    "about": "about",
    "up_to": "up to",
    "additional": "another",
}
COLUMNS = {
    "date": "date",
    "event": "event",
    "sources": "sources",
    "who": "subject",
    "what": "measure",
    "values": "values",
    "status": "status",
    "article": "article",
    "published": "published",
    "thread": "thread",
    "title": "title",
    "articles": "articles",
    "period": "period",
}
FROM = "from"
UP_TO = "up to"
THOUSANDS = ","


def more_line(hidden: int, forms: Forms, how: str) -> str:
    """ "… 144 more articles (--top 0 shows them all)"."""
    return f"… {hidden} more {forms.one if hidden == 1 else forms.other} ({how})"
