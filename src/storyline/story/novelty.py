"""Per-sentence novelty: new, repeated (background given before) or updated.

A sentence is compared with every sentence of the articles before it in
reading order. If an earlier sentence already carries most of its content
(IDF-weighted containment) and every figure it gives, it is `repeated`; if it
carries the content but the figures changed ("три страны" -> "пять стран"),
it is `updated`; otherwise it is `new`. A near-duplicate article
(`duplicate_of`) repeats its original wholesale. In an article edited after it
was stored (a new version from the feed watcher), a sentence inside one of the
edit's changed spans (`meta["edited_spans"]`) that no earlier article repeats
is `updated`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline.model import Article, SentenceNovelty
from storyline.story.features import SentenceInfo, norm_lemma
from storyline.story.similarity import Idf, SentenceIndex

# Containment needed to call a sentence repeated. On the five seeds (real
# annotations) the restatements in later articles — word order changed,
# "Митинги" for "Протесты", "2022 года" added or dropped — score 0.61–1.0, and
# the text sentences that are new but share the story's vocabulary at most
# 0.53 ("Тогда Токаев назвал «террористами» демонстрантов, которые …",
# "Депутаты парламента 7 января собрались …"); 0.6 sits in that gap. On a
# sample of bsnlp Brexit sentences it errs towards `new` (see
# docs/story-intelligence.md).
REPEAT_COVER = 0.6
# Updates reword more than restatements, and must also change a figure. The
# seeds' two updated claims ("высказали пять стран …", "… четыре страны …")
# score 0.83 and 0.93 on their wording alone; 0.5 leaves room for heavier
# rewording while the changed figure guards against chance matches.
UPDATE_COVER = 0.5
# Sentences lighter than this IDF mass (one or two of the story's common
# words: a word in a third of the sentences weighs ~2.1) are only repeated
# when an earlier sentence holds all their content: "Он привел пример." must
# not be matched by chance.
MIN_MASS = 4.0
FULL_COVER = 0.999
_BARS = ((REPEAT_COVER, True), (UPDATE_COVER, False))  # what a candidate must be able to reach


@dataclass
class NoveltyResult:
    marks: dict[str, list[SentenceNovelty]]
    # sentence key -> earlier sentence keys telling the same (repeated, updated, or now dated)
    links: dict[tuple[str, int], list[tuple[str, int]]] = field(default_factory=dict)


def _figures_kept(s: SentenceInfo, earlier: SentenceInfo) -> bool:
    return s.numbers <= earlier.numbers


def _dates_known(s: SentenceInfo, earlier: SentenceInfo, known: frozenset[str]) -> bool:
    """A date the earlier sentence lacks is fine if the story told it before ("…, которые
    начались 2 января"); a date nobody gave yet ("до 19 января") is new information."""
    return all(f in known for f in s.content - earlier.content if f.startswith("@"))


# Words that put the verb after them in the future or in doubt. A restatement
# that asserts the same verb without them reports a changed status
# ("Кыргызстан может направить войска" -> "Кыргызстан направил войска"):
# updated, not repeated. Only a cue right before a verb both sentences share
# counts — a "может" elsewhere in the sentence made 14 false updates on bsnlp Brexit.
PROVISIONAL = frozenset(
    "будет будут может могут планирует планируют намерен намерена намерены собирается собираются "
    "хочет хотят готов готова готовы предлагает предлагают предложил предложила предложили".split()
)


def _status_changed(s: SentenceInfo, earlier: SentenceInfo) -> bool:
    verbs = {norm_lemma(t.lemma) for t in s.verbs()}
    cues = {t.text.lower() for t in s.tokens}
    tokens = earlier.tokens
    for i, tok in enumerate(tokens[:-1]):
        if tok.text.lower() in PROVISIONAL and tok.text.lower() not in cues:
            nxt = tokens[i + 1]
            if nxt.pos == "VERB" and norm_lemma(nxt.lemma) in verbs:
                return True
    return False


def judge(
    s: SentenceInfo, candidates: Sequence[SentenceInfo], idf: Idf, known_dates: frozenset[str] = frozenset()
) -> tuple[str, list[SentenceInfo], list[SentenceInfo]]:
    """Novelty of one sentence against earlier sentences: (label, the earlier sentences it
    restates or updates, and those it restates but for adding a date nobody gave)."""
    if not s.content:
        return "new", [], []
    # Headings and captions are short and name things rather than report them:
    # they repeat only what an earlier sentence carries in full.
    bar = REPEAT_COVER if s.kind == "text" else FULL_COVER
    light = idf.mass(s.content) < MIN_MASS
    repeats: list[SentenceInfo] = []
    updates: list[SentenceInfo] = []
    dated: list[SentenceInfo] = []  # same happening, now with its date: new, yet the same event
    for e in candidates:
        if light:
            if s.content <= e.content and _figures_kept(s, e) and _dates_known(s, e, known_dates):
                repeats.append(e)
            continue
        if _figures_kept(s, e):
            if idf.cover(s, e) >= bar:
                if _status_changed(s, e):
                    updates.append(e)
                else:
                    (repeats if _dates_known(s, e, known_dates) else dated).append(e)
        elif e.numbers and s.kind == "text" and idf.cover(s, e, figures=False) >= UPDATE_COVER:
            updates.append(e)
    if repeats:
        return "repeated", repeats, repeats
    if updates:
        return "updated", updates, updates + dated
    return "new", [], dated


def _normal_text(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower().replace("ё", "е")))


def _article_ids(sentences: Sequence[SentenceInfo]) -> list[str]:
    ordered = sorted(sentences, key=lambda x: (x.position, x.index))
    return list(dict.fromkeys(x.article_id for x in ordered))


def _edited(article: Article) -> list[tuple[int, int]]:
    spans = article.meta.get("edited_spans") if isinstance(article.meta, dict) else None
    if not isinstance(spans, list):
        return []
    return [(int(p[0]), int(p[1])) for p in spans if isinstance(p, list | tuple) and len(p) == 2]


def compute_novelty(
    ordered: Sequence[Article], infos: dict[str, list[SentenceInfo]], idf: Idf
) -> NoveltyResult:
    """Novelty marks for every sentence of every article, in reading order."""
    index = SentenceIndex(idf)
    result = NoveltyResult(marks={})
    known_dates: frozenset[str] = frozenset()
    said: dict[str, list[SentenceInfo]] = {}  # normalised text -> earlier sentences saying it verbatim
    for article in ordered:
        sentences = infos.get(article.id, [])
        marks: list[SentenceNovelty] = []
        duplicate = article.duplicate_of
        edited = _edited(article)
        for s in sentences:
            verbatim = said.get(_normal_text(s.text), [])
            if verbatim:  # the same words, even "Об этом" or "Источник:" with no content to compare
                label, matched, echoes = "repeated", verbatim, verbatim
            else:
                label, matched, echoes = judge(s, index.candidates(s, _BARS), idf, known_dates)
            if duplicate and label == "new":
                label, matched = "repeated", []
            if label == "new" and any(a < s.end and s.start < b for a, b in edited):
                label = "updated"  # changed by the article's own edit
            repeats = _article_ids(matched)
            if label == "repeated" and not repeats and duplicate:
                repeats = [duplicate]
            marks.append(SentenceNovelty(article.id, s.index, label, repeats))  # type: ignore[arg-type]
            if echoes:
                result.links[s.key] = [m.key for m in echoes]
        result.marks[article.id] = marks
        index.add(sentences)
        for s in sentences:
            said.setdefault(_normal_text(s.text), []).append(s)
        known_dates |= {f for s in sentences for f in s.content if f.startswith("@")}
    return result
