"""Our dependency parse (`annotate/parser.py`) must equal natasha's `NewsSyntaxParser.map`.

The reference is natasha's own path on the same words, in the same order (its
batches of eight); any head or relation that differs fails.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

import storyline.annotate.parser as parser_module
from storyline.annotate.nlp import NLP, razdel_tokens
from storyline.annotate.segment import segment
from tests.annotate.test_dates import read_seed

EXTRA = [
    "Президент Казахстана Касым-Жомарт Токаев 5 января обратился к ОДКБ.",
    "«Мы направим 150 военных», — сказал министр обороны Киргизии Бакыт Торобаев.",
    "Ок",
    # Boilerplate repeated inside one sentence: two candidate heads score equally.
    "Главный редактор СМИ сетевого издания «Вести.ру»: Иванов И. И. Телефон редакции СМИ"
    " сетевого издания «Вести.ру»: +7 (495) 000-00-00 Адрес почты редакции СМИ сетевого"
    " издания «Вести.ру»:",
]


def sentences_of(texts: Sequence[str]) -> list[list[str]]:
    words = []
    for text in texts:
        for s in segment(text):
            tokens = [w for _, _, w in razdel_tokens(text[s.start : s.end], s.start)]
            if tokens:
                words.append(tokens)
    return words


def natasha(nlp: NLP, words: list[list[str]]) -> list[list[tuple[int, str]]]:
    return [[(int(t.head_id), t.rel) for t in markup.tokens] for markup in nlp.syntax.map(words)]


def seed_sentences(seeds_dir: Path) -> list[list[str]]:
    texts = [read_seed(p)[0] for p in sorted(seeds_dir.glob("*.txt"))]
    assert texts, "seeds not found"
    return sentences_of([*texts, *EXTRA])


def test_same_parse_as_natasha_on_the_seeds(nlp: NLP, seeds_dir: Path) -> None:
    words = seed_sentences(seeds_dir)
    assert nlp._parser.parse(words) == natasha(nlp, words)


def test_every_word_gets_a_head_in_its_sentence(nlp: NLP, seeds_dir: Path) -> None:
    words = seed_sentences(seeds_dir)
    for sentence, arcs in zip(words, nlp._parser.parse(words), strict=True):
        assert len(arcs) == len(sentence)
        assert all(0 <= head <= len(sentence) and rel for head, rel in arcs)


@pytest.mark.parametrize("tie", [0.0, float("inf")])
def test_our_arithmetic_and_the_fallback_agree_away_from_ties(
    nlp: NLP, seeds_dir: Path, tie: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no fallback at all (0) or slovnet for every sentence (inf), the parse is
    still natasha's on sentences without near ties: both paths compute the same thing."""
    words = [w for w in seed_sentences(seeds_dir) if "СМИ" not in w]
    monkeypatch.setattr(parser_module, "NEAR_TIE", tie)
    assert nlp._parser.parse(words) == natasha(nlp, words)


def test_empty_input(nlp: NLP) -> None:
    assert nlp._parser.parse([]) == []


@pytest.mark.slow
def test_same_parse_as_natasha_on_a_corpus_sample(nlp: NLP, corpora: Path) -> None:
    lines = (corpora / "bsnlp-ru" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    words = sentences_of([json.loads(line)["text"] for line in lines[::20]])
    assert nlp._parser.parse(words) == natasha(nlp, words)
