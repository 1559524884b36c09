"""A person's name in the nominative, every word in the case and gender of its given name."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.annotate.entities import extract_entities
from storyline.annotate.name_agreement import agreed_feats
from storyline.annotate.names import nominative_word
from storyline.annotate.nlp import NLP
from storyline.annotate.segment import segment


def names(nlp: NLP, text: str) -> dict[str, str]:
    return {m.text: m.name for m in extract_entities(nlp.parse(text, segment(text)), nlp)}


@pytest.mark.parametrize(
    ("text", "mention", "name"),
    [
        # The surname pymorphy2 does not know, read by the tagger as a nominative feminine name.
        (
            "Отравление Сергея Скрипаля и его дочери Юлии произошло в марте.",
            "Сергея Скрипаля",
            "Сергей Скрипаль",
        ),
        # A soft-stem surname in the instrumental keeps its soft sign.
        ("Встреча с Сергеем Скрипалем не состоялась.", "Сергеем Скрипалем", "Сергей Скрипаль"),
        ("Министр встретился с Линасом Линкявичюсом в Вильнюсе.", "Линасом Линкявичюсом", "Линас Линкявичюс"),
    ],
)
def test_oblique_name_put_in_the_nominative(nlp: NLP, text: str, mention: str, name: str) -> None:
    assert names(nlp, text)[mention] == name


@pytest.mark.parametrize(
    ("text", "mention", "name"),
    [
        # A woman's surname stays feminine: her given name sets the gender.
        ("Об этом сказала официальный представитель МИД Мария Захарова.", "Мария Захарова", "Мария Захарова"),
        ("Брифинг Марии Захаровой прошёл в четверг.", "Марии Захаровой", "Мария Захарова"),
        ("Спикер Вольфганг Соботка встретился с коллегами.", "Вольфганг Соботка", "Вольфганг Соботка"),
        ("Он поговорил с Вольфгангом Соботкой по телефону.", "Вольфгангом Соботкой", "Вольфганг Соботка"),
    ],
)
def test_nominative_and_feminine_names_kept(nlp: NLP, text: str, mention: str, name: str) -> None:
    assert names(nlp, text)[mention] == name


def test_places_and_organisations_unchanged(nlp: NLP) -> None:
    found = names(
        nlp, "Строительство газопровода «Северный поток-2» обсудили в Министерстве иностранных дел Литвы."
    )
    assert found["Министерстве иностранных дел Литвы"] == "Министерство иностранных дел Литвы"
    found = names(nlp, "Саммит пройдет в Бухаресте, сообщили из Бухареста.")
    assert found["Бухаресте"] == found["Бухареста"] == "Бухарест"


def test_agreed_feats_follow_the_given_name(nlp: NLP) -> None:
    parsed = nlp.parse(text := "Брифинг Марии Захаровой прошёл в четверг.", segment(text))
    tokens = [t for t in parsed.tokens if t.text in ("Марии", "Захаровой")]
    assert agreed_feats(nlp, tokens) == {"Case": "Gen", "Gender": "Fem", "Number": "Sing"}
    assert agreed_feats(nlp, tokens[1:]) is None  # one word: nothing to agree with


@pytest.mark.parametrize(
    ("word", "case", "nominative"),
    [("Скрипаля", "Gen", "Скрипаль"), ("Скрипалем", "Ins", "Скрипаль"), ("Абрамовичем", "Ins", "Абрамович")],
)
def test_masculine_surname_endings(nlp: NLP, word: str, case: str, nominative: str) -> None:
    feats = {"Case": case, "Gender": "Masc", "Number": "Sing"}
    assert nominative_word(nlp, word, feats, frozenset({"Name", "Surn", "Patr"})) == nominative


GIVEN = ["Сергей", "Мария", "Линас", "Вольфганг", "Юлия"]
SURNAMES = ["Скрипаль", "Захарова", "Линкявичюс", "Соботка", "Иванов"]
FRAMES = ["Об этом сообщил {}.", "Встреча с {} прошла вчера.", "Слова {} привели агентства."]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(GIVEN), st.sampled_from(SURNAMES), st.sampled_from(FRAMES))
def test_a_name_keeps_its_words(nlp: NLP, given_name: str, surname: str, frame: str) -> None:
    """Whatever the case, a name has one word per word of its mention, each capitalised."""
    text = frame.format(f"{given_name} {surname}")
    for m in extract_entities(nlp.parse(text, segment(text)), nlp):
        if m.type == "PER" and not m.nested:
            assert len(m.name.split()) == len(m.text.split())
            assert all(w[:1].isupper() for w in m.name.split())
