"""Plain-text pieces of a built story, shared by the terminal view and the markdown report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from storyline import ru
from storyline.amount import Amount, amount_text
from storyline.model import Article, Entity, FactValue, SentenceNovelty, Story, StoryQuote, TimelineEvent

# Kept under these names for the modules that import them; the strings live in `storyline.ru`.
QUALIFIERS = ru.QUALIFIERS
STATUS_RU = ru.STATUS
NOVELTY_RU = ru.NOVELTY


def amount_of(v: FactValue) -> Amount:
    """A ledger value as the views' language-neutral figure (`storyline.amount`)."""
    return Amount(v.qualifier or None, v.value, v.value_min, v.value_max)


def value_text(v: FactValue) -> str:
    """ "100–300", "не менее 26", "1 400": the Russian wording of `amount_of(v)`."""
    return amount_text(amount_of(v))


def when_text(ev: TimelineEvent) -> str:
    if ev.date and ev.date_end:
        return f"{ev.date} – {ev.date_end}"
    if ev.date_end:
        return f"{ru.UP_TO} {ev.date_end}"
    return ev.date or ru.NO_DATE


def entity_name(entity_id: str | None, entities: Mapping[str, Entity], fallback: str | None = "—") -> str:
    if entity_id and entity_id in entities:
        return entities[entity_id].name
    return fallback if fallback is not None else "—"


def source_label(article: Article | None, article_id: str) -> str:
    if article is None:
        return article_id
    return article.source or article.id


@dataclass
class SpeakerQuotes:
    speaker: str
    quotes: list[tuple[StoryQuote, str]] = field(default_factory=list)  # (quote, its text)

    @property
    def unknown(self) -> bool:
        """Whether no speaker was found (`speaker` is then the Russian words for it)."""
        return self.speaker == ru.UNKNOWN_SPEAKER


def quotes_by_speaker(
    story: Story, articles: Mapping[str, Article], entities: Mapping[str, Entity]
) -> list[SpeakerQuotes]:
    """Quotes grouped by speaker (most quoted first); the same words from several articles shown once."""
    groups: dict[str, SpeakerQuotes] = {}
    seen: set[tuple[str, str]] = set()
    labels = {
        (article_id, m.start, m.end): m.speaker_label
        for article_id, article in articles.items()
        for m in (article.annotation.quotes if article.annotation else [])
    }
    people = _people(story, entities)
    known: dict[str | None, str] = {}  # one look-up per surface: a speaker is quoted many times
    for q in story.quotes:
        article = articles.get(q.article_id)
        if article is None:
            continue
        text = " ".join(article.text[q.start : q.end].split())
        label = labels.get((q.article_id, q.start, q.end))
        speaker = entity_name(q.speaker_entity_id, entities, "")
        if not speaker:
            surface = label or q.speaker_text
            if surface not in known:
                known[surface] = _known_name(surface, people)
            speaker = known[surface]
        key = (speaker, text.lower())
        if key in seen:
            continue
        seen.add(key)
        groups.setdefault(speaker, SpeakerQuotes(speaker)).quotes.append((q, text))
    return sorted(groups.values(), key=lambda g: (-len(g.quotes), g.speaker))


def _people(story: Story, entities: Mapping[str, Entity]) -> list[tuple[str, str, str]]:
    """The story's PER entities in its order, as (surname, its stem, full name)."""
    people = []
    for eid in story.entity_ids:
        ent = entities.get(eid)
        if ent is None or ent.type != "PER":
            continue
        surname = ent.name.split()[-1].lower()
        people.append((surname, surname[: max(4, len(surname) - 2)], ent.name))
    return people


def _known_name(surface: str | None, people: Sequence[tuple[str, str, str]]) -> str:
    """An unresolved speaker ("Бекешева", "Бекешев") shown under the story's entity of that surname."""
    if not surface:
        return ru.UNKNOWN_SPEAKER
    last = surface.split()[-1].lower()
    if len(last) >= 4:
        for surname, stem, name in people:
            if last.startswith(stem) and abs(len(last) - len(surname)) <= 2:
                return name
    # A description seen at a sentence start and mid-sentence ("Бизнесмены", "бизнесмены")
    # is one speaker.
    return surface[:1].upper() + surface[1:]


def novelty_counts(marks: Sequence[SentenceNovelty]) -> Counter[str]:
    return Counter(m.novelty for m in marks)
