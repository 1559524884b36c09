"""Place adjectives are LOC mentions named after their place; other adjectives are not."""

from __future__ import annotations

import pytest

from storyline.annotate.entities import extract_entities
from storyline.annotate.nlp import NLP
from storyline.annotate.place_adjectives import place_of_adjective
from storyline.annotate.segment import segment


@pytest.mark.parametrize(
    ("lemma", "place"),
    [
        ("российский", "Россия"),
        ("московский", "Москва"),
        ("французский", "Франция"),
        ("итальянский", "Италия"),
        ("американский", "Америка"),
        ("турецкий", "Турция"),
        ("греческий", "Греция"),
        ("киевский", "Киев"),
        ("нью-йоркский", "Нью-Йорк"),
        ("сибирский", "Сибирь"),
    ],
)
def test_a_place_adjective_leads_to_its_place(lemma: str, place: str) -> None:
    assert place_of_adjective(lemma) == place


@pytest.mark.parametrize("lemma", ["советский", "президентский", "человеческий", "исторический", "немецкий"])
def test_an_adjective_whose_noun_is_no_dictionary_place_is_not_one(lemma: str) -> None:
    # "немецкий" comes from Германия by no derivation: missed, never guessed.
    assert place_of_adjective(lemma) is None


def test_place_adjectives_in_a_sentence_are_mentions_of_the_place(nlp: NLP) -> None:
    text = "Российские власти и Каннский фестиваль обсудили президентский указ в МИД России."
    mentions = extract_entities(nlp.parse(text, segment(text)), nlp)
    got = {(m.text, m.type, m.name, m.nested) for m in mentions}
    # "Российские власти" is an organisation (ner_institutions); the adjective, its place, is nested
    assert ("Российские власти", "ORG", "Российские власти", False) in got
    assert ("Российские", "LOC", "Россия", True) in got
    assert ("Каннский", "LOC", "Канны", False) in got
    assert {m.text for m in mentions if m.derived} == {"Российские", "Каннский"}
    assert not any(m[0] == "президентский" for m in got)
    # An adjective inside a mention stays part of it; the country inside the ministry is nested.
    assert ("России", "LOC", "Россия", True) in got


def test_an_adjective_naming_a_language_is_no_place(nlp: NLP) -> None:
    text = "Он владеет английским и испанским языками, а российский программист учил русский язык."
    mentions = extract_entities(nlp.parse(text, segment(text)), nlp)
    got = {m.text for m in mentions if m.derived}
    assert got == {"российский"}
