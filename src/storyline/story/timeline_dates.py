"""Which date dates a sentence's happening, and which day an article's undated news is.

A sentence can carry several dates: the one of its telling ("Сегодня стало
известно, что …"), the one of its happening, one in a relative clause, one in a
conditional; a relative date may count from the happening told before it rather
than from the publication. These rules read one sentence (and its article's
dateline) at a time; the timeline's other steps only ask them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from storyline.isodate import parse_iso
from storyline.model import DateMention, Precision
from storyline.story.features import SentenceInfo, clause_of, norm_lemma, relative_clause_tokens
from storyline.story.statements import (
    HYPOTHETICAL_WORDS,
)
from storyline.story.timeline_clauses import second_clause_date
from storyline.story.timeline_periods import covered_period

__all__ = [
    "CRAWL_GAP_DAYS",
    "DATELINE_REACH",
    "_date_of",
    "_dateline",
    "_pick_date",
    "crawl_news_day",
    "hypothetical",
    "news_day",
    "stamp_free",
]


# Dates that count from the happening told before them, not from the publication
# (the annotator resolves them against the publication day; see `_reanchored`).
ANAPHORIC_DAY = re.compile(
    r"следующ\w* (?:день|дня|утро|вечер)|на другой день|назавтра|наутро|"
    r"(?:дн[её]м|за день|сутками) (?:ранее|раньше|позже|позднее|до этого)|"
    r"(?:в )?(?:этот|тот) же день|в тот день|спустя (?:день|сутки|\w+ дн)|через (?:день|сутки|\w+ дн)",
    re.IGNORECASE,
)
# A dateline ("Берлин, 9 января.", "МОСКВА, 15 янв") opening an article: a dated
# sentence without a verb at most this long; it dates the lead that follows it.
DATELINE_CHARS = 40
# An article's own dateline ("С.-ПЕТЕРБУРГ, 14 янв - РИА Новости.", "РИА Новости, 14.01.2021")
# opens its text within this many characters: the annotator's bound for the same datelines
# (`annotate/dates_dateline.DATELINE_CHARS`: a repeated title and a teaser come first).
DATELINE_REACH = 320
# A dateline this many days or fewer before the stored day is the news of that day (filed
# in the evening, published after midnight): only a larger gap says the stored day is a
# crawl stamp (bsnlp-ru's covid-19 and us_election_2020 topics carry 2021-02-01 for texts of
# December and January), as `annotate/dates_dateline.CRAWL_GAP_DAYS` says for its dates.
CRAWL_GAP_DAYS = 3


def _natural_precision(d: DateMention) -> bool:
    """A relative date at the precision its words give: a day ("накануне", "в пятницу"), or
    a year or month named as such ("в прошлом году", "в минувшем месяце"); not "накануне"
    counted from a month-dated publication, which resolves only to the month."""
    if d.precision == "day":
        return True
    unit = "год" if d.precision == "year" else "месяц" if d.precision == "month" else None
    return unit is not None and unit in d.text.lower()


def _second_date(s: SentenceInfo, picked: DateMention | None) -> DateMention | None:
    """A later date of the sentence that governs a clause of its own (`timeline_clauses`)."""
    if picked is None or len(s.dates) < 2:
        return None
    later = [
        d
        for d in s.dates
        if d.start > picked.end and (d.value or d.value_end) and d.precision != "unknown" and not d.relative
    ]
    second = second_clause_date(s, picked, later, _frames_report) if later else None
    return None if second is None or hypothetical(s, second) else second


def _pick_date(s: SentenceInfo) -> DateMention | None:
    """The date of the sentence's main happening: the first one outside relative clauses, if any."""
    # A relative date ("накануне") anchored on a month-precise publication
    # resolves only to the month: it places nothing, so it does not date an event.
    usable = [
        d
        for d in s.dates
        if (d.value or d.value_end)
        and d.precision != "unknown"
        and not (d.relative and not _natural_precision(d))
        and not covered_period(s, d)  # "рейтинг … за 2018 год": what the report covers
    ]
    if not usable:
        return None
    relative = relative_clause_tokens(s.tokens)
    rel_spans = [(s.tokens[i].start, s.tokens[i].end) for i in relative]

    def in_relative(d: DateMention) -> bool:
        return any(a <= d.start < b for a, b in rel_spans)

    # A date only in a relative clause ("режим ЧП, который будет действовать до
    # 19 января") dates that clause: the event text then keeps it (see _event_text).
    main = [d for d in usable if not in_relative(d)] or usable
    if len(main) > 1 and not _pending_bound(s, main[1]) and _frames_report(s, main[0], main[1]):
        return main[1]  # "Сегодня стало известно, что Газпром 14 августа подал …": the happening's date
    return main[0]


# Relations of a date that only bounds a span ("до 6 ноября", "перед выборами").
_BOUNDS = frozenset({"until", "before"})
# Endings of a past-tense verb form ("продлил", "продлила", "продлились").
_PAST_VERB_ENDINGS = ("л", "ла", "ло", "ли", "лся", "лась", "лось", "лись")


def _pending_bound(s: SentenceInfo, d: DateMention) -> bool:
    """A bound in a told clause with no past verb ("сообщили, что подсчёт может затянуться
    до 6 ноября") is a deadline still ahead, no happening's span: the report keeps its own
    date. A done act over a span ("стало известно, что губернатор продлил самоизоляцию до
    28 февраля") takes the bound as its end."""
    if d.relation not in _BOUNDS:
        return False
    i = next((k for k, t in enumerate(s.tokens) if t.start >= d.start), None)
    clause = clause_of(s.tokens, i) if i is not None else []
    return not any(t.pos == "VERB" and t.text.lower().endswith(_PAST_VERB_ENDINGS) for t in clause)


# Verbs (lemmas) of telling and learning: a date in their clause dates the report,
# and a later date in what they introduce ("…, что X 14 августа подал") dates the happening.
REPORT_LEMMAS = frozenset(
    {
        "стать",
        "сообщить",
        "сообщать",
        "заявить",
        "заявлять",
        "сказать",
        "рассказать",
        "написать",
        "передать",
        "отметить",
        "подчеркнуть",
        "уточнить",
        "узнать",
        "выяснить",
        "объявить",
        "признать",
        "пояснить",
        "подтвердить",
        "напомнить",
    }
)
# What opens the reported clause after the reporting verb.
_REPORTED_OPENERS = ("что", "будто", ":")


def _frames_report(s: SentenceInfo, first: DateMention, second: DateMention) -> bool:
    """`first` sits in a clause whose verb tells or learns, and `second` follows it
    inside the reported clause that verb introduces."""
    i = next((k for k, t in enumerate(s.tokens) if t.start >= first.start), None)
    if i is None:
        return False
    clause = clause_of(s.tokens, i)
    if not any(t.pos == "VERB" and norm_lemma(t.lemma) in REPORT_LEMMAS for t in clause):
        return False
    between = s.text[first.end - s.start : second.start - s.start].lower()
    if not any(f" {w} " in f" {between} " or (w == ":" and w in between) for w in _REPORTED_OPENERS):
        return False
    # "28 января … заявили, что дело будет пересмотрено 29 января": an announcement is
    # dated by its telling; only a told past happening takes the inner date
    j = next((k for k, t in enumerate(s.tokens) if t.start >= second.start), None)
    inner = clause_of(s.tokens, j) if j is not None else []
    return not any(t.text.lower() in _FUTURE_AUXILIARIES for t in inner)


# Auxiliaries of the analytic future ("будет пересмотрено", "станут строить").
_FUTURE_AUXILIARIES = frozenset({"будет", "будут", "будем", "буду", "станет", "станут"})


def _dateline(s: SentenceInfo) -> bool:
    """ "Берлин, 9 января.": a short verbless sentence with an explicit day."""
    picked = _pick_date(s)
    return (
        picked is not None
        and not picked.relative
        and picked.precision == "day"
        and not s.verbs()
        and len(s.text) <= DATELINE_CHARS
    )


def news_day(sentences: Sequence[SentenceInfo], day: date | None) -> date | None:
    """The day an article's undated news belongs to: its stored `day`, or the day of its own
    dateline when that lies more than `CRAWL_GAP_DAYS` before it. The annotator already
    reads the text's dates against such a dateline; undated leads and statements of a
    crawl-stamped article ("В республику Коми поступило 4,4 тысячи доз …" under "14 янв -
    РИА Новости") are then that day's news too, not the crawl day's."""
    if day is None:
        return day
    for s in sentences:
        if s.start > DATELINE_REACH:
            break
        if not _dateline(s):
            continue
        when = parse_iso(_pick_date(s).value)  # type: ignore[union-attr]
        if when is not None and when.precision == "day" and (day - when.first_day()).days > CRAWL_GAP_DAYS:
            return when.first_day()
        return day
    return day


def crawl_news_day(
    stored: date | None, written: date | None, stamps: Mapping[date, int], told: date | None = None
) -> date | None:
    """The day an article's undated news belongs to, before its datelines are read
    (`news_day`): the day its text says it was written when its stored day is a crawl's
    stamp (`Annotation.written`); when its text names no such day but an article before it
    in the story, stored on the same day, proved that day a stamp (`stamps`: all articles of
    a crawl's batch share one stamp, and bsnlp-ru's us_election_2020 articles without a
    dateline tell of November and December under 1 February), the first day its lead tells as
    past (`Annotation.told`: "Конгресс США в четверг, 7 января, официально утвердил …");
    else its stored day. An article whose text tells no day of its own keeps the stamp as
    the bound it is (the text existed by then): dropping its undated news lost true events
    and left its timeline emptier than the stamp's, so the stamp dates it as before the
    proof was read (session 19, lead: on the held-out crawl-dated golds this kept every
    event the told day found and none of the dropped ones' losses)."""
    if written is not None:
        return written
    if stored is not None and stamps.get(stored) and told is not None:
        return told
    return stored


# A relative word the annotator counted from a crawl's stamp ("вчера", "днём ранее", "в
# среду" of a text stored on 1 February with no dateline of its own) lands at most a week
# from the stamp: `stamp_free` drops what lies that near. (A week is what a weekday can
# reach; "месяц назад" is a month's, but a month-precise value dates no day anyway.)
STAMP_DAYS = 7


def stamp_free(sentences: Sequence[SentenceInfo], stamp: date) -> list[SentenceInfo]:
    """The sentences without the dates read against `stamp`, the stored day of an article
    that has none of its own (`crawl_news_day` gave it no day): relative words counted from
    it ("Еще днем ранее появилось видео" of a report of 7 January stored on 1 February is
    no event of 31 January) and yearless days put after it (`_yearless_ahead`). The
    sentences that lose a date are copies; the others are the same objects."""
    out = []
    for s in sentences:
        kept = [d for d in s.dates if not (d.relative and _near(d, stamp)) and not _yearless_ahead(d, stamp)]
        out.append(s if len(kept) == len(s.dates) else replace(s, dates=kept))
    return out


# A year written in a date's own words ("15 апреля 2020 года", "12.05.2020").
_YEAR = re.compile(r"\d{4}")


def _yearless_ahead(d: DateMention, stamp: date) -> bool:
    """A day and month without a year that the annotator put after the stamp: it chose the
    year nearest the stamp, but the text was written before it ("Цифровые пропуска … начнут
    проверять в Москве с 15 апреля" of a spring 2020 report stored on 1 February 2021 is
    no April 2021), so its year is not known. A bound ("продлил самоизоляцию до 28
    февраля") is kept: a limit still running reaches past the writing as often as not."""
    if d.relative or d.relation in _BOUNDS or _YEAR.search(d.text):
        return False
    when = parse_iso(d.value or d.value_end)
    return when is not None and when.first_day() > stamp


def _near(d: DateMention, stamp: date) -> bool:
    when = parse_iso(d.value or d.value_end)
    return when is not None and when.precision == "day" and abs((when.first_day() - stamp).days) <= STAMP_DAYS


# A bound followed by a clause of what happened at it: "протесты продолжались до 5 ноября,
# когда с ними удалось заключить соглашение" — the agreement is of 5 November.
_BOUND_WHEN = re.compile(r"^\s*,?\s*когда\b", re.IGNORECASE)


def _date_of(d: DateMention, s: SentenceInfo | None = None) -> tuple[str | None, str | None, Precision]:
    """(date, date_end, precision) of a mention; a bound ("до 19 января") is an end only.
    With its sentence `s`, a bound that a "когда" clause follows dates that clause's
    happening: the date is the bound's day."""
    if s is not None and d.relation in _BOUNDS and _BOUND_WHEN.match(s.text[d.end - s.start :]):
        return d.value_end or d.value, None, d.precision
    if d.relation in ("until", "before") and d.value_end is None:
        return None, d.value, d.precision
    if d.relation in ("until", "before") and d.value_end is not None and d.value == d.value_end:
        return None, d.value_end, d.precision
    return d.value, d.value_end, d.precision


def hypothetical(s: SentenceInfo, d: DateMention | None) -> bool:
    """The date is in a conditional or subjunctive clause ("если бы в октябре 2020 года
    … попросил бы"): it dates what would have been, no happening. Only the date's own
    clause counts: "в среду Курц заявил, что брекзит без сделки был бы проигрышным"
    is a real statement."""
    if d is None:
        return False
    i = next((k for k, t in enumerate(s.tokens) if t.start >= d.start), None)
    if i is None:
        return False
    return any(t.lemma.lower() in HYPOTHETICAL_WORDS for t in clause_of(s.tokens, i))


def _reanchored(
    d: DateMention, published: date | None, last: tuple[str | None, str | None, Precision] | None
) -> tuple[str | None, str | None, Precision] | None:
    """ "На следующий день", "днём ранее", "в этот же день" count from the happening told
    just before, not from the publication: when the annotator counted from the
    publication day (its value is nearer that day than the previous event), the
    annotated offset is applied to the previous dated event instead. A value the
    annotator already counted from a date just before it stays."""
    if not (d.relative and published and last and d.value and ANAPHORIC_DAY.search(d.text)):
        return None
    previous = parse_iso(last[0] or last[1])
    value = parse_iso(d.value)
    if previous is None or value is None or previous.precision != "day" or value.precision != "day":
        return None
    offset = (value.first_day() - published).days
    if abs(offset) > abs((value.first_day() - previous.first_day()).days):
        return None  # counted from the narrative already
    day = previous.first_day() + (value.first_day() - published)
    return day.isoformat(), None, "day"
