"""Quantities: numbers, ranges, qualifiers, counted items and their subjects."""

from __future__ import annotations

from storyline.annotate.nlp import NLP, ParsedText
from storyline.model import EntityMention, QuantityMention, Sentence


def extract_quantities(
    text: str,
    sentences: list[Sentence],
    parsed: ParsedText | None,
    entities: list[EntityMention],
    nlp: NLP,
    *,
    lang: str = "ru",
) -> list[QuantityMention]:
    # PLACEHOLDER (helper C replaces)
    return []
