"""`nlp.razdel_tokens` must give razdel's `tokenize` tokens exactly.

It skips the gaps razdel's rules cannot join and reads offsets from the atoms
instead of searching tokens back in the text; any difference from razdel itself
(a token, an offset) fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from razdel import tokenize

from storyline.annotate.nlp import razdel_tokens
from tests.annotate.test_dates import read_seed

# Pieces razdel's rules treat specially: dashes, decimal marks, fractions, smileys,
# repeated punctuation, "yahoo!", characters of no class, digits against letters.
PIECES = [
    "слово", "Касым", "Жомарт", "yahoo", "NTV", "RU", "5", "2020", "3,5", "1.5", "1/2",
    "-", "‑", "–", "—", "−", "_", ".", ",", "/", "\\", "!", "?", "…", ":)", ";-)", "(", ")",
    "«", "»", '"', "'", "*", "**", "№", "%", "Δ", "σ", "€", "\u200b", "т.е", "ё",
]  # fmt: skip
SPACES = ["", "", "", " ", "  ", "\n", "\t", "\u00a0"]


def razdel_reference(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    return [(t.start + offset, t.stop + offset, t.text) for t in tokenize(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SPACES)), max_size=25), st.integers(0, 50))
def test_same_tokens_as_razdel_on_generated_text(parts: list[tuple[str, str]], offset: int) -> None:
    text = "".join(piece + space for piece, space in parts)
    assert razdel_tokens(text, offset) == razdel_reference(text, offset)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_same_tokens_as_razdel_on_any_string(text: str) -> None:
    assert razdel_tokens(text) == razdel_reference(text)


def test_same_tokens_as_razdel_on_the_seeds(seeds_dir: Path) -> None:
    texts = [read_seed(p)[0] for p in sorted(seeds_dir.glob("*.txt"))]
    assert texts, "seeds not found"
    for text in texts:
        assert razdel_tokens(text) == razdel_reference(text)


def test_same_tokens_as_razdel_on_bsnlp(corpora: Path) -> None:
    lines = (corpora / "bsnlp-ru" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines[::5]:  # every fifth article: ~130 texts, ~1 s
        text = json.loads(line)["text"]
        assert razdel_tokens(text) == razdel_reference(text)
