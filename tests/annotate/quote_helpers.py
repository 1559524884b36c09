"""What the quote tests share: annotate one text the way the pipeline does, and find
a quote by a piece of its words."""

from __future__ import annotations

from storyline.annotate.entities import extract_entities
from storyline.annotate.nlp import NLP
from storyline.annotate.quotes import extract_quotes
from storyline.annotate.segment import segment
from storyline.model import EntityMention, QuoteMention


def annotate(nlp: NLP, text: str) -> tuple[list[QuoteMention], list[EntityMention]]:
    """The text's quotes and entity mentions."""
    parsed = nlp.parse(text, segment(text))
    entities = extract_entities(parsed, nlp)
    return extract_quotes(parsed, entities, nlp), entities


def shown_words(quote: QuoteMention) -> str:
    """Everything a reader may be shown of the speaker (text, name, label), lowercased."""
    return " ".join(x or "" for x in (quote.speaker_text, quote.speaker, quote.speaker_label)).lower()


def the_quote(quotes: list[QuoteMention], needle: str) -> QuoteMention:
    """The first quote whose words hold `needle`."""
    found = [q for q in quotes if needle in q.text]
    assert found, f"no quote holds {needle!r}: {[q.text for q in quotes]}"
    return found[0]
