"""Nested mentions: the place or person inside an organisation's name is a mention of its own,
flagged so that whatever already counts the organisation does not count the referent twice."""

from __future__ import annotations

from storyline.annotate import Annotator
from storyline.annotate.entities import extract_entities
from storyline.annotate.nlp import NLP
from storyline.annotate.segment import segment
from storyline.group.features import extract_features
from storyline.model import Annotation, Article, EntityMention


def entities(nlp: NLP, text: str) -> list[EntityMention]:
    return extract_entities(nlp.parse(text, segment(text)), nlp)


def spans(mentions: list[EntityMention]) -> set[tuple[str, str, str, bool]]:
    return {(m.text, m.type, m.name, m.nested) for m in mentions}


def test_the_country_inside_a_ministry_is_a_place(nlp: NLP) -> None:
    got = spans(entities(nlp, "Об этом заявили в МИД России в понедельник."))
    assert got == {("МИД России", "ORG", "МИД России", False), ("России", "LOC", "Россия", True)}


def test_an_abbreviated_country_and_a_government_of_a_country(nlp: NLP) -> None:
    got = spans(
        entities(nlp, "Представитель Госдепартамента США ответил, что правительство Германии согласно.")
    )
    assert ("США", "LOC", "США", True) in got
    assert ("Германии", "LOC", "Германия", True) in got
    assert ("правительство Германии", "ORG", "правительство Германии", False) in got


def test_a_person_inside_an_organisation(nlp: NLP) -> None:
    got = spans(entities(nlp, "Деньги выделил Фонд Михаила Прохорова, сообщил Иван Петров."))
    assert ("Михаила Прохорова", "PER", "Михаил Прохоров", True) in got
    assert ("Иван Петров", "PER", "Иван Петров", False) in got


def test_a_place_inside_a_quoted_name_counts_as_the_corpora_mark_it(nlp: NLP) -> None:
    got = spans(entities(nlp, "Акции компании «Россети Сибирь» выросли."))
    assert ("Сибирь", "LOC", "Сибирь", True) in got


def test_flat_names_have_nothing_nested(nlp: NLP) -> None:
    got = entities(nlp, "Владимир Путин прилетел в Казахстан.")
    assert got and not any(m.nested for m in got)


def test_every_nested_mention_lies_inside_an_outer_one(nlp: NLP) -> None:
    text = "Посольство Франции в Москве и Банк России сообщили о переговорах с МВД Казахстана."
    got = entities(nlp, text)
    outer = [m for m in got if not m.nested]
    inner = [m for m in got if m.nested]
    assert len(inner) >= 3
    for m in inner:
        assert any(
            o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end) for o in outer
        )
        assert text[m.start : m.end] == m.text
    # The outer mentions never overlap each other: the flat layer is what it was.
    ordered = sorted(outer, key=lambda m: m.start)
    assert all(a.end <= b.start for a, b in zip(ordered, ordered[1:], strict=False))


def test_quotes_and_figures_name_the_organisation_not_the_place(annotator: Annotator) -> None:
    text = "«Мы готовы к переговорам», — заявили в МИД России. МИД России насчитал 200 участников."
    ann = annotator.annotate(Article(id="a", text=text, lang="ru"))
    assert any(m.nested for m in ann.entities)
    nested = {(m.start, m.end) for m in ann.entities if m.nested}
    assert ann.quotes
    for q in ann.quotes:
        assert (q.speaker_start, q.speaker_end) not in nested
        assert q.speaker != "Россия"
    assert all(q.subject != "Россия" for q in ann.quantities)


def test_grouping_keys_count_the_organisation_once() -> None:
    mentions = [
        EntityMention(0, 10, "МИД России", "ORG", "МИД России", entity_id="ent-1"),
        EntityMention(4, 10, "России", "LOC", "Россия", entity_id="ent-2", nested=True),
    ]
    ann = Annotation(lang="ru", full=True, entities=mentions)
    feats = extract_features(Article(id="a", text="МИД России", title="", annotation=ann))
    assert dict(feats.entities) == {"ent-1": 1}
    assert feats.places == set()
