"""The literal gates before furniture's SITE_WORDS and WEB scans skip only sentences
those regexes cannot match (`story/furniture.py`, `_may_hold`)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from storyline.story import furniture as f

SEEDS = Path(__file__).resolve().parents[2] / "src" / "storyline" / "examples" / "seeds"
EDGES = (
    "Зарегистрируйтесь или войдите, чтобы оставить КОММЕНТАРИЙ.",
    "Копирование материалов разрешено только с гиперссылкой. Все права защищены ©",
    "Пишите на INFO@EXAMPLE.COM или звоните +7 (495) 123-45-67; WWW.SITE.RU, https://t.me/x",
    "Подписывайтесь на наш Telegram-канал. Читайте нас в Яндекс.Дзен. ФС 77-12345",
    "Нажмите CTRL + ENTER. Мы используем COOKIE. Обновите браузер.",
    "Это просто предложение о выборах в парламент без служебных слов.",
    "Учетная запись, учётная запись, материалы сайта, использование материалов сайта.",
)


def _gated(text: str) -> tuple[bool, int]:
    low = None if f._FOLDED.search(text) else text.lower()
    web = f._may_hold(low, f._WEB_OPENINGS) and bool(f.WEB.search(text))
    site = min(2, len(f.SITE_WORDS.findall(text))) if f._may_hold(low, f._SITE_OPENINGS) else 0
    return web, site


def _whole(text: str) -> tuple[bool, int]:
    return bool(f.WEB.search(text)), min(2, len(f.SITE_WORDS.findall(text)))


def _pieces(text: str) -> list[str]:
    return [p for p in re.split(r"(?<=[.!?])\s+|\n+", text) if p]


@pytest.mark.parametrize("text", EDGES)
def test_edges_score_as_without_the_gates(text: str) -> None:
    assert _gated(text) == _whole(text)


def test_every_edge_with_service_words_is_scanned() -> None:
    assert sum(_whole(t)[1] > 0 for t in EDGES) >= 5  # the edges do reach the regexes


def test_a_folded_character_is_always_scanned() -> None:
    assert f._FOLDED.search("cookİe") and _gated("cookİe") == _whole("cookİe") == (False, 1)


def test_seed_sentences_score_as_without_the_gates() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        for piece in _pieces(path.read_text(encoding="utf-8")):
            assert _gated(piece) == _whole(piece), piece


def test_bsnlp_sentences_score_as_without_the_gates(shared_dir: Path) -> None:
    with (shared_dir / "corpora" / "bsnlp-ru" / "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            for piece in _pieces(json.loads(line)["text"]):
                assert _gated(piece) == _whole(piece), piece
