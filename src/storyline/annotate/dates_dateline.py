"""An article's own dateline as the day its dates are read against.

A stored publication date is sometimes not the day the text was written: a crawl or
an import stamps every article of a batch with the day it was fetched (bsnlp-ru's
covid-19 and us_election_2020 topics carry 2021-02-01 for texts of December and
January). The text itself then still says when it was filed: "МОСКВА, 15 янв — РИА
Новости", "15 декабря 2020 04:36", "21.01.2021 15:15". Read against the stamp, "в
понедельник" of a 14 December report lands on 1 February. This module finds such a
dateline near the start of the text; `dates.extract_dates` uses it as the reference
day when it lies clearly before the stored date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from storyline.annotate.date_scan import Found
from storyline.isodate import PartialDate, add_days

__all__ = [
    "CRAWL_GAP_DAYS",
    "DATELINE_CHARS",
    "SAID_TODAY_DAYS",
    "STALE_GAP_DAYS",
    "TOLD_LEAD_CHARS",
    "dateline_reference",
    "lead_told",
    "said_today",
]

# A dateline opens the text: within its first few lines (a title, a rubric, a photo
# credit may come first). The longest lead before a dateline in bsnlp-ru's agency
# texts is a repeated title plus a teaser (~250 characters: "… РИА Новости, 14.01.2021").
DATELINE_CHARS = 320
# A dateline one or two days before the stored date is ordinary (filed in the evening,
# published after midnight, a time zone: "Берлин, 9 января" in a text of 10 January is
# the place and day of the news, and the story golds read relative words against the
# publication there). Only a larger gap says the stored date is not the publication's.
CRAWL_GAP_DAYS = 3

# A text with no dateline whose every day-precise date lies long before the stored day
# was stamped by a crawl too: "В США завершилось голосование на выборах президента 3
# ноября … Госсекретарь Пенсильвании Кэти Боквар заявила в среду вечером" (us_election_2020,
# stored 2021-02-01) tells of 4 November, and its "в среду" is that week's, not the one
# before the stamp. Its latest day then stands for the day it was written. The gap must be
# wider than any look back a dated report makes: a report names an older day ("11 декабря
# Палата представителей одобрила") beside this week's "в пятницу" at about a month's
# distance (nord_stream, 2019-01-11: 31 days); 60 keeps those on their stored day.
# Calibrated on the tuned-on story golds (session 13): with 60 and a dated lead,
# us-election-vote-count timeline recall 0.571 -> 0.714, precision 0.843 -> 0.928, no other
# gold moved; 60 without the dated-lead condition took naftogaz-blue-stream-arrest's dates
# 1.000 -> 0.933 (a report of 08-30 whose only day is 30 May: its "3 месяца назад").
STALE_GAP_DAYS = 60

# What makes a date a dateline rather than the first date of the story:
# a clock time next to it ("15 декабря 2020 04:36", "16:02, 4 ноября 2020") ...
_CLOCK_AFTER = re.compile(r"[\s\u00a0,г.]{0,8}\d{1,2}:\d{2}")
_CLOCK_BEFORE = re.compile(r"\d{1,2}:\d{2}[\s\u00a0,|]{0,12}(?:\w+[\s\u00a0,]+)?$")
# ... a place in capitals, a weekday or an agency before it on its line ("МОСКВА, ",
# "Четверг, ", "РИА Новости, ", "время публикации: ") ...
_HEAD_BEFORE = re.compile(
    r"(?:^|\n)[\s\u00a0•]*(?:[А-ЯЁA-Z][А-ЯЁA-Z.\-\s]{2,40},[\s\u00a0]*)?$"
    # a weekday opening the line: "Четверг, 21/01/2021", "Среда, 6 января 2021"
    r"|(?:^|\n)[\s\u00a0•]*(?i:понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)[\s\u00a0]*,?[\s\u00a0]*$"
    r"|(?:РИА\s+Новости|ТАСС|Интерфакс|REGNUM|публикации:)[\s\u00a0,]*$"
)
# ... and after it an agency, a dash or the end of its line, never a clause.
_TAIL_AFTER = re.compile(r"[\s\u00a0]*(?:г\.)?[\s\u00a0]*(?:$|\n|[—–\-/.]|\s\s)")


def _looks_like_dateline(text: str, f: Found) -> bool:
    before, after = text[max(0, f.start - 60) : f.start], text[f.end : f.end + 16]
    if _CLOCK_AFTER.match(after) or _CLOCK_BEFORE.search(before):
        return True
    return bool(_HEAD_BEFORE.search(before) and _TAIL_AFTER.match(after))


def dateline_reference(
    text: str,
    found: Sequence[Found],
    published: PartialDate | None,
    resolve: Callable[[Found, PartialDate | None], PartialDate | None],
    lead_end: int | None = None,
) -> PartialDate | None:
    """The day to read this text's dates against: the day its "сегодня, 9 июля" names
    (`said_today`); its dateline's day when the stored `published` day lies more than
    `CRAWL_GAP_DAYS` after it; with no dateline, a lead (the text up to `lead_end`) dated
    long before it and no day near it, the text's latest day; else `published`."""
    if published is None or published.day is None:
        return published
    today = said_today(text, found, published, resolve)
    if today is not None:
        return today
    for f in found:
        if f.start > DATELINE_CHARS:
            break
        if not f.explicit or f.kind in ("decade", "year_range", "day_range", "night_range"):
            continue
        if not _looks_like_dateline(text, f):
            continue
        value = resolve(f, published)
        if value is None or value.day is None:
            continue
        gap = (published.first_day() - value.first_day()).days
        return value if gap > CRAWL_GAP_DAYS else published
    return _latest_day(found, published, resolve, lead_end)


def _latest_day(
    found: Sequence[Found],
    published: PartialDate,
    resolve: Callable[[Found, PartialDate | None], PartialDate | None],
    lead_end: int | None,
) -> PartialDate:
    """The text's latest day-precise date when its lead tells a day and even the latest
    day lies more than `STALE_GAP_DAYS` before `published` (a crawl's stamp), else
    `published`. A date after the stamp, or one near it, keeps the stamp; so does a lead
    with no day of its own ("Окружной суд Амстердама … наложил арест …. Указано, что арест
    был наложен еще 3 месяца назад. "30 мая 2018 года …"": news of its stored day that
    looks back to an older one, naftogaz-blue-stream-arrest)."""
    latest: PartialDate | None = None
    dated_lead = False
    for f in found:
        if not f.explicit or f.kind in ("decade", "year_range", "day_range", "night_range"):
            continue
        value = resolve(f, published)
        if value is None:
            continue
        if value.day is None:
            if value.first_day() > published.first_day():
                return published  # a later month or year named: the stamp may be right
            continue
        if latest is None or value.first_day() > latest.first_day():
            latest = value
        dated_lead = dated_lead or (lead_end is not None and f.end <= lead_end)
    if (
        not dated_lead
        or latest is None
        or (published.first_day() - latest.first_day()).days <= STALE_GAP_DAYS
    ):
        return published
    return latest


# Deictic words and the day they name counted from the writing ("вчера, 8 июля": the text
# was written on 9 July).
_DEICTIC_DAYS = {"сегодня": 0, "вчера": -1, "позавчера": -2, "завтра": 1, "послезавтра": 2}
# Between the word and its date: a comma and spaces ("сегодня, 9 июля"), or "(" after it.
_NEXT_TO = re.compile(r"[\s\u00a0]*[,(]?[\s\u00a0]*")
# How far from the stored day a text's own "сегодня, 9 июля" may put its writing: a
# report filed late and stored the next day, or a crawl's stamp a year later; further
# than that the date is a quoted "сегодня" of another year's text.
SAID_TODAY_DAYS = 400


def said_today(
    text: str,
    found: Sequence[Found],
    published: PartialDate,
    resolve: Callable[[Found, PartialDate | None], PartialDate | None],
) -> PartialDate | None:
    """The writing's day a text names itself: "Об этом он сегодня, 9 июля, заявил" in a
    report stored on 10 July was written on 9 July, and its other "сегодня" and weekdays
    count from the 9th (brexit-hunt-foreign-office a03: "Ранее сегодня подал в отставку
    … Дэвис" is 9 July). The first deictic day word with a day-precise explicit date right
    after it decides, within the `DATELINE_CHARS` that open the text (a link to another
    report lower down, "Читайте также: Президент Чехии … сегодня, шестого июня …", tells
    that report's day: bsnlp-ru brexit file 1042 of 9 July); None without one."""
    for n, f in enumerate(found):
        if f.start > DATELINE_CHARS:
            break  # further on, a "Читайте также: … сегодня, шестого июня" of another report
        if f.kind != "day_word" or n + 1 >= len(found):
            continue
        words = re.findall(r"[а-яё]+", text[f.start : f.end].lower())
        offset = next((_DEICTIC_DAYS[w] for w in words if w in _DEICTIC_DAYS), None)
        after = found[n + 1]
        if offset is None or not after.explicit or not _NEXT_TO.fullmatch(text, f.end, after.start):
            continue
        value = resolve(after, published)
        if value is None or value.day is None:
            continue
        day = PartialDate.from_date(add_days(value.first_day(), -offset))
        if abs((day.first_day() - published.first_day()).days) <= SAID_TODAY_DAYS:
            return day
    return None


# How far into the text its lead's day may lie (`lead_told`): a title, a rubric and the
# first paragraph, twice a dateline's reach (`DATELINE_CHARS`). By reading the 21 stamped
# texts with no written day of the five crawl-dated tuned-on golds (covid-19 and
# us_election_2020, session 19), not fitted to a figure: the first day a lead tells lies at
# 15-570 characters ("В понедельник, 18 января, в Амурской области стартовала …" at 15, "Джо
# Байден был объявлен победителем … в субботу, 7 ноября" at ~500). Any reach from 570 to
# 1040 gives those texts the same days; at 1045 background comes in ("Выборы президента в
# США состоялись 3 ноября" of a January text), and further down a masthead ("Свидетельство о
# регистрации СМИ … от 06 июня 2012 года"), a reader's comment ("5 января вроде") or an older
# report glued below ("ВАШИНГТОН, 8 января. /ТАСС/" at ~4000 of a compilation).
TOLD_LEAD_CHARS = 640


def lead_told(
    lead_day: PartialDate | None, stored: PartialDate | None, written: PartialDate | None
) -> PartialDate | None:
    """The first explicit day the text's lead tells as past ("Конгресс США в четверг, 7
    января, официально утвердил …, в которую политик вступит, как ожидается, 20 января":
    the 7th; an announced day is not told), when the text names no day it was written
    (`written` is None) and that day lies more than `CRAWL_GAP_DAYS` before the stored day:
    what the text itself says of its news day, should the story prove the stored day a
    crawl's stamp (`Annotation.told`). Alone it proves nothing: a lead looks back to an
    older day as often as its stored day is a stamp."""
    if written is not None or lead_day is None or stored is None or stored.day is None:
        return None
    return lead_day if (stored.first_day() - lead_day.first_day()).days > CRAWL_GAP_DAYS else None
