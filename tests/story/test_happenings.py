"""One happening, one event: reports of one happening merge across wording and date precision."""

from __future__ import annotations

from storyline.model import Story
from storyline.story import build_story

from .handmade import doc

ENTS = [
    ("Газпром", "ORG", "Газпром"),
    ("Нафтогаз", "ORG", "Нафтогаз"),
    ("Стокгольмский арбитраж", "ORG", "Стокгольмский арбитраж"),
]
VERBS = ["проиграл", "обязал", "выплатить", "подал", "решил", "напомнили"]


def _timeline(*articles):  # type: ignore[no-untyped-def]
    story = Story("s", "", [a.id for a in articles], [], first_published="2018-08-29")
    return build_story(story, list(articles), {}).story.timeline


def _month_report(
    sentence: str = "В конце февраля Газпром проиграл спор с Нафтогазом в Стокгольмский арбитраж о транзите газа.",
):  # type: ignore[no-untyped-def]
    return doc(
        "a",
        [sentence],
        published="2018-08-29",
        seq=0,
        verbs=VERBS,
        dates=[("В конце февраля", "2018-02", None, "month")],
        entities=ENTS,
    )


def test_a_months_report_joins_the_same_happening_told_to_the_day() -> None:
    b = doc(
        "b",
        [
            "Стокгольмский арбитраж 28 февраля решил спор Газпром с Нафтогазом о транзите газа не в пользу Газпром."
        ],
        published="2018-08-30",
        seq=1,
        verbs=VERBS,
        dates=[("28 февраля", "2018-02-28")],
        entities=ENTS,
    )
    events = _timeline(_month_report(), b)
    assert [(e.date, len(e.evidence)) for e in events] == [("2018-02-28", 2)]


def test_different_happenings_of_the_same_participants_stay_apart() -> None:
    b = doc(
        "b",
        ["Нафтогаз 28 февраля подал в суд Амстердама иск об аресте акций."],
        published="2018-08-30",
        seq=1,
        verbs=VERBS,
        dates=[("28 февраля", "2018-02-28")],
        entities=ENTS,
    )
    events = _timeline(_month_report(), b)
    assert sorted(e.date for e in events) == ["2018-02", "2018-02-28"]


def test_a_lead_dated_by_its_publication_does_not_date_a_months_happening() -> None:
    lead = doc(
        "b",
        ["Газпром проиграл спор с Нафтогазом в Стокгольмский арбитраж о транзите газа, напомнили в суде."],
        published="2018-02-20",
        seq=1,
        verbs=VERBS,
        entities=ENTS,
    )
    events = _timeline(_month_report(), lead)
    assert "2018-02" in {e.date for e in events}
