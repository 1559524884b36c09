"""Entities PER/ORG/LOC with canonical names, roles and in-article resolution."""

from __future__ import annotations

from storyline.annotate.nlp import NLP, ParsedText
from storyline.model import EntityMention


def extract_entities(parsed: ParsedText, nlp: NLP) -> list[EntityMention]:
    # PLACEHOLDER (helper B replaces): raw slovnet spans.
    return [EntityMention(s, e, parsed.text[s:e], t, parsed.text[s:e]) for s, e, t in parsed.ner]
