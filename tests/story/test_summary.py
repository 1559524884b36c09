from __future__ import annotations

from storyline.model import Story
from storyline.story import build_story
from storyline.story.measure import pluralise
from storyline.story.summary import trace_summary

from .handmade import doc


def test_title_is_the_most_central_headline_without_feed_timestamp() -> None:
    a = doc("a", ["Джонсон ушел в отставку с поста главы МИД."], published="2018-07-09", seq=0)
    a.title = "09.07.2018 18:09 : Джонсон ушел в отставку"
    b = doc(
        "b",
        ["Джонсон ушел в отставку с поста главы МИД.", "Рааб назначен министром."],
        published="2018-07-09",
        seq=1,
    )
    b.title = "Отставка Джонсона"
    c = doc("c", ["Погода в Лондоне."], published="2018-07-09", seq=2)
    c.title = "Погода"
    result = build_story(Story("s", "", ["a", "b", "c"], []), [a, b, c], {})
    assert result.story.title == "Джонсон ушел в отставку"


def test_trace_summary_prefers_the_whole_sentence_to_a_heading_that_begins_it() -> None:
    a = doc("a", [("heading", "Протесты в Казахстане"), "Протесты в Казахстане начались 2 января."])
    traced = trace_summary("Протесты в Казахстане начались 2 января.", [a])
    assert [(e.article_id, e.start) for e in traced] == [("a", 22)]
    assert trace_summary("Этого нет в статьях.", [a]) == []


def test_measure_plurals() -> None:
    assert [
        pluralise(w)
        for w in (
            "военнослужащий",
            "страна",
            "автомобиль",
            "бронетехника",
            "км",
            "евро",
            "человек",
            "миротворец",
        )
    ] == ["военнослужащие", "страны", "автомобили", "бронетехника", "км", "евро", "люди", "миротворцы"]
