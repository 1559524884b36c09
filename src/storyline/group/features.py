"""What grouping looks at in one article: content lemmas, title words, entities,
figures, event dates and the publication day.

Built once per article from its annotation; everything downstream (the index,
the similarities, the cluster profiles) works on `Features`, never on raw text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from storyline.group.names import fold
from storyline.group.words import stems
from storyline.isodate import parse_iso
from storyline.model import Annotation, Article, WordReading

# Parts of speech that carry the topic. Verbs stay: "подписал указ" and
# "ввели войска" are different happenings with the same nouns around them.
CONTENT_POS = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})

# Frequent content lemmas that say nothing about the topic (news boilerplate:
# reporting verbs, time words). The corpus IDF pushes most such words down on its
# own; this list only covers the ones a young corpus has not yet seen often.
STOP_LEMMAS = frozenset(
    """быть стать мочь сказать заявить сообщить говорить отметить рассказать
    год день время месяц неделя раз число сообщение слово также который свой
    этот весь такой один другой новый первый последний самый большой наш ваш
    читать полностью фото видео источник являться иметь какой каждый данные
    пресс-служба понедельник вторник среда четверг пятница суббота воскресенье""".split()
)

_DIGITS = re.compile(r"^\d+(?:[.,]\d+)?$")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")  # "1,200" in English is 1200
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")
_TITLE_WORD = re.compile(r"[\w-]+", re.UNICODE)
_CLAUSE_BREAK = re.compile(r"[:—–]|\s-\s")

# A word of the title counts this many times over in the content vector: a
# headline names the happening, the body also tells its background.
# Calibrated on tgcontest-pairs ru (see docs/grouping.md): 2 beat 1 and 3.
TITLE_BOOST = 2
# The lead (first sentences) names the happening's date; later dates are background.
LEAD_SENTENCES = 2

# Prefix length that stands in for a lemma when matching headline words to the text
# ("советника" -> "советник"): 5 letters keep Russian roots apart in practice.
STEM = 5


@dataclass
class Features:
    article_id: str
    terms: Counter[str] = field(default_factory=Counter)  # lemma -> count (title boosted)
    title: set[str] = field(default_factory=set)  # lemmas of the headline
    entities: Counter[str] = field(default_factory=Counter)  # corpus entity id -> mentions
    figures: set[str] = field(default_factory=set)  # normalised numbers the text states
    title_figures: set[str] = field(default_factory=set)  # numbers in the headline ("на 8 ноября")
    places: set[str] = field(default_factory=set)  # LOC entity ids
    dates: set[str] = field(default_factory=set)  # day-precise event dates mentioned
    actors: set[str] = field(default_factory=set)  # entity ids opening a headline clause: who acted
    subjects: dict[str, str] = field(
        default_factory=dict
    )  # people the headline names in the nominative: id -> name key
    tenses: set[str] = field(default_factory=set)  # "lemma:past" / "lemma:futr" of headline and lead verbs
    lead_date: str | None = None  # the first day-precise date of the lead: when the happening was
    lead_text: str = ""  # headline and lead sentences as written, for encoders that read text
    events: set[str] = field(default_factory=set)  # "date|entity id": a dated happening and who was in it
    quotes: set[str] = field(default_factory=set)  # "speaker id|three quoted word stems": who said what
    # The lead's events (`Annotation.lead_events`): predicate lemmas and subject lemmas.
    predicates: set[str] = field(default_factory=set)
    lead_subjects: set[str] = field(default_factory=set)
    day: int | None = None  # publication day ordinal, None when unknown
    day_slack: int = 0  # how many days `day` may be off (month precision: ~15)
    has_text: bool = True


def _term(lemma: str) -> str:
    return lemma.lower().replace("ё", "е")


# Headline words meet entity mentions by this prefix: "Слуга народа" / "Слуги
# народа", "Всемирного банка" / "Всемирный банк" (5 letters would miss "банк").
ACTOR_STEM = 4


def _stem_key(word: str) -> str:
    return word.lower().replace("ё", "е")[:ACTOR_STEM]


def _headline_keys(title: str) -> tuple[set[str], set[str]]:
    """Keys of every headline word, and of the words that open a headline clause.

    A Russian headline puts who acted first: "ДНР подтвердила...", "Поляков
    заявил...", "СМИ: Россия готова..." (a clause after a colon or dash is a
    headline of its own). A name further in is mostly a modifier or an object
    ("поиски убитой аспирантки СПбГУ"), so only clause openers count as actors.
    """
    words = {_stem_key(w) for w in _TITLE_WORD.findall(title)}
    openers = set()
    for clause in _CLAUSE_BREAK.split(title):
        first = _TITLE_WORD.search(clause)
        if first:
            openers.add(_stem_key(first.group()))
    return words, openers


_LATIN = re.compile(r"[a-zA-Z]")


def name_key(word: str) -> str:
    """A name is looked for in another text by its first four letters (case endings and
    spellings vary: "Брексит" / "Брекзит"), Latin transliterated ("Brexit")."""
    low = fold(word) if _LATIN.search(word) else word.lower().replace("ё", "е")
    return low[:ACTOR_STEM]


# Headline words and the text's verbs come with their dictionary readings from the
# annotate stage (out of context: a headline is too elliptic for the tagger).
Readings = Mapping[str, WordReading]


def readings_of(article: Article) -> dict[str, WordReading]:
    """The article's word readings by lower-case word (none without an annotation)."""
    ann = article.annotation
    return {r.text: r for r in ann.readings} if ann is not None else {}


def may_be_nominative(word: str, readings: Readings) -> bool:
    """Could this headline word be a subject? Any analysis in the nominative, or no case
    at all (Latin script, indeclinable names)."""
    reading = readings.get(word.lower())
    return reading is not None and not _SUBJECT_LIKE.isdisjoint([*reading.tags, *reading.other_tags])


_SUBJECT_LIKE = frozenset({"nomn", "LATN", "Fixd", "UNKN"})


# "будет показывать": the tense is the main verb's, not the auxiliary's.
AUXILIARIES = frozenset({"быть"})


def verb_tenses(words: list[str], readings: Readings) -> set[str]:
    """Finite verbs as "lemma:past" or "lemma:futr" (a perfective non-past form is future)."""
    out = set()
    for word in words:
        reading = readings.get(word.lower())
        if reading is None or "VERB" not in reading.tags:
            continue
        tags, lemma = reading.tags, _term(reading.lemma)
        tense = "past" if "past" in tags else "futr" if "futr" in tags else None
        if tense and lemma not in AUXILIARIES:
            out.add(f"{lemma}:{tense}")
    return out


def figure_key(value: float) -> str:
    """Numbers compare as text after rounding to 3 significant digits (120 vs 120,0)."""
    if value == 0:
        return "0"
    return f"{value:.3g}"


def publication_day(article: Article) -> tuple[int | None, int]:
    """The publication day ordinal and its uncertainty in days."""
    parsed = parse_iso(article.published)
    if parsed is None or article.published_precision == "unknown":
        return None, 0
    first, last = parsed.first_day(), parsed.last_day()
    middle = first.toordinal() + (last.toordinal() - first.toordinal()) // 2
    return middle, (last.toordinal() - first.toordinal() + 1) // 2


def event_day(feats: Features) -> int | None:
    """The day an article reports: its publication day when that is day-precise, else the
    date its lead names (a monthly-dated article's "6 января"), else None. Quote keys are
    tied to it (`similarity.quote_evidence`): a statement repeated on a later day is
    background there."""
    if feats.day is not None and feats.day_slack == 0:
        return feats.day
    if feats.lead_date:
        try:
            return date.fromisoformat(feats.lead_date).toordinal()
        except ValueError:
            return None
    return None


def extract_features(article: Article) -> Features:
    ann = article.annotation
    feats = Features(article_id=article.id)
    feats.day, feats.day_slack = publication_day(article)
    if ann is None:
        feats.has_text = False
        return feats
    if not ann.tokens and not ann.entities:  # no model of its language ran (English)
        return _untokenised_features(article, feats)
    return _annotated_features(article, ann, feats)


def _annotated_features(article: Article, ann: Annotation, feats: Features) -> Features:
    surface_to_lemma: dict[str, str] = {}
    stem_to_lemma: dict[str, str] = {}
    for token in ann.tokens:
        lemma = _term(token.lemma)
        surface = token.text.lower().replace("ё", "е")
        surface_to_lemma.setdefault(surface, lemma)
        if len(surface) >= STEM and token.pos in CONTENT_POS:
            stem_to_lemma.setdefault(surface[:STEM], lemma)
        if token.pos in CONTENT_POS and len(lemma) > 1 and lemma not in STOP_LEMMAS and not lemma.isdigit():
            feats.terms[lemma] += 1
        elif _DIGITS.match(token.text):
            value = float(token.text.replace(",", "."))
            if not (1900 <= value <= 2100):  # years are dates, not figures
                feats.figures.add(figure_key(value))
    for word in _TITLE_WORD.findall(article.title or ""):
        low = word.lower().replace("ё", "е")
        if _DIGITS.match(low):
            feats.title_figures.add(figure_key(float(low.replace(",", "."))))
            continue
        # A headline word takes the lemma the text gives the same word (or a word with
        # the same stem) in context: the dictionary reading is only a fallback guess.
        found = surface_to_lemma.get(low)
        if found is None and len(low) >= STEM:
            found = stem_to_lemma.get(low[:STEM])
        if found is None:
            if len(low) >= STEM:  # a headline-only word: a stem, for title similarity alone
                feats.title.add("~" + fold(low)[:STEM])
            continue
        lemma = found
        if len(lemma) > 1 and lemma not in STOP_LEMMAS and not lemma.isdigit():
            feats.title.add(lemma)
            feats.terms[lemma] += TITLE_BOOST
    for q in ann.quantities:
        if q.value is not None:
            feats.figures.add(figure_key(q.value))
    lead_end = ann.sentences[min(LEAD_SENTENCES, len(ann.sentences)) - 1].end if ann.sentences else 0
    lead = article.text[ann.sentences[0].start : lead_end] if ann.sentences else ""
    feats.lead_text = f"{article.title}. {lead}" if article.title else lead
    readings = readings_of(article)
    feats.tenses = verb_tenses(
        _TITLE_WORD.findall(article.title or "")
        + [t.text for t in ann.tokens if t.start < lead_end and t.pos in ("VERB", "AUX")],
        readings,
    )
    for d in sorted(ann.dates, key=lambda d: d.start):
        if d.value and d.precision == "day":
            feats.dates.add(d.value[:10])
            if feats.lead_date is None and d.start < lead_end and not d.relative:
                feats.lead_date = d.value[:10]
    title_keys, subject_keys = _headline_keys(article.title or "")
    title_words = {_stem_key(w): w for w in _TITLE_WORD.findall(article.title or "")}
    for m in ann.entities:
        # A nested mention ("России" in "МИД России") is part of its organisation's key;
        # a place adjective ("российские власти") is background more often than the
        # happening's place, and grouping was calibrated without them.
        if m.entity_id and not m.nested and not m.derived:
            words = [_stem_key(w) for w in _TITLE_WORD.findall(m.text)]
            if words and words[0] in subject_keys and all(w in title_keys for w in words):
                feats.actors.add(m.entity_id)
            if words and m.type == "PER" and all(w in title_words for w in words):
                head = title_words[words[-1]]  # the surname takes the case
                if may_be_nominative(head, readings):
                    feats.subjects.setdefault(m.entity_id, name_key(head))
            feats.entities[m.entity_id] += 1
            if m.type == "LOC":
                feats.places.add(m.entity_id)
    feats.events = dated_events(ann)
    feats.quotes = quote_keys(ann)
    feats.predicates = {p for e in ann.lead_events for p in e.predicates}
    feats.lead_subjects = {e.subject for e in ann.lead_events if e.subject}
    feats.has_text = bool(feats.terms)
    return feats


# An article keeps at most this many dated-event and quote keys: a long chronicle or
# interview must not make every thread profile it joins carry hundreds of them (bsnlp-ru
# articles have a median of 2 event keys and 0 quote keys; the 95th percentile is ~40).
MAX_EVENT_KEYS = 40
MAX_QUOTE_KEYS = 40
# A quote is matched by runs of this many word stems: two outlets quoting one statement
# share most runs of three, two statements of one speaker rarely share any.
QUOTE_SHINGLE = 3
_QUOTE_WORD = re.compile(r"\w{3,}", re.UNICODE)


def dated_events(ann: Annotation) -> set[str]:
    """Day-precise dates joined with the entities named in their sentence: "2018-07-09|ent-12"
    is one happening (a resignation on 9 July with Davis in it), which a shared date
    alone or a shared name alone is not."""
    sentences = ann.sentences
    if not sentences or not ann.dates or not ann.entities:
        return set()
    starts = [s.start for s in sentences]
    by_sentence: dict[int, set[str]] = {}
    for m in ann.entities:
        if m.entity_id and not m.derived:
            by_sentence.setdefault(bisect_right(starts, m.start) - 1, set()).add(m.entity_id)
    out: list[str] = []
    for d in sorted(ann.dates, key=lambda d: d.start):
        if not d.value or d.precision != "day":
            continue
        for e in sorted(by_sentence.get(bisect_right(starts, d.start) - 1, ())):
            out.append(f"{d.value[:10]}|{e}")
    return set(list(dict.fromkeys(out))[:MAX_EVENT_KEYS])


def quote_keys(ann: Annotation) -> set[str]:
    """Runs of three stems of a resolved speaker's quoted words: two reports quoting one
    statement share some, whatever each leaves out."""
    out: list[str] = []
    for quote in ann.quotes:
        if not quote.speaker_entity_id:
            continue
        words = [w.lower().replace("ё", "е")[:STEM] for w in _QUOTE_WORD.findall(quote.text)]
        for i in range(len(words) - QUOTE_SHINGLE + 1):
            out.append(quote.speaker_entity_id + "|" + " ".join(words[i : i + QUOTE_SHINGLE]))
    return set(list(dict.fromkeys(out))[:MAX_QUOTE_KEYS])


def _untokenised_features(article: Article, feats: Features) -> Features:
    """An article with text but no tokens (English: no model of its language runs) is
    described by the stems of its words (`words.stems`), its title boosted as for
    lemmas, and the numbers it states; it has no entities."""
    feats.terms = stems(article.text)
    title = stems(article.title or "")
    for term in title:
        feats.terms[term] += TITLE_BOOST
    feats.title = set(title)
    feats.title_figures = _numbers(article.title or "")
    feats.figures = _numbers(article.text)
    ann = article.annotation
    if ann is not None and ann.sentences:
        lead_end = ann.sentences[min(LEAD_SENTENCES, len(ann.sentences)) - 1].end
        lead = article.text[ann.sentences[0].start : lead_end]
        feats.lead_text = f"{article.title}. {lead}" if article.title else lead
    feats.has_text = bool(feats.terms)
    return feats


def _numbers(text: str) -> set[str]:
    """Figure keys of the numbers written in `text`, years left out (they are dates)."""
    out = set()
    for match in _NUMBER.finditer(_THOUSANDS.sub("", text)):
        value = float(match.group().replace(",", "."))
        if not (1900 <= value <= 2100):
            out.add(figure_key(value))
    return out


def day_of(iso: str) -> int | None:
    parsed = parse_iso(iso)
    return parsed.first_day().toordinal() if parsed else None


def iso_of(day: int) -> str:
    return date.fromordinal(day).isoformat()
