"""Acts of the news day: undated sentences that tell something done, by their verb's aspect.

`statements.news_statement` knows the day's statements and acts of office by lists of
verbs ("заявил", "назначил"). Most of what a news report tells as done that day is told
with other verbs: "Финляндия выдала второе разрешение", "Пакистанские силы безопасности
установили охрану у церквей", "выборщики Пенсильвании поддержали Байдена". What they share
is the form: a finite verb of the main clause in the perfective past, outside what is
quoted, with an actor the sentence names. The dictionary reading of the verb
(`SentenceInfo.reading`, pymorphy2's best analysis kept with the annotation) gives the
aspect and tense, so no list of verbs is needed.

The form alone also fits background ("Биби провела в камере восемь лет", "родилась и
выросла …"): an act counts only in the news part of its article, from a recap opener or a
date before the news days until a date of the news days brings it back
(`news_day_tellings` tracks that), never with a word of background, and not in an article
whose stored day is a crawl stamp.

Calibration (session 15, the 22 tuned-on story golds): mean timeline recall 0.866 → 0.895,
events per story 38.9 → 43.0; of the 96 events added, 83 read as happenings of their day.
The word lists below were read off those golds' added events (each list is a kind of
sentence, not a story's words); the three session-14 golds, held out, went 0.732 → 0.806.
"""

from __future__ import annotations

import re

from storyline.story.compress import speaker_tail
from storyline.story.features import SentenceInfo, clause_of, norm_lemma, relative_clause_tokens
from storyline.story.statements import (
    _BACKGROUND_WORDS,
    _FRAGMENT,
    _PRONOUN_ACTORS,
    ATTRIBUTION_ONLY,
    HYPOTHETICAL_WORDS,
    INHERIT_OPENERS,
    _broken,
    _pronoun_speaker,
    reports_previous,
)

__all__ = ["LINK_VERBS", "NEWS_ACT_TAGS", "news_act", "turns_to_past"]

# The grammemes of a finite perfective past verb (pymorphy2: "VERB" is the finite form;
# participles are PRTF/PRTS, gerunds GRND, infinitives INFN).
NEWS_ACT_TAGS = frozenset({"VERB", "perf", "past", "indc"})
# Perfective verbs that link a subject to what it is rather than tell what it did
# ("Дело Биби стало первым …", "оказался в центре скандала"): no act of their own.
LINK_VERBS = frozenset({"стать", "оказаться", "остаться", "явиться", "получиться"})
# Openers of background or recap: what follows them is not the day's news.
RECAP_OPENERS = ("напомн", "ранее", "прежде", "как известно", "в прошлом", "до этого")
# Words that put a done act before the news day or spread it over time ("Недавно окружной суд
# … наложил арест", "До сих пор такие действия блокировали две страны"), besides the
# statements' `ранее`, `прежде` …: the act is not the day's.
ACT_BACKGROUND = ("недавно", "до сих пор")
# Openers of an aside by the writer ("Отметим, что там лидер ФРГ встретилась …"): what
# follows is a remark, not the news told.
ASIDE_OPENERS = ("отметим", "заметим", "добавим", "кстати")
# Verbs that bring background into a report ("Зеле напомнил, что …"): the act is the
# reminding, what it tells is older.
RECALL_LEMMAS = frozenset({"напомнить", "вспомнить"})
# Openers that pass on what follows as a report ("По информации AP, Франция и Испания
# предложили …", "Также сообщается, что власти запретили …"): the act is after them.
RELAY_OPENERS = ("по информации", "по сообщению", "по данным", "согласно данным")
# "… сообщается, что", "Позже стало известно, что": after up to two words (также, позже), a
# frame whose "что" passes on what follows.
_RELAY_THAT = re.compile(r"^(?:[\w-]+\s+){0,2}?(?:сообщается|стало известно|известно)\s*,?\s*что\b")
# A perfective short passive participle ("задержаны", "восстановлен") and the past of
# "быть" before it: "были задержаны" tells a done act whose doer goes unnamed.
PASSIVE_TAGS = frozenset({"PRTS", "perf", "pssv"})
PAST_BE = frozenset({"был", "была", "было", "были"})
# Quotation marks: a sentence that opens with one is speech even where the quote stage
# found no quotation ('"Мы сумели низвести брексит …"').
QUOTE_OPENERS = ("«", '"', "„", "“")
# Words that open a subordinate clause: a verb after one in the sentence tells what the
# main clause says about it ("Нет сомнений, что демократы уже осознали …"), not an act.
SUBORDINATORS = frozenset({"что", "чтобы", "как", "когда", "если", "пока", "будто", "ли", "хотя", "кто"})


def _direct_quotes(s: SentenceInfo) -> list[tuple[int, int]]:
    """Spans of the sentence's direct quotations: words said, not told. Reported speech
    passed on by a channel ("…Пенс отказался, передает CNN") is the report's telling."""
    return [(q.start, q.end) for q in s.quotes if q.kind == "direct"]


def _told_from(s: SentenceInfo) -> int:
    """The first token of what the sentence tells: after a relay opener ("По информации AP,",
    "Также сообщается, что"), at its start otherwise."""
    head = s.text.lstrip(' «"—-').lower()
    if _RELAY_THAT.match(head):
        return next((i + 1 for i, t in enumerate(s.tokens) if t.text.lower() == "что"), 0)
    if not head.startswith(RELAY_OPENERS):
        return 0
    return next((i + 1 for i, t in enumerate(s.tokens) if t.text in (",", ":")), 0)


def _done(s: SentenceInfo, i: int) -> bool:
    """Token `i` tells a done act: a finite perfective past verb (`NEWS_ACT_TAGS`), or a
    perfective short passive participle after a past "быть" ("были задержаны 221 человек")."""
    tags = s.reading(i)

    def word(k: int) -> str:
        return s.tokens[k].text.lower() if k >= 0 else ""

    # a negated act is still told as news of the day ("ни Байден, ни Трамп не смогли набрать
    # достаточного количества голосов" is a gold event of us-election-vote-count)
    return NEWS_ACT_TAGS <= tags or (PASSIVE_TAGS <= tags and word(i - 1) in PAST_BE)


def _adverb_use(s: SentenceInfo, i: int) -> bool:
    """ "Пока же британский МИД выступил …": with "же" after it a subordinator is an adverb."""
    return i + 1 < len(s.tokens) and s.tokens[i + 1].text.lower() == "же"


def _act_verb(s: SentenceInfo) -> int | None:
    """Index of the first main-clause verb of a done act outside quotations, before any
    subordinate clause opens (a relay opener's "что" opens none)."""
    relative = relative_clause_tokens(s.tokens)
    quoted = _direct_quotes(s)
    first = _told_from(s)
    for i, t in enumerate(s.tokens):
        if i < first:
            continue
        if t.text.lower() in SUBORDINATORS and not _adverb_use(s, i):
            return None
        if t.pos != "VERB" or i in relative or any(a <= t.start < b for a, b in quoted):
            continue
        lemma = norm_lemma(t.lemma)
        if _done(s, i) and (lemma not in LINK_VERBS | RECALL_LEMMAS or _takes_office(s, i)):
            return i
    return None


# Endings of a noun's instrumental singular ("преемником", "главой", "министром").
_INSTRUMENTAL = ("ом", "ем", "ём", "ой", "ей", "ою", "ею")
# How many words an office noun may lie from "стать": "Его преемником стал", "стал новым главой".
OFFICE_REACH = 2


def _takes_office(s: SentenceInfo, i: int) -> bool:
    """ "Его преемником стал Доминик Рааб", "Новым главой МИД стал Джереми Хант": "стать"
    with a noun in the instrumental next to it (adjectives between) and a person named in
    the nominative tells someone took a post, an act; with an adjective or an ordinal
    ("Дело Биби стало первым") it links, and so it does with a thing for subject
    ("Разногласия стали причиной отставки Бориса Джонсона")."""
    if norm_lemma(s.tokens[i].lemma) != "стать":
        return False
    if not any(m.type == "PER" and m.text == m.name for m in s.entities):
        return False
    for step in (-1, 1):
        k, seen = i + step, 0
        while 0 <= k < len(s.tokens) and seen < OFFICE_REACH + 1:
            t = s.tokens[k]
            if t.pos == "NOUN":
                return t.text.lower().endswith(_INSTRUMENTAL)
            if t.pos not in ("ADJ", "DET"):
                break
            k, seen = k + step, seen + 1
    return False


def _named_actor(s: SentenceInfo, verb: int) -> bool:
    """A person or organisation the sentence names outside what is quoted, or a place named
    in the nominative before the verb ("Финляндия выдала …": the state acts)."""
    quoted = _direct_quotes(s)
    at = s.tokens[verb].start
    for m in s.entities:
        if any(a <= m.start < b for a, b in quoted):
            continue
        if m.type in ("PER", "ORG"):
            return True
        if m.type == "LOC" and m.start < at and m.text == m.name:
            return True
    return False


def _said_by_named(s: SentenceInfo) -> bool:
    """The sentence ends naming who said it ("«…», — проинформировал Грушко")."""
    verbs = frozenset(t.text.lower() for t in s.verbs())
    return speaker_tail(s.text.strip().rstrip(" ."), verbs) is not None


def news_act(s: SentenceInfo) -> bool:
    """An undated act the sentence tells as done: a finite perfective past verb in the main
    clause (`NEWS_ACT_TAGS`, not a linking verb), an actor the sentence names, no condition,
    no pronoun actor it cannot name, no word of background, not a fragment or a piece."""
    if s.kind != "text" or s.dates or _FRAGMENT.search(s.text.rstrip()) or _broken(s):
        return False
    if reports_previous(s):  # "С данным заявлением выступил …": a frame of the sentence before
        return False
    if s.text.lstrip().startswith(QUOTE_OPENERS) and not _said_by_named(s):
        return False  # '"Мы сумели …"': words said, however marked, with no one said to say them
    if s.starts_with(*ATTRIBUTION_ONLY, *INHERIT_OPENERS, *RECAP_OPENERS, *ASIDE_OPENERS, "как "):
        return False
    i = _act_verb(s)
    if i is None:
        return False
    words = {t.text.lower() for t in clause_of(s.tokens, i)}
    if words & HYPOTHETICAL_WORDS or (words & _PRONOUN_ACTORS and not _pronoun_speaker(s)):
        return False
    if any(t.text.lower() in _BACKGROUND_WORDS for t in s.tokens):
        return False
    lowered = s.text.lower()
    if any(re.search(rf"(?<!\w){w}(?!\w)", lowered) for w in ACT_BACKGROUND):
        return False
    return _named_actor(s, i)


def turns_to_past(s: SentenceInfo) -> bool:
    """The sentence opens a recap ("Напомним, …", "Ранее …"): the article turns to background."""
    return s.kind == "text" and s.starts_with(*RECAP_OPENERS)
