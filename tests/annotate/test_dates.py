"""Dates: surface forms, relations, resolution against the publication date,
relative words and their anchors, negatives, robustness, and goldens on the seeds.

Regenerate the goldens with `STORYLINE_REGOLD=1 python -m pytest tests/annotate/test_dates.py`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.annotate.dates import date_spans, extract_dates
from storyline.annotate.segment import segment
from storyline.isodate import PartialDate, parse_iso
from storyline.model import DateMention

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "dates"
JAN_2022 = PartialDate(2022, 1)
DAY_2022 = PartialDate(2022, 1, 8)  # a Saturday


def dates(text: str, published: PartialDate | None = JAN_2022, lang: str = "ru") -> list[DateMention]:
    return extract_dates(text, segment(text), published, lang=lang)


def one(text: str, published: PartialDate | None = JAN_2022) -> DateMention:
    found = dates(text, published)
    assert len(found) == 1, found
    return found[0]


# ------------------------------------------------------------------ explicit dates


@pytest.mark.parametrize(
    "text, span, value, value_end, precision, relation",
    [
        ("Депутат 6 января записал обращение.", "6 января", "2022-01-06", None, "day", "on"),
        ("Протесты начались 2 января 2022 года.", "2 января 2022 года", "2022-01-02", None, "day", "on"),
        ("Если бы в октябре 2020 года он попросил.", "в октябре 2020 года", "2020-10", None, "month", "on"),
        ("Так было в 2010 году, когда", "в 2010 году", "2010", None, "year", "on"),
        (
            "Но в ночь на 6 января власти сообщили.",
            "в ночь на 6 января",
            "2022-01-06",
            None,
            "day",
            "night_of",
        ),
        ("Режим будет действовать до 19 января.", "до 19 января", None, "2022-01-19", "day", "until"),
        ("Режим действует с 5 по 7 января.", "с 5 по 7 января", "2022-01-05", "2022-01-07", "day", "on"),
        ("Выставка прошла 5–7 января.", "5–7 января", "2022-01-05", "2022-01-07", "day", "on"),
        ("Закон действует с 2019 года.", "с 2019 года", "2019", None, "year", "since"),
        ("После 5 января всё изменилось.", "После 5 января", "2022-01-05", None, "day", "after"),
        ("Это случилось около 5 января.", "около 5 января", "2022-01-05", None, "day", "around"),
        ("Примерно 5 января пришли.", "Примерно 5 января", "2022-01-05", None, "day", "around"),
        ("Указ вступит в силу в начале февраля.", "в начале февраля", "2022-02", None, "month", "around"),
        ("В конце января они ушли.", "В конце января", "2022-01", None, "month", "around"),
        ("Первого января был праздник.", "Первого января", "2022-01-01", None, "day", "on"),
        # Fixed-day holidays, year nearest the publication (January 2022 here).
        ("В День Победы прошёл парад.", "В День Победы", "2022-05-09", None, "day", "on"),
        (
            "Ко Дню Победы 2015 года готовились.",
            "Ко Дню Победы 2015 года",
            None,
            "2015-05-09",
            "day",
            "until",
        ),
        ("На Первомай вышли тысячи.", "На Первомай", "2022-05-01", None, "day", "on"),
        (
            "В Международный женский день цветы подорожали.",
            "В Международный женский день",
            "2022-03-08",
            None,
            "day",
            "on",
        ),
        ("Двадцать пятого января заседание.", "Двадцать пятого января", "2022-01-25", None, "day", "on"),
        ("1-го января был праздник.", "1-го января", "2022-01-01", None, "day", "on"),
        ("Документ от 5 янв. 2022 г. подписан.", "от 5 янв. 2022 г.", "2022-01-05", None, "day", "on"),
        ("Дата: 07.01.2022, время уточняется.", "07.01.2022", "2022-01-07", None, "day", "on"),
        ("Дата: 2022-01-07.", "2022-01-07", "2022-01-07", None, "day", "on"),
        ("Случилось в 2010, и", "в 2010", "2010", None, "year", "on"),
        ("В 2014–2016 годах шли переговоры.", "В 2014–2016 годах", "2014", "2016", "year", "on"),
        ("с 2014 по 2016 год", "с 2014 по 2016 год", "2014", "2016", "year", "on"),
        (
            "Работы шли с 28 декабря по 5 января.",
            "с 28 декабря по 5 января",
            "2021-12-28",
            "2022-01-05",
            "day",
            "on",
        ),
        (
            "Он приехал в ночь с 5 на 6 января.",
            "в ночь с 5 на 6 января",
            "2022-01-06",
            None,
            "day",
            "night_of",
        ),
        ("Решение примут к 10 января.", "к 10 января", None, "2022-01-10", "day", "until"),
        ("Заседание пройдёт в мае.", "в мае", "2022-05", None, "month", "on"),
        (
            "Январь\u00a02021\u00a0года был холодным.",
            "Январь\u00a02021\u00a0года",
            "2021-01",
            None,
            "month",
            "on",
        ),
        ("Указ от 6\u00a0января.", "от 6\u00a0января", "2022-01-06", None, "day", "on"),
        (
            "Рекорд установлен 27-28 сентября 2014 года.",
            "27-28 сентября 2014 года",
            "2014-09-27",
            "2014-09-28",
            "day",
            "on",
        ),
        ("Альбом Invaders Must Die (2009) вышел.", "2009", "2009", None, "year", "on"),
        ("Президент (1985—1990) ушёл.", "1985—1990", "1985", "1990", "year", "on"),
        ("В середине 1970-х он уехал.", "В середине 1970-х", "1970", "1979", "year", "around"),
        ("Это было в 90-х годах.", "в 90-х годах", "1990", "1999", "year", "on"),
        ("Это было в 2000-е годы.", "в 2000-е годы", "2000", "2009", "year", "on"),
    ],
)
def test_explicit(
    text: str, span: str, value: str | None, value_end: str | None, precision: str, relation: str
) -> None:
    d = one(text)
    assert (d.text, d.value, d.value_end, d.precision, d.relation) == (
        span,
        value,
        value_end,
        precision,
        relation,
    )
    assert d.relative is False


@pytest.mark.parametrize(
    "text, published, value",
    [
        ("Это было 28 декабря.", PartialDate(2022, 1), "2021-12-28"),  # previous December
        ("Сессия пройдёт 10 января.", PartialDate(2021, 12, 20), "2022-01-10"),  # next January
        ("Это было в апреле.", PartialDate(2022, 3, 15), "2022-04"),  # a month ahead: still this year
        ("Это было в декабре.", PartialDate(2022, 7, 1), "2021-12"),  # 5 months ahead: last year
        ("Это было 6 января.", None, None),  # no year anywhere: unresolved, not invented
    ],
)
def test_year_inference(text: str, published: PartialDate | None, value: str | None) -> None:
    assert one(text, published).value == value


def test_unresolvable_day_month_has_unknown_precision() -> None:
    assert one("Это было 6 января.", None).precision == "unknown"


def test_english_dates() -> None:
    found = dates("The protests began on January 2, 2022 and in 2010, nothing; 6 January 2022.", lang="en")
    assert [(d.text, d.value) for d in found] == [
        ("on January 2, 2022", "2022-01-02"),
        ("in 2010", "2010"),
        ("6 January 2022", "2022-01-06"),
    ]


# ------------------------------------------------------------------ negatives


@pytest.mark.parametrize(
    "text",
    [
        "Генеральное консульство — +7 (777) 037-14-48, +7 (777) 815-00-72.",
        "Армения (70 военных), Россия (3000 военных).",
        "Также с 23:00 до 07:00 действует комендантский час.",
        "Выделено 2 млн рублей, направят 150 военных.",
        "Цена выросла до 2000 рублей.",
        "В 2010 наше правительство",  # a bare year followed by a word is not trusted
        "Счёт 3000, номер 2022, код 1999.",
        "Он занял 31 место, 5 мест осталось.",
        "Версия 1.2.3 вышла, курс 10.50.",
        "Это 31 февраля — такого дня нет.",
        "Мы можем пойти, may 5 people come.",
        "Он занял 10-е место.",
        "Синглы «Today» и «Talk Talk».",  # English words in Russian text are titles
        "Законопроект 589658-7 внесён.",
        "Это был обычный день победы над собой.",  # a holiday's name is capitalised
        "Проспект Первомайский закрыт.",
    ],
)
def test_not_dates(text: str) -> None:
    assert dates(text) == []


def test_a_bare_month_needs_a_preposition() -> None:
    assert dates("Март — лучший месяц.") == []
    assert dates("Выступил Май Ли.") == []


def test_invalid_numeric_date_is_dropped() -> None:
    assert dates("Номер 45.13.2022 в реестре.") == []


# ------------------------------------------------------------------ relative dates


@pytest.mark.parametrize(
    "text, published, value, precision",
    [
        ("Сегодня стало известно.", JAN_2022, "2022-01", "month"),  # month anchor stays a month
        ("Сегодня стало известно.", DAY_2022, "2022-01-08", "day"),
        ("Вчера стало известно.", DAY_2022, "2022-01-07", "day"),
        ("Позавчера стало известно.", DAY_2022, "2022-01-06", "day"),
        ("Завтра решат.", DAY_2022, "2022-01-09", "day"),
        ("Об этом сообщили накануне.", DAY_2022, "2022-01-07", "day"),
        ("В прошлом году было иначе.", DAY_2022, "2021", "year"),
        ("В этом месяце всё решится.", DAY_2022, "2022-01", "month"),
        ("Три дня назад он уехал.", DAY_2022, "2022-01-05", "day"),
        ("В понедельник он уехал.", DAY_2022, "2022-01-03", "day"),
        ("В понедельник он уехал.", JAN_2022, None, "unknown"),
        ("Сегодня стало известно.", None, None, "unknown"),
    ],
)
def test_relative_to_publication(
    text: str, published: PartialDate | None, value: str | None, precision: str
) -> None:
    d = one(text, published)
    assert (d.value, d.precision, d.relative) == (value, precision, True)


def test_накануне_takes_the_previous_explicit_date() -> None:
    found = dates("Депутаты 7 января собрались. Накануне Токаев обратился к ОДКБ.")
    assert [(d.text, d.value, d.relative) for d in found] == [
        ("7 января", "2022-01-07", False),
        ("Накануне", "2022-01-06", True),
    ]


def test_днём_ранее_and_днем_ранее() -> None:
    for word in ("Днём ранее", "Днем ранее"):
        found = dates(f"Заседание прошло 7 января. {word} депутаты спорили.")
        assert found[-1].value == "2022-01-06"


@pytest.mark.parametrize(
    "words", ["В тот же день", "В этот же день", "Тем же днём", "Тогда же", "В тот день"]
)
def test_the_same_day_takes_the_date_told_before(words: str) -> None:
    found = dates(f"Депутаты 7 января собрались. {words} Токаев обратился к ОДКБ.", DAY_2022)
    assert [(d.value, d.relative) for d in found] == [("2022-01-07", False), ("2022-01-07", True)]


def test_the_same_day_follows_a_relative_date_too() -> None:
    # 2022-01-08 is a Saturday: "в пятницу" is the 7th, and "Тогда же" is that day, not the publication's
    found = dates("План был согласован в пятницу. Тогда же премьер пригрозила отставками.", DAY_2022)
    assert [(d.text, d.value) for d in found] == [("в пятницу", "2022-01-07"), ("Тогда же", "2022-01-07")]


def test_the_same_day_with_nothing_told_before_stays_unresolved() -> None:
    found = dates("Президент взял отпуск. Обсудили многое. В тот же день он улетел.", DAY_2022)
    assert [(d.text, d.value) for d in found] == [("В тот же день", None)]


def test_the_same_month_keeps_the_month() -> None:
    found = dates("В середине декабря палата приняла резолюцию. Тогда же парламент выступил.", DAY_2022)
    assert [d.value for d in found] == [found[0].value, found[0].value]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("В 20-х числах марта компания уведомила партнёра.", "В 20-х числах марта", "2018-03"),
        ("В первых числах мая начался процесс.", "В первых числах мая", "2018-05"),
        ("Суд оправдал её в конце минувшего октября.", "в конце минувшего октября", "2017-10"),
    ],
)
def test_parts_of_a_month_and_modified_months(text: str, span: str, value: str) -> None:
    (d,) = dates(text, PartialDate(2018, 8, 29))
    assert (d.text, d.value, d.relation) == (span, value, "around")


def test_a_far_anchor_falls_back_to_publication() -> None:
    text = (
        "На сессии 10 января выступит глава кабмина. Обсудят ситуацию. "
        "Президент взял отпуск. Пресс-служба сообщила об этом накануне."
    )
    last = dates(text, DAY_2022)[-1]
    assert (last.text, last.value) == ("накануне", "2022-01-07")


def test_an_announced_future_date_is_no_anchor(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "На сессии 10 января выступит глава кабмина. Накануне президент взял отпуск."
    sentences = segment(text)
    found = extract_dates(text, sentences, DAY_2022, parsed=nlp.parse(text, sentences))
    assert [(d.text, d.value) for d in found] == [("10 января", "2022-01-10"), ("Накануне", "2022-01-07")]


def test_deictic_words_ignore_the_narrative_date() -> None:
    found = dates("Протесты начались 2 января. Сегодня стало известно о жертвах.", DAY_2022)
    assert found[-1].value == "2022-01-08"


def test_накануне_before_a_date_is_its_eve() -> None:
    # the dictionary's first sense, "в предшествующий день" (round 9: "накануне Нового года" is
    # 31 December in covid-ukraine's gold); "перед 7 января" stays an open "before"
    d = one("Накануне 7 января он уехал.")
    assert (d.text, d.value, d.relation, d.relative) == ("Накануне 7 января", "2022-01-06", "on", False)
    d = one("Перед 7 января он уехал.")
    assert (d.text, d.value, d.relation, d.relative) == ("Перед 7 января", "2022-01-07", "before", False)


def test_last_week_is_an_interval_with_a_day_anchor() -> None:
    d = one("На прошлой неделе прошли выборы.", DAY_2022)
    assert (d.value, d.value_end) == ("2021-12-27", "2022-01-02")
    assert one("На прошлой неделе прошли выборы.").value is None


@pytest.mark.parametrize(
    "text, relation, value",
    [
        ("Режим продлят до понедельника.", "until", "2022-01-10"),
        ("Режим действует с понедельника.", "since", "2022-01-03"),
        ("В прошлую пятницу он уехал.", "on", "2021-12-31"),
        ("В пятницу он уедет.", "on", "2022-01-14"),  # future tense looks ahead (parsed only)
    ],
)
def test_weekday_relations(nlp, text: str, relation: str, value: str) -> None:  # type: ignore[no-untyped-def]
    sentences = segment(text)
    d = extract_dates(text, sentences, DAY_2022, parsed=nlp.parse(text, sentences))[0]
    assert (d.relation, d.value, d.relative) == (relation, value, True)


def test_накануне_as_a_preposition_is_not_a_date(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Накануне выборов он уехал."
    sentences = segment(text)
    assert extract_dates(text, sentences, DAY_2022, parsed=nlp.parse(text, sentences)) == []


def test_today_is_a_date_in_english_text() -> None:
    assert [d.value for d in dates("Today he left.", DAY_2022, lang="en")] == ["2022-01-08"]


def test_weekday_after_a_full_stop_is_its_own_date() -> None:
    found = dates("Заседание прошло 30 марта. В прошлую пятницу он уехал.", DAY_2022)
    assert [d.text for d in found] == ["30 марта", "В прошлую пятницу"]


def test_deictic_word_next_to_a_date_is_not_repeated() -> None:
    found = dates("Об этом сегодня, 8 ноября, заявил спецпредставитель.", DAY_2022)
    assert [d.text for d in found] == ["8 ноября"]


def test_weekday_next_to_a_date_is_not_repeated() -> None:
    found = dates("В пятницу, 7 января, прошло заседание.")
    assert [d.text for d in found] == ["7 января"]


def test_date_spans_for_other_stages() -> None:
    text = "Направят 150 военных до 19 января, в 2010 году."
    assert [text[s:e] for s, e in date_spans(text)] == ["до 19 января", "в 2010 году"]


# ------------------------------------------------------------------ robustness

_ALPHABET = st.sampled_from(
    list("0123456789 .,:-–—/()+%\u00a0\n")
    + [
        "января",
        "в",
        "до",
        "с",
        "по",
        "году",
        "года",
        "ночь",
        "на",
        "г.",
        "накануне",
        "вчера",
        "2022",
        "1400",
        "в понедельник",
        "мае",
        "May",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_ALPHABET, max_size=40).map("".join),
    st.sampled_from([None, JAN_2022, DAY_2022, PartialDate(2020)]),
)
def test_never_crashes_and_spans_are_honest(text: str, published: PartialDate | None) -> None:
    for d in extract_dates(text, segment(text), published, lang="ru"):
        assert d.text == text[d.start : d.end]
        assert 0 <= d.start < d.end <= len(text)
        for value in (d.value, d.value_end):
            if value is not None:
                parsed = parse_iso(value)
                assert parsed is not None and parsed.iso() == value
        main = d.value or d.value_end
        expected = parse_iso(main).precision if main else "unknown"  # type: ignore[union-attr]
        assert d.precision == expected
        if d.value and d.value_end:
            assert parse_iso(d.value).first_day() <= parse_iso(d.value_end).last_day()  # type: ignore[union-attr]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes(text: str) -> None:
    for d in extract_dates(text, segment(text), JAN_2022, lang="xx"):
        assert d.text == text[d.start : d.end]


# ------------------------------------------------------------------ goldens on the seeds


def read_seed(path: Path) -> tuple[str, PartialDate | None]:
    """The packaged seeds start with a `date YYYY-MM` header line."""
    raw = path.read_text(encoding="utf-8")
    m = re.match(r"\s*date\s+(\S+)\s+", raw)
    if m is None:
        return raw, None
    return raw[m.end() :], parse_iso(m.group(1))


def date_markup(text: str, mentions: list[DateMention]) -> str:
    lines = []
    for d in mentions:
        value = d.value or "?"
        if d.value_end:
            value = f"{value}..{d.value_end}"
        rel = " relative" if d.relative else ""
        left = text[max(0, d.start - 30) : d.start].replace("\n", " ")
        right = text[d.end : d.end + 20].replace("\n", " ")
        lines.append(f"{d.start:5d} …{left}[{d.text}]{right}… ={d.relation} {value} ({d.precision}){rel}")
    return "\n".join(lines) + "\n"


def check_golden(path: Path, actual: str) -> None:
    if os.environ.get("STORYLINE_REGOLD"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"golden {path} missing; run with STORYLINE_REGOLD=1")
    assert actual == path.read_text(encoding="utf-8")


def test_golden_seeds(seeds_dir: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    seeds = sorted(seeds_dir.glob("*.txt"))
    assert seeds
    for seed in seeds:
        text, published = read_seed(seed)
        sentences = segment(text)
        parsed = nlp.parse(text, sentences)
        found = extract_dates(text, sentences, published, parsed=parsed)
        check_golden(GOLDEN / f"{seed.stem}.txt", date_markup(text, found))


def test_a_weekday_announced_as_coming_is_the_next_one() -> None:
    thursday = PartialDate(2019, 2, 7)
    ahead = one("Берлин давит на столицы в преддверии ключевой встречи в пятницу.", thursday)
    assert (ahead.value, ahead.relation) == ("2019-02-08", "on")
    # without a word of what is to come, a bare weekday is the latest one
    assert one("Министры встретились в пятницу.", thursday).value == "2019-02-01"


@pytest.mark.parametrize(
    ("text", "value", "value_end", "relation"),
    [
        ("Мы готовы работать со следующей недели.", "2022-01-10", None, "since"),
        ("Доклад отложен до следующего года.", None, "2023", "until"),
        ("Цены растут с прошлого месяца.", "2021-12", None, "since"),
    ],
)
def test_a_unit_after_с_or_до_is_an_interval_bound(
    text: str, value: str | None, value_end: str | None, relation: str
) -> None:
    d = one(text, DAY_2022)
    assert (d.value, d.value_end, d.relation) == (value, value_end, relation)


def test_накануне_before_a_participle_is_a_preposition(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Министры встретились накануне запланированного на следующую неделю обсуждения."
    sentences = segment(text)
    found = extract_dates(text, sentences, DAY_2022, parsed=nlp.parse(text, sentences))
    assert [d.text for d in found if "накануне" in d.text.lower()] == []


def test_a_weekday_a_modal_puts_ahead_is_the_next_one(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Глава МИД может обсудить в пятницу в Москве транзит газа."
    sentences = segment(text)
    wednesday = PartialDate(2019, 1, 16)
    (found,) = extract_dates(text, sentences, wednesday, parsed=nlp.parse(text, sentences))
    assert found.value == "2019-01-18"


def test_coordinated_dates_share_the_year_written_after_the_second() -> None:
    found = dates("В мае и июне 2020 года обсуждались штрафы.", parse_iso("2021-02-01"))
    assert [(d.text, d.value) for d in found] == [("В мае", "2020-05"), ("июне 2020 года", "2020-06")]
    # a comma before another clause is no coordination: the yearless month keeps its own year
    found = dates("В мае прошли выборы, в июне 2019 года начались протесты.", parse_iso("2021-02-01"))
    assert found[0].value == "2021-05"


@pytest.mark.parametrize(
    "text",
    [
        # bsnlp-ru covid-19: the interval between doses, not a day
        "Первый компонент вводят в день обращения, а второй — через 21 день.",
        "Вторая доза вводится через 21 день после первой, и спустя 21 день вырабатывается иммунитет.",
        "Первая партия будет поставлена в течение 30 дней после официальной регистрации.",
        # us_election_2020: a delay counted from an undated happening
        "Формально результаты будут объявлены только через 10 дней, когда письма распечатают.",
        "Выборщики собираются спустя 41 день после выборов.",
    ],
)
def test_a_duration_after_через_спустя_в_течение_is_no_date(text: str) -> None:
    assert dates(text, DAY_2022) == []
