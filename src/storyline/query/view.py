"""The story view model: what a reader sees of one story, as plain data.

The terminal (`story/render.py`), the markdown report (`export/markdown.py`) and
the web templates all render a `StoryView`; they format, they do not decide.
What to show (the sections asked for, the top N of each, only what came since a
date) is decided once, in `query/story_view.py`, so every view of a story
agrees on it. Texts are final (whitespace collapsed, values formatted, speakers
named); every line points to its articles through `Citation`s.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from typing import Generic, Literal, TypeVar

from storyline import ru
from storyline.amount import Amount

T = TypeVar("T")

SectionName = Literal["summary", "timeline", "facts", "quotes", "threads", "articles"]
SECTIONS: tuple[SectionName, ...] = ("summary", "timeline", "facts", "quotes", "threads", "articles")
# Lines per section in the default terminal view. On bsnlp-ru's Brexit story (149
# articles) `show` printed 1,317 lines at 160 columns with every line; 10 per
# section prints 144 (5: 92, 20: 252), each section short enough to read at a
# glance. On the five seeds it shows summary, background, threads and articles
# whole and at least a third of the rest (timeline 10 of 20, facts 10 of 14,
# quotes 10 of 30), each followed by how many more there are.
DEFAULT_TOP = 10


@dataclass(frozen=True)
class Citation:
    """An article as a line cites it: by source and by id (the id finds it again)."""

    article_id: str
    source: str | None
    url: str | None = None

    @property
    def label(self) -> str:
        return f"{self.source} · {self.article_id}" if self.source else self.article_id


@dataclass
class Section(Generic[T]):
    """The lines of one section that are shown, and how many the section has in all."""

    items: list[T] = field(default_factory=list)
    total: int = 0
    shown: int | None = None  # lines shown, when an item holds several (quotes by speaker)

    @property
    def hidden(self) -> int:
        return max(0, self.total - (len(self.items) if self.shown is None else self.shown))


def period(first: str | None, last: str | None) -> str:
    """ "first — last", "?" for a date nobody gave: every renderer shows spans so."""
    return f"{first or ru.UNKNOWN_DATE} — {last or ru.UNKNOWN_DATE}"


@dataclass(frozen=True)
class Header:
    story_id: str
    title: str
    articles: int
    threads: int
    first_published: str | None
    last_published: str | None
    participants: list[str]
    sources: list[Citation]  # one per outlet, in reading order

    @property
    def period(self) -> str:
        return period(self.first_published, self.last_published)


@dataclass(frozen=True)
class SummaryLine:
    text: str
    citation: Citation | None


@dataclass(frozen=True)
class EventLine:
    when: str
    text: str
    citations: list[Citation]  # distinct articles, in evidence order
    date: str | None = None  # ISO, as precise as known (the web's timeline places it)
    date_end: str | None = None


@dataclass(frozen=True)
class ValueLine:
    text: str  # "не менее 26", "3 000"
    citation: Citation
    attributed_to: str | None
    start: int | None = None  # the figure's span in the cited article (the web links to its sentence)
    end: int | None = None
    published: str | None = None  # the citing article's date (the web charts values over time)
    value: float | None = None
    # The same figure language-neutral (qualifier key and numbers): `text` is its
    # Russian wording, the web words it in the page's language.
    amount: Amount = Amount()


@dataclass(frozen=True)
class FactLine:
    subject: str
    measure: str
    status: str  # consistent | updated | conflicting
    status_label: str
    values: list[ValueLine]
    hidden_values: int = 0  # values left out between the first shown and the rest
    # `consistent` that only one article gives: nothing confirms or disputes it, so every
    # renderer words it as one report, never as agreement (`status_label` is the Russian word).
    single_report: bool = False
    reports: int = 0  # how many articles give the figure (`Fact.reports`)


@dataclass(frozen=True)
class QuoteLine:
    text: str
    direct: bool
    citation: Citation


@dataclass(frozen=True)
class SpeakerGroup:
    speaker: str
    quotes: list[QuoteLine]
    total: int  # quotes of this speaker in the section before limiting
    unknown: bool = False  # no speaker found: `speaker` holds the Russian words for that


@dataclass(frozen=True)
class ThreadLine:
    thread_id: str
    title: str
    articles: int
    first_published: str | None
    last_published: str | None

    @property
    def period(self) -> str:
        return period(self.first_published, self.last_published)


@dataclass(frozen=True)
class ArticleLine:
    citation: Citation
    title: str
    published: str | None
    novelty: dict[str, int]  # new / repeated / updated sentence counts


@dataclass
class StoryView:
    header: Header
    sections: tuple[SectionName, ...]  # what to render, in order
    summary: Section[SummaryLine]
    timeline: Section[EventLine]
    background: Section[EventLine]  # dated context outside the story's own days
    facts: Section[FactLine]
    quotes: Section[SpeakerGroup]  # total counts quotes, not speakers
    threads: Section[ThreadLine]
    articles: Section[ArticleLine]
    since: date | None = None
    top: int = 0  # lines per section (0: all)
    summary_text: str = ""  # the stored summary when its sentences cannot be traced


def view_json(view: StoryView) -> str:
    """The view as JSON (what a web client gets): sections with their lines, totals and
    hidden counts; citations with their label."""

    def section(value: Section) -> dict[str, object]:  # type: ignore[type-arg]
        return {"items": [_plain(item) for item in value.items], "total": value.total, "hidden": value.hidden}

    doc: dict[str, object] = {
        "header": _plain(view.header),
        "sections": list(view.sections),
        "since": view.since.isoformat() if view.since else None,
        "top": view.top,
        "summary_text": view.summary_text,
    }
    for name in ("summary", "timeline", "background", "facts", "quotes", "threads", "articles"):
        doc[name] = section(getattr(view, name))
    return json.dumps(doc, ensure_ascii=False)


def _plain(value: object) -> object:
    """A line as JSON-ready data; a citation carries its label too."""
    if isinstance(value, Citation):
        return {
            "article_id": value.article_id,
            "source": value.source,
            "url": value.url,
            "label": value.label,
        }
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
