"""Organisations named by a place adjective and an institution ("британских властей")."""

from __future__ import annotations

from storyline.annotate.entities import extract_entities
from storyline.annotate.nlp import NLP
from storyline.annotate.segment import segment
from storyline.model import EntityMention


def entities(nlp: NLP, text: str) -> list[EntityMention]:
    return extract_entities(nlp.parse(text, segment(text)), nlp)


def test_place_adjective_and_institution_head_make_an_organisation(nlp: NLP) -> None:
    text = (
        "Сергей Скрипаль остаётся под присмотром британских властей, а бельгийская полиция задержала двоих."
    )
    found = {(m.text, m.type, m.nested) for m in entities(nlp, text)}
    assert ("британских властей", "ORG", False) in found
    assert ("бельгийская полиция", "ORG", False) in found
    # the place inside stays a mention of its own, flagged nested
    assert ("британских", "LOC", True) in found
    assert ("бельгийская", "LOC", True) in found


def test_one_adjective_between_and_a_capital_opening_the_sentence(nlp: NLP) -> None:
    text = "Король был свергнут бельгийской колониальной администрацией. Российские власти промолчали."
    found = {(m.text, m.type) for m in entities(nlp, text)}
    assert ("бельгийской колониальной администрацией", "ORG") in found
    assert ("Российские власти", "ORG") in found


def test_a_place_adjective_before_a_common_noun_stays_a_place(nlp: NLP) -> None:
    text = "В Испании был задержан российский программист, а французский суд вынес приговор."
    found = {(m.text, m.type) for m in entities(nlp, text)}
    assert ("российский", "LOC") in found
    assert not any(t.startswith("российский ") for t, _ in found)
    assert ("французский суд", "ORG") in found


def test_press_service_of_an_organisation_and_a_ministry_named_by_its_domain(nlp: NLP) -> None:
    text = (
        "Об этом сообщила пресс-служба МВД Киргизии. "
        "Данные передали министерству здравоохранения США, а первый матч сборной России прошёл в Москве."
    )
    found = {(m.text, m.type, m.nested) for m in entities(nlp, text)}
    assert ("пресс-служба МВД Киргизии", "ORG", False) in found
    assert ("министерству здравоохранения США", "ORG", False) in found
    assert ("сборной России", "ORG", False) in found
    assert ("США", "LOC", True) in found


def test_an_abbreviation_after_a_place_it_does_not_spell_is_an_organisation(nlp: NLP) -> None:
    text = "Американское антидопинговое агентство США (USADA) лишит велогонщика титулов, а Российская Федерация (РФ) промолчала."
    found = {(m.text, m.type) for m in entities(nlp, text)}
    assert ("USADA", "ORG") in found
    assert ("РФ", "LOC") in found


def test_a_lower_case_organisation_head_and_its_acronym_make_organisations(nlp: NLP) -> None:
    text = (
        "Решение поддержали страны Европейского союза, а Советский Союз распался давно. "
        "Министры иностранных дел ЕС соберутся в понедельник."
    )
    found = {(m.text, m.type) for m in entities(nlp, text)}
    assert ("Европейского союза", "ORG") in found  # the tagger's LOC
    assert ("Советский Союз", "LOC") in found
    assert ("ЕС", "ORG") in found


def test_an_institution_after_a_verb_of_another_gender_is_not_its_speaker(nlp: NLP) -> None:
    from storyline.annotate.quotes import extract_quotes

    text = (
        "Премьер-министр Тереза Мэй намерена заключить с ЕС соглашение, которое будет максимально "
        "выгодно для жителей страны. В этом глава правительства заверила накануне британский парламент."
    )
    parsed = nlp.parse(text, segment(text))
    mentions = extract_entities(parsed, nlp)
    assert ("британский парламент", "ORG") in {(m.text, m.type) for m in mentions}
    speakers = [q.speaker_text for q in extract_quotes(parsed, mentions, nlp)]
    assert "британский парламент" not in speakers
