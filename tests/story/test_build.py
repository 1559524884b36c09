from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.model import Entity, Story
from storyline.story import build_story
from storyline.story.summary import trace_summary

from .handmade import doc

VERBS = ["начались", "обратился", "подписал", "направит", "заявил", "собрались", "прибыл"]
LEMMAS = {"протесты": "протест", "митинги": "митинг", "начались": "начаться", "обратился": "обратиться"}
ENTITIES = {
    "e:Токаев": Entity("e:Токаев", "Касым-Жомарт Токаев", "PER"),
    "e:ОДКБ": Entity("e:ОДКБ", "ОДКБ", "ORG"),
}


def _articles():  # type: ignore[no-untyped-def]
    common: dict[str, Any] = dict(
        verbs=VERBS, lemmas=LEMMAS, entities=[("Токаев", "PER", "Токаев"), ("ОДКБ", "ORG", "ОДКБ")]
    )
    a = doc(
        "a",
        [
            "Президент Токаев 5 января обратился к ОДКБ за помощью в подавлении протестов в стране.",
            "Протесты в Казахстане начались 2 января в Мангистауской области из-за цен на газ.",
        ],
        published="2022-01-06",
        seq=0,
        dates=[("5 января", "2022-01-05"), ("2 января", "2022-01-02")],
        quotes=[
            {
                "text": "за помощью",
                "kind": "indirect",
                "speaker_text": "Токаев",
                "speaker_entity_id": "e:Токаев",
            }
        ],
        **common,
    )
    b = doc(
        "b",
        [
            "Депутаты парламента 7 января собрались на срочное заседание по вопросу отправки войск.",
            "Протесты в Казахстане начались 2 января в Мангистауской области из-за цен на газ.",
            "Президент Токаев 5 января обратился к ОДКБ за помощью в подавлении протестов в стране.",
        ],
        published="2022-01-07",
        seq=1,
        dates=[("7 января", "2022-01-07"), ("2 января", "2022-01-02"), ("5 января", "2022-01-05")],
        **common,
    )
    c = doc(
        "c",
        [
            "Президент Садыр Жапаров подписал указ о направлении миротворцев в соседнюю страну.",
            "Митинги в Казахстане начались 2 января в Мангистауской области из-за цен на газ.",
        ],
        published="2022-01-08",
        seq=2,
        dates=[("2 января", "2022-01-02")],
        **common,
    )
    return [a, b, c]


def _build(articles):  # type: ignore[no-untyped-def]
    story = Story(
        "s",
        "",
        sorted(x.id for x in articles),
        ["t1"],
        first_published="2022-01-06",
        last_published="2022-01-08",
    )
    return build_story(story, articles, ENTITIES)


def test_summary_is_short_traceable_and_never_tells_background_twice() -> None:
    articles = _articles()
    result = _build(articles)
    by_id = {a.id: a for a in articles}
    assert 1 <= len(result.summary_sentences) <= 5
    texts = [by_id[e.article_id].text[e.start : e.end] for e in result.summary_sentences]
    assert result.story.summary == " ".join(texts)
    assert sum("начались 2 января" in t for t in texts) == 1
    assert trace_summary(result.story.summary, articles) == result.summary_sentences
    marks = {(m.article_id, m.index): m.novelty for ms in result.novelty.values() for m in ms}
    for e in result.summary_sentences:
        index = next(i for i, s in enumerate(by_id[e.article_id].annotation.sentences) if s.start == e.start)
        assert marks[(e.article_id, index)] != "repeated"


def test_story_fields_are_filled_from_the_articles() -> None:
    result = _build(_articles())
    story = result.story
    assert story.title
    assert story.entity_ids[0] in ("e:Токаев", "e:ОДКБ")
    assert story.quotes[0].speaker_entity_id == "e:Токаев" and story.quotes[0].kind == "indirect"
    assert story.thread_ids == ["t1"] and story.first_published == "2022-01-06"
    appeal = next(e for e in story.timeline if e.date == "2022-01-05")
    assert {ev.article_id for ev in appeal.evidence} == {"a", "b"}


def test_build_is_deterministic_and_independent_of_input_order() -> None:
    articles = _articles()
    assert _build(articles) == _build(list(reversed(articles)))


@settings(max_examples=25, deadline=None)
@given(st.permutations([0, 1, 2]))
def test_any_input_order_gives_the_same_story(order: list[int]) -> None:
    articles = _articles()
    assert _build([articles[i] for i in order]) == _build(articles)


def test_articles_without_annotation_or_text_do_not_break_the_story() -> None:
    empty = doc("e", [""], published="2022-01-06")
    bare = doc("bare", ["Текст."], published="2022-01-07")
    bare.annotation = None
    result = _build([empty, bare])
    assert result.novelty["e"] and result.novelty["bare"] == []
    assert result.story.summary == "" or isinstance(result.story.summary, str)


_WORDS = st.sampled_from(
    [
        "Токаев",
        "обратился",
        "протесты",
        "начались",
        "в",
        "Казахстане",
        "5",
        "января",
        "войска",
        "150",
        "военных",
        "«террористами»",
        ",",
        "который",
        "пять",
        "стран",
        "—",
    ]
)
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=14).map(lambda ws: " ".join(ws) + ".")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(_SENTENCE, min_size=1, max_size=5), min_size=1, max_size=4))
def test_every_output_points_into_its_article(texts: list[list[str]]) -> None:
    articles = []
    for i, sentences in enumerate(texts):
        quantities = (
            [{"text": "150 военных", "value": 150, "item": "военный"}]
            if "150 военных" in " ".join(sentences)
            else []
        )
        dates = [("5 января", "2022-01-05")] if "5 января" in " ".join(sentences) else []
        articles.append(
            doc(
                f"a{i}",
                sentences,
                published="2022-01",
                seq=i,
                verbs=["обратился", "начались"],
                quantities=quantities,
                dates=dates,
            )
        )
    result = _build(articles)
    by_id = {a.id: a for a in articles}
    for a in articles:
        assert a.annotation is not None
        assert len(result.novelty[a.id]) == len(a.annotation.sentences)
        assert all(set(m.repeats) <= set(by_id) - {a.id} for m in result.novelty[a.id])
    spans = [e for ev in result.story.timeline for e in ev.evidence] + result.summary_sentences
    spans += [v for f in result.story.facts for v in f.values]  # type: ignore[misc]
    for span in spans:
        assert 0 <= span.start < span.end <= len(by_id[span.article_id].text)
    assert len(result.summary_sentences) <= 5


def test_articles_the_russian_pipeline_skipped_are_compared_by_words() -> None:
    a = doc("a", ["Boris Johnson resigned as foreign secretary on Monday."], published="2018-07-09", seq=0)
    b = doc(
        "b",
        ["On Monday Boris Johnson resigned as foreign secretary.", "Theresa May accepted it."],
        published="2018-07-10",
        seq=1,
    )
    for article in (a, b):
        assert article.annotation is not None
        article.annotation.tokens = []  # what the annotator gives for another language
        article.annotation.full = False
    result = _build([a, b])
    assert [m.novelty for m in result.novelty["b"]] == ["repeated", "new"]


def test_empty_story_keeps_its_skeleton() -> None:
    result = build_story(Story("s", "Заголовок", [], []), [], {})
    assert result.story.title == "Заголовок" and result.novelty == {} and result.summary_sentences == []
