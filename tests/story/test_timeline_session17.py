"""Session 17: crawl-dated stories and the news day's narration (issue #10).

Invented text, real annotator. Before the rules: the undated acts and the "днем ранее"
of an article with no dateline, stored on a crawl's stamp that an earlier article's
dateline had proved one, were events of the stamp's days; an act after a recap's
paragraph was no event; and the sentence after a news-day telling that gave its figure
("Победа в Пенсильвании принесла демократу 20 голосов") was no part of its event; the
acts an article put on the stamp before a later one proved it stayed there; and a yearless
"с 15 апреля" of such an article was April after the stamp."""

from __future__ import annotations

from typing import Any

from storyline.model import Article, Story
from storyline.story import build_story

from .seedkit import link_entities

STAMP = "2021-02-01"  # every article of the batch carries the crawl's day


def _article(annotator: Any, ident: str, text: str, published: str, seq: int) -> Article:
    article = Article(
        id=ident, text=text, published=published, published_precision="day", lang="ru", source=ident, seq=seq
    )
    article.annotation = annotator.annotate_many([article])[0]
    return article


def _timeline(articles: list[Article]) -> list[tuple[str | None, str, str]]:
    story = Story("s", "", [a.id for a in articles], [], first_published=articles[0].published)
    timeline = build_story(story, articles, link_entities(articles)).story.timeline
    texts = {a.id: a.text for a in articles}
    return [
        (e.date, e.text, " ".join(texts[x.article_id][x.start : x.end] for x in e.evidence)) for e in timeline
    ]


def test_an_undated_article_on_a_proven_stamp_counts_nothing_from_it(annotator: Any) -> None:
    """Session 19: its acts keep the stamp as their bound (the text existed by then; dropping
    them lost true events), but no relative date counts from the stamp."""
    dated = _article(
        annotator,
        "a",
        "ВАШИНГТОН, 14 декабря. /ТАСС/. Коллегия выборщиков штата Вермонт первой в США завершила "
        "голосование, поддержав Джозефа Байдена.",
        STAMP,
        1,
    )
    undated = _article(
        annotator,
        "b",
        "Выборщики Калифорнии отдали свои голоса Джозефу Байдену. "
        "Еще днем ранее Дональд Трамп выступил с видеообращением к своим сторонникам.",
        STAMP,
        2,
    )
    events = _timeline([dated, undated])
    assert any(date == "2020-12-14" and "Вермонт" in text for date, text, _ in events)
    assert not any(date == "2021-01-31" for date, _, _ in events)
    assert any(date == STAMP and "Калифорнии" in evidence for date, _, evidence in events)


def test_a_recap_ends_with_its_paragraph(annotator: Any) -> None:
    text = (
        "ВАШИНГТОН, 14 декабря. /ТАСС/. Коллегия выборщиков Невады поддержала Джозефа Байдена.\n\n"
        "Ранее республиканцы пытались оспорить итоги выборов в этом штате.\n\n"
        "Выборщики Джорджии также проголосовали за Джозефа Байдена, сообщает CNN."
    )
    events = _timeline([_article(annotator, "a", text, "2020-12-14", 1)])
    assert any(date == "2020-12-14" and "Джорджии" in evidence for date, _, evidence in events)


def test_the_sentence_after_a_news_day_telling_is_its_evidence(annotator: Any) -> None:
    text = (
        "МОСКВА, 14 декабря. Коллегия выборщиков Невады поддержала Джозефа Байдена. "
        "Члены коллегии выборщиков от штата Пенсильвания тоже поддержали Джозефа Байдена. "
        "Победа в Пенсильвании принесла демократу 20 голосов выборщиков."
    )
    events = _timeline([_article(annotator, "a", text, "2020-12-14", 1)])
    assert any(
        date == "2020-12-14" and "Пенсильвания тоже" in evidence and "20 голосов" in evidence
        for date, _, evidence in events
    )


def test_taking_a_post_is_an_act_a_cause_is_not(annotator: Any) -> None:
    text = (
        "ЛОНДОН, 9 июля. Министр по делам Brexit Дэвид Дэвис подал в отставку. "
        "Его преемником стал Доминик Рааб. "
        "Разногласия с Брюсселем стали причиной отставки Бориса Джонсона."
    )
    events = _timeline([_article(annotator, "a", text, "2018-07-09", 1)])
    assert any(date == "2018-07-09" and "Рааб" in evidence for date, _, evidence in events)
    assert not any("причиной" in text for _, text, _ in events)  # no event of its own


def test_the_proof_of_a_stamp_leaves_an_earlier_dayless_article_on_it(annotator: Any) -> None:
    """Session 19: an article that tells no day of its own keeps the stamp as its bound,
    whether folded before the proof or after it (tests/story/test_timeline_session19.py moves
    an article whose lead tells its day)."""
    first = _article(
        annotator,
        "a",
        "Выборщики Калифорнии отдали свои голоса Джозефу Байдену. "
        "Цифровые пропуска для передвижения по городу начнут проверять в Москве с 15 апреля.",
        STAMP,
        1,
    )
    proof = _article(
        annotator,
        "b",
        "ВАШИНГТОН, 14 декабря. /ТАСС/. Коллегия выборщиков штата Вермонт первой в США завершила "
        "голосование, поддержав Джозефа Байдена.",
        STAMP,
        2,
    )
    later = _article(annotator, "c", "Пропуска начнут проверять в Москве с 15 апреля.", STAMP, 3)
    events = _timeline([first, proof, later])
    assert any(date == STAMP and "Калифорнии" in evidence for date, _, evidence in events)
    assert not any(date == "2021-04-15" and "Пропуска" in text for date, text, _ in events)
