"""The date patterns tried only where they can start find exactly what a whole-text
`finditer` finds (`annotate/date_anchors.py`)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from storyline.annotate import date_anchors as anchors
from storyline.annotate import date_grammar as g

PATTERNS = g.EXPLICIT + g.RELATIVE
SEEDS = Path(__file__).resolve().parents[2] / "src" / "storyline" / "examples" / "seeds"

# Texts made to sit on the edges of each start rule: capitals, ordinals inside words,
# digits glued to letters and punctuation, months in every case and both alphabets.
EDGES = (
    "С 5 по 7 января 2021 года, 1-го МАЯ, ДВАДЦАТЬ ПЕРВОГО ДЕКАБРЯ и тридцать первого мая.",
    "В ночь с 3 на 4 марта; в НОЧЬ С 30 НА 31 ДЕКАБРЯ 2019 г.",
    "Впервые 12 апреля; пятого мая; Пятого Мая; опять5 мая; x12 июня; 12июня; 31.12.2020; 2020-01-05.",
    "On May 5, 2020 and March 2019; may 5 people; Sept. 3; 5th of June; Dec 7.",
    "В 1990-х, 2000-е годы, 90-х годов, (1997), (1985—1990), 1985—1990 и в 2010, до 2000 человек.",
    "В День Победы 2020 года, к Дню защитника Отечества, Первомай, накануне Нового года, День России.",
    "Три дня назад, две недели назад, в прошлую среду, в среду, во ВТОРНИК, до пятницы, в субботу.",
    "В прошлом году, со следующей недели, до конца года, прошлый год, вчера, сегодня, на следующий день.",
    "Девятнадцатого мая, одиннадцатое июня, двенадцатого - тринадцатого марта, шестого-седьмого мая.",
    "Маями и мая, маю, маем, в мае; январьский; Мартом; 1\u00a0марта\u00a02020\u00a0года; 10–12 мая.",
    # characters the regex engine folds to a letter with another lower case: the text is scanned whole
    "\u1c80 ночь с 5 на 6 мая, \u0130stanbul, 3 ᲃентября, пятого мая",
    "",
    "7",
    "мая",
)


def _matches(regex: re.Pattern[str], found: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in found]  # type: ignore[attr-defined]


def _assert_same(text: str) -> None:
    a = anchors.Anchors(text)
    for pattern in PATTERNS:
        whole = _matches(pattern.regex, pattern.regex.finditer(text))
        assert _matches(pattern.regex, anchors.finditer(pattern, a)) == whole, (pattern.kind, text[:80])


def test_every_pinned_pattern_is_still_in_the_grammar() -> None:
    """An entry left unused means its pattern was edited: read the new source, re-pin."""
    digests = {(p.kind, anchors.source_digest(p)) for p in PATTERNS}
    unused = [(kind, digest) for kind, digest, _ in anchors._TABLE if (kind, digest) not in digests]
    assert unused == []
    assert sum(anchors.starts_of(p) is not None for p in PATTERNS) == len(anchors._TABLE)


def test_an_edited_pattern_is_run_over_the_whole_text() -> None:
    edited = g.Pattern("dmy", re.compile(g.EXPLICIT[5].regex.pattern + "?", re.IGNORECASE))
    assert anchors.starts_of(edited) is None


@pytest.mark.parametrize("text", EDGES)
def test_edges_match_as_a_whole_text_finditer(text: str) -> None:
    _assert_same(text)


def test_the_folded_characters_are_all_of_them() -> None:
    """Every character an IGNORECASE regex matches to a letter of the stems while its
    lower case differs is in `_FOLDED` (so such a text is never looked up in lower case)."""
    letters = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяabcdefghijklmnopqrstuvwxyz"
    literal = re.compile("[" + letters + "]", re.IGNORECASE)
    folded = [
        chr(cp)
        for cp in range(0x110000)
        if literal.fullmatch(chr(cp)) and chr(cp).lower() not in letters and not 0xD800 <= cp < 0xE000
    ]
    assert folded and all(anchors._FOLDED.fullmatch(c) for c in folded)


def test_a_text_with_a_folded_character_is_not_filtered() -> None:
    assert anchors.Anchors("ᲃентября 5").lower is None
    assert anchors.Anchors("\u0130").lower is None  # lower case is two characters


def test_random_date_soup_matches_as_a_whole_text_finditer() -> None:
    pieces = (
        "5", "31", "1-го", "2020", "1990-х", "12.05.2020", "2021-03-04", "(1997)", "—", "-", " ", " ", "\u00a0",
        "мая", "МАЯ", "Мая", "марта", "января", "сент.", "May", "may", "June", "первого", "ДВАДЦАТЬ", "тридцать",
        "года", "г.", "с", "по", "в", "ночь", "на", "назад", "дня", "среду", "Пятницу", "День", "Победы", "нового",
        "года", ",", ".", "(", ")", "x", "впервые", "опять", "ᲃ", "İ",
    )  # fmt: skip
    rng = random.Random(20261202)
    for _ in range(3000):
        _assert_same("".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))))


def test_seed_articles_match_as_a_whole_text_finditer() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    assert texts
    for text in texts:
        _assert_same(text)


def test_bsnlp_articles_match_as_a_whole_text_finditer(shared_dir: Path) -> None:
    with (shared_dir / "corpora" / "bsnlp-ru" / "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            _assert_same(json.loads(line)["text"])
