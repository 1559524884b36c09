"""The surface grammar of time expressions: compiled regexes and what they capture.

Regexes rather than a yargy grammar, on purpose: dates in Russian news are a
closed, regular vocabulary (twelve month stems, a year word, a handful of
prepositions), they must also be found in non-Russian text that has no
morphology, and this runs on every article: natasha's yargy DatesExtractor
took 75 ms per NEREL dev document where this scan takes 4.4 ms (60 documents,
one core), and it finds none of the relations or relative words. The shape follows
natasha's date grammar (day + month name + optional year + year word) extended
with ranges, numeric/ISO forms, English month names, relation prefixes and
relative expressions. Resolution to ISO values lives in `dates.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------- vocabulary

_MONTH_STEMS: tuple[tuple[str, int], ...] = (
    ("январ", 1),
    ("феврал", 2),
    ("март", 3),
    ("апрел", 4),
    ("ма", 5),
    ("июн", 6),
    ("июл", 7),
    ("август", 8),
    ("сентябр", 9),
    ("октябр", 10),
    ("ноябр", 11),
    ("декабр", 12),
    ("янв", 1),
    ("фев", 2),
    ("мар", 3),
    ("апр", 4),
    ("авг", 8),
    ("сен", 9),
    ("окт", 10),
    ("ноя", 11),
    ("дек", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
)

# Full Russian month forms in every case ("январь", "января", "январе", "январю", "мае").
MONTH_RU = (
    r"(?:январ[ьяеюё]|феврал[ьяеюё]|март(?:а|е|у|ом)?|апрел[ьяеюё]|ма(?:й|я|е|ю|ем)"
    r"|июн[ьяеюё]|июл[ьяеюё]|август(?:а|е|у|ом)?|сентябр[ьяеюё]|октябр[ьяеюё]"
    r"|ноябр[ьяеюё]|декабр[ьяеюё])(?![а-яё])"
)
# Abbreviations are accepted only right after a day number (see DAY_MONTH).
_MONTH_RU_ABBR = r"(?:янв|февр?|мар|апр|июн|июл|авг|сент?|окт|нояб?|дек)(?:\.|(?![а-яё]))"
# English month names must be capitalised: "may 5 people" is no date.
MONTH_EN = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)(?![a-z])"
)
_MONTH_ANY = rf"(?:{MONTH_RU}|{_MONTH_RU_ABBR}|{MONTH_EN})"

_ORDINAL_STEMS: tuple[tuple[str, int], ...] = (
    ("девятнадцат", 19),
    ("восемнадцат", 18),
    ("семнадцат", 17),
    ("шестнадцат", 16),
    ("пятнадцат", 15),
    ("четырнадцат", 14),
    ("тринадцат", 13),
    ("двенадцат", 12),
    ("одиннадцат", 11),
    ("двадцат", 20),
    ("тридцат", 30),
    ("десят", 10),
    ("девят", 9),
    ("восьм", 8),
    ("седьм", 7),
    ("шест", 6),
    ("пят", 5),
    ("четверт", 4),
    ("трет", 3),
    ("втор", 2),
    ("перв", 1),
)
_ORDINAL = (
    r"(?<![\w])(?:(?:двадцать|тридцать)\s+)?(?:"
    + "|".join(stem for stem, _ in _ORDINAL_STEMS)
    + r")(?:ое|ого|ье|ьего|ое)(?![а-яё])"
)
# A day number: 1..31, optionally "1-го"/"5-е"/"6th", or an ordinal word ("первого").
DAY = rf"(?:(?<![\d.,:/])(?:3[01]|[12]\d|0?[1-9])(?:-?(?:го|е|ое|ого)(?![а-яё])|st|nd|rd|th)?(?![\d:])|{_ORDINAL})"
YEAR = r"(?<![\d.,:/\-])(?:1[0-9]\d\d|20\d\d|2100)(?![\d%])"
YEAR_WORD = r"(?:год(?:а|у|ом|е|ы|ов|ах|ам|ами)?|гг?\.|г(?![а-яё]))(?![а-яё])"
_SP = r"[\s\u00a0]+"
_OSP = r"[\s\u00a0]*"
_DASH = r"[-‐‑–—]"

WEEKDAYS: tuple[tuple[str, int], ...] = (
    ("понедельник", 0),
    ("вторник", 1),
    ("сред", 2),
    ("четверг", 3),
    ("пятниц", 4),
    ("суббот", 5),
    ("воскресень", 6),
)

# ---------------------------------------------------------------- patterns


@dataclass(frozen=True)
class Pattern:
    kind: str
    regex: re.Pattern[str]


def _p(kind: str, source: str) -> Pattern:
    return Pattern(kind, re.compile(source, re.IGNORECASE))


_DM = rf"(?P<d1>{DAY}){_SP}(?:of{_SP})?(?P<m1>{_MONTH_ANY})(?:,?{_SP}(?P<y1>{YEAR})(?:{_OSP}(?P<yw1>{YEAR_WORD}))?)?"

# Holidays with a fixed day, named as dates in Russian news ("в День Победы",
# "к Дню защитника Отечества"). Multi-day or movable feasts (Наурыз, Пасха) and
# ones that differ by country (Рождество, День независимости) are left out: a date
# must never be more precise than the evidence. The year is placed like a yearless
# "9 мая", nearest the reference date.
_DEN = r"(?:день|дня|дню|днём|днем|дне)"
HOLIDAYS: tuple[tuple[re.Pattern[str], int, int], ...] = tuple(
    (re.compile(source, re.IGNORECASE), month, day)
    for source, month, day in (
        (rf"{_DEN}{_SP}победы", 5, 9),
        (rf"{_DEN}{_SP}защитника{_SP}отечества", 2, 23),
        (rf"международн\w*{_SP}женск\w*{_SP}{_DEN}", 3, 8),
        (rf"{_DEN}{_SP}россии", 6, 12),
        (rf"{_DEN}{_SP}народного{_SP}единства", 11, 4),
        (rf"{_DEN}{_SP}знаний", 9, 1),
        (r"первома(?:й|я|ю|ем|е)", 5, 1),
        # "накануне Нового года" (covid-ukraine's guidelines "опубликованными накануне Нового
        # года"): 1 January; the capital Н keeps "нового года" (a new year) out
        (rf"нов(?:ый|ого|ому|ым|ом){_SP}год(?:а|у|ом|е)?", 1, 1),
    )
)
_HOLIDAY = "|".join(h.pattern for h, _, _ in HOLIDAYS)

# Ordered by specificity; overlaps are settled by longest span first (see `scan`).
EXPLICIT: tuple[Pattern, ...] = (
    _p(
        "night_range",
        rf"(?<![\w])в{_SP}ночь{_SP}с{_SP}(?P<d0>{DAY})(?:{_SP}(?P<m0>{_MONTH_ANY}))?{_SP}на{_SP}{_DM}",
    ),
    _p("day_range", rf"(?<![\w])(?:с|со|from){_SP}(?P<d0>{DAY}){_SP}(?:по|до|to|until){_SP}{_DM}"),
    _p("day_range", rf"(?P<d0>{DAY}){_OSP}{_DASH}{_OSP}{_DM}"),
    _p(
        "year_range",
        rf"(?<![\w])(?:с|со|from){_SP}(?P<y0>{YEAR})(?:{_OSP}(?P<yw0>{YEAR_WORD}))?{_SP}(?:по|до|to){_SP}(?P<y1>{YEAR})(?:{_OSP}(?P<yw1>{YEAR_WORD}))?",
    ),
    _p("year_range", rf"(?P<y0>{YEAR}){_OSP}{_DASH}{_OSP}(?P<y1>{YEAR}){_OSP}(?P<yw1>{YEAR_WORD})"),
    # "декабрь 2020-го — февраль 2021-го", "в январе—феврале 2021 года": a span of months
    _p(
        "month_range",
        rf"(?<![\w])(?P<m0>{MONTH_RU})(?:{_SP}(?P<y0>{YEAR})(?:-(?:го|м)(?![а-яё]))?(?:{_OSP}{YEAR_WORD})?)?"
        rf"{_OSP}{_DASH}{_OSP}(?P<m1>{MONTH_RU}){_SP}(?P<y1>{YEAR})(?:-(?:го|м)(?![а-яё]))?(?:{_OSP}(?P<yw1>{YEAR_WORD}))?",
    ),
    _p("dmy", _DM),
    _p("mdy", rf"(?<![\w])(?P<m1>{MONTH_EN}){_SP}(?P<d1>{DAY})(?:,?{_SP}(?P<y1>{YEAR}))?"),
    _p("my", rf"(?<![\w])(?P<m1>{MONTH_RU}|{MONTH_EN}){_SP}(?P<y1>{YEAR})(?:{_OSP}(?P<yw1>{YEAR_WORD}))?"),
    _p(
        "numeric",
        r"(?<![\d.,/])(?P<d1>3[01]|[12]\d|0?[1-9])(?P<sep>[./])(?P<mn>1[0-2]|0?[1-9])(?P=sep)(?P<y1>1\d{3}|20\d\d)(?![\d.]\d)",
    ),
    _p("iso", r"(?<![\d\-./])(?P<y1>\d{4})-(?P<mn>\d{2})-(?P<d1>\d{2})(?![\d\-])"),
    # "2004-го года", "в 2020-м году": the year written as an ordinal
    _p("year", rf"(?P<y1>{YEAR})(?:-(?:го|м|й)(?![а-яё]))?{_OSP}(?P<yw1>{YEAR_WORD})"),
    # "The Fat Of The Land (1997)", "(1985—1990)": a year alone in brackets.
    _p("year", rf"(?<=\()(?P<y1>{YEAR})(?=\))"),
    _p(
        "year_range",
        rf"(?<![\w\-])(?P<y0>{YEAR}){_OSP}{_DASH}{_OSP}(?P<y1>{YEAR})(?=\)|[\s\u00a0]*(?:и|,|;|\.|$))",
    ),
    # "в 1990-х", "2000-е годы", "90-х годов": a decade, as a year interval.
    _p(
        "decade",
        rf"(?<![\w.,\-])(?:(?P<dec>(?:1[0-9]|20)\d0)-?(?:х|е|ые|ых|ыми)(?![а-яё])(?:{_OSP}(?P<yw1>{YEAR_WORD}))?|(?P<dec2>[0-9]0)-?(?:х|е|ые|ых|ыми){_OSP}(?P<yw2>{YEAR_WORD}))",
    ),
    # A bare year counts only after a preposition and before punctuation (see `_bare_year_ok`).
    _p("bare_year", rf"(?P<y1>{YEAR})"),
    # A holiday, with its year if one follows ("в День Победы 2020 года"); "День
    # России" is a holiday only with a capital Д (checked in `date_scan`).
    _p("holiday", rf"(?<![\w])(?P<hol>{_HOLIDAY})(?![\w])(?:{_SP}(?P<y1>{YEAR}){_OSP}(?P<yw1>{YEAR_WORD}))?"),
    # A month name alone counts only after a preposition or a part-of-month word.
    _p("month", rf"(?<![\w])(?P<m1>{MONTH_RU})"),
)

# Weekday names by case, for the preposition each takes (see the "weekday" pattern).
_WEEKDAY_ACC = r"(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)"
_WEEKDAY_GEN = r"(?:понедельника|вторника|среды|четверга|пятницы|субботы|воскресенья)"
_WEEKDAY_DAT = r"(?:понедельнику|вторнику|среде|четвергу|пятнице|субботе|воскресенью)"
_NUMBER_WORD = r"(?:\d{1,2}|один|одну|два|две|три|четыре|пять|шесть|семь|восемь|девять|десять|несколько)"
RELATIVE: tuple[Pattern, ...] = (
    _p(
        "day_word",
        r"(?<![\w])(?:позавчера|послезавтра|сегодня|вчера|завтра|накануне|(?:дн[её]м|сутками)\s+(?:ранее|раньше|позже|позднее)|на\s+следующий\s+день|на\s+другой\s+день|(?:в|на)\s+(?:тот|этот)\s+же\s+(?:день|вечер)|в\s+тот\s+день|тем\s+же\s+(?:дн[её]м|вечером)|тогда\s+же|(?:на|с|до)\s+сегодняшн(?:ий|его)\s+д(?:ень|ня)|today|yesterday|tomorrow)(?![\w])",
    ),
    _p(
        "ago",
        rf"(?<![\w])(?:(?P<n>{_NUMBER_WORD}){_SP})?(?P<unit>дн(?:я|ей|ень)|сут(?:ок|ки)|недел[юиь]|месяц(?:а|ев)?|год(?:а)?|лет){_SP}назад(?![\w])",
    ),
    # "Через год её признали виновной": years after the date the narrative told last
    # (resolved in `dates.extract_dates`, only with a past verb); "через год после X"
    # counts from X, not from the narrative, and stays a figure (`quantities`)
    _p(
        "after",
        rf"(?<![\w])(?:через|спустя){_SP}(?:(?P<an>{_NUMBER_WORD}){_SP})?(?P<aunit>год(?:а)?|лет)(?![\w])(?!{_SP}после(?![\w]))",
    ),
    # A weekday agrees with its preposition: "в/на/по" + accusative ("в среду"), "с/до" +
    # genitive ("до среды"), "к" + dative ("к среде"). "в среде экспертов" (the noun
    # "среда", environment, in the prepositional) is no date.
    _p(
        "weekday",
        rf"(?<![\w])(?P<wprep>(?P<wacc>в|во|на|по)|(?P<wgen>с|со|до)|к|ко){_SP}"
        rf"(?:(?P<wmod>прошл\w*|минувш\w*|эт\w*|следующ\w*|ближайш\w*){_SP})?"
        rf"(?P<wd>(?(wacc){_WEEKDAY_ACC}|(?(wgen){_WEEKDAY_GEN}|{_WEEKDAY_DAT})))(?![\w])",
    ),
    # "утром 4-го числа", "до 15 числа": a day of the month the narrative is in
    # (resolved in `date_day_of_month`)
    _p(
        "day_of_month",
        r"(?<![\w\-.,])(?:(?P<dprep>до|с|со|к)[\s\u00a0]+)?(?P<dom>3[01]|[12]\d|0?[1-9])(?:-?(?:го|е))?[\s\u00a0]+числа(?![\w])",
    ),
    _p(
        "this_unit",
        r"(?<![\w])(?:(?:в|на)\s+(?P<rmod>прошлом|минувшем|прошедшем|этом|текущем|нынешнем|следующем|будущем|прошлой|этой|текущей|следующей)\s+(?P<runit>году|месяце|неделе)"
        # "со следующей недели", "до следующего года": the unit's start or end
        r"|(?P<rprep>с|со|до)\s+(?P<rmod2>прошлого|минувшего|этого|текущего|нынешнего|следующего|будущего|прошлой|этой|текущей|следующей|будущей)\s+(?P<runit2>года|месяца|недели)"
        # "до конца года", "в начале прошлого года", "в начале этого месяца": a part of the
        # unit, this one unless modified
        r"|(?P<rpprep>в|во|до|к|с|со)\s+(?:самом\s+)?(?P<rpart>конц[еау]|начал[еау]|середин[еуы])\s+"
        r"(?:(?P<rmod3>прошлого|минувшего|прошедшего|этого|текущего|нынешнего|следующего|будущего)\s+)?(?P<runit3>года|месяца)"
        # "прошлый год стал …", "за прошедший год": the year named by its adjective alone
        # (nominative or accusative); "этот год" is left out, it is as often a narrated year
        r"|(?P<rmod4>прошлый|минувший|прошедший|уходящий|текущий|нынешний|следующий|будущий)\s+(?P<runit4>год))(?![\w])",
    ),
)

# Relation words right before a date ("в ночь на", "до", "с", "после", "в начале").
PREFIX = re.compile(
    r"(?<![\w])(?:"
    r"(?P<night_of>в\s+ночь\s+на)"
    r"|(?P<around>(?:в\s+)?(?:самом\s+)?(?:начал[еау]|середин[еуы]|конц[еау]|(?:перв|втор)(?:ой|ую)\s+половин[еуы]"
    r"|(?:перв\w+|последн\w+|\d{1,2}-х|двадцат\w+|десят\w+)\s+числах)"
    r"(?:\s+(?:минувш|прошл|прошедш|текущ|нынешн)\w*)?|около|примерно|приблизительно|ориентировочно|around|about|circa|early|mid|late)"
    r"|(?P<since>(?:начиная\s+)?(?:с|со)|since)"
    r"|(?P<until>(?:вплоть\s+)?до|по|не\s+позднее|не\s+позже|ко|к|until|till|by)"
    r"|(?P<after>после|не\s+ранее|не\s+раньше|after)"
    r"|(?P<before>накануне|перед|before)"
    r"|(?P<on>в|во|на|от|за|утром|днём|днем|вечером|ночью|in|on)"
    r")[\s\u00a0]+$",
    re.IGNORECASE,
)
# Prepositions that license a bare month name ("в январе", "до марта", "в конце января",
# "в 20-х числах марта"), also through a modifier ("в конце минувшего октября").
MONTH_LICENSE = re.compile(
    r"(?<![\w])(?:в|во|с|со|до|по|к|после|около|начал[еау]|середин[еуы]|конц[еау]|половин[еуы]|течение|числах)"
    r"[\s\u00a0]+(?:(?:минувш|прошл|прошедш|текущ|нынешн|этого|этом)\w*[\s\u00a0]+)?$",
    re.IGNORECASE,
)
BARE_YEAR_LICENSE = re.compile(
    r"(?<![\w])(?:в|во|с|со|до|к|после|по|от|начал[еау]|середин[еуы]|конц[еау]|половин[еуы]"
    r"|in|since|until|by|before|after|from)[\s\u00a0]+$",
    re.IGNORECASE,
)
RANGE_JOIN = re.compile(r"^[\s\u00a0]+(?:по|до|to|until)[\s\u00a0]+$", re.IGNORECASE)
# What may follow a bare year: punctuation, end, or a function word (not a counted noun).
_BARE_YEAR_TAIL = re.compile(
    r"(?:[\s\u00a0]*(?:[^\w\s]|$)|[\s\u00a0]+(?:и|или|а|но|в|во|на|с|по|до|когда|году|годах|and|or|when|the)(?![\w]))",
    re.IGNORECASE,
)


def month_number(word: str) -> int | None:
    low = word.lower().rstrip(".")
    best: tuple[int, int] | None = None
    for stem, number in _MONTH_STEMS:
        if low.startswith(stem) and (best is None or len(stem) > best[0]):
            best = (len(stem), number)
    return best[1] if best else None


def day_number(word: str) -> int | None:
    """The day of month from "6", "06", "1-го", "6th" or an ordinal word ("тридцать первого")."""
    digits = re.match(r"\d+", word)
    if digits:
        return int(digits.group())
    low = word.lower()
    base = 0
    if low.startswith(("двадцать", "тридцать")):
        base = 20 if low.startswith("двадцать") else 30
        low = low.split(None, 1)[1] if len(low.split(None, 1)) > 1 else ""
    for stem, number in _ORDINAL_STEMS:
        if low.startswith(stem):
            return base + number
    return None


def weekday_number(word: str) -> int | None:
    low = word.lower()
    for stem, number in WEEKDAYS:
        if low.startswith(stem):
            return number
    return None


def bare_year_ok(text: str, start: int, end: int) -> bool:
    """A year without "год" is trusted only after a preposition and when no counted
    noun follows ("в 2010, ..." is a year; "до 2000 человек" is not)."""
    if BARE_YEAR_LICENSE.search(text, max(0, start - 12), start) is None:
        return False
    return end >= len(text) or _BARE_YEAR_TAIL.match(text, end) is not None


def holiday_date(name: str) -> tuple[int, int] | None:
    """(month, day) of a holiday named as in `HOLIDAYS`."""
    for pattern, month, day in HOLIDAYS:
        if pattern.fullmatch(name):
            return month, day
    return None
