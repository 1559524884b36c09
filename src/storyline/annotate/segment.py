"""Sentence segmentation (razdel), plus splitting of run-in headings and captions."""

from __future__ import annotations

from storyline.annotate.nlp import razdel_sentences
from storyline.model import Sentence


def segment(text: str) -> list[Sentence]:
    # PLACEHOLDER (helper B replaces): razdel only.
    return [Sentence(s, e) for s, e in razdel_sentences(text)]
