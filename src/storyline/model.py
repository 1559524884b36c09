"""The central records of storyline.

One `Article` per input document; every annotation is a span with offsets into
`Article.text` (Python string indices, end exclusive), so any fact, event or
quote can be traced back to its sentence. Stages are functions over these
dataclasses; nothing outside `annotate/nlp.py` sees natasha or razdel types.
"""

from __future__ import annotations

import traceback
from dataclasses import asdict, dataclass, field, fields
from functools import cache
from pathlib import PurePath
from typing import Any, Literal, TypeVar

Precision = Literal["day", "month", "year", "unknown"]
DateRelation = Literal["on", "before", "after", "since", "until", "night_of", "around"]
EntityType = Literal["PER", "ORG", "LOC"]
Novelty = Literal["new", "repeated", "updated"]
QuoteKind = Literal["direct", "indirect"]
FactStatus = Literal["consistent", "updated", "conflicting"]

PRECISIONS: tuple[Precision, ...] = ("day", "month", "year", "unknown")

T = TypeVar("T")


@cache
def _field_names(cls: type) -> frozenset[str]:
    # Looked up once per class: `fields()` per record was a third of decoding an annotation.
    return frozenset(f.name for f in fields(cls))


def _from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Build a flat dataclass from a dict, ignoring unknown keys (forward compatible)."""
    names = _field_names(cls)  # type: ignore[arg-type]  # a class is hashable
    if names.issuperset(data):
        return cls(**data)
    return cls(**{k: v for k, v in data.items() if k in names})


# --------------------------------------------------------------------------- article


@dataclass
class Article:
    """One news document as accepted by ingest.

    `published` is an ISO date no more precise than the input gave
    (`2022-01` stays month-precise); `meta` keeps any extra input fields.
    """

    id: str
    text: str
    title: str = ""
    source: str | None = None
    url: str | None = None
    published: str | None = None
    published_precision: Precision = "unknown"
    lang: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    duplicate_of: str | None = None
    content_hash: str = ""
    seq: int | None = None  # ingest order, assigned by the store
    annotation: Annotation | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["annotation"] = self.annotation.to_dict() if self.annotation else None
        return data


@dataclass
class Rejection:
    """An input that did not become an article, with the reason why.

    `reason` is the English words; `code` and `params` are the same reason as a code
    of `storyline.reasons.REASONS` and its parameters, which the web words in the
    page's language. A rejection stored before codes existed (schema 80) has code "".
    """

    input: str
    reason: str
    code: str = ""
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class Failure:
    """An exception one stage raised for one item; the run went on without it.

    `item_id` is an article id (stages `annotate`, `group`) or a story id (`story`).
    `code_version` names the storyline and annotator that failed: a run of another
    version tries the item again, the same version does not repeat the failure.
    """

    stage: str
    item_id: str
    error_type: str
    message: str
    code_version: str = ""
    attempts: int = 1
    at: str = ""

    @classmethod
    def of(cls, stage: str, item_id: str, exc: BaseException) -> Failure:
        """The record of `exc`: its type, message and where it was raised (file:line)."""
        frames = traceback.extract_tb(exc.__traceback__)
        where = (
            f" [{PurePath(frames[-1].filename).name}:{frames[-1].lineno} in {frames[-1].name}]"
            if frames
            else ""
        )
        return cls(
            stage=stage,
            item_id=item_id,
            error_type=type(exc).__name__,
            message=(str(exc) or repr(exc)) + where,
        )


# --------------------------------------------------------------------------- annotation


@dataclass
class Token:
    start: int
    end: int
    text: str
    lemma: str
    pos: str = "X"


@dataclass
class Sentence:
    start: int
    end: int
    kind: Literal["text", "heading", "caption"] = "text"


@dataclass
class EntityMention:
    """A PER/ORG/LOC mention. `name` is the canonical nominative form within the
    article; `entity_id` is the corpus-level entity, set by cross-document resolution."""

    start: int
    end: int
    text: str
    type: str
    name: str
    role: str | None = None
    entity_id: str | None = None
    # Inside another mention's span ("России" in "МИД России"): the outer one already
    # counts the referent, so keys and tallies that count mentions skip nested ones.
    nested: bool = False
    # An adjective made from a place's name ("российские власти" -> Россия): a mention
    # of the place by NEREL's guideline, not by FactRuEval's; `name` is the place.
    derived: bool = False


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    value: str | None
    value_end: str | None = None
    precision: Precision = "unknown"
    relation: DateRelation = "on"
    relative: bool = False  # resolved against an anchor (накануне, вчера) rather than stated


@dataclass
class QuantityMention:
    start: int
    end: int
    text: str
    value: float | None = None
    value_min: float | None = None
    value_max: float | None = None
    qualifier: str | None = None
    item: str | None = None  # lemma of the counted thing
    subject: str | None = None  # canonical name of the entity the figure belongs to
    subject_entity_id: str | None = None
    # From the dependency parse: where the subject phrase is (when syntax found it)
    # and the start of the word the figure hangs from ("отменено" in "в Германии
    # отменено 250 рейсов"), the kind of event the figure counts.
    subject_start: int | None = None
    subject_end: int | None = None
    governor_start: int | None = None
    # The counted item in the nominative plural, for readers ("комментарии", "голоса");
    # None when it has no plural of its own or was not inflected.
    item_plural: str | None = None


@dataclass
class QuoteMention:
    start: int
    end: int
    text: str
    kind: QuoteKind
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker: str | None = None  # canonical name of the resolved speaker entity
    speaker_entity_id: str | None = None
    # How to name the speaker to a reader: `speaker` when resolved, else the speaker
    # words in the nominative ("ведомство" for "в ведомстве"); None for a pronoun.
    speaker_label: str | None = None


@dataclass
class WordReading:
    """A word's dictionary reading out of context (pymorphy2's analyses).

    Kept for the headline's words (a headline is too short and elliptic for the
    tagger to read in context) and for the text's verbs, so that grouping reads
    them from the annotation instead of loading the annotator's dictionary."""

    text: str  # the word in lower case, as looked up
    lemma: str  # normal form of the best analysis
    tags: list[str]  # grammemes of the best analysis ("VERB", "perf", "past", ...)
    other_tags: list[str] = field(default_factory=list)  # grammemes only the other analyses allow


@dataclass
class LeadEvent:
    """What happened in one lead sentence, from its dependency parse (`annotate/lead_event.py`).

    `predicates` are lemmas: the sentence's root, the predicates coordinated with it and,
    after a verb of speech, the predicate of what was said; `subject` is the lemma of the
    root's subject ("джонсон"), None when it has none."""

    sentence: int  # index in `Annotation.sentences`
    predicates: list[str] = field(default_factory=list)
    subject: str | None = None


@dataclass
class Annotation:
    """Everything the annotate stage found in one article."""

    lang: str
    full: bool  # True when the full Russian pipeline ran
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quantities: list[QuantityMention] = field(default_factory=list)
    quotes: list[QuoteMention] = field(default_factory=list)
    version: str = ""
    # Dictionary readings of the title's words and of the text's verbs, one per word.
    readings: list[WordReading] = field(default_factory=list)
    # The events of the first sentences (who did what), for telling a day's steps apart.
    lead_events: list[LeadEvent] = field(default_factory=list)
    # The day the text's own dateline (or latest day) says it was written, when that is not
    # the article's stored day (a crawl's or an import's stamp): ISO, else None.
    written: str | None = None
    # With no such day, the first day its lead tells as past when it lies before the stored
    # day (`dates.lead_told`): the writing's day should the story prove the stored day a
    # crawl's stamp. ISO, else None.
    told: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # Not dataclasses.asdict: its deep copy was a third of the time of adding
        # an article to a large store. The spans are flat, so their __dict__ serves.
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            data[f.name] = [vars(x) for x in value] if isinstance(value, list) else value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Annotation:
        return cls(
            lang=data["lang"],
            full=data["full"],
            sentences=[_from_dict(Sentence, d) for d in data.get("sentences", [])],
            tokens=[_from_dict(Token, d) for d in data.get("tokens", [])],
            entities=[_from_dict(EntityMention, d) for d in data.get("entities", [])],
            dates=[_from_dict(DateMention, d) for d in data.get("dates", [])],
            quantities=[_from_dict(QuantityMention, d) for d in data.get("quantities", [])],
            quotes=[_from_dict(QuoteMention, d) for d in data.get("quotes", [])],
            version=data.get("version", ""),
            readings=[_from_dict(WordReading, d) for d in data.get("readings", [])],
            lead_events=[_from_dict(LeadEvent, d) for d in data.get("lead_events", [])],
            written=data.get("written"),
            told=data.get("told"),
        )

    def lemmas(self) -> list[str]:
        return [t.lemma for t in self.tokens]


# --------------------------------------------------------------------------- corpus level


@dataclass
class Entity:
    """One real-world referent across the corpus."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    mention_count: int = 0


@dataclass
class Thread:
    """Articles that report the same happening."""

    id: str
    story_id: str
    title: str
    article_ids: list[str]
    first_published: str | None = None
    last_published: str | None = None


@dataclass
class Evidence:
    article_id: str
    start: int
    end: int


@dataclass
class TimelineEvent:
    date: str | None
    date_end: str | None
    precision: Precision
    text: str
    evidence: list[Evidence]
    entity_ids: list[str] = field(default_factory=list)
    context: bool = False  # historical background, outside the story's own days


@dataclass
class FactValue:
    value: float | None
    value_min: float | None
    value_max: float | None
    qualifier: str | None
    item: str | None
    article_id: str
    start: int
    end: int
    published: str | None
    attributed_to: str | None = None


@dataclass
class Fact:
    id: str
    subject_entity_id: str | None
    subject: str
    measure: str
    status: FactStatus
    values: list[FactValue]

    @property
    def reports(self) -> int:
        """How many articles give the figure: agreement needs two of them."""
        return len({v.article_id for v in self.values})

    @property
    def single_report(self) -> bool:
        """`consistent` only because one article alone gives the figure: nothing confirms it."""
        return self.status == "consistent" and self.reports < 2


@dataclass
class StoryQuote:
    article_id: str
    start: int
    end: int
    speaker_entity_id: str | None
    speaker_text: str | None
    kind: QuoteKind


@dataclass
class SentenceNovelty:
    article_id: str
    index: int  # position in the article's sentence list
    novelty: Novelty
    repeats: list[str] = field(default_factory=list)


@dataclass
class Story:
    id: str
    title: str
    article_ids: list[str]
    thread_ids: list[str]
    summary: str = ""
    first_published: str | None = None
    last_published: str | None = None
    entity_ids: list[str] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    quotes: list[StoryQuote] = field(default_factory=list)
    summary_sentences: list[Evidence] = field(default_factory=list)  # where each summary sentence comes from


# --------------------------------------------------------------------------- watch


@dataclass
class SourceState:
    """What the watcher knows about one listed source between polls (times: unix s)."""

    url: str  # as listed in the sources file
    interval: float  # seconds until the next poll, adapted to how busy the feed is
    feed_url: str | None = None  # the feed polled: the URL itself or one found on its page
    etag: str | None = None
    last_modified: str | None = None
    last_poll: float | None = None
    next_poll: float | None = None
    status: str = "new"  # "ok", "not modified", or the last failure's reason
    failures: int = 0  # consecutive failed polls
    articles: int = 0  # articles stored from this source
    entries: int = 0  # feed entries handled (stored, edited or rejected)


@dataclass
class SeenEntry:
    """A feed entry already handled: `fingerprint` changes when the feed says it changed."""

    source_url: str
    key: str
    fingerprint: str
    article_id: str | None  # None: the entry was rejected


@dataclass
class ArticleVersion:
    """An earlier text of an edited article (version 1 = the text first stored)."""

    article_id: str
    version: int
    content_hash: str
    title: str
    text: str
    published: str | None
    replaced_at: str
