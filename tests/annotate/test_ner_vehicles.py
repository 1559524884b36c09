"""Vehicles named like organisations ("корабля «Союз»") are no ORG mentions."""

from __future__ import annotations

from storyline.annotate.entities import extract_entities
from storyline.annotate.ner_rules import Span, Tokens
from storyline.annotate.ner_vehicles import drop_vehicles
from storyline.annotate.nlp import NLP
from storyline.annotate.segment import segment


def test_a_name_after_a_vehicle_noun_and_its_quoted_repeats_are_dropped(nlp: NLP) -> None:
    text = "Спуск корабля «Союз» прошёл штатно. В случае с «Союзом» это не так, сообщил «Роскосмос»."
    parsed = nlp.parse(text, segment(text))
    toks = Tokens(parsed)

    def span(word: str) -> Span:
        start = text.index(word)
        return Span(start, start + len(word), "ORG")

    kept = drop_vehicles([span("Союз"), span("Союзом"), span("Роскосмос")], toks)
    assert [text[s.start : s.end] for s in kept] == ["Роскосмос"]


def test_an_organisation_after_other_nouns_stays(nlp: NLP) -> None:
    text = "Представитель компании «Газпром» рассказал, что шаттл «Дискавери» завершил свой 39-й полёт."
    found = {(m.text, m.type) for m in extract_entities(nlp.parse(text, segment(text)), nlp)}
    assert ("Газпром", "ORG") in found
    assert not any(t == "Дискавери" for t, _ in found)  # the tagger's ORG
