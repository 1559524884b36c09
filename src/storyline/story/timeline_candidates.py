"""Event candidates: the dated tellings of each article, read in order.

Walks each article's sentences once, carrying what the sentence before dated
("Тогда …"), the article's dateline and lead, and gives every sentence with a date
and a predicate as (sentence, date as written, date, date_end, precision). Also
finds what an article's publication day dates (its lead, its undated statements)
and the frames that only say who reported the sentence before. Both the batch
timeline and the fold (`timeline_fold`) start from these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from storyline.isodate import parse_iso
from storyline.model import Precision
from storyline.story.features import SentenceInfo
from storyline.story.statements import (
    ACT_LEMMAS,
    ATTRIBUTION_ONLY,
    HYPOTHETICAL_WORDS,
    INHERIT_OPENERS,
    background,
    frame_only,
    news_statement,
    relayed_news,
    reports_previous,
)
from storyline.story.timeline_acts import news_act, turns_to_past
from storyline.story.timeline_address import no_happening
from storyline.story.timeline_continuation import continuations
from storyline.story.timeline_dates import (
    CRAWL_GAP_DAYS,
    _date_of,
    _dateline,
    _pick_date,
    _reanchored,
    _second_date,
    hypothetical,
    news_day,
)

__all__ = ["LEAD_DAYS", "Candidate", "event_candidates", "news_day_tellings", "report_frames"]


# A lead without a date joins a dated telling of the same happening at most this many
# days before its publication (news leads report the day's or the day before's news).
LEAD_DAYS = 2


# "Тогда же", "в тот же день" refer to the time told last across at most this many undated
# text sentences (us-election-electoral-college: one present-tense aside between "В конце
# ноября Трамп заявил …" and "Тогда же Управление … сообщило"). Further back, the reader
# can no longer tell which time is meant.
INHERIT_REACH = 2


Candidate = tuple[SentenceInfo, str, str | None, str | None, Precision]


def event_candidates(
    ordered: Sequence[list[SentenceInfo]], published: Mapping[str, date | None] | None = None
) -> list[Candidate]:
    """(sentence, date as written, date, date_end, precision) for every dated sentence with a predicate.

    `published` (article id -> publication day) lets a date that refers back to the
    previous happening ("на следующий день") count from it."""
    out: list[Candidate] = []
    for sentences in ordered:
        own_day = news_day(sentences, (published or {}).get(sentences[0].article_id)) if sentences else None
        previous: tuple[str | None, str | None, Precision] | None = None
        last: tuple[str | None, str | None, Precision] | None = None  # the last dated sentence of the text
        lead = True  # the article's first text sentence is still to come
        dateline: tuple[str | None, str | None, Precision] | None = None
        untold: SentenceInfo | None = None  # the sentence before, when it told something undated
        since_dated = 0  # text sentences since `last`
        for s in sentences:
            if s.kind != "text":
                previous, untold = None, None
                if lead and _dateline(s):  # furniture to the reader, but it dates the lead
                    dateline = _date_of(_pick_date(s))  # type: ignore[arg-type]
                continue
            picked = _pick_date(s)
            dated = _date_of(picked, s) if picked is not None else None
            day = own_day
            implicit = lead and dated is None and day is not None
            if implicit and dateline is not None:
                dated, implicit = dateline, False  # "Берлин, 9 января. Правительство … не располагает …"
            elif implicit:  # dates what follows it ("Тогда …"); placed itself by `_place_leads`
                dated = (day.isoformat(), None, "day")  # type: ignore[union-attr]
            dateline = None
            if lead and _dateline(s):
                dateline = dated  # a dateline: the lead after it is its day's news
            else:
                lead = False
            if picked is not None:
                dated = _reanchored(picked, day, last) or dated
            if dated is None and s.starts_with(*INHERIT_OPENERS):
                # "В конце ноября Трамп заявил … Он продолжает настаивать … Тогда же Управление
                # … сообщило": an undated sentence between does not move the narrative's time
                if previous is not None:
                    dated = previous
                elif last is not None and since_dated <= INHERIT_REACH:
                    dated = last
            if hypothetical(s, picked):
                dated = None
            told_before = reports_previous(s)
            if told_before and picked is not None and dated is not None and untold is not None:
                # "Кемпф выступил за газопровод. Об этом в понедельник, 24 сентября, сообщает
                # газета …": the report's date dates what the sentence before told
                out.append((untold, "", *dated))
            told = s.verbs() and not no_happening(
                s
            )  # the page's words to its reader, a question: no happening
            if dated is not None and told and not frame_only(s) and not implicit:
                out.append((s, picked.text if picked is not None else "", *dated))
                second = _second_date(s, picked)
                if second is not None:  # "…6 января, а спустя две недели, 20 января, … принесет присягу"
                    out.append((s, second.text, *_date_of(second)))
            untold = s if (dated is None or implicit) and told and not told_before else None
            previous = dated
            since_dated += 1
            if dated is not None:
                last, since_dated = dated, 0
    return out


# A past narrative ("В 2009 году Биби … Группа женщин обвинила её …") runs on for this many
# sentences after its date: 2 keeps Bibi's 2009 story off the news day on asia-bibi-acquittal
# while a background line earlier in a report (the usual "в 2016 году британцы
# проголосовали …") no longer hides the statements after it (3+ lost five Brexit ones).
NARRATIVE_SENTENCES = 2


def news_day_tellings(sentences: Sequence[SentenceInfo], day: date | None) -> list[tuple[SentenceInfo, bool]]:
    """The article's sentences its publication `day` dates, with whether each is the lead:
    the first text sentence with a predicate (when it has no date of its own), then every
    undated statement of the day (`news_statement`) that does not continue a narrative of
    the past: after "В 2009 году …" an undated "Группа женщин обвинила Биби …" is 2009's."""
    out: list[tuple[SentenceInfo, bool]] = []
    if day is None:
        return out
    lead = next((x for x in sentences if x.kind == "text" and x.verbs() and not no_happening(x)), None)
    if (
        lead is not None
        and _pick_date(lead) is None
        and not lead.starts_with(*ATTRIBUTION_ONLY, *INHERIT_OPENERS)
    ):
        out.append((lead, True))
    since_past = NARRATIVE_SENTENCES + 1  # text sentences since one dated before the news days
    narrated = {x.key for x, _ in continuations(sentences)}  # acts that go on a dated telling
    # an undated telling an undated frame passes on as a paper's report ("Париж проголосует за
    # изменения. Об этом информирует газета Süddeutsche Zeitung"): the frame makes it news
    relayed = {
        told.key
        for frame, told in _frames(sentences)
        if frame_only(frame)
        and not frame.dates
        and not told.dates
        and told.verbs()
        and not reports_previous(told)
        and not background(told)
    }
    in_news = not _stale_day(sentences, day)  # the article has not yet turned to the past (`timeline_acts`)
    stale = not in_news
    for s in sentences:
        if s.kind != "text":
            continue
        since_past += 1
        if s.opens_paragraph:  # a recap or a past narrative ends with its paragraph
            in_news, since_past = not stale, max(since_past, NARRATIVE_SENTENCES + 1)
        in_news = in_news and not turns_to_past(s)  # "Напомним, …"; a date of the news days still counts
        for d in s.dates:
            when = parse_iso(d.value_end or d.value) if (d.value or d.value_end) else None
            if when is not None:
                since_past = 0 if (day - when.last_day()).days > LEAD_DAYS else NARRATIVE_SENTENCES + 1
                in_news = since_past > 0  # a date of the news days brings the article back to them
        if (
            s is not lead
            and since_past > NARRATIVE_SENTENCES
            and not no_happening(s)
            and (
                news_statement(s)
                or relayed_news(s)
                or (s.key in relayed and s.key not in narrated and not _conditional(s))
                or (news_statement(s, ACT_LEMMAS) and s.key not in narrated)
                or (in_news and s.key not in narrated and news_act(s))
            )
        ):
            out.append((s, False))
    return out


def _stale_day(sentences: Sequence[SentenceInfo], day: date) -> bool:
    """Every explicit day the article tells lies more than `CRAWL_GAP_DAYS` before its news
    `day`: the stored day is likely a crawl stamp (us_election's articles of January all
    carry 1 February), so what the article tells undated is not known to be that day's."""
    days = [
        when.last_day()
        for s in sentences
        for d in s.dates
        if d.value and not d.relative and d.precision == "day" and (when := parse_iso(d.value)) is not None
    ]
    return bool(days) and all((day - when).days > CRAWL_GAP_DAYS for when in days)


def _conditional(s: SentenceInfo) -> bool:
    return any(t.text.lower() in HYPOTHETICAL_WORDS for t in s.tokens)


def report_frames(
    sentences: Sequence[SentenceInfo], day: date | None = None
) -> list[tuple[SentenceInfo, SentenceInfo]]:
    """(frame, the sentence it reports) for each undated sentence of an article that only
    says who told the text sentence before it ("С данным заявлением выступил министр …
    Яцек Чапутович", "Об этом информирует газета Süddeutsche Zeitung"), and (sentence,
    the telling it continues) for undated narration of a dated happening or of a telling
    its news `day` dates (`timeline_continuation`), in reading order: each rides with its
    telling's event."""
    frames = _frames(sentences)
    taken = {s.key for s, _ in frames}
    news = {s.key for s, _ in news_day_tellings(sentences, day)} if day is not None else set()
    joined = frames + [(s, told) for s, told in continuations(sentences, news) if s.key not in taken]
    return sorted(joined, key=lambda pair: pair[0].index)


def _frames(sentences: Sequence[SentenceInfo]) -> list[tuple[SentenceInfo, SentenceInfo]]:
    out = []
    previous: SentenceInfo | None = None
    for s in sentences:
        if s.kind != "text":
            continue
        # a dated frame that tells nothing of its own ("Об этом говорится в результатах
        # исследования, опубликованных в понедельник, 30 ноября") dates the sentence before
        # (`event_candidates`) and is never an event itself: it rides with that telling too
        if (
            previous is not None
            and reports_previous(s)
            and (not any((d.value or d.value_end) for d in s.dates) or frame_only(s))
        ):
            out.append((s, previous))
        previous = s
    return out
