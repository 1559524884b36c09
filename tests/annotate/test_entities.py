"""Entities: repaired spans, nominative names, roles and in-article resolution.

Regenerate the goldens with `STORYLINE_REGOLD=1 python -m pytest tests/annotate/test_entities.py`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.annotate.entities import extract_entities
from storyline.annotate.nlp import NLP
from storyline.annotate.segment import segment
from storyline.model import EntityMention

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "entities"


def entities(nlp: NLP, text: str) -> list[EntityMention]:
    return extract_entities(nlp.parse(text, segment(text)), nlp)


def by_text(mentions: list[EntityMention]) -> dict[str, EntityMention]:
    return {m.text: m for m in mentions}


def markup(text: str, mentions: list[EntityMention]) -> str:
    """Each sentence, then its entities as `[text]TYPE=name (role)`."""
    lines = []
    for sentence in segment(text):
        lines.append(f"{sentence.kind}: {text[sentence.start : sentence.end]}")
        for m in mentions:
            if sentence.start <= m.start < sentence.end:
                role = f" ({m.role})" if m.role else ""
                inside = " (nested)" if m.nested else ""
                lines.append(f"    [{m.text}]{m.type}={m.name}{role}{inside}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ canonical names


def test_person_name_in_the_nominative(nlp: NLP) -> None:
    text = "Он считает, что обращение президента Казахстана Касыма-Жомарта Токаева было эмоциональным."
    m = by_text(entities(nlp, text))["Касыма-Жомарта Токаева"]
    assert (m.type, m.name) == ("PER", "Касым-Жомарт Токаев")


def test_organisation_head_inflected_and_genitives_kept(nlp: NLP) -> None:
    text = (
        "Сотрудники Министерства иностранных дел Кыргызстана уехали. "
        "Заседание Жогорку Кенеша больше часа проходило в открытом режиме."
    )
    found = by_text(entities(nlp, text))
    assert (
        found["Министерства иностранных дел Кыргызстана"].name == "Министерство иностранных дел Кыргызстана"
    )
    assert found["Жогорку Кенеша"].name == "Жогорку Кенеш"


def test_country_tagged_as_person_becomes_a_place(nlp: NLP) -> None:
    text = "Он также считает, что Кыргызстану не стоит вмешиваться в их дела."
    m = by_text(entities(nlp, text))["Кыргызстану"]
    assert (m.type, m.name) == ("LOC", "Кыргызстан")


def test_bare_surname_resolves_to_the_full_name(nlp: NLP) -> None:
    text = (
        "Депутат Дастан Бекешев записал видеообращение. По словам Бекешева, это внутренние проблемы соседей. "
        "Токаев обратился к ОДКБ. Президент Касым-Жомарт Токаев ввел режим ЧП."
    )
    found = entities(nlp, text)
    names = {m.text: m.name for m in found if m.type == "PER"}
    assert names["Бекешева"] == "Дастан Бекешев"
    assert names["Токаев"] == "Касым-Жомарт Токаев"


def test_shared_surname_is_not_guessed(nlp: NLP) -> None:
    text = (
        "Президент Садыр Жапаров и глава кабмина Акылбек Жапаров провели встречу. "
        "Журналисты спросили, когда Жапаров вернется из отпуска."
    )
    bare = [m for m in entities(nlp, text) if m.text == "Жапаров"]
    assert bare and all(m.name == "Жапаров" for m in bare)


def test_shared_surname_resolved_by_a_role_nearby(nlp: NLP) -> None:
    text = (
        "Президент Садыр Жапаров и глава кабмина Акылбек Жапаров провели встречу. "
        "Вечером президент Жапаров подписал указ."
    )
    bare = [m for m in entities(nlp, text) if m.text == "Жапаров"]
    assert [m.name for m in bare] == ["Садыр Жапаров"]


def test_acronym_resolves_to_the_full_name(nlp: NLP) -> None:
    text = (
        "Министерство иностранных дел Кыргызстана распространило сообщение. "
        "Кроме этого в МИД советуют избегать массовых скоплений людей."
    )
    acronym = by_text(entities(nlp, text))["МИД"]
    assert acronym.name == "Министерство иностранных дел Кыргызстана"


def test_acronym_with_two_candidates_is_kept(nlp: NLP) -> None:
    text = (
        "Министерство иностранных дел Кыргызстана и Министерство иностранных дел Казахстана "
        "провели консультации. В МИД сообщили о договоренностях."
    )
    assert by_text(entities(nlp, text))["МИД"].name == "МИД"


# ------------------------------------------------------------------ roles


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "Обращение президента Казахстана Касыма-Жомарта Токаева обсудили.",
            "Касым-Жомарт Токаев",
            "президент Казахстана",
        ),
        (
            "Однако глава Госкомитета национальной безопасности Камчыбек Ташиев предложил перерыв.",
            "Камчыбек Ташиев",
            "глава Госкомитета национальной безопасности",
        ),
        (
            "Позже премьер-министр Армении и председатель ОДКБ Никол Пашинян сообщил об этом.",
            "Никол Пашинян",
            "премьер-министр Армении и председатель ОДКБ",
        ),
        ("Так, на заседании депутат Дастан Бекешев сказал, что против.", "Дастан Бекешев", "депутат"),
        (
            "Его поддержал и глава кабинета министров Акылбек Жапаров.",
            "Акылбек Жапаров",
            "глава кабинета министров",
        ),
        ("В ответ на это спикер Талант Мамытов сказал, что депутаты в пути.", "Талант Мамытов", "спикер"),
        (
            "Протестующие требовали снять неприкосновенность с первого президента Казахстана Нурсултана Назарбаева.",
            "Нурсултан Назарбаев",
            "первый президент Казахстана",
        ),
    ],
)
def test_role_from_apposition(nlp: NLP, text: str, name: str, role: str) -> None:
    people = {m.name: m.role for m in entities(nlp, text) if m.type == "PER"}
    assert people.get(name) == role


def test_role_is_shared_by_later_mentions(nlp: NLP) -> None:
    text = (
        "Глава Госкомитета национальной безопасности Камчыбек Ташиев выступил. Ташиева поддержали депутаты."
    )
    roles = [m.role for m in entities(nlp, text) if m.type == "PER"]
    assert roles == ["глава Госкомитета национальной безопасности"] * 2


def test_no_role_from_an_ordinary_noun_phrase(nlp: NLP) -> None:
    text = "На заседании кабинета министров Садыр Жапаров говорил о газе."
    people = [m for m in entities(nlp, text) if m.type == "PER"]
    assert people and people[0].role is None


# ------------------------------------------------------------------ span repairs


def test_heading_does_not_glue_an_organisation(nlp: NLP) -> None:
    text = "Депутаты разошлись. Митинги в Казахстане и помощь ОДКБ Митинги в соседнем Казахстане начались в январе."
    spans = {m.text for m in entities(nlp, text)}
    assert "ОДКБ Митинги" not in spans and "ОДКБ" in spans


def test_split_name_joined(nlp: NLP) -> None:
    text = "Сам президент Садыр Жапаров взял краткосрочный отпуск."
    people = [m for m in entities(nlp, text) if m.type == "PER"]
    assert [(m.text, m.role) for m in people] == [("Садыр Жапаров", "президент")]


def test_name_and_its_transliteration_are_two_mentions(nlp: NLP) -> None:
    text = "Об этом сказал руководитель комитета Джоэл Саймон (Joel Simon) в интервью."
    spans = [m.text for m in entities(nlp, text) if m.type == "PER"]
    assert "Джоэл Саймон" in spans and "Joel Simon" in spans
    assert all("(" not in s and ")" not in s for s in spans)


def test_organisation_joined_with_its_country(nlp: NLP) -> None:
    text = "В мае Верховный суд Испании приговорил футболиста к штрафу."
    orgs = [m.text for m in entities(nlp, text) if m.type == "ORG"]
    assert orgs == ["Верховный суд Испании"]


def test_common_acronym_is_no_organisation(nlp: NLP) -> None:
    text = "Об этом сообщили казахские СМИ и МВД Казахстана."
    spans = {m.text for m in entities(nlp, text)}
    assert "СМИ" not in spans


def test_untagged_repeat_of_a_name_is_found(nlp: NLP) -> None:
    text = "Президент Касым-Жомарт Токаев выступил с обращением. Токаев и террористы На фоне протестов он ввел ЧП."
    people = [m.text for m in entities(nlp, text) if m.type == "PER"]
    assert people.count("Токаев") == 1


# ------------------------------------------------------------------ invariants


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            [
                "Токаев",
                "президент",
                "Казахстана",
                "ОДКБ",
                "(",
                ")",
                ",",
                ".",
                "и",
                "Жапаров",
                "«",
                "»",
                "МИД",
                "в",
                "\n",
            ]
        ),
        max_size=30,
    )
)
def test_mentions_are_well_formed(nlp: NLP, words: list[str]) -> None:
    text = " ".join(words)
    last = -1
    for m in entities(nlp, text):
        assert 0 <= m.start < m.end <= len(text)
        assert m.text == text[m.start : m.end] == m.text.strip()
        assert m.type in ("PER", "ORG", "LOC") and m.name
        assert m.start >= last
        last = m.start


# ------------------------------------------------------------------ goldens on the seeds


def test_seed_goldens(nlp: NLP, seeds_dir: Path) -> None:
    regold = os.environ.get("STORYLINE_REGOLD") == "1"
    files = sorted(seeds_dir.glob("*.txt"))
    assert files, "no seed articles found"
    for path in files:
        text = path.read_text(encoding="utf-8")
        got = markup(text, entities(nlp, text))
        golden = GOLDEN / path.name
        if regold:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(got, encoding="utf-8")
            continue
        assert golden.exists(), f"missing {golden}; run with STORYLINE_REGOLD=1"
        assert got == golden.read_text(encoding="utf-8"), f"entities of {path.name} changed"


# ------------------------------------------------------------------ names of several words


def test_a_numbered_name_inflects_its_word_and_keeps_its_number(nlp: NLP) -> None:
    got = by_text(entities(nlp, "Строительство завершено, сообщил оператор Северного потока-2."))
    assert got["Северного потока-2"].name == "Северный поток-2"
    # "Северного" alone is no one-word name to spread over the article.
    assert not [m for m in got.values() if m.text == "Северный"]


def test_a_capitalised_adjective_takes_the_noun_it_agrees_with(nlp: NLP) -> None:
    got = by_text(entities(nlp, "Газ пойдет в Германию по газопроводу Северный поток, заявили в компании."))
    assert "Северный поток" in got and got["Северный поток"].name == "Северный поток"


def test_an_adjective_name_takes_a_numbered_noun_the_tagger_misreads(nlp: NLP) -> None:
    # The tagger reads "поток-2" as an adjective and "Северный" as accusative beside it:
    # the dictionary's readings agree, so the noun is part of the name.
    got = by_text(entities(nlp, "Президент Петр Порошенко называл Северный поток-2 троянским конем Кремля."))
    assert "Северный поток-2" in got and "Северный" not in got


def test_a_common_noun_opening_the_sentence_is_no_part_of_an_adjective_name(nlp: NLP) -> None:
    got = by_text(entities(nlp, "Газопровод Северный поток-2 пройдет по дну Балтийского моря."))
    assert "Северный поток-2" in got and got["Северный поток-2"].name == "Северный поток-2"
    assert not [m for m in got.values() if m.text.startswith("Газопровод")]


def test_a_surname_typed_as_a_place_beside_the_full_name_is_the_person() -> None:
    from storyline.annotate.entities import _retype_surnames
    from storyline.annotate.ner_rules import Span

    named = [
        (Span(0, 10, "PER"), "Хайко Маас"),
        (Span(20, 25, "LOC"), "Маас"),  # the tagger read the river
        (Span(30, 36, "LOC"), "Москва"),
        (Span(40, 45, "LOC"), "США"),
    ]
    _retype_surnames(named)
    assert [span.type for span, _ in named] == ["PER", "PER", "LOC", "LOC"]
