"""Site furniture: the parts of a page that are not the story.

Extracted news text keeps menus ("СмотретьБританский министр … подал в
отставкуДэвид Дэвис"), "Смотрите также:", registration and copyright footers,
comment-form chrome, and datelines glued to the first sentence ("• , 18:59
REGNUM Премьер-министр …", "14:00 08.11.2018 Источник: …"). None of it may
become an event, a fact, a quote or a summary sentence.

A sentence is told apart by what it looks like and by repetition:

* shape: a dateline at its start (cut off, the rest is story text), words glued
  by a menu ("отставкуДэвид"), web addresses, e-mail, ©, phone numbers, the
  vocabulary of a site's service pages (registration, passwords, comments,
  hyperlinks, subscriptions), an imperative addressed to the reader, no verb;
* repetition: the same words (figures aside) in two articles of one source that
  are not the same telling, or in three articles of the story, when short or
  verbless or already suspect by shape. Repeated story text (an agency's
  background paragraph) has verbs and length, so it stays.

Each cue adds to a score; `FURNITURE_SCORE` or more is furniture. The weights
are calibrated by reading bsnlp-ru (see docs/story-intelligence.md).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

from storyline.story.features import SentenceInfo

FURNITURE = "furniture"

# A dateline opening a sentence: bullets, a clock time and/or a numeric date, then an
# agency name in capitals or "Источник: <site>"; or a city in capitals with a full
# stop or comma ("КИЕВ.", "МОСКВА, 9 июля."). Cut off, the sentence's rest is text.
_TIME = r"\d{1,2}[:.]\d{2}"
_NUMERIC_DATE = r"\d{1,2}\.\d{1,2}\.\d{2,4}"
_WORD_DATE = r"\d{1,2}\s+[А-ЯЁа-яё]{3,}\.?,?\s*\d{4}"  # "9 Июль, 2018" after a clock time
DATELINE = re.compile(
    r"^[\s•·*|,–—-]*"
    r"(?:[A-Z][A-Z.]{3,}\s+[-—–](?=\s)"  # an agency before a dash: "INTERFAX.RU - "
    rf"|(?:{_NUMERIC_DATE}(?:[\s,]+{_TIME})?|{_TIME}(?:[\s,]+(?:{_NUMERIC_DATE}|{_WORD_DATE}))?)"
    r"(?:[\s,|•·—-]+(?:Источник:(?:\s*(?:[A-Za-z][\w.\-]*|[А-ЯЁ]{2,}))*|[A-ZА-ЯЁ][A-ZА-ЯЁ.\-]{1,}(?=\s)))?"
    r"|[А-ЯЁ]{3,}(?:[\s-][А-ЯЁ]{3,})?(?:,\s*\d{1,2}\s+[а-я]+)?"
    r"(?:\.(?:\s*/[^/\n]{2,30}/\.?)?|(?<=[а-я])\s+(?:[А-ЯЁA-Z]{3,}|/[^/\n]{2,30}/)\.?(?=\s)))"
    r"[\s,|•·—-]*"
)
# A dateline at least this long (a time and a date) cannot be a figure's own start.
LONG_DATELINE = 10
# A menu glues link texts together: a lowercase run of four or more letters then a
# capital inside one word ("СмотретьБританский", "новыеСначала"). Names such as
# "МакКейн" have a shorter first part.
GLUED = re.compile(r"[а-яё]{4,}[А-ЯЁ][а-яё]")
# Glues in one sentence that make it a menu by themselves ("СмотретьБританский министр …
# подал в отставкуДэвид Дэвис"); a single glue in a sentence with a verb is a missing space
# in story text and only counts as a weak cue (`shape_score`).
MENU_GLUES = 2
# A glue inside one capitalised word ("СмотретьБританский", "ФедералПресс"): a menu's link
# texts or a brand, not a lowercase word that lost its space before a name.
CAMEL = re.compile(r"(?<![\w-])[А-ЯЁ][а-яё]{3,}[А-ЯЁ][а-яё]")
WEB = re.compile(
    r"https?://|www\.|ctrl\s*\+|\b\S+@\S+\.\w{2,}|©|\bt\.me/|\+\d[\d\s()-]{7,}|\b[\w-]+\.(?:ru|ua|by|com|net|org)\b",
    re.IGNORECASE,
)
# Words of a site's service text (registration, login, comment forms, copyright
# and reprint terms, subscriptions, media registration): general web vocabulary.
SITE_WORDS = re.compile(
    r"зарегистрируйтесь|регистрация и вход|пройти регистрацию|авторизу|войдите|парол[ьяи]|e-mail|логин|учетн\w* запис|"
    r"подписывайтесь|подпишитесь|подписаться на|комментари(?:ев|и|й)\b|комментировать|"
    r"ctrl\s*\+\s*enter|гиперссылк|копировани|воспроизведени|перепечатк|использовани\w* материал|"
    r"материал\w* (?:сайта|размещ)|на правах рекламы|учредител|главный редактор|свидетельств\w* о регистрации|"
    r"роскомнадзор|фс\s?\d{2}-\d+|все права защищены|cookie|браузер|telegram|телеграм|"
    r"смотрите также|читайте (?:также|на|в|нас)\b|смотреть|поделиться|обратной связи|блокировк|правила использования",
    re.IGNORECASE,
)
# What every match of SITE_WORDS and of WEB holds, in lower case: a sentence holding none
# of these cannot match, and is not scanned (most story sentences: `shape_score` was 12 %
# of a story worker's CPU on bsnlp-ru, round 9, half of it these two scans). Exact: each
# alternative of the regex opens with one of these (`tests/story/test_furniture_gates.py`
# checks them against the regexes on bsnlp-ru's sentences and the seeds).
_SITE_OPENINGS = (
    "зарегистрируйтесь", "регистрация и вход", "пройти регистрацию", "авторизу", "войдите", "парол",
    "e-mail", "логин", "учетн", "подписывайтесь", "подпишитесь", "подписаться на", "коммент", "ctrl",
    "гиперссылк", "копировани", "воспроизведени", "перепечатк", "использовани", "материал",
    "на правах рекламы", "учредител", "главный редактор", "свидетельств", "роскомнадзор", "фс",
    "все права защищены", "cookie", "браузер", "telegram", "телеграм", "смотрите также", "читайте ",
    "смотреть", "поделиться", "обратной связи", "блокировк", "правила использования",
)  # fmt: skip
_WEB_OPENINGS = (
    "http",
    "www.",
    "ctrl",
    "@",
    "\u00a9",
    "t.me/",
    "+",
    ".ru",
    ".ua",
    ".by",
    ".com",
    ".net",
    ".org",
)
# Characters an IGNORECASE regex matches to a Latin or Cyrillic letter although their
# lower case is another character ("\u0131" for "i", "\u1c80" for "в"): a sentence with one
# is always scanned (the list is computed over Unicode in annotate's date anchor tests).
_FOLDED = re.compile("[\u0130\u0131\u017f\u1c80-\u1c88]")


def _may_hold(low: str | None, openings: tuple[str, ...]) -> bool:
    return low is None or any(o in low for o in openings)


# Buttons and form labels in capitals ("ДОБАВИТЬ КОММЕНТАРИЙ"): two long all-capital
# words in a row (abbreviations such as "МИД РФ" are shorter).
CAPS_RUN = re.compile(r"\b[А-ЯЁ]{5,}\s+[А-ЯЁ]{5,}\b")
# Markup that leaked into the text (BB-code, HTML) and postal addresses of a masthead.
MARKUP = re.compile(r"\[/?(?:url|b|i|size|img|quote)[=\]]|</?\w+[^>]*>", re.IGNORECASE)
ADDRESS = re.compile(
    r"\b\d{6},\s*(?:г\.|город)|\bдом\s+\d+,\s*(?:строение|корпус|стр\.|кор\.)|\b(?:адрес|тел\.|телефон)\s*:",
    re.IGNORECASE,
)
# A form label with a number and nothing else ("Осталось символов: 2000").
LABEL = re.compile(r"^\W*[^\W\d]+(?:\s+[^\W\d]+)?:\s*[\d\s]+\W*$")
# An imperative to the reader opening a sentence ("Войдите!", "Зарегистрируйтесь").
IMPERATIVE = re.compile(r"^\W*[А-ЯЁ][а-яё]+(?:йтесь|итесь|йте|ите)\b")
# Calibration (bsnlp-ru, read by hand; docs/story-intelligence.md): one service
# word alone also occurs in story text ("в Telegram-канале", "комментарий МИД"),
# two cues together were furniture in every case we read.
FURNITURE_SCORE = 2
# A sentence this short (words, after its dateline) with no verb is a label or
# a dateline remnant ("УНН.", "Почему?", "Смотрите также:"), not a telling.
SHORT_WORDS = 3
# A dateline the segmenter split into sentences of its own sits among an article's
# first sentences: a place or a date alone there is furniture.
DATELINE_SENTENCES = 3
# Repetition: articles of one source, or of the whole story, that carry the same
# words (figures aside) for the sentence to count as repeated page furniture.
SAME_SOURCE_REPEATS = 2
STORY_REPEATS = 3
# Repeated sentences at most this long (words) with no verb are furniture.
REPEATED_SHORT_WORDS = 8
_WORD = re.compile(r"[^\W\d_]+")


def dateline_length(text: str) -> int:
    """How many leading characters of `text` are a dateline (0 if none)."""
    m = DATELINE.match(text)
    if m is None or m.end() == 0:
        return 0
    rest = text[m.end() :]
    if not rest:
        return m.end()
    # a dateline eats only up to a sentence's own capital (or a figure, after a
    # dateline long enough not to be the figure's own start: "…Источник: 53-летняя")
    head = rest.lstrip('«"„“')[:1]
    if head.isupper() or (rest[:1].isdigit() and m.end() >= LONG_DATELINE):
        return m.end()
    return 0


def shape_score(text: str, has_verb: bool, names_something: bool = False) -> int:
    """Cues of furniture in the words themselves. A verbless sentence that names an
    entity or gives a figure ("Асии Биби 54 года.") is story text, however short."""
    score = 0
    low = None if _FOLDED.search(text) else text.lower()
    glues = len(GLUED.findall(text))
    camel = bool(CAMEL.search(text))
    if MARKUP.search(text) or glues >= MENU_GLUES or (glues and (camel or not has_verb)):
        score += 2
    elif glues:  # one missing space in a told sentence ("12 декабря 2018 годаЕвропарламент выступил")
        score += 1
    if CAPS_RUN.search(text) or LABEL.match(text):
        score += 1
    if ADDRESS.search(text):
        score += 2
    if _may_hold(low, _WEB_OPENINGS) and WEB.search(text):
        score += 1
    if _may_hold(low, _SITE_OPENINGS):
        score += min(2, len(SITE_WORDS.findall(text)))
    if IMPERATIVE.match(text):
        score += 1
    if not (has_verb or names_something):
        score += 1
        if len(_WORD.findall(text)) <= SHORT_WORDS:
            score += 1
    return score


def _signature(text: str) -> str:
    return " ".join(w.lower() for w in _WORD.findall(text))


def trim_datelines(sentences: Sequence[SentenceInfo]) -> None:
    """Cut a dateline off the start of each sentence (the rest is story text)."""
    for s in sentences:
        cut = dateline_length(s.text)
        if cut:
            _trim(s, cut)


def signature(s: SentenceInfo) -> str:
    """The sentence's words, figures aside: what repeated furniture shares."""
    return _signature(s.text)


def is_furniture(s: SentenceInfo, where: Mapping[str, set[str]], sources: Mapping[str, str]) -> bool:
    """Whether a sentence (dateline already cut) is furniture, given in which articles of the
    story each signature occurs (`where`) and the articles' sources."""
    kept = s.memo.get("furniture")
    if isinstance(kept, tuple):  # the sentence's own cues do not change as the story grows
        sig, has_verb, score = kept
    else:
        sig = _signature(s.text)
        has_verb = bool(s.verbs())
        score = shape_score(s.text, has_verb, bool(s.entities or s.quantities))
        if s.index < DATELINE_SENTENCES and not has_verb and _only_place_or_date(s):
            score += FURNITURE_SCORE  # a dateline split off: "Москва." "4 ноября."
        s.memo["furniture"] = (sig, has_verb, score)
    if sig:
        articles = where.get(sig, set())
        same_source = sum(1 for a in articles if sources.get(a) == sources.get(s.article_id))
        repeated = same_source >= SAME_SOURCE_REPEATS or len(articles) >= STORY_REPEATS
        if repeated and (score >= 1 or len(sig.split()) <= REPEATED_SHORT_WORDS and not has_verb):
            score += 1
    else:
        score = FURNITURE_SCORE  # nothing but digits and punctuation left
    return score >= FURNITURE_SCORE


def repeated_already(articles: Collection[str]) -> bool:
    """A signature this many articles use is repeated for `is_furniture` whatever joins:
    a sentence with it was judged so when the set reached this size, and more articles
    cannot change that judgement (a story extended article by article then skips it)."""
    return len(articles) >= STORY_REPEATS


def mark_furniture(per_article: Sequence[Sequence[SentenceInfo]], sources: Mapping[str, str]) -> int:
    """Cut datelines off sentence starts and set `kind = "furniture"` on furniture.

    `per_article` holds each article's sentence infos; `sources` maps article id to
    its source. Returns the number of sentences marked."""
    where: dict[str, set[str]] = defaultdict(set)
    for sentences in per_article:
        trim_datelines(sentences)
        for s in sentences:
            where[_signature(s.text)].add(s.article_id)
    marked = 0
    for sentences in per_article:
        for s in sentences:
            if s.kind != FURNITURE and is_furniture(s, where, sources):
                s.kind = FURNITURE
                marked += 1
    return marked


def _only_place_or_date(s: SentenceInfo) -> bool:
    """Every word of the sentence is in a place name or a date ("Москва.", "4 ноября.")."""
    spans = [(e.start, e.end) for e in s.entities if e.type == "LOC"] + [(d.start, d.end) for d in s.dates]
    words = [t for t in s.tokens if t.text[:1].isalnum()]
    return (
        bool(words)
        and len(words) <= SHORT_WORDS
        and all(any(a <= t.start < b for a, b in spans) for t in words)
    )


def _trim(s: SentenceInfo, cut: int) -> None:
    """Start the sentence after its dateline: spans before the cut are dropped, except
    its dates: a dateline's date ("14:54, 2 Ноябрь, 2018 Власти Пакистана отложили …")
    is the day of the report the sentence opens, so it still dates the sentence."""
    start = s.start + cut
    if start >= s.end:
        s.kind = FURNITURE
        return
    s.start = start
    s.text = s.text[cut:]
    s.tokens = [t for t in s.tokens if t.start >= start]
    s.entities = [e for e in s.entities if e.start >= start]
    s.quantities = [q for q in s.quantities if q.start >= start]
    s.quotes = [q for q in s.quotes if q.start >= start]
