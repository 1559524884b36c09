"""Quantities: numbers, ranges, qualifiers, counted items and their subjects.

A number becomes a quantity unless it is part of something else: a date
(found by the date grammar), a time, a phone number, an ordinal ("1-й"), list
numbering, an article/issue number ("статья 5", "№ 3") or a name ("Су-27",
"COVID-19", anything inside an entity span). Around each number we read the
qualifier before it ("как минимум", "более"), the counted item after it (the
head noun's lemma, looking through "единиц"/"штук" to what is counted), and,
conservatively, the entity it belongs to (see `quantity_context`).
"""

from __future__ import annotations

import bisect
import re

from storyline.annotate import quantity_context as ctx
from storyline.annotate.date_scan import date_spans
from storyline.annotate.nlp import NLP, ParsedText
from storyline.annotate.number_words import find_word_numbers
from storyline.annotate.numbers import PHONE, PHONE_NEEDS, TIME, TIME_NEEDS, NumberMatch, find_digit_numbers
from storyline.annotate.ordinal_counts import find_ordinal_counts
from storyline.model import EntityMention, QuantityMention, Sentence

_WS = r"[\s\u00a0]"
QUALIFIER = re.compile(
    r"(?<![\w-])(?:"
    r"(?P<at_least>как\s+минимум|по\s+меньшей\s+мере|не\s+менее(?:\s+чем)?|не\s+меньше(?:\s+чем)?|минимум"
    r"|at\s+least|no\s+(?:fewer|less)\s+than)"
    r"|(?P<at_most>не\s+более(?:\s+чем)?|не\s+больше(?:\s+чем)?|как\s+максимум|максимум|at\s+most"
    r"|no\s+more\s+than)"
    r"|(?P<almost>почти|чуть\s+(?:менее|меньше)(?:\s+чем)?|без\s+малого|nearly|almost)"
    r"|(?P<more_than>более(?:\s+чем)?|больше(?:\s+чем)?|свыше|сверх|more\s+than|over)"
    r"|(?P<less_than>менее(?:\s+чем)?|меньше(?:\s+чем)?|less\s+than|fewer\s+than|under)"
    r"|(?P<about>около|примерно|приблизительно|порядка|ориентировочно|где-то|~|about|around|approximately|roughly)"
    r"|(?P<up_to>вплоть\s+до|до|up\s+to)"
    r"|(?P<additional>ещ[её]|another)"
    r")[\s\u00a0]*$",
    re.IGNORECASE,
)
# "выросло до 164", "достигло 26": the figure is the new level, not an upper bound.
CHANGE_VERB_BEFORE_DO = re.compile(
    r"(?<![\w])(?:вырос\w*|возрос\w*|увеличил\w*|увеличат\w*|сократил\w*|снизил\w*|упал\w*|поднял\w*"
    r"|повысил\w*|понизил\w*|дош[её]л\w*|дошл\w*|доходит|подскочил\w*|опустил\w*|rose|risen|fell|climbed)"
    r"[\s\u00a0]+$",
    re.IGNORECASE,
)
SUFFIX_QUALIFIER = re.compile(
    r"[\s\u00a0]+(?:(?P<more_than>с\s+лишним|с\s+небольшим|с\s+гаком|and\s+more)"
    r"|(?P<at_least>и\s+более|и\s+больше|или\s+более|or\s+more))(?![\w])",
    re.IGNORECASE,
)
# Words after which a number is an identifier, not an amount.
IDENTIFIER_BEFORE = re.compile(
    r"(?<![\w])(?:№|#|ст\.|стать(?:я|и|е|ю|ей)|пункт\w*|п\.|пп\.|част(?:ь|и|ью)|ч\.|глав(?:а|ы|е|у)"
    r"|номер\w*|рейс\w*|дом|д\.|корпус\w*|кв\.|квартир\w*|верси\w*|version|no\.|абзац\w*|строк\w*"
    r"|трасс\w*|шоссе|маршрут\w*|палат\w*|кабинет\w*|уровн\w*|код\w*"
    r"|(?-i:КоАП|УК|ГК|НК|ТК|УПК|АПК|ГПК|КАС)(?:[\s\u00a0]+(?-i:РФ|РК|КР|РБ))?)[\s\u00a0]*$",
    re.IGNORECASE,
)
# Nouns after which a number names a part of a document ("7 части 2 статьи").
IDENTIFIER_AFTER = re.compile(
    r"[\s\u00a0]+(?:част(?:и|ь)|стать(?:и|я)|пункт(?:а|ов)?|глав(?:ы|а)|раздела|кодекса|тома)(?![\w])",
    re.IGNORECASE,
)
# Durations ("в течение 12 часов", "за 24 часа") are spans of time, not amounts the
# fact ledger can track; NEREL tags them DATE/TIME. Dropped by their item.
TIME_UNITS = frozenset(
    {
        "секунда",
        "минута",
        "час",
        "сутки",
        "день",
        "неделя",
        "месяц",
        "год",
        "лет",
        "век",
        "утро",
        "вечер",
        "ночь",
    }
)
# A span of time the story states as its figure ("ждала казни около восьми лет",
# "четырёх дней протестов", "приговорён к 5 годам") is a quantity the ledger can
# track; a time frame of the clause ("в течение 12 часов", "за 24 часа", "через
# два года", "последние 10 лет") and clock-sized units are not.
STATED_DURATION_UNITS = frozenset({"день", "сутки", "неделя", "месяц", "год", "лет", "век"})
TIME_FRAME_BEFORE = re.compile(
    r"(?<![\w])(?:в[\s\u00a0]+течение|за|через|на[\s\u00a0]+протяжении|спустя|в[\s\u00a0]+ближайшие|ближайшие"
    r"|последние|каждые|раз[\s\u00a0]+в|первые|в[\s\u00a0]+первые|на|в|с|до|по|уже)[\s\u00a0]+$",
    re.IGNORECASE,
)


def _told_duration(text: str, start: int, item: str | None, end: int) -> bool:
    if item not in STATED_DURATION_UNITS:
        return False
    frame = TIME_FRAME_BEFORE.search(text, max(0, start - 24), start)
    if frame is None:
        return True
    word = " ".join(frame.group(0).split()).lower()
    # "за восемь месяцев до даты Брекзита": how long before something, a figure of the story
    if word == "за" and BEFORE_AFTER.match(text, end) is not None:
        return True
    # "вторая доза вводится через 21 день после первой": the interval between two happenings
    if word in ("через", "спустя") and AFTER_WHAT.match(text, end) is not None:
        return True
    # "в два этапа, с промежутком в 21 день": the interval named as such
    return word == "в" and INTERVAL_NOUN.search(text, max(0, frame.start() - 24), frame.start()) is not None


BEFORE_AFTER = re.compile(r"[\s\u00a0]+до(?![\w])", re.IGNORECASE)
AFTER_WHAT = re.compile(r"[\s\u00a0]+после(?![\w])", re.IGNORECASE)
# Nouns that name an interval: the duration after them "в" is the figure itself.
INTERVAL_NOUN = re.compile(
    r"(?<![\w])(?:промежутк\w*|интервал\w*|перерыв\w*|разниц\w*)[\s\u00a0]+$", re.IGNORECASE
)


# A number right before a closing quote is part of a title ("«Северный поток – 2»", «4:44»).
TITLE_TAIL = re.compile(r"[»″”\"]")
# A bare number in this range with nothing counted is a year far more often than
# an amount ("in the 2016 referendum", "since 1990"); on the NEREL dev sample
# every such bare number was a year or part of a name.
YEARLIKE = (1900, 2100)
LIST_NUMBER = re.compile(r"(?:^|\n)[\s\u00a0]*$")
LIST_TAIL = re.compile(r"[.)][\s\u00a0]")
# A reference mark copied from Wikipedia ("столица России.[9][10]", "человек[3]"): a bare
# integer alone in square brackets, glued to the word or mark before it or to another
# such bracket. Real figures in brackets carry words or a space ("[около 300 человек]").
REFERENCE_MARK = re.compile(r"\[\d+\]")


def _is_reference_mark(text: str, n: NumberMatch) -> bool:
    start, end = n.start - 1, n.end + 1
    if start < 0 or REFERENCE_MARK.fullmatch(text, start, end) is None:
        return False
    glued = start > 0 and not text[start - 1].isspace()
    return glued or text.startswith("[", end)


def _blocked_spans(text: str, entities: list[EntityMention]) -> list[tuple[int, int]]:
    spans = date_spans(text)
    if TIME_NEEDS.search(text):
        spans += [(m.start(), m.end()) for m in TIME.finditer(text)]
    if PHONE_NEEDS.search(text):
        spans += [(m.start(), m.end()) for m in PHONE.finditer(text)]
    spans += [(e.start, e.end) for e in entities]
    return sorted(spans)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect.bisect_left(starts, end)
    for s, e in spans[max(0, i - 8) : i]:
        if s < end and start < e:
            return True
    return False


def _is_identifier(text: str, n: NumberMatch, sentence_starts: set[int]) -> bool:
    if IDENTIFIER_BEFORE.search(text, max(0, n.start - 16), n.start):
        return True
    # "7 части 2 статьи" names a part; a fraction never does ("до 93,86 пункта" is a level)
    whole = n.value is not None and float(n.value).is_integer() and n.value_min is None
    if whole and IDENTIFIER_AFTER.match(text, n.end):
        return True
    if TITLE_TAIL.match(text, n.end) or _is_reference_mark(text, n):
        return True
    # "1. Первое..." / "2) ..." at the start of a line or sentence
    if (
        n.value is not None
        and LIST_TAIL.match(text, n.end)
        and (n.start in sentence_starts or LIST_NUMBER.search(text, max(0, n.start - 8), n.start))
    ):
        return True
    return False


def _candidates(
    text: str,
    sentences: list[Sentence],
    parsed: ParsedText | None,
    entities: list[EntityMention],
    reader: ctx.Context,
    lang: str,
) -> list[NumberMatch]:
    blocked = _blocked_spans(text, entities)
    starts = [s for s, _ in blocked]
    sentence_starts = {s.start for s in sentences}
    found = [
        n
        for n in find_digit_numbers(text, lang)
        if not _overlaps(n.start, n.end, blocked, starts) and not _is_identifier(text, n, sentence_starts)
    ]
    if parsed is not None:
        taken = sorted((n.start, n.end) for n in found) + blocked
        taken.sort()
        taken_starts = [s for s, _ in taken]
        tokens = parsed.tokens
        for w in find_word_numbers(tokens, reader.normal_number):
            n = NumberMatch(tokens[w.first].start, tokens[w.last - 1].end, w.value, vague=w.vague)
            last = w.last
            if _overlaps(n.start, n.end, taken, taken_starts):
                continue
            following = parsed.tokens[last].lemma if last < len(parsed.tokens) else ""
            if following == "из" and n.value == 1:
                continue  # "один из лидеров" picks one of many, it counts nothing
            found.append(n)
    return sorted(found, key=lambda n: n.start)


def _yearlike(n: NumberMatch, text: str) -> bool:
    raw = text[n.start : n.end]
    return n.value is not None and raw.isdigit() and len(raw) == 4 and YEARLIKE[0] <= n.value <= YEARLIKE[1]


def extract_quantities(
    text: str,
    sentences: list[Sentence],
    parsed: ParsedText | None,
    entities: list[EntityMention],
    nlp: NLP,
    *,
    lang: str = "ru",
) -> list[QuantityMention]:
    reader = ctx.Context(text, sentences, parsed, entities, nlp)
    out: list[QuantityMention] = []
    for n in _candidates(text, sentences, parsed, entities, reader, lang):
        start, end = n.start, n.end
        qualifier = n.vague
        q = QUALIFIER.search(text, max(0, start - 32), start)
        if q is not None and n.value_min is None:
            kind: str | None = next(k for k, v in q.groupdict().items() if v is not None)
            if kind == "up_to" and CHANGE_VERB_BEFORE_DO.search(text, max(0, q.start() - 24), q.start()):
                kind = None  # "выросло до 164": "до" belongs to the verb
            if kind is not None:
                qualifier = kind if qualifier is None else f"{kind}_{qualifier}"
                start = q.start()
        s = SUFFIX_QUALIFIER.match(text, end)
        if s is not None:
            qualifier = next(k for k, v in s.groupdict().items() if v is not None)
            end = s.end()
        item, item_end = reader.item_after(end, n)
        if (
            item in TIME_UNITS and not _told_duration(text, start, item, item_end or end)
        ) or reader.ordinal_use(n):
            continue
        if item_end is not None:
            end = max(end, item_end)
        if item is None:
            item = reader.item_before(start)
        subject = reader.subject(n.start, start)
        # Without morphology the "item" is just the next word ("2016 referendum"): no evidence.
        if (item is None or parsed is None) and subject is None and qualifier is None and _yearlike(n, text):
            continue
        if item is None:
            item = reader.item_of_count_noun(start)
        if item is None:
            item = reader.item_before_count_verb(start)
        if item is None:
            item = reader.inherited_item(start, out, subject_found=subject is not None)
        out.append(
            QuantityMention(
                start=start,
                end=end,
                text=text[start:end],
                value=n.value,
                value_min=n.value_min,
                value_max=n.value_max,
                qualifier=qualifier,
                item=item,
                subject=subject,
            )
        )
    _share_partitive_items(text, out)
    if parsed is not None:
        out = sorted(out + _ordinal_counts(text, parsed, out, reader), key=lambda x: x.start)
    return out


# "шесть из семи дочерних компаний": the part counts what the whole counts.
PARTITIVE = re.compile(r"[\s\u00a0]+из[\s\u00a0]+$")


def _share_partitive_items(text: str, out: list[QuantityMention]) -> None:
    for part, whole in zip(out, out[1:], strict=False):
        if part.item is None and whole.item and PARTITIVE.match(text[part.end : whole.start]):
            part.item, part.item_plural = whole.item, whole.item_plural


# Qualifier of a figure read from an ordinal ("уже третий день" → 3): the ledger
# lets such a figure count days, which a plain duration never does.
ORDINAL_QUALIFIER = "ordinal"


def _ordinal_counts(
    text: str, parsed: ParsedText, found: list[QuantityMention], reader: ctx.Context
) -> list[QuantityMention]:
    taken = [(q.start, q.end) for q in found]
    out = []
    for c in find_ordinal_counts(parsed.tokens):
        if any(a < c.end and c.start < b for a, b in taken):
            continue
        out.append(
            QuantityMention(
                start=c.start,
                end=c.end,
                text=text[c.start : c.end],
                value=float(c.value),
                qualifier=ORDINAL_QUALIFIER,
                item=c.item,
                subject=reader.subject(c.start, c.start),
            )
        )
    return out
