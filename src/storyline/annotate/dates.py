"""Time expressions resolved against the publication date."""

from __future__ import annotations

from storyline.annotate.nlp import ParsedText
from storyline.isodate import PartialDate
from storyline.model import DateMention, Sentence


def extract_dates(
    text: str,
    sentences: list[Sentence],
    published: PartialDate | None,
    *,
    lang: str = "ru",
    parsed: ParsedText | None = None,
) -> list[DateMention]:
    # PLACEHOLDER (helper C replaces)
    return []
