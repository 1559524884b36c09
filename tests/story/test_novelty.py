from __future__ import annotations

from storyline.model import Story
from storyline.story import build_story

from .handmade import doc

LEMMAS = {
    "протесты": "протест",
    "митинги": "митинг",
    "начались": "начаться",
    "области": "область",
    "газ": "газ",
    "цены": "цена",
    "повышения": "повышение",
    "казахстане": "казахстан",
    "страны": "страна",
    "стран": "страна",
    "высказали": "высказать",
    "согласие": "согласие",
    "три": "три",
    "пять": "пять",
}
VERBS = ["начались", "высказали", "назвал", "подписал", "прибыл"]


def _story(*articles):  # type: ignore[no-untyped-def]
    skeleton = Story("s", "", [a.id for a in articles], [])
    return build_story(skeleton, list(articles), {})


def _labels(result, article_id):  # type: ignore[no-untyped-def]
    return [m.novelty for m in result.novelty[article_id]]


def test_paraphrased_background_is_repeated_and_points_to_its_source() -> None:
    a = doc(
        "a",
        [
            "Протесты в Казахстане начались 2 января 2022 года в области из-за повышения цены на газ.",
            "Президент подписал указ о режиме.",
        ],
        published="2022-01-06",
        seq=0,
        verbs=VERBS,
        lemmas=LEMMAS,
    )
    # reworded: "Митинги" for "Протесты" (news synonyms), another word order, no year
    b = doc(
        "b",
        [
            "Первый борт прибыл в Алматы.",
            "Митинги в Казахстане начались в области из-за повышения цены на газ 2 января.",
        ],
        published="2022-01-07",
        seq=1,
        verbs=VERBS,
        lemmas=LEMMAS,
    )
    result = _story(b, a)
    assert _labels(result, "a") == ["new", "new"]
    assert _labels(result, "b") == ["new", "repeated"]
    assert result.novelty["b"][1].repeats == ["a"]


def test_changed_figure_in_restated_claim_is_updated() -> None:
    a = doc(
        "a",
        ["Свое согласие на участие высказали пока три страны — Армения, Таджикистан и Россия."],
        published="2022-01-06",
        seq=0,
        verbs=VERBS,
        lemmas=LEMMAS,
    )
    b = doc(
        "b",
        [
            "Свое согласие на участие высказали пять стран Армения, Таджикистан, Кыргызстан, Беларусь и Россия."
        ],
        published="2022-01-07",
        seq=1,
        verbs=VERBS,
        lemmas=LEMMAS,
    )
    result = _story(a, b)
    assert _labels(result, "b") == ["updated"]
    assert result.novelty["b"][0].repeats == ["a"]


def test_sentence_carried_by_one_article_stays_new() -> None:
    a = doc("a", ["Президент подписал указ о режиме."], published="2022-01-06", seq=0, verbs=VERBS)
    b = doc("b", ["Депутат назвал решение ошибкой парламента."], published="2022-01-07", seq=1, verbs=VERBS)
    assert _labels(_story(a, b), "b") == ["new"]


def test_a_date_nobody_gave_before_is_new_information() -> None:
    a = doc("a", ["По всему Казахстану введен режим чрезвычайного положения."], published="2022-01-06", seq=0)
    b = doc(
        "b",
        ["По всему Казахстану введен режим чрезвычайного положения до 19 января."],
        published="2022-01-07",
        seq=1,
        dates=[("до 19 января", None, "2022-01-19", "day", "until")],
    )
    assert _labels(_story(a, b), "b") == ["new"]


def test_duplicate_article_is_repeated_wholesale() -> None:
    a = doc("a", ["Президент подписал указ о режиме."], published="2022-01-06", seq=0, verbs=VERBS)
    copy = doc("copy", ["Совсем иные слова здесь стоят."], published="2022-01-06", seq=1, duplicate_of="a")
    result = _story(a, copy)
    assert _labels(result, "copy") == ["repeated"]
    assert result.novelty["copy"][0].repeats == ["a"]


def test_heading_repeats_only_what_was_said_in_full() -> None:
    a = doc(
        "a",
        [("heading", "Протесты в Казахстане"), "Протесты в Казахстане начались 2 января."],
        published="2022-01-06",
        seq=0,
        verbs=VERBS,
        lemmas=LEMMAS,
    )
    b = doc(
        "b",
        [("heading", "Протесты в Казахстане и помощь союзников"), ("heading", "Протесты в Казахстане")],
        published="2022-01-07",
        seq=1,
        lemmas=LEMMAS,
    )
    assert _labels(_story(a, b), "b") == ["new", "repeated"]


def test_one_mark_per_sentence_for_every_article() -> None:
    a = doc("a", ["Одно.", "Два слова.", "Три слова здесь."], published="2022-01-06")
    result = _story(a)
    assert [m.index for m in result.novelty["a"]] == [0, 1, 2]
    assert all(m.article_id == "a" for m in result.novelty["a"])


def test_settled_restatement_of_a_provisional_claim_is_updated() -> None:
    a = doc(
        "a",
        ["Парламент Кыргызстана может одобрить отправку войск в Казахстан."],
        published="2022-01-06",
        seq=0,
        verbs=["одобрить"],
        lemmas={"одобрить": "одобрить", "одобрил": "одобрить"},
    )
    b = doc(
        "b",
        ["Парламент Кыргызстана одобрил отправку войск в Казахстан."],
        published="2022-01-07",
        seq=1,
        verbs=["одобрил"],
        lemmas={"одобрить": "одобрить", "одобрил": "одобрить"},
    )
    c = doc(
        "c",
        ["Парламент Кыргызстана одобрил отправку войск в Казахстан."],
        published="2022-01-08",
        seq=2,
        verbs=["одобрил"],
        lemmas={"одобрить": "одобрить", "одобрил": "одобрить"},
    )
    result = _story(a, b, c)
    assert _labels(result, "b") == ["updated"] and result.novelty["b"][0].repeats == ["a"]
    assert _labels(result, "c") == ["repeated"]
