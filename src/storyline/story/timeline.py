"""The story's timeline: dated happenings, one event per happening, with evidence.

An event is a sentence that carries a resolved date (or inherits one from the
sentence before: "Тогда …", "В ту же ночь …") and a predicate (a verb).
Sentences of several articles that report the same happening — same date and
restated content — become one event with several pieces of evidence.
Happenings far before the story (a 2010 precedent in a quote) stay on the
timeline as `context`, apart from the story's own days.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from storyline.isodate import PartialDate, add_days, parse_iso
from storyline.model import DateMention, Evidence, Precision, TimelineEvent
from storyline.story.compress import MIN_CHARS, compress
from storyline.story.features import STOP_LEMMAS, SentenceInfo, clause_of, norm_lemma, relative_clause_tokens
from storyline.story.happenings import merge_happenings
from storyline.story.similarity import Idf
from storyline.story.statements import (
    _FRAGMENT,
    ATTRIBUTION_ONLY,
    HYPOTHETICAL_WORDS,
    INHERIT_OPENERS,
    frame_only,
    named_speaker_text,
    news_statement,
    reports_previous,
)
from storyline.story.timeline_clauses import second_clause_date

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
# A lead without a date joins a dated telling of the same happening at most this many
# days before its publication (news leads report the day's or the day before's news).
LEAD_DAYS = 2
# An event this long before the story's first publication is background
# (`context`). 90 days: the seeds' precedents lie 15 months (October 2020) and
# 12 years (2010) back while their own happenings span the week before
# publication; a quarter leaves room for a crisis that built up over weeks.
CONTEXT_DAYS = 90
# Two dated sentences are the same happening when one restates the other:
# containment of one in the other at least this high, with the same date and a
# shared verb (sentences linked by novelty merge regardless).
MERGE_COVER = 0.5
# Undated restatements join an event through at most this many restatement
# links (dated telling <- restatement <- restatement of that): two reach every
# telling of the seeds' CSTO appeal; longer chains drift to other matters.
UNDATED_HOPS = 2
# Least containment the other way round for an undated telling to join a dated
# one (besides a shared main verb): "Садыр Жапаров уже подписал соответствующий
# указ" against the longer dated report of the decree scores ~0.4; on bsnlp
# Nord Stream a one-way test let background ("проект предполагает строительство
# …") join a dated statement 25 times over.
SAME_CLAIM = 0.3


@dataclass
class _Event:
    date: str | None
    date_end: str | None
    precision: Precision
    evidence: list[SentenceInfo] = field(default_factory=list)
    said: list[str] = field(default_factory=list)  # per evidence: the date as written ("" if inherited)

    def same_date(self, date: str | None, date_end: str | None) -> bool:
        return (self.date, self.date_end) == (date, date_end)


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
    if len(main) > 1 and _frames_report(s, main[0], main[1]):
        return main[1]  # "Сегодня стало известно, что Газпром 14 августа подал …": the happening's date
    return main[0]


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


def _date_of(d: DateMention) -> tuple[str | None, str | None, Precision]:
    if d.relation in ("until", "before") and d.value_end is None:
        return None, d.value, d.precision
    if d.relation in ("until", "before") and d.value_end is not None and d.value == d.value_end:
        return None, d.value_end, d.precision
    return d.value, d.value_end, d.precision


def _verb_lemmas(s: SentenceInfo) -> set[str]:
    return {norm_lemma(t.lemma) for t in s.verbs()}


Candidate = tuple[SentenceInfo, str, str | None, str | None, Precision]


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
        for s in sentences:
            if s.kind != "text":
                previous, untold = None, None
                if lead and _dateline(s):  # furniture to the reader, but it dates the lead
                    dateline = _date_of(_pick_date(s))  # type: ignore[arg-type]
                continue
            picked = _pick_date(s)
            dated = _date_of(picked) if picked is not None else None
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
            if dated is None and previous is not None and s.starts_with(*INHERIT_OPENERS):
                dated = previous
            if hypothetical(s, picked):
                dated = None
            told_before = reports_previous(s)
            if told_before and picked is not None and dated is not None and untold is not None:
                # "Кемпф выступил за газопровод. Об этом в понедельник, 24 сентября, сообщает
                # газета …": the report's date dates what the sentence before told
                out.append((untold, "", *dated))
            if dated is not None and s.verbs() and not frame_only(s) and not implicit:
                out.append((s, picked.text if picked is not None else "", *dated))
                second = _second_date(s, picked)
                if second is not None:  # "…6 января, а спустя две недели, 20 января, … принесет присягу"
                    out.append((s, second.text, *_date_of(second)))
            untold = s if (dated is None or implicit) and s.verbs() and not told_before else None
            previous = dated
            if dated is not None:
                last = dated
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
    lead = next((x for x in sentences if x.kind == "text" and x.verbs()), None)
    if (
        lead is not None
        and _pick_date(lead) is None
        and not lead.starts_with(*ATTRIBUTION_ONLY, *INHERIT_OPENERS)
    ):
        out.append((lead, True))
    since_past = NARRATIVE_SENTENCES + 1  # text sentences since one dated before the news days
    for s in sentences:
        if s.kind != "text":
            continue
        since_past += 1
        for d in s.dates:
            when = parse_iso(d.value_end or d.value) if (d.value or d.value_end) else None
            if when is not None:
                since_past = 0 if (day - when.last_day()).days > LEAD_DAYS else NARRATIVE_SENTENCES + 1
        if s is not lead and since_past > NARRATIVE_SENTENCES and news_statement(s):
            out.append((s, False))
    return out


def _related(
    a: SentenceInfo, b: SentenceInfo, idf: Idf, links: dict[tuple[str, int], list[tuple[str, int]]]
) -> bool:
    if b.key in links.get(a.key, ()) or a.key in links.get(b.key, ()):
        return True
    if not _main_verbs(a) & _main_verbs(b):
        return False
    return max(idf.cover(a, b, figures=False), idf.cover(b, a, figures=False)) >= MERGE_COVER


def _main_verbs(s: SentenceInfo) -> set[str]:
    """Verb lemmas outside relative clauses, reporting verbs aside: what the sentence says happened.
    Kept on the sentence: every pair comparison asks again."""
    kept = s.memo.get("main_verbs")
    if isinstance(kept, set):
        return kept
    relative = relative_clause_tokens(s.tokens)
    verbs = {
        norm_lemma(t.lemma)
        for i, t in enumerate(s.tokens)
        if t.pos == "VERB" and i not in relative and norm_lemma(t.lemma) not in STOP_LEMMAS
    }
    s.memo["main_verbs"] = verbs
    return verbs


def _same_claim(a: SentenceInfo, b: SentenceInfo, idf: Idf) -> bool:
    """`a` restates `b` (or the reverse) with the same main verb, and is not a mere detail of it."""
    if not _main_verbs(a) & _main_verbs(b):
        return False
    forward, backward = idf.cover(a, b, figures=False), idf.cover(b, a, figures=False)
    return max(forward, backward) >= MERGE_COVER and min(forward, backward) >= SAME_CLAIM


def _is_context(ev: _Event, story_start: date | None) -> bool:
    if story_start is None:
        return False
    last = parse_iso(ev.date_end or ev.date)
    return last is not None and last.last_day() < add_days(story_start, -CONTEXT_DAYS)


MEDOID_POOL = 30  # tellings compared to pick an event's text (pairwise: keep it small)
# "После этого он …", "Там …": a telling that needs the sentence before it.
_LEANING = re.compile(
    r"^(?:после этого|после того|в ответ|тогда|там|затем)\b|^\w+(?: \w+)? (?:он|она|они)\b", re.IGNORECASE
)
_ANAPHORIC = ("он ", "она ", "оно ", "они ", "это ", "там ", "тогда ", "его ", "ее ", "их ")


def _event_text(ev: _Event, idf: Idf) -> str:
    """The telling that carries most of what the others say (the event's medoid), compressed;
    among the three most central the shortest that stands on its own (not "Он обратился …",
    not a fragment cut before its clause: "Меркель заявила, что")."""
    tellings = [i for i, s in enumerate(ev.evidence) if not reports_previous(s)] or list(
        range(len(ev.evidence))
    )
    pool = [i for i in tellings if ev.said[i]] or tellings
    pool = pool[:MEDOID_POOL]

    def centrality(i: int) -> float:
        others = [j for j in pool if j != i]
        if not others:
            return 0.0
        return sum(idf.cover(ev.evidence[j], ev.evidence[i], figures=False) for j in others) / len(others)

    ranked = sorted(pool, key=lambda i: (-round(centrality(i), 6), i))
    texts = []
    for i in ranked:
        s, said = ev.evidence[i], ev.said[i]
        verbs = frozenset(t.text.lower() for t in s.verbs())
        whole = named_speaker_text(s)
        text = compress(whole, verbs)
        if said and said.lower() not in text.lower():  # the date was in a dropped clause: keep that clause
            text = compress(whole, verbs, keep_relative=True)
        texts.append(text)
    good = [t for t in texts if len(t) >= MIN_CHARS and not _FRAGMENT.search(t)] or texts
    named = [t for t in good if not t.lower().startswith(_ANAPHORIC) and not _LEANING.search(t)] or good
    return min(named[:3], key=len)


def _entity_ids(ev: _Event) -> list[str]:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for s in ev.evidence:
        for m in s.entities:
            if m.entity_id:
                counts[m.entity_id] += 1
                first.setdefault(m.entity_id, len(first))
    return sorted(counts, key=lambda e: (-counts[e], first[e]))


_PRECISION_RANK = {"year": 0, "month": 1, "day": 2, "unknown": 3}


def _add_undated_restatements(
    events: list[_Event],
    ordered: Sequence[list[SentenceInfo]],
    links: dict[tuple[str, int], list[tuple[str, int]]],
    idf: Idf,
) -> None:
    """An article that tells a dated happening without its date ("Токаев … обратился к членам
    ОДКБ") reports the same event: it joins as evidence when novelty linked it to the event's
    tellings and it says the same as one of the dated ones both ways round (not a background
    detail the dated sentence merely contains). A sentence joins one event at most."""
    sentence = {s.key: s for sentences in ordered for s in sentences}
    used = {e.key for ev in events for e in ev.evidence}
    linked: dict[tuple[str, int], set[tuple[str, int]]] = {}
    for key, earlier in links.items():
        for prior in earlier:
            linked.setdefault(key, set()).add(prior)
            linked.setdefault(prior, set()).add(key)
    for ev in events:
        dated = list(ev.evidence)
        frontier = list(ev.evidence)
        for _ in range(UNDATED_HOPS):
            found = []
            for e in frontier:
                for key in sorted(
                    linked.get(e.key, ()),
                    key=lambda k: (sentence[k].position, k[1]) if k in sentence else (0, 0),
                ):
                    other = sentence.get(key)
                    if other is None or key in used or other.kind != "text" or not other.verbs():
                        continue
                    if any((d.value or d.value_end) for d in other.dates):
                        continue  # it has a date of its own and was placed by it (or is not a happening)
                    if not any(_same_claim(other, d, idf) for d in dated):
                        continue
                    found.append(other)
                    used.add(key)
            ev.evidence.extend(found)
            ev.said.extend("" for _ in found)
            frontier = found
        order = sorted(range(len(ev.evidence)), key=lambda i: (ev.evidence[i].position, ev.evidence[i].index))
        ev.evidence = [ev.evidence[i] for i in order]
        ev.said = [ev.said[i] for i in order]


def _days_before(ev: _Event, day: date) -> bool:
    """The event is dated to a day at most `LEAD_DAYS` before `day`."""
    when = parse_iso(ev.date or ev.date_end)
    return when is not None and when.precision == "day" and 0 <= (day - when.first_day()).days <= LEAD_DAYS


def _place_leads(
    events: list[_Event],
    ordered: Sequence[list[SentenceInfo]],
    links: dict[tuple[str, int], list[tuple[str, int]]],
    idf: Idf,
    published: Mapping[str, date | None],
) -> None:
    """A news lead without a date of its own tells the day's news ("INTERFAX.RU - Муж
    Асии Биби попросил убежища …"). It joins the event another article dates, when it
    tells the same happening within `LEAD_DAYS` before its publication; else it is an
    event of its publication day."""
    used = {e.key for ev in events for e in ev.evidence}
    for sentences in ordered:
        day = news_day(sentences, published.get(sentences[0].article_id)) if sentences else None
        for s, is_lead in news_day_tellings(sentences, day):
            if day is None or s.key in used:
                continue
            home = next(
                (
                    ev
                    for ev in events
                    if _days_before(ev, day) and any(_related(s, e, idf, links) for e in ev.evidence)
                ),
                None,
            )
            if home is None and not is_lead and links.get(s.key):
                continue  # a restatement of an earlier telling is not the day's news
            if home is None:
                home = _Event(day.isoformat(), None, "day")
                events.append(home)
            home.evidence.append(s)
            home.said.append("")
            used.add(s.key)


def report_frames(sentences: Sequence[SentenceInfo]) -> list[tuple[SentenceInfo, SentenceInfo]]:
    """(frame, the sentence it reports) for each undated sentence of an article that only
    says who told the text sentence before it ("С данным заявлением выступил министр …
    Яцек Чапутович", "Об этом информирует газета Süddeutsche Zeitung")."""
    out = []
    previous: SentenceInfo | None = None
    for s in sentences:
        if s.kind != "text":
            continue
        if (
            previous is not None
            and reports_previous(s)
            and not any((d.value or d.value_end) for d in s.dates)
        ):
            out.append((s, previous))
        previous = s
    return out


def _attach_report_frames(events: list[_Event], ordered: Sequence[list[SentenceInfo]]) -> None:
    """A report frame joins the event of the sentence it reports as evidence: the event
    then knows its actor or source, while its text stays the telling itself (`_event_text`
    skips frames)."""
    home = {s.key: ev for ev in events for s in ev.evidence}
    for sentences in ordered:
        for frame, told in report_frames(sentences):
            ev = home.get(told.key)
            if ev is None or frame.key in home:
                continue
            ev.evidence.append(frame)
            ev.said.append("")
            home[frame.key] = ev
        for ev in {id(e): e for e in home.values()}.values():
            order = sorted(
                range(len(ev.evidence)), key=lambda i: (ev.evidence[i].position, ev.evidence[i].index)
            )
            ev.evidence = [ev.evidence[i] for i in order]
            ev.said = [ev.said[i] for i in order]


def build_timeline(
    ordered: Sequence[list[SentenceInfo]],
    idf: Idf,
    links: dict[tuple[str, int], list[tuple[str, int]]],
    story_start: PartialDate | None,
    published: Mapping[str, date | None] | None = None,
) -> list[TimelineEvent]:
    """Events in chronological order; `ordered` holds each article's sentences, in reading order;
    `published` the articles' publication days (for dates relative to the previous event)."""
    events: list[_Event] = []
    for s, said, start, end, precision in event_candidates(ordered, published):
        home = next(
            (
                ev
                for ev in events
                # compared with the event's first telling, not any: chains of
                # partial overlaps joined a minister's resignation, his successor's
                # appointment and the queen's approval on bsnlp Brexit
                if ev.same_date(start, end) and _related(s, ev.evidence[0], idf, links)
            ),
            None,
        )
        if home is None:
            home = _Event(start, end, precision)
            events.append(home)
        home.evidence.append(s)
        home.said.append(said)
    _add_undated_restatements(events, ordered, links, idf)
    _place_leads(events, ordered, links, idf, published or {})
    _attach_report_frames(events, ordered)
    events = merge_happenings(events, idf, _main_verbs)
    anchor = story_start.first_day() if story_start else None

    def order(ev: _Event) -> tuple[date, int, int, int]:
        when = parse_iso(ev.date or ev.date_end)
        first = ev.evidence[0]
        return (
            when.first_day() if when else date.max,
            _PRECISION_RANK[ev.precision],
            first.position,
            first.index,
        )

    out = []
    for ev in sorted(events, key=order):
        out.append(
            TimelineEvent(
                date=ev.date,
                date_end=ev.date_end,
                precision=ev.precision,
                text=_event_text(ev, idf),
                evidence=[Evidence(s.article_id, s.start, s.end) for s in ev.evidence],
                entity_ids=_entity_ids(ev),
                context=_is_context(ev, anchor),
            )
        )
    return out
