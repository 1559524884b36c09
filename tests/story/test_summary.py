from __future__ import annotations

from storyline.model import Story
from storyline.story import build_story
from storyline.story.features import SentenceInfo
from storyline.story.measure import pluralise
from storyline.story.similarity import Idf
from storyline.story.summary import Scored, pick_summary, trace_summary

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


def test_a_headline_loses_the_clock_time_and_counters_a_page_glues_to_it() -> None:
    from storyline.story.summary import _clean_title

    assert (
        _clean_title("Берлин не знает о санкциях 21:49 &nbsp 9 Января 2019 82")
        == "Берлин не знает о санкциях"
    )
    assert _clean_title("Исламисты протестуют против оправдания христианки 176") == (
        "Исламисты протестуют против оправдания христианки"
    )
    assert _clean_title("МИД: проект не политический Вчера, 23:34") == "МИД: проект не политический"
    assert _clean_title("18:20 Меркель назвала способ") == "Меркель назвала способ"
    assert _clean_title("Посадка Boeing 737") == "Посадка Boeing 737"


def test_a_sentence_that_only_says_who_told_the_one_before_is_not_summarised() -> None:
    lead = "Правительство Германии не располагает новыми данными о возможных санкциях США против подрядчиков."
    told = (
        "Об этом заявил в понедельник на пресс-конференции в Берлине официальный представитель министерства."
    )
    a = doc("a", [lead, told], published="2019-01-09", seq=0)
    b = doc("b", [told.replace("Берлине", "Брюсселе"), lead], published="2019-01-10", seq=1)
    summary = build_story(Story("s", "", ["a", "b"], []), [a, b], {}).story.summary
    assert "Об этом" not in summary and summary.startswith("Правительство Германии")


def _info(article_id: str, index: int, words: str) -> SentenceInfo:
    content = frozenset(words.split())
    return SentenceInfo(article_id, index, 0, len(words), "text", words, [], content, frozenset())


def test_equal_scores_that_differ_in_their_last_bits_are_picked_in_reading_order() -> None:
    """Scores are float sums over sets, whose order follows the hash seed: the same
    score can come out a bit above or below its twin. The choice must not follow it."""
    first, second = _info("a", 0, "газпром штраф решение"), _info("b", 0, "литва расследование комиссия")
    second.position = 1
    idf = Idf([first, second])
    low, high = 0.7, 0.7 + 1e-15
    for a_score, b_score in ((low, high), (high, low)):
        chosen = pick_summary([Scored(first, a_score, 1), Scored(second, b_score, 1)], idf, limit=1)
        assert [c.article_id for c in chosen] == ["a"]
