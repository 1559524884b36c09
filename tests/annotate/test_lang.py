"""Language identification: right on real sentences, never crashes on anything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.annotate.lang import LANGUAGES, UNDETERMINED, detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Депутат Дастан Бекешев перед срочным заседанием Жогорку Кенеша записал видеообращение.", "ru"),
        ("Власти Пакистана направили войска в Исламабад и Лахор", "ru"),  # langid alone: bg
        ("Захарова лирически прокомментировала отставку Джонсона", "ru"),  # langid alone: sr
        ("Как записаться на прививку от ковида", "ru"),  # langid alone: uk
        ("The president of Kazakhstan asked the CSTO for help on Wednesday.", "en"),
        ("Der Präsident Kasachstans bat die OVKS am Mittwoch um Hilfe.", "de"),
        ("Президент Казахстану звернувся по допомогу до ОДКБ через протести в країні.", "uk"),
        ("Қазақстан Президенті Ұжымдық қауіпсіздік туралы шарт ұйымына көмек сұрап жүгінді.", "kk"),
        ("Кыргызстандын президенти Садыр Жапаров бүгүн өлкөнүн парламентинде сүйлөдү.", "ky"),
        ("Прэзідэнт Казахстана звярнуўся па дапамогу да АДКБ з-за пратэстаў у краіне.", "be"),
        ("Ово је српски језик, и он је веома леп и користи ћирилицу.", "sr"),
    ],
)
def test_languages(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("", UNDETERMINED),
        ("   \n\t", UNDETERMINED),
        ("123 456 — 7,5%", UNDETERMINED),
        ("!!! ??? ...", UNDETERMINED),
        ("ОДКБ", "ru"),  # too short for n-grams: the alphabet decides
        ("Бекешев", "ru"),
        ("Search form", UNDETERMINED),  # short Latin: too little to tell
        ("Україна", "uk"),
        ("Қазақстан", "kk"),
    ],
)
def test_short_and_empty(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_bsnlp_is_russian(corpora: Path) -> None:
    """Every document of the Russian NER corpus, and nearly every title, is Russian."""
    rows = [json.loads(line) for line in (corpora / "bsnlp-ru" / "articles.jsonl").open(encoding="utf-8")]
    assert all(detect_language(row["text"]) == "ru" for row in rows)
    titles = [row["title"] for row in rows if row.get("title")]
    wrong = [t for t in titles if detect_language(t) not in ("ru", UNDETERMINED)]
    assert len(wrong) <= len(titles) // 100, wrong


@given(st.text(max_size=300))
def test_never_crashes(text: str) -> None:
    lang = detect_language(text)
    assert lang == UNDETERMINED or lang in LANGUAGES


@given(
    st.text(
        alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Zs", "Po", "Nd")), min_size=1, max_size=80
    )
)
def test_garbage_gives_a_code(text: str) -> None:
    assert isinstance(detect_language(text), str)
