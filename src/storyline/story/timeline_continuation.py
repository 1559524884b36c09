"""Narration that goes on without a date: the sentences after a dated happening that
tell more of it ("Начавшееся 6 января заседание … было прервано … Агрессивно
настроенные протестующие ворвались в здание Конгресса … была направлена Национальная
гвардия"). They join the happening's event as evidence, as a report frame does, so the
event holds what its readers were told of it; its text stays the dated telling.

Both the batch timeline and the fold take them from `timeline_candidates.report_frames`,
so an article adds them the same way whichever path builds its story."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from storyline.story.features import SentenceInfo
from storyline.story.statements import (
    _BACKGROUND_WORDS,
    _PAST_ENDINGS,
    ATTRIBUTION_ONLY,
    HYPOTHETICAL_WORDS,
    news_statement,
    reports_previous,
)
from storyline.story.timeline_dates import _pick_date

__all__ = ["CONTINUATION_SENTENCES", "continuations"]

# At most this many undated sentences continue one dated telling: a news paragraph tells
# one happening in two to four sentences; us-election-capitol-certification's storming
# (a04: "ворвались", "погибли", "была направлена", "удалось продолжить") is three after
# the dated one, and further on the texts turn to reactions and background.
CONTINUATION_SENTENCES = 3
# The grammemes of a perfective short passive participle ("назначен", "задержаны"): a done act.
_PASSIVE = frozenset({"PRTS", "perf", "pssv"})
# The past of "быть" before a short passive participle: "была направлена Национальная гвардия".
_PAST_BE = frozenset({"был", "была", "было", "были"})
# Openers of background or recap, or of a later step ("Затем …", "Позже премьер-министр
# Армении … сообщил" in the seeds): another happening, not more of this one.
_RECAP_OPENERS = (
    "как ",
    "напомн",
    "ранее",
    "еще ",
    "ещё ",
    "в свою очередь",
    "затем",
    "потом",
    "позже",
    "позднее",
    "после ",
    "впоследствии",
    "спустя",
    "через ",
    "тем временем",
)


def _past_happening(s: SentenceInfo) -> bool:
    """A past verb form outside quotations, no condition, no word of background."""
    words = [t.text.lower() for t in s.tokens]
    if set(words) & (HYPOTHETICAL_WORDS | _BACKGROUND_WORDS):
        return False
    # words said, not what a report passes on ("Хант … назначен министром …. Об этом сообщает
    # gordonua.com" makes the whole sentence an indirect quote of the outlet)
    quoted = [(q.start, q.end) for q in s.quotes if q.kind == "direct"]
    for i, t in enumerate(s.tokens):
        if t.pos not in ("VERB", "AUX") or any(a <= t.start < b for a, b in quoted):
            continue
        if t.pos == "VERB" and words[i].endswith(_PAST_ENDINGS):
            return True
        if t.pos == "VERB" and _PASSIVE <= s.reading(i):  # "Министром здравоохранения назначен Мэтт Хэнкок"
            return True
        if words[i] in _PAST_BE and i + 1 < len(s.tokens) and s.tokens[i + 1].pos == "VERB":
            return True
    return False


def _dated(s: SentenceInfo) -> bool:
    return any(d.value or d.value_end for d in s.dates)


def _continues(s: SentenceInfo) -> bool:
    return (
        not _dated(s)
        and not s.starts_with(*ATTRIBUTION_ONLY, *_RECAP_OPENERS)
        and not reports_previous(s)
        and not news_statement(s)  # a named actor's statement is news of its own
        and _past_happening(s)
    )


def continuations(
    sentences: Sequence[SentenceInfo], news: Collection[tuple[str, int]] = ()
) -> list[tuple[SentenceInfo, SentenceInfo]]:
    """(sentence, the one it continues) for each undated past sentence that follows a
    dated past telling of its article, or one of the tellings its news day dates (`news`:
    "Члены коллегии выборщиков от штата Пенсильвания тоже поддержали Байдена. Победа в
    Пенсильвании принесла демократу 20 голосов выборщиков."), or another such sentence,
    within `CONTINUATION_SENTENCES`; headings in between do not break the narration."""
    out: list[tuple[SentenceInfo, SentenceInfo]] = []
    told: SentenceInfo | None = None
    run = 0
    for s in sentences:
        if s.kind != "text":
            continue
        if told is not None and not _dated(s) and reports_previous(s):
            continue  # "Об этом сообщает gordonua.com": a frame of the telling, the narration goes on
        if told is not None and run < CONTINUATION_SENTENCES and _continues(s):
            out.append((s, told))
            told, run = s, run + 1
            continue
        dated = _pick_date(s)
        # a news-day telling is a happening already (`news_day_tellings` judged it, reported
        # speech included: "Свои голоса … отдали и выборщики Аризоны, … сообщает The New York Times")
        anchor = s.key in news or (dated is not None and dated.precision == "day" and _past_happening(s))
        told, run = (s, 0) if anchor else (None, 0)
    return out
