"""Sentence segmentation: razdel plus run-in headings and captions.

Regenerate the goldens with `STORYLINE_REGOLD=1 python -m pytest tests/annotate/test_segment.py`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.annotate.segment import segment
from storyline.model import Sentence

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "segment"


def pieces(text: str) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start : s.end]) for s in segment(text)]


def markup(text: str, sentences: list[Sentence]) -> str:
    """One line per sentence; headings and captions flagged in the margin."""
    marks = {"text": "   ", "heading": "H  ", "caption": "C  "}
    return "".join(f"{marks[s.kind]}{text[s.start : s.end]}\n" for s in sentences)


# ------------------------------------------------------------------ run-in headings


def test_repeated_heading_is_split_off() -> None:
    text = "Бизнесмены сообщают о грабежах. Протесты в Казахстане Протесты в Казахстане начались 2 января."
    assert pieces(text) == [
        ("text", "Бизнесмены сообщают о грабежах."),
        ("heading", "Протесты в Казахстане"),
        ("text", "Протесты в Казахстане начались 2 января."),
    ]


def test_heading_ending_in_abbreviation_does_not_glue() -> None:
    text = "Депутаты разошлись. Митинги в Казахстане и помощь ОДКБ Митинги в соседнем Казахстане начались в январе."
    kinds = pieces(text)
    assert ("heading", "Митинги в Казахстане и помощь ОДКБ") in kinds
    assert kinds[-1] == ("text", "Митинги в соседнем Казахстане начались в январе.")


def test_heading_before_capitalised_preposition() -> None:
    text = "Ведомство промолчало. Токаев и террористы На фоне протестов президент обратился к ОДКБ."
    assert pieces(text)[1:] == [
        ("heading", "Токаев и террористы"),
        ("text", "На фоне протестов президент обратился к ОДКБ."),
    ]


def test_photo_caption_ends_before_capitalised_verb() -> None:
    text = (
        "Садыр Жапаров и Акылбек Жапаров на заседании кабинета министров. "
        "Фото: Пресс-служба президента Сообщается, что на сессии будут обсуждать ситуацию."
    )
    assert pieces(text) == [
        ("caption", "Садыр Жапаров и Акылбек Жапаров на заседании кабинета министров."),
        ("caption", "Фото: Пресс-служба президента"),
        ("text", "Сообщается, что на сессии будут обсуждать ситуацию."),
    ]


def test_caption_with_dash_marker() -> None:
    text = "Фото — Reuters Власти заявили о задержаниях."
    assert pieces(text) == [("caption", "Фото — Reuters"), ("text", "Власти заявили о задержаниях.")]


def test_line_without_full_stop_is_a_heading() -> None:
    text = "Кремль всех опередил\n\nПодана первая заявка на регистрацию сайта."
    assert pieces(text) == [
        ("heading", "Кремль всех опередил"),
        ("text", "Подана первая заявка на регистрацию сайта."),
    ]


def test_sentence_opening_with_a_date_is_split_off() -> None:
    text = "Действует комендантский час. 7 января Токаев выступил с речью."
    assert pieces(text) == [
        ("text", "Действует комендантский час."),
        ("text", "7 января Токаев выступил с речью."),
    ]


def test_full_stop_glued_to_the_next_sentence_is_split() -> None:
    text = "Регистрация ожидается в феврале 2021 года.Директор центра пояснил. У Трампа — 232.Вице-президент зачитал."
    assert pieces(text) == [
        ("text", "Регистрация ожидается в феврале 2021 года."),
        ("text", "Директор центра пояснил."),
        ("text", "У Трампа — 232."),
        ("text", "Вице-президент зачитал."),
    ]
    assert pieces("Это указано на сайте Washington Post.Голосование идет.") == [
        ("text", "Это указано на сайте Washington Post."),
        ("text", "Голосование идет."),
    ]


# ------------------------------------------------------------------ what must not split


@pytest.mark.parametrize(
    "text",
    [
        "Заседание Совета Федерации одобрило закон.",
        "Лидер Национального фронта Марин Ле Пен выступила в Париже.",
        "Судья Франк Де Блекере назначен на матч.",
        "Если Вы заметите ошибку, выделите её.",
        "Фильм «В круге первом» покажут в субботу.",
        "Премьер-министр Армении и председатель ОДКБ Никол Пашинян сообщил об этом.",
        "Согласно ст. 5 января закон вступил в силу.",  # an abbreviation before the date
        "Пострадали люди, в т. ч. 5 человек 7 января.",
        "Об этом сказал М.Моравецкий в интервью.",  # an initial glued to a surname
        "Он живет в г.Москва с детства.",  # a one-letter abbreviation
    ],
)
def test_ordinary_sentences_stay_whole(text: str) -> None:
    assert pieces(text) == [("text", text)]


def test_long_prefix_is_not_a_heading() -> None:
    text = (
        "Вчера в столице прошли большие митинги протеста против повышения цен на газ и бензин в регионах "
        "страны Также прошли акции в других городах."
    )
    assert len(segment(text)) == 1


# ------------------------------------------------------------------ invariants


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Аа Бб Вв.,!?«»()—:\nФото На Протесты")), max_size=120))
def test_sentences_are_ordered_disjoint_and_cover_the_text(text: str) -> None:
    sentences = segment(text)
    covered: set[int] = set()
    last_end = 0
    for s in sentences:
        assert last_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == text[s.start : s.end].strip()
        assert s.kind in ("text", "heading", "caption")
        covered.update(range(s.start, s.end))
        last_end = s.end
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


# ------------------------------------------------------------------ goldens on the seeds


def _seed_files(seeds_dir: Path) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt"))


def test_seed_goldens(seeds_dir: Path) -> None:
    regold = os.environ.get("STORYLINE_REGOLD") == "1"
    files = _seed_files(seeds_dir)
    assert files, "no seed articles found"
    for path in files:
        text = path.read_text(encoding="utf-8")
        got = markup(text, segment(text))
        golden = GOLDEN / path.name
        if regold:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(got, encoding="utf-8")
            continue
        assert golden.exists(), f"missing {golden}; run with STORYLINE_REGOLD=1"
        assert got == golden.read_text(encoding="utf-8"), f"segmentation of {path.name} changed"
