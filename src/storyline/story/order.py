"""Reading order: the order in which a reader meets a story's articles.

Novelty ("first time this appears"), ledger histories and "a later report
replaces an earlier one" all depend on it. Publication time decides first; a
month-precise date ("2022-01", as many archives give) says only *that month*,
so inside it we place the article at the latest day its own text resolves in
that month: a report of 7 January is not older than 7 January, and one that
announces a session "10 января" was written as that session approached.
Interval bounds ("до 19 января": how long a regime lasts) say nothing about
when the text was written and do not count.

We considered counting only past-tense happenings (a lower bound on the
publication day). On the seeds that places the article announcing the 10
January session, which also reports the decree of 7 January as done, before
the 7 January reports it copies from, so its stale figures would read as the
older ones; the latest resolved date keeps it last.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from storyline.isodate import PartialDate, parse_iso
from storyline.model import Article
from storyline.story.features import sentence_infos

# Relations that bound an interval rather than date a happening ("до 19 января").
_NON_EVENT_RELATIONS = frozenset({"until", "before"})


def text_day(article: Article, within: PartialDate | None = None) -> date | None:
    """The latest day the article's text resolves, inside `within` (interval bounds aside)."""
    latest: date | None = None
    for info in sentence_infos(article):
        for mention in info.dates:
            if mention.relation in _NON_EVENT_RELATIONS:
                continue
            value = parse_iso(mention.value)
            if value is None or value.precision != "day":
                continue
            if within is not None and not within.first_day() <= value.first_day() <= within.last_day():
                continue
            day = value.first_day()
            if latest is None or day > latest:
                latest = day
    return latest


def effective_day(article: Article) -> tuple[date | None, int]:
    """(day used for ordering, 0 if the publication date itself is day-precise else 1).

    A month-precise article without dated happenings sits on the first day of
    its month, before the month's dated articles (as `isodate.sort_key` orders a
    month before its days); one with a resolved day sits after day-precise
    articles of that same day, since it was published on that day *or later*.
    """
    published = parse_iso(article.published)
    if published is None:
        return text_day(article), 1
    if published.precision == "day":
        return published.first_day(), 0
    return text_day(article, within=published) or published.first_day(), 1


def reading_key(article: Article) -> tuple[int, date, int, str, int, str]:
    day, inexact = effective_day(article)
    time_part = (article.published or "")[10:] if inexact == 0 else ""
    seq = article.seq if article.seq is not None else 1 << 62
    return (0 if day else 1, day or date.max, inexact, time_part, seq, article.id)


def reading_order(articles: Sequence[Article]) -> list[Article]:
    """Articles by publication time, then the latest day their text resolves, then ingest order."""
    return sorted(articles, key=reading_key)
