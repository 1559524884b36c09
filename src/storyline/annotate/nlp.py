"""The one adapter between storyline and natasha / slovnet / razdel / pymorphy2.

Their types stop here: callers get `ParsedText` and `ParsedToken`, our own
dataclasses. The models are loaded once per process by `NLP()` and passed to
the stages that need them.
"""

from __future__ import annotations

import inspect
import os
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from storyline.model import Sentence


def ensure_pymorphy_compat() -> None:
    """pymorphy2 (a natasha dependency) calls `inspect.getargspec`, removed in
    Python 3.11. Restore a compatible shim before pymorphy2 is imported. This is
    the one place the project handles it (yargy does the same on import, but we
    do not rely on import order)."""
    if hasattr(inspect, "getargspec"):
        return

    def getargspec(func: Any) -> tuple[Any, Any, Any, Any]:
        spec = inspect.getfullargspec(func)
        return (spec.args, spec.varargs, spec.varkw, spec.defaults)

    inspect.getargspec = getargspec  # type: ignore[attr-defined]


ensure_pymorphy_compat()

import numpy as np  # noqa: E402
from natasha import (  # noqa: E402
    MorphVocab,
    NewsMorphTagger,
    NewsNERTagger,
    NewsSyntaxParser,
)
from natasha.data import NEWS_EMBEDDING  # noqa: E402
from natasha.morph.vocab import MorphForm  # noqa: E402
from navec import Navec  # noqa: E402
from navec.meta import Meta  # noqa: E402
from navec.navec import META, PQ_, VOCAB  # noqa: E402
from navec.pq import PQ  # noqa: E402
from navec.tar import Tar  # noqa: E402
from navec.vocab import Vocab  # noqa: E402
from pymorphy2.analyzer import MorphAnalyzer as PymorphyAnalyzer  # noqa: E402
from pymorphy2.analyzer import Parse as PymorphyParse  # noqa: E402
from razdel import sentenize, tokenize  # noqa: E402
from razdel.segmenters.punct import DASHES  # noqa: E402
from razdel.segmenters.tokenize import ATOM, TokenSplit  # noqa: E402

from storyline.annotate.parser import SlovnetParser  # noqa: E402
from storyline.annotate.tagger import SlovnetTagger, WordIds, bio_spans, conll_tag, tag_together  # noqa: E402


@dataclass
class ParsedToken:
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    feats: dict[str, str] = field(default_factory=dict)
    # Dependency parse (only for sentences given to `NLP.parse_syntax`): the index of
    # the head token in `ParsedText.tokens` (None for the root or unparsed) and the
    # Universal Dependencies relation to it ("nsubj", "obl", "nummod", ...).
    head: int | None = None
    rel: str | None = None


@dataclass
class WordForm:
    """One pymorphy2 analysis of a word, in our terms."""

    normal: str
    tags: frozenset[str]
    score: float


@dataclass
class ParsedText:
    text: str
    sentences: list[Sentence]
    tokens: list[ParsedToken]
    ner: list[tuple[int, int, str]]  # raw slovnet spans (start, end, type), text offsets

    def sentence_tokens(self, sentence: Sentence) -> list[ParsedToken]:
        return [t for t in self.tokens if sentence.start <= t.start and t.end <= sentence.end]


def razdel_sentences(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.stop) for s in sentenize(text)]


# razdel's token rules look this many atoms to each side of a gap (its TokenSplitter window).
_RAZDEL_WINDOW = 3


def razdel_tokens(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """razdel's `tokenize(text)` as (start, end, text), offsets shifted by `offset`.

    The same tokens, computed with less work: razdel cuts the text into atoms (a run
    of Cyrillic, Latin or digits, or one other character), builds a split record for
    every gap between neighbours and then discards its rules' answer wherever
    whitespace fills the gap, and at the end searches each token back in the text.
    Here only gaps with no whitespace where some rule could join (`_may_join`) go to
    razdel's own rules, with the record razdel would build, and offsets come from the
    atoms. bsnlp-ru, every sentence (22,506): 2.0-2.3 -> 0.7 ms of CPU per document,
    the same tokens; `tests/annotate/test_tokens.py` keeps comparing with razdel's."""
    matches = list(ATOM.finditer(text))
    spans = [match.span() for match in matches]
    gaps = [i for i in range(1, len(spans)) if spans[i][0] == spans[i - 1][1]]  # no whitespace
    joined: set[int] = set()  # gaps (by the index of the atom after them) razdel's rules close
    atoms: dict[int, _Atom] = {}
    token_start = 0
    for index in gaps:
        if not _may_join(matches[index - 1], matches[index]):
            continue
        if index - 1 not in joined:
            token_start = spans[index - 1][0]
        window = range(max(0, index - _RAZDEL_WINDOW), min(len(matches), index + _RAZDEL_WINDOW))
        for i in window:
            if i not in atoms:
                atoms[i] = _Atom(matches[i])
        split = TokenSplit(
            [atoms[i] for i in window if i < index], "", [atoms[i] for i in window if i >= index]
        )
        split.buffer = text[token_start : spans[index][0]]
        if tokenize.join(split):
            joined.add(index)
    if not joined:
        return [(start + offset, end + offset, text[start:end]) for start, end in spans]
    out = []
    start = spans[0][0]
    for index in range(1, len(spans) + 1):
        if index in joined:
            continue
        end = spans[index - 1][1]
        out.append((start + offset, end + offset, text[start:end]))
        if index < len(spans):
            start = spans[index][0]
    return out


# What razdel's token rules (razdel 0.5, `segmenters/tokenize.py`) need to see on one
# side of a gap to join it: a dash (DashRule), "_", "/" or "\\" (underscore, fraction),
# "!" (yahoo); "." and "," join only digits (FloatRule); two punctuation marks (punct)
# or a character of no class (other).
_JOINERS = frozenset(DASHES) | {"_", "/", "\\", "!"}
_DECIMAL_MARKS = (".", ",")


def _may_join(left: re.Match[str], right: re.Match[str]) -> bool:
    """False where none of razdel's token rules can join two touching atoms (the common
    "word," and "word."); the rest are put to razdel's rules themselves."""
    left_type, right_type = left.lastgroup, right.lastgroup
    if left_type == "OTHER" or right_type == "OTHER" or left_type == right_type == "PUNCT":
        return True
    left_text, right_text = left.group(), right.group()
    if left_text in _JOINERS or right_text in _JOINERS:
        return True
    return (right_text in _DECIMAL_MARKS and left_type == "INT") or (
        left_text in _DECIMAL_MARKS and right_type == "INT"
    )


class _Atom:
    """What razdel's token rules read of an atom (its `Atom` record, without the record machinery)."""

    __slots__ = ("start", "stop", "type", "text", "normal")

    def __init__(self, match: re.Match[str]) -> None:
        self.start, self.stop = match.span()
        self.type = match.lastgroup
        self.text = match.group()
        self.normal = self.text.lower()


MIB = 1024 * 1024
# Bytes a cached word costs, by tracemalloc (10,000 distinct bsnlp-ru forms): its
# pymorphy2 parses 1,877 (`_LargeCacheVocab.parse`); its analyses in our terms 502
# (`analyse_word`, grammeme sets shared; 2,275 with a set per analysis).
PARSE_ENTRY_BYTES = 1_900
ANALYSIS_ENTRY_BYTES = 500
# The two caches' memory in a long-lived process: ~200,000 forms (a news corpus has far
# more than natasha's 10,000, which kept lemmatisation missing: 20 % of annotation time
# on bsnlp-ru) and ~100,000 analysed words.
PARSE_CACHE_BYTES = 360 * MIB
ANALYSIS_CACHE_BYTES = 48 * MIB


class _LargeCacheVocab(MorphVocab):  # type: ignore[misc]
    """natasha's MorphVocab with a bigger cache of word parses (`PARSE_CACHE_BYTES`)."""

    def __init__(self) -> None:
        # The dictionary's path given, not discovered: pymorphy2 looks dictionaries up
        # through pkg_resources entry points, 0.15 s CPU of a one-article process.
        # Its environment variable still wins, as it does in pymorphy2.
        import pymorphy2_dicts_ru

        path = os.environ.get(PymorphyAnalyzer.DICT_PATH_ENV_VARIABLE) or pymorphy2_dicts_ru.get_path()
        PymorphyAnalyzer.__init__(self, path=path, result_type=MorphForm)

    parse = lru_cache(PARSE_CACHE_BYTES // PARSE_ENTRY_BYTES)(PymorphyAnalyzer.parse)
    __call__ = parse


class _LazyPQ(PQ):  # type: ignore[misc]
    """navec's quantised vectors without the similarity tables computed on load.

    navec precomputes every vector's norm and the centroid products for `Navec.sim`
    (0.2 s CPU of a one-article process); the taggers read only the indexes and
    codes, and word lookups only `qdims`. The tables are built, the same way, the
    first time something asks for them."""

    def precompute(self) -> None:
        self.qdims = np.arange(self.qdim)

    @cached_property
    def norm(self) -> np.ndarray:
        norm = np.sum(self.codes**2, axis=-1)
        return np.sqrt(np.sum(norm[self.qdims, self.indexes], axis=-1))

    @cached_property
    def ab(self) -> np.ndarray:
        return np.matmul(self.codes, np.transpose(self.codes, axes=[0, 2, 1]))


def news_embedding(path: str = NEWS_EMBEDDING) -> Navec:
    """natasha's news embedding (what `NewsEmbedding()` loads), read as navec's
    `Navec.load` reads it but with `_LazyPQ`."""
    with Tar(path) as tar:
        meta = Meta.from_file(tar.load(META))
        Meta.check_protocol(meta.protocol)
        vocab = Vocab.from_file(tar.load(VOCAB))
        return Navec(meta, vocab, _LazyPQ.from_file(tar.load(PQ_)))


@lru_cache(maxsize=1)
def shared_vocab() -> MorphVocab:
    """One pymorphy2 dictionary per process, shared by `NLP` and the model-free
    helpers below (the segmenter runs before any `NLP` exists)."""
    return _LargeCacheVocab()


# The only features natasha's lemmatiser compares (natasha.morph.lemma.FEATS);
# keying the lemma cache on these alone raises its hit rate.
_LEMMA_FEATS = ("Case", "Gender", "Number", "Aspect", "NumForm", "Person", "Tense", "Variant")


# One frozenset per distinct grammeme set (OpenCorpora has a few thousand), shared by
# every cached analysis: a set of its own per analysis made a cached word ~2.3 KB.
_GRAMMEMES: dict[str, frozenset[str]] = {}


def _grammemes(tag: str) -> frozenset[str]:
    tags = _GRAMMEMES.get(tag)
    if tags is None:
        tags = _GRAMMEMES[tag] = frozenset(tag.replace(" ", ",").split(","))
    return tags


@lru_cache(maxsize=ANALYSIS_CACHE_BYTES // ANALYSIS_ENTRY_BYTES)
def analyse_word(word: str) -> tuple[WordForm, ...]:
    """Every pymorphy2 analysis of `word` out of context, best first (cached; no
    models loaded, so grouping can read headlines with it)."""
    return tuple(
        WordForm(normal=p.normal_form, tags=_grammemes(str(p.tag)), score=p.score)
        for p in shared_vocab().parse(word)
    )


def word_grammemes(word: str) -> tuple[frozenset[str], ...]:
    """The grammeme sets of every pymorphy2 analysis of `word`, best first."""
    return tuple(form.tags for form in analyse_word(word))


@lru_cache(maxsize=100_000)
def is_dictionary_word(word: str) -> bool:
    """True when pymorphy2 knows `word` from its dictionary (not guessed from the suffix)."""
    return bool(shared_vocab().word_is_known(word.lower()))


class NLP:
    """Loaded natasha models. Create once per process; reuse for every document."""

    def __init__(self) -> None:
        self.embedding = news_embedding()
        self.morph = NewsMorphTagger(self.embedding)
        self.ner_tagger = NewsNERTagger(self.embedding)
        self.syntax = NewsSyntaxParser(self.embedding)
        encoder = self.morph.infer.encoder
        ids = WordIds(encoder.words_vocab, encoder.shapes_vocab)  # one word table for all three models
        self._morph = SlovnetTagger(self.morph, crf=False, ids=ids)
        self._ner = SlovnetTagger(self.ner_tagger, crf=True, ids=ids)
        self._parser = SlovnetParser(self.syntax, ids)
        self._analyse = lru_cache(maxsize=200_000)(self._analyse_uncached)
        self.vocab = shared_vocab()
        self._lemma = lru_cache(maxsize=200_000)(self._lemmatize_uncached)
        self._inflect = lru_cache(maxsize=100_000)(self._inflect_uncached)

    # ---- word level (pymorphy2)
    def _lemmatize_uncached(self, word: str, pos: str, feats: tuple[tuple[str, str], ...]) -> str:
        if pos in ("PUNCT", "NUM", "SYM", "X"):
            return word.lower()
        try:
            return str(self.vocab.lemmatize(word, pos, dict(feats))).lower()
        except Exception:  # pymorphy2 can fail on odd tokens; fall back to the form
            return word.lower()

    def lemmatize(self, word: str, pos: str, feats: dict[str, str]) -> str:
        return str(self._lemma(word, pos, _lemma_key(feats)))

    def word_forms(self, word: str) -> list[WordForm]:
        """All pymorphy2 analyses of a word, best first (cached per process)."""
        return list(analyse_word(word))

    def _inflect_uncached(self, word: str, tags: frozenset[str]) -> str | None:
        # natasha's MorphForm.inflect takes UD feats; we speak OpenCorpora grammemes.
        for parse in self.vocab.parse(word):
            form = PymorphyParse.inflect(parse, set(tags))
            if form is not None:
                return str(form.word)
        return None

    def inflect(self, word: str, tags: set[str]) -> str | None:
        """The word inflected to the grammemes `tags` (e.g. {"nomn"}), or None."""
        result = self._inflect(word, frozenset(tags))
        return None if result is None else str(result)

    def inflect_form(self, word: str, analysis: frozenset[str], tags: frozenset[str]) -> str | None:
        """`word` read as the analysis with grammemes `analysis`, inflected to `tags`.

        Picking the analysis first matters for names: "Токаев" is best read as a
        plural of "токай"; the caller chooses the Surn reading, then inflects it."""
        return self._inflect_analysis(word, analysis, tags)

    @lru_cache(maxsize=100_000)  # noqa: B019 - one NLP per process, lives as long as it
    def _inflect_analysis(self, word: str, analysis: frozenset[str], tags: frozenset[str]) -> str | None:
        for parse in self.vocab.parse(word):
            if frozenset(str(parse.tag).replace(" ", ",").split(",")) != analysis:
                continue
            form = PymorphyParse.inflect(parse, set(tags))
            return None if form is None else str(form.word)
        return None

    # ---- document level
    def parse(self, text: str, sentences: Sequence[Sentence]) -> ParsedText:
        return self.parse_many([(text, sentences)])[0]

    def parse_many(self, docs: Sequence[tuple[str, Sequence[Sentence]]]) -> list[ParsedText]:
        """Tokenise, tag morphology and run NER for many documents at once.

        NER and morphology run per sentence (the segments given), batched across
        documents, so a run-in heading split off by the segmenter cannot be glued
        to the next sentence by the tagger. Each sentence is tokenised once, by
        razdel, and both taggers read those tokens (slovnet's NER would otherwise
        tokenise the text again and search the words back in it).
        """
        chunks: list[tuple[int, list[tuple[int, int, str]]]] = []  # (doc index, tokens)
        for di, (text, sentences) in enumerate(docs):
            for s in sentences:
                chunks.append((di, razdel_tokens(text[s.start : s.end], s.start)))
        results = [ParsedText(text, list(sents), [], []) for text, sents in docs]
        words = [[w[2] for w in tokens] for _, tokens in chunks]
        morph_tags, ner_tags = tag_together([self._morph, self._ner], words)
        for (di, tokens), tags, bio in zip(chunks, morph_tags, ner_tags, strict=True):
            out = results[di].tokens
            for (start, end, word), tag in zip(tokens, tags, strict=True):
                lemma, pos, feats = self._analyse(word, tag)
                out.append(ParsedToken(start, end, word, lemma, pos, feats))
            results[di].ner.extend(bio_spans(tokens, bio))
        return results

    def parse_syntax(self, items: Sequence[tuple[ParsedText, Sentence]]) -> None:
        """Fill `head` and `rel` of the tokens of each (document, sentence) given.

        slovnet's syntax model is dearer per word than morphology and NER, so the
        caller picks the sentences that need a parse (those with figures); the
        words are the tokens we already have, batched across documents
        (`parser.SlovnetParser`, not natasha's per-batch-of-8 path)."""
        spans: list[list[int]] = []
        starts: dict[int, list[int]] = {}  # per document: token starts, for bisecting sentences
        for parsed, sentence in items:
            keys = starts.get(id(parsed))
            if keys is None:  # once per document, not per sentence (issue #15: linear time)
                keys = starts[id(parsed)] = [t.start for t in parsed.tokens]
            lo, hi = bisect_left(keys, sentence.start), bisect_left(keys, sentence.end)
            spans.append([i for i in range(lo, hi) if parsed.tokens[i].end <= sentence.end])
        work = [(parsed, idx) for (parsed, _), idx in zip(items, spans, strict=True) if idx]
        words = [[parsed.tokens[i].text for i in idx] for parsed, idx in work]
        for (parsed, idx), arcs in zip(work, self._parser.parse(words), strict=True):
            for i, (head, rel) in zip(idx, arcs, strict=True):
                parsed.tokens[i].head = idx[head - 1] if 0 < head <= len(idx) else None
                parsed.tokens[i].rel = rel

    def _analyse_uncached(self, word: str, tag: str) -> tuple[str, str, dict[str, str]]:
        pos, items, key = _tag_parts(tag)
        return str(self._lemma(word, pos, key)), pos, dict(items)


def _lemma_key(feats: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The features natasha's lemmatiser compares, as the lemma cache's key."""
    return tuple((name, feats[name]) for name in _LEMMA_FEATS if name in feats)


# Distinct morphology tags whose reading is kept: the tagger's vocabulary has a few
# hundred, so this only bounds a mistake.
TAG_PARTS_CACHED = 4_096


@lru_cache(maxsize=TAG_PARTS_CACHED)
def _tag_parts(tag: str) -> tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """A morphology tag's part of speech, its features (as items: each token gets a dict
    of its own) and its lemma key, read once per tag rather than once per (word, tag):
    `conll_tag` and the key were a sixth of a lemmatisation miss on bsnlp-ru (py-spy,
    round 11), and a miss is a distinct (word, tag) pair, ~12 % of a worker's CPU."""
    pos, feats = conll_tag(tag)
    return pos, tuple(feats.items()), _lemma_key(feats)
