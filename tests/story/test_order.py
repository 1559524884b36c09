from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.story import reading_order
from storyline.story.order import effective_day

from .handmade import doc


def _ids(articles):  # type: ignore[no-untyped-def]
    return [a.id for a in reading_order(articles)]


def test_day_precise_publication_decides_first() -> None:
    late = doc("late", ["Второе сообщение."], published="2022-01-08", seq=0)
    early = doc("early", ["Первое сообщение."], published="2022-01-06", seq=1)
    assert _ids([late, early]) == ["early", "late"]


def test_month_precise_articles_ordered_by_latest_date_in_text() -> None:
    # both "2022-01"; ingest order says a, b — the text says b reports the 6th, a the 7th
    a = doc(
        "a",
        ["Парламент собрался 7 января.", "Протесты начались 2 января."],
        published="2022-01",
        seq=0,
        dates=[("7 января", "2022-01-07"), ("2 января", "2022-01-02")],
    )
    b = doc(
        "b",
        ["МИД выступил с заявлением 6 января."],
        published="2022-01",
        seq=1,
        dates=[("6 января", "2022-01-06")],
    )
    assert _ids([a, b]) == ["b", "a"]
    assert str(effective_day(a)[0]) == "2022-01-07"


def test_interval_bound_and_other_months_do_not_place_an_article() -> None:
    a = doc(
        "a",
        ["Режим продлится до 19 января.", "В 2010 году было похожее.", "Митинг прошел 5 января."],
        published="2022-01",
        seq=0,
        dates=[
            ("до 19 января", None, "2022-01-19", "day", "until"),
            ("2010 году", "2010", None, "year"),
            ("5 января", "2022-01-05"),
        ],
    )
    assert str(effective_day(a)[0]) == "2022-01-05"


def test_month_precise_article_follows_day_precise_one_of_the_same_day() -> None:
    month = doc(
        "month", ["Указ подписан 7 января."], published="2022-01", seq=0, dates=[("7 января", "2022-01-07")]
    )
    day = doc("day", ["Другое сообщение."], published="2022-01-07", seq=1)
    assert _ids([month, day]) == ["day", "month"]


def test_month_without_dates_in_text_sorts_before_its_days() -> None:
    vague = doc("vague", ["Без дат."], published="2022-01", seq=5)
    dated = doc("dated", ["Сообщение."], published="2022-01-03", seq=0)
    assert _ids([dated, vague]) == ["vague", "dated"]


def test_ingest_order_breaks_ties_and_undated_go_last() -> None:
    x = doc("x", ["Одно."], published="2022-01-07", seq=2)
    y = doc("y", ["Другое."], published="2022-01-07", seq=1)
    z = doc("z", ["Без даты."], published=None, seq=0)
    assert _ids([z, x, y]) == ["y", "x", "z"]


@settings(max_examples=60, deadline=None)
@given(st.permutations(range(5)))
def test_reading_order_does_not_depend_on_input_order(order: list[int]) -> None:
    articles = [
        doc(
            "m7", ["Указ подписан 7 января."], published="2022-01", seq=3, dates=[("7 января", "2022-01-07")]
        ),
        doc("d7", ["Сообщение."], published="2022-01-07", seq=4),
        doc("m", ["Без дат."], published="2022-01", seq=2),
        doc("d5", ["Сообщение."], published="2022-01-05T10:00", seq=1),
        doc("none", ["Без даты публикации."], seq=0),
    ]
    assert _ids([articles[i] for i in order]) == ["m", "d5", "d7", "m7", "none"]
