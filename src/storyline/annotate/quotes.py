"""Direct and indirect quotes with their speakers."""

from __future__ import annotations

from storyline.annotate.nlp import NLP, ParsedText
from storyline.model import EntityMention, QuoteMention


def extract_quotes(parsed: ParsedText, entities: list[EntityMention], nlp: NLP) -> list[QuoteMention]:
    # PLACEHOLDER (helper D replaces)
    return []
