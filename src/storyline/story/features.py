"""What the story stage needs to know about one sentence, computed once.

Novelty, timeline, ledger and summary all compare sentences by their *content
lemmas* (nouns, verbs, adjectives, names; dates as `@2022-01-07`), their
*figures* (numbers that are not dates) and their entities. Everything here is
derived from `Article.annotation`; the story stage never sees natasha.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from storyline.model import (
    Article,
    DateMention,
    EntityMention,
    QuantityMention,
    QuoteMention,
    Sentence,
    Token,
)

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "X"})
# Parts of speech whose tokens carry a dictionary reading (`annotate/readings.VERB_POS`).
VERB_POS = frozenset({"VERB", "AUX"})
# Function-like words that slovnet tags as content (ADV/ADJ/VERB) but that say
# nothing about *what* a sentence reports. Discourse markers, tense auxiliaries
# and reporting verbs: "сообщил", "заявил" change between paraphrases of the
# same claim ("В МВД заявили" / "В МВД сообщили"), so they must not decide.
STOP_LEMMAS = frozenset(
    """
    быть стать являться мочь также тоже еще ещё уже ранее затем позже потом тогда сначала
    так однако кроме между тем этот тот свой весь такой сам самый который какой
    очень более менее лишь только именно вообще здесь там сейчас теперь пока
    сообщить сообщать заявить заявлять сказать говорить говориться отметить отмечать
    известно известный стало итог конец
    """.split()
)
# Interchangeable news words, mapped to one lemma so that paraphrases compare
# ("Митинги"/"Протесты", "отправят"/"направят", "11 авто"/"11 автомобилей").
SYNONYMS = {
    "митинг": "протест",
    "акция": "протест",
    "манифестация": "протест",
    "митингующий": "протестующий",
    "демонстрант": "протестующий",
    "манифестант": "протестующий",
    "отправить": "направить",
    "отправлять": "направлять",
    "послать": "направить",
    "посылать": "направлять",
    "авто": "автомобиль",
    "машина": "автомобиль",
    "военный": "военнослужащий",
    "солдат": "военнослужащий",
    "боец": "военнослужащий",
    "погибнуть": "гибель",
    "убить": "гибель",
    "погибший": "гибель",
    "убитый": "гибель",
}
RELATIVE_WEIGHT = 0.5  # content inside "…, который …" clauses: background detail, half weight
MONTH_LEMMAS = frozenset(
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split()
)
# Cardinal number words (lemmas) to values; "три страны" must compare with "пять стран".
NUMBER_WORDS: dict[str, float] = {
    w: float(v)
    for v, w in enumerate(
        "ноль один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать "
        "тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать девятнадцать "
        "двадцать".split()
    )
} | {
    "тридцать": 30.0,
    "сорок": 40.0,
    "пятьдесят": 50.0,
    "шестьдесят": 60.0,
    "семьдесят": 70.0,
    "восемьдесят": 80.0,
    "девяносто": 90.0,
    "сто": 100.0,
    "двести": 200.0,
    "триста": 300.0,
    "четыреста": 400.0,
    "пятьсот": 500.0,
    "тысяча": 1000.0,
    "оба": 2.0,
    "двое": 2.0,
    "трое": 3.0,
    "четверо": 4.0,
    "пятеро": 5.0,
}
MULTIPLIERS = {"тысяча": 1e3, "тыс": 1e3, "миллион": 1e6, "млн": 1e6, "миллиард": 1e9, "млрд": 1e9}
CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–", "(", ")", "«", "»", '"'})
_DIGITS = re.compile(r"^\d+(?:[.,]\d+)?$")


# Distinct lemmas whose normal form is kept (`norm_lemma`). A function of its argument
# alone, asked ~620,000 times in a rebuild of bsnlp-ru's 15 stories for ~30,000 distinct
# lemmas; 2^16 entries (a few MB at most) hold a story's vocabulary several times over.
NORM_CACHE = 1 << 16


@functools.lru_cache(maxsize=NORM_CACHE)
def norm_lemma(lemma: str) -> str:
    word = lemma.lower().replace("ё", "е")
    return SYNONYMS.get(word, word)


def relative_clause_tokens(tokens: Sequence[Token]) -> set[int]:
    """Indices of tokens inside relative clauses (", который …" up to the next comma)."""
    inside: set[int] = set()
    i = 0
    while i < len(tokens):
        if tokens[i].text == "," and i + 1 < len(tokens):
            j = i + 1
            if tokens[j].pos == "ADP" and j + 1 < len(tokens):
                j += 1
            if norm_lemma(tokens[j].lemma) in ("который", "где", "куда", "откуда"):
                k = i + 1
                while k < len(tokens) and tokens[k].text not in (",", ";", "—"):
                    inside.add(k)
                    k += 1
                i = k
                continue
        i += 1
    return inside


def figure_feature(value: float) -> str:
    return f"#{value:g}"


def parse_number(word: str) -> float | None:
    if _DIGITS.match(word):
        return float(word.replace(",", "."))
    return None


@dataclass
class SentenceInfo:
    """One sentence of one article, with the features every stage compares."""

    article_id: str
    index: int
    start: int
    end: int
    kind: str
    text: str
    tokens: list[Token]
    content: frozenset[str]  # lemmas, "@date" and "#figure" features
    numbers: frozenset[float]
    weights: dict[str, float] = field(default_factory=dict)  # features below full weight
    dates: list[DateMention] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    quantities: list[QuantityMention] = field(default_factory=list)
    quotes: list[QuoteMention] = field(default_factory=list)
    position: int = 0  # rank of the article in reading order (set by the caller)
    # The dictionary reading (pymorphy2's best analysis, `Annotation.readings`) of each verb
    # token: (index in `tokens`, grammemes such as "perf", "past", "indc"). Empty for an
    # annotation without readings; a class-level default so that kept states pickled
    # before the field existed still load.
    verb_readings: tuple[tuple[int, frozenset[str]], ...] = ()
    # The sentence opens a paragraph: a line break lies between it and the sentence before
    # (or it is the text's first). A class-level default, as for `verb_readings`.
    opens_paragraph: bool = False
    # What later steps derive from this sentence alone, kept while a story is extended
    # (the ledger's measure of each figure): not part of the sentence's identity.
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)
    # (article id, index): the sentence's name in every index, link and journal of a
    # fold. Made once here, not per use: a property built a new tuple on each of the
    # ~1.4 million reads of a rebuild of bsnlp-ru's 15 stories (the fold's keys are
    # read in `links`, `home`, `sentences` and the novelty marks). Neither part changes
    # after construction.
    key: tuple[str, int] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.key = (self.article_id, self.index)

    def reading(self, i: int) -> frozenset[str]:
        """The grammemes of the dictionary reading of verb token `i` (empty when unknown)."""
        for j, tags in self.verb_readings:
            if j == i:
                return tags
        return frozenset()

    def verbs(self) -> list[Token]:
        return [t for t in self.tokens if t.pos == "VERB"]

    def starts_with(self, *phrases: str) -> bool:
        # `str.startswith` with a tuple: any of them, in one call
        return self.text.lstrip(' «"—-').lower().startswith(phrases)


_CUE_KEYS: dict[re.Pattern[str], tuple[str, str, int]] = {}


def cue_span(s: SentenceInfo, pattern: re.Pattern[str]) -> tuple[int, int] | None:
    """`pattern.search(s.text)`'s span (offsets in `s.text`), kept on the sentence.

    The ledger asks the same sentences for the same cues (updates, retrospectives,
    attributions) on every addition to a story: on a 2,000-article story ~6,500
    searches an add, about a third of the ledger's CPU. A function of the text and the
    pattern alone, so the kept answer is the search's; the span, not the match, is kept
    (a kept state is pickled, and match objects are not)."""
    key = _CUE_KEYS.get(pattern)
    if key is None:  # one key object per pattern: shared by every sentence's memo (and pickle)
        key = _CUE_KEYS[pattern] = ("cue", pattern.pattern, pattern.flags)
    kept = s.memo.get(key, s)
    if kept is not s:
        return kept  # type: ignore[return-value]
    m = pattern.search(s.text)
    span = m.span() if m is not None else None
    s.memo[key] = span
    return span


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _fallback_tokens(text: str, offset: int) -> list[Token]:
    """Tokens for articles the Russian pipeline did not run on: words, lowercased, crude stem."""
    out = []
    for m in re.finditer(r"\w+", text):
        word = m.group(0)
        pos = "NUM" if word.isdigit() else ("X" if len(word) > 2 else "PART")
        out.append(Token(m.start() + offset, m.end() + offset, word, word.lower()[:6], pos))
    return out


def _figures(tokens: list[Token], date_spans: list[tuple[int, int]]) -> set[float]:
    """Numbers in running text that are not dates: digits (with тысяч/млн) and number words."""
    found: set[float] = set()
    for i, tok in enumerate(tokens):
        if date_spans and _inside(tok.start, tok.end, date_spans):
            continue
        lemma = norm_lemma(tok.lemma)
        nxt = norm_lemma(tokens[i + 1].lemma) if i + 1 < len(tokens) else ""
        value = parse_number(tok.text)
        if value is not None:
            if nxt in MONTH_LEMMAS or nxt == "год" or (1900 <= value <= 2100 and nxt in ("", "г")):
                continue  # an unannotated date: "2 января", "2022 года"
            if i > 0 and tokens[i - 1].text in (":", "+", "(", "-"):
                continue  # clock times and phone numbers
            found.add(value * MULTIPLIERS.get(nxt, 1.0))
        elif lemma in NUMBER_WORDS and tok.pos in ("NUM", "ADJ", "NOUN") and lemma != "один":
            prev = parse_number(tokens[i - 1].text) if i > 0 else None
            if lemma == "тысяча" and prev is not None:
                continue  # "3 тысяч" was counted with its digits
            found.add(NUMBER_WORDS[lemma])
    return found


def sentence_infos(article: Article) -> list[SentenceInfo]:
    """Features of every sentence of an annotated article (an empty list without annotation)."""
    ann = article.annotation
    if ann is None:
        return []
    text = article.text
    out: list[SentenceInfo] = []
    tokens = sorted(ann.tokens, key=lambda t: t.start)
    ti = 0
    sentences = ann.sentences
    dates_of = _by_sentence(sentences, ann.dates)
    quantities_of = _by_sentence(sentences, ann.quantities)
    entities_of = _by_sentence(sentences, [e for e in ann.entities if not e.nested])
    quotes_of = _by_sentence(sentences, ann.quotes, overlapping=True)
    read = {r.text: frozenset(r.tags) for r in ann.readings}
    for index, sent in enumerate(sentences):
        while ti < len(tokens) and tokens[ti].start < sent.start:
            ti += 1
        tj = ti
        while tj < len(tokens) and tokens[tj].end <= sent.end:
            tj += 1
        toks = tokens[ti:tj] if ann.tokens else _fallback_tokens(text[sent.start : sent.end], sent.start)
        dates = dates_of[index]
        date_spans = [(d.start, d.end) for d in dates]
        relative = relative_clause_tokens(toks)
        content: set[str] = set()
        main: set[str] = set()
        for i, t in enumerate(toks):
            lemma = norm_lemma(t.lemma)
            if (
                t.pos in CONTENT_POS
                and not (date_spans and _inside(t.start, t.end, date_spans))  # most sentences have no date
                and len(lemma) > 1
                and lemma not in STOP_LEMMAS
                and lemma not in NUMBER_WORDS
                and parse_number(t.text) is None
            ):
                content.add(lemma)
                if i not in relative:
                    main.add(lemma)
        weights = {w: RELATIVE_WEIGHT for w in content - main}
        content |= {"@" + (d.value or d.value_end or "") for d in dates if d.value or d.value_end}
        quantities = quantities_of[index]
        # Figures: the annotated quantities when the article has any (the quantity
        # stage knows "три страны" from "в 2019 году" and clock times); our own
        # scan of digits and number words only for text it did not cover.
        numbers = set() if ann.quantities else _figures(toks, date_spans)
        for q in quantities:
            numbers |= {v for v in (q.value, q.value_min, q.value_max) if v is not None}
        content |= {figure_feature(v) for v in numbers}
        out.append(
            SentenceInfo(
                article_id=article.id,
                index=index,
                start=sent.start,
                end=sent.end,
                kind=sent.kind,
                text=text[sent.start : sent.end],
                tokens=toks,
                content=frozenset(content),
                numbers=frozenset(numbers),
                weights=weights,
                dates=dates,
                entities=entities_of[index],
                quantities=quantities,
                quotes=quotes_of[index],
                verb_readings=tuple(
                    (i, read[w])
                    for i, t in enumerate(toks)
                    if t.pos in VERB_POS and (w := t.text.lower()) in read
                ),
                opens_paragraph="\n" in text[sentences[index - 1].end if index else 0 : sent.start],
            )
        )
    return out


_Spanned = TypeVar("_Spanned", DateMention, QuantityMention, EntityMention, QuoteMention)


def _by_sentence(
    sentences: list[Sentence], spans: list[_Spanned], *, overlapping: bool = False
) -> list[list[_Spanned]]:
    """`spans` of each sentence, in their own order: those starting in it, or with
    `overlapping`, every one that shares a character with it. Found by bisection,
    so a long article costs its spans, not spans x sentences (issue #15)."""
    starts = [s.start for s in sentences]
    out: list[list[_Spanned]] = [[] for _ in sentences]
    for span in spans:
        first = bisect.bisect_right(starts, span.start) - 1
        if not overlapping:
            if first >= 0 and span.start < sentences[first].end:
                out[first].append(span)
            continue
        if first < 0 or span.start >= sentences[first].end:
            first += 1  # starts between sentences: the first one after it may still overlap
        last = bisect.bisect_left(starts, span.end)  # sentences starting before the span ends
        for i in range(max(first, 0), last):
            if span.start < sentences[i].end and sentences[i].start < span.end:
                out[i].append(span)
    return out


def clause_of(tokens: list[Token], position: int) -> list[Token]:
    """The tokens between punctuation breaks around `tokens[position]`."""
    lo = position
    while lo > 0 and tokens[lo - 1].text not in CLAUSE_BREAKS:
        lo -= 1
    hi = position
    while hi + 1 < len(tokens) and tokens[hi + 1].text not in CLAUSE_BREAKS:
        hi += 1
    return tokens[lo : hi + 1]


def token_index_at(tokens: list[Token], offset: int) -> int | None:
    for i, tok in enumerate(tokens):
        if tok.start <= offset < tok.end or tok.start >= offset:
            return i
    return None


def governing_verb(
    tokens: list[Token], offset: int, *, whole_sentence: bool = True, skip: tuple[int, int] | None = None
) -> Token | None:
    """The verb nearest to the text at `offset`: in its clause, else (optionally) in its sentence.

    A preceding verb wins a tie ("направить от 100 до 300 военнослужащих");
    verbs inside `skip` (the figure's own span: "задержанных более 3 тысяч") do not count."""
    i = token_index_at(tokens, offset)
    if i is None:
        return None

    def usable(t: Token) -> bool:
        return t.pos == "VERB" and not (skip is not None and skip[0] <= t.start < skip[1])

    clause = clause_of(tokens, i)
    pool = [t for t in clause if usable(t)]
    if not pool and whole_sentence:
        pool = [t for t in tokens if usable(t)]
    if not pool:
        return None
    anchor = tokens[i].start
    return min(pool, key=lambda t: (abs(t.start - anchor), t.start > anchor))
