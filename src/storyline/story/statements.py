"""Statements and frames: which undated sentences tell their article's news.

The timeline (`story.timeline`) dates a sentence by the date it carries; these rules
judge the sentences that carry none. A past perfective statement by an actor the
sentence names ("Туск прокомментировал отставку …") is news of its article's day; a
sentence that only says who reported the one before ("Об этом … сообщает газета …")
dates that one instead and is no event itself.
"""

from __future__ import annotations

import re

from storyline.story.compress import speaker_tail
from storyline.story.features import SentenceInfo, clause_of, norm_lemma, relative_clause_tokens

# Openers that carry the previous sentence's date over ("Тогда он обратился …").
INHERIT_OPENERS = (
    "тогда",
    "в тот же день",
    "в ту же ночь",
    "в тот день",
    "в этот же день",
    "тем же днем",
    "в тот момент",
    "в это время",
    "там же",
)
# Sentences that only say who reported the sentence before ("Об этом в понедельник,
# 9 июля, сообщает пресс-служба …"): the date is the report's, the happening is not
# told here, so it is no event (on bsnlp Brexit a dozen such events said nothing).
ATTRIBUTION_ONLY = ("об этом", "о чем", "о чём", "об этом же")
# The subjunctive particle and conditional conjunctions: a date in a clause with one
# dates what would or could be, not what happened.
HYPOTHETICAL_WORDS = frozenset({"бы", "б", "если", "ежели"})
# A compression that ends before its clause ("Меркель заявила, что"): a fragment.
_FRAGMENT = re.compile(r"(?:\bчто|\bкак|:)\s*[.…]?$", re.IGNORECASE)


# "об этом", "о чём" after at most this many characters of a frame ("Как информирует
# ТАСС, об этом …"): the sentence tells who reported the one before it.
REPORT_FRAME_CHARS = 60
_BACK_REFERENCE = re.compile(
    r"(?<!\w)(?:об этом|о ч[её]м|с (?:данным|этим|таким) (?:заявлением|сообщением)"
    r"|(?:данное|это|такое) (?:заявление|сообщение) (?:сделал|сделала|сделали|распространил))(?!\w)",
    re.IGNORECASE,
)


# Who passes news on rather than makes it: the subject of a frame that tells only who reported.
_NEWS_CHANNEL = re.compile(
    r"(?:сообщает|сообщают|пишет|пишут|передает|передают|информирует)\s+(?:\w+\s+)?"
    r"(?:газет|издани|агентств|сми\b|телеканал|портал|сайт|журнал|радио)",
    re.IGNORECASE,
)


def reports_previous(s: SentenceInfo) -> bool:
    """The sentence only says who told the sentence before it ("Об этом сообщил …",
    "Как информирует ТАСС, об этом в понедельник сообщает газета …")."""
    if s.starts_with(*ATTRIBUTION_ONLY):
        return True
    m = _BACK_REFERENCE.search(s.text)
    return m is not None and m.start() <= REPORT_FRAME_CHARS


# Perfective verbs of a public act of speech (lemmas). Told in the past tense without a
# date, by an actor the sentence names ("Туск прокомментировал отставку", "МИД Германии
# раскритиковал действия посла"), such a statement is its article's news: on the tuned-on
# golds about half of the timeline misses were these (the article's day is the gold's).
# Imperfective lemmas ("заявлял", "говорил") tell what was said over time, and "напомнить"
# introduces background: neither is here.
STATEMENT_LEMMAS = frozenset(
    """
    заявить сказать сообщить рассказать написать отметить подчеркнуть уточнить объявить
    признать пояснить подтвердить назвать прокомментировать раскритиковать осудить призвать
    пообещать предупредить выразить ответить опровергнуть отвергнуть потребовать предложить
    добавить обвинить пригрозить заверить указать высказаться отказаться согласиться
    """.split()
)
# Past-tense endings of a Russian verb form (the tagger gives no tense).
_PAST_ENDINGS = ("л", "ла", "ло", "ли", "лся", "лась", "лось", "лись")
# Words that put a told act before the news day ("Ранее Путин заявил …").
_BACKGROUND_WORDS = frozenset({"ранее", "прежде", "неоднократно", "когда-то", "однажды"})
_PRONOUN_ACTORS = frozenset({"он", "она", "они", "оно"})


# Perfective verbs of a public act that a named actor performs as news ("Дэвис подал в
# отставку", "Мэй назначила Ханта", "Полиция задержала лидера партии"): told undated in
# the past tense outside a narrative of the past, such an act is its article's news as a
# statement is. Lemmas; general acts of office, law and force, no verb of a state.
ACT_LEMMAS = frozenset(
    """
    назначить подать уйти покинуть принять подписать утвердить одобрить отклонить отменить
    ввести запретить задержать арестовать освободить выпустить обратиться направить избрать
    проголосовать заблокировать отправить уволить ратифицировать выслать заморозить
    """.split()
)


def _statement_verb(s: SentenceInfo, lemmas: frozenset[str] = STATEMENT_LEMMAS) -> int | None:
    """Index of the sentence's main-clause past perfective verb of speech (or of `lemmas`), if any."""
    relative = relative_clause_tokens(s.tokens)
    quoted = [(q.start, q.end) for q in s.quotes]
    for i, t in enumerate(s.tokens):
        if t.pos != "VERB" or i in relative or any(a <= t.start < b for a, b in quoted):
            continue
        if norm_lemma(t.lemma) in lemmas and t.text.lower().endswith(_PAST_ENDINGS):
            return i
    return None


# "…назвали провокационным. писал о том…", "…на Генассамблее ООНГрушко подчеркнул…"
_GLUED_SENTENCES = re.compile(r"[.!?]\s+[а-яё]|[А-ЯЁ]{3,}[а-яё]{3,}")


def _opens_inside_quote(text: str) -> bool:
    """The first quotation mark of the text closes a quotation: "»" before any "«", or a
    straight quote right after a word or a stop ("… противоречит", — отметила …")."""
    marks = [(i, ch) for i, ch in enumerate(text) if ch in '«»"']
    if not marks:
        return False
    i, ch = marks[0]
    if ch != '"':
        return ch == "»"
    return i > 0 and not text[i - 1].isspace() and text[i - 1] not in "(:—-–"


def _broken(s: SentenceInfo) -> bool:
    """The sentence holds a cut-off sentence glued to it, or starts inside a quotation
    begun before it and does not end naming who said it ("Мы говорим это и критикам
    проекта"» is a piece; "… если мы диверсифицируемся», — сказала Меркель" is not)."""
    text = s.text.strip()
    if _GLUED_SENTENCES.search(text):
        return True
    if not _opens_inside_quote(text):
        return False
    verbs = frozenset(t.text.lower() for t in s.verbs())
    return speaker_tail(text.rstrip(" ."), verbs) is None


def news_statement(s: SentenceInfo, lemmas: frozenset[str] = STATEMENT_LEMMAS) -> bool:
    """An undated statement the sentence tells as its article's news: a past perfective
    verb of speech (or of `lemmas`: `ACT_LEMMAS`) in the main clause, an actor the sentence
    names outside what is quoted, not a pronoun, not a condition, no word of background."""
    if s.kind != "text" or s.dates or _FRAGMENT.search(s.text.rstrip()) or _broken(s):
        return False  # a date of its own places it (or, unresolved, leaves it undated); "заявила, что"
    if s.starts_with(*ATTRIBUTION_ONLY, *INHERIT_OPENERS, "как ", "напомн"):
        return False
    i = _statement_verb(s, lemmas)
    if i is None:
        return False
    clause = clause_of(s.tokens, i)
    words = {t.text.lower() for t in clause}
    if words & HYPOTHETICAL_WORDS:
        return False
    resolved = _pronoun_speaker(s)
    if words & _PRONOUN_ACTORS and not resolved:
        return False
    if any(t.text.lower() in _BACKGROUND_WORDS for t in s.tokens):
        return False
    if resolved:
        return True  # "… точно не тот путь, сказал он": "он" is the person the quote names
    quoted = [(q.start, q.end) for q in s.quotes]
    return any(m.type in ("PER", "ORG") and not any(a <= m.start < b for a, b in quoted) for m in s.entities)


def _pronoun_speaker(s: SentenceInfo) -> bool:
    """A quotation of the sentence is said by a pronoun ("сказал он") that the quote
    stage resolved to a named person or organisation: the actor is known."""
    return any(
        q.speaker_entity_id and (q.speaker_text or "").strip().lower() in _PRONOUN_ACTORS for q in s.quotes
    )


def named_speaker_text(s: SentenceInfo) -> str:
    """The sentence with a resolved pronoun speaker named: "…, сказал он" → "…, сказал
    Хайко Маас", so that a timeline event told this way still says who acted."""
    text = s.text
    for q in sorted(s.quotes, key=lambda q: -(q.speaker_start or 0)):
        if not (q.speaker and q.speaker_start is not None and q.speaker_end is not None):
            continue
        if (q.speaker_text or "").strip().lower() not in _PRONOUN_ACTORS:
            continue
        a, b = q.speaker_start - s.start, q.speaker_end - s.start
        if 0 <= a < b <= len(text) and text[a:b].strip().lower() in _PRONOUN_ACTORS:
            text = text[:a] + q.speaker + text[b:]
    return text


def frame_only(s: SentenceInfo) -> bool:
    """A report of the sentence before that tells nothing of its own: it opens with "Об этом",
    or a news channel passes it on ("…, об этом … сообщает газета …"). "Как передает ТАСС, об
    этом заявил X" tells X's words and is not frame only."""
    return s.starts_with(*ATTRIBUTION_ONLY) or (
        reports_previous(s) and _NEWS_CHANNEL.search(s.text) is not None
    )


# Verbs (lemmas) of an outlet passing news on, in "Как сообщает Reuters, …": told in the
# present tense, they mark what follows as the outlet's fresh news.
RELAY_LEMMAS = frozenset({"сообщать", "передавать", "писать", "информировать", "сообщить"})
# Present-tense third-person endings ("сообщает", "передают", "пишет").
_PRESENT_ENDINGS = ("ет", "ют", "ит", "ат", "ят", "ёт")
# Tokens the relay clause may take before its comma ("Как сообщает британское агентство Reuters,").
RELAY_CLAUSE_TOKENS = 8


def relayed_news(s: SentenceInfo) -> bool:
    """An undated happening an outlet passes on as news: "Как сообщает Reuters, в ходе
    столкновений с полицией в Лахоре пострадали пять человек." The present-tense relay
    makes it the article's news; the main clause needs a past verb of its own, and no
    condition or word of background ("ранее") may stand in it."""
    if s.kind != "text" or s.dates or _broken(s) or not s.starts_with("как "):
        return False
    tokens = s.tokens
    comma = next((i for i, t in enumerate(tokens[:RELAY_CLAUSE_TOKENS]) if t.text == ","), None)
    if comma is None:
        return False
    relay = tokens[1:comma]
    if not any(
        norm_lemma(t.lemma) in RELAY_LEMMAS and t.text.lower().endswith(_PRESENT_ENDINGS) for t in relay
    ):
        return False
    rest = tokens[comma + 1 :]
    words = {t.text.lower() for t in rest}
    if words & HYPOTHETICAL_WORDS or words & _BACKGROUND_WORDS:
        return False
    relative = relative_clause_tokens(tokens)
    return any(
        t.pos == "VERB" and t.text.lower().endswith(_PAST_ENDINGS) and i + comma + 1 not in relative
        for i, t in enumerate(rest)
    )


def background(s: SentenceInfo) -> bool:
    """The sentence holds a word that puts what it tells before the news ("ранее", "прежде")."""
    return any(t.text.lower() in _BACKGROUND_WORDS for t in s.tokens)
