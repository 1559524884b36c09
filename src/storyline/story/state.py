"""A story's intelligence kept between additions: the fold behind `build_story`.

Story intelligence is defined as a fold over the story's articles in reading
order. Each article is judged against what came before it, with the story's
IDF as of that article (the words a reader had met so often they say little):

- novelty: its sentences against an inverted index of the earlier sentences;
- timeline: its dated sentences join or open events (`story.timeline_fold`);
- summary and title: its sentences' scores enter, and the sentences of other
  articles that share a feature with it for the first time gain "told
  elsewhere" (`story.summary_fold`).

- ledger: its figures join the facts they touch (`story.ledger_fold`: only the
  connected parts and fact groups whose figures changed are redone).

The rest is cheap to redo from the kept per-article parts on every addition
and is redone whole: site furniture (repetition counts over the story), figure
updates in the novelty marks, quotes, the story's entities.

`build_story` (a rebuild) is the fold from an empty state. `StoryState.extend`
adds articles that come after every folded one in reading order, touching only
what they change. An article that sorts before folded ones (a late arrival, as
archives and feeds deliver them), or whose sentences turn an earlier article's
sentence into furniture, changes the steps of the articles after that place:
the fold is rolled back to it (every step keeps what it changed: the IDF counts,
the sentence index, verbatim texts, marks and links, the timeline's journal, the
summary's undo records) and those articles are folded again after it. The cost
is the articles after the place, not the story; the result equals a rebuild
either way. `extend` refuses (False) only an article already folded.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from storyline.isodate import PartialDate, parse_iso
from storyline.model import Article, Entity, Evidence, Fact, QuoteMention, SentenceNovelty, Story, StoryQuote
from storyline.story.features import SentenceInfo, sentence_infos
from storyline.story.furniture import FURNITURE, is_furniture, repeated_already, signature, trim_datelines
from storyline.story.ledger_fold import LedgerFold
from storyline.story.novelty import _BARS, _article_ids, _edited, _normal_text, judge
from storyline.story.order import effective_day, reading_key
from storyline.story.similarity import Idf, SentenceIndex
from storyline.story.summary_fold import SummaryFold
from storyline.story.timeline_fold import TimelineFold

Key = tuple[str, int]


@dataclass
class StoryResult:
    story: Story  # the input skeleton with title, summary, entity_ids, timeline, facts, quotes filled
    novelty: dict[str, list[SentenceNovelty]]  # per article id: one mark per annotated sentence
    summary_sentences: list[Evidence] = field(default_factory=list)  # where each summary sentence comes from


class GrowingIdf(Idf):
    """The story's IDF over the sentences added so far; weights follow every addition."""

    def __init__(self) -> None:
        super().__init__(())
        self._lazy = _LazyWeights(self.df, self.n, self._unseen)

    def add(self, sentences: Iterable[SentenceInfo]) -> None:
        for s in sentences:
            self.n += 1
            self.df.update(s.content)
        self._unseen = Idf.unseen_weight(self.n)
        self._lazy = _LazyWeights(self.df, self.n, self._unseen)

    def remove(self, sentences: Iterable[SentenceInfo]) -> None:
        """Take back sentences `add`ed before: integer counts, so exactly the IDF before them."""
        df = self.df
        for s in sentences:
            self.n -= 1
            for f in s.content:
                df[f] -= 1
                if not df[f]:
                    del df[f]
        self._unseen = Idf.unseen_weight(self.n)
        self._lazy = _LazyWeights(self.df, self.n, self._unseen)

    def weight(self, lemma: str) -> float:
        return self._lazy[lemma]

    def mass(self, lemmas: Iterable[str], weights: dict[str, float] | None = None) -> float:
        get = self._lazy.__getitem__
        if not weights:  # x * 1.0 == x: the same sum, without a product per feature
            return sum(map(get, lemmas))
        return sum(get(x) * weights.get(x, 1.0) for x in lemmas)

    def cover(self, a: SentenceInfo, b: SentenceInfo, *, figures: bool = True) -> float:
        """`Idf.cover`, with a's weighted features kept for the moment: the novelty test
        compares one sentence with up to hundreds of candidates under the same weights
        (bsnlp-ru: 720k covers, 60% of the fold's CPU). Same sums in the same order, so
        the same floats."""
        covers = self._lazy.covers
        entry = covers.get((id(a), figures))
        if entry is None or entry[0] is not a:
            own = a.content if figures else frozenset(x for x in a.content if not x.startswith("#"))
            get, w = self._lazy.__getitem__, a.weights
            parts = {x: get(x) * w.get(x, 1.0) for x in own}
            entry = (a, own, parts, sum(parts.values()))
            covers[(id(a), figures)] = entry
        _, own, parts, total = entry
        if total == 0:
            return 0.0
        return sum(map(parts.__getitem__, own & b.content)) / total


class _LazyWeights(dict[str, float]):
    """The weights of one moment, computed on first use: a 2,000-article story has 10^5
    features, and most additions look at a few thousand of them."""

    def __init__(self, df: Counter[str], n: int, unseen: float) -> None:
        super().__init__()
        # The IDF's counts as of this moment (a new object is made on every change), not
        # the IDF itself: `GrowingIdf._lazy` -> `idf` was a reference cycle, so a dropped
        # story state left its IDF, these covers and the sentences they hold (with their
        # tokens) to the cyclic collector, which the annotation pool's thresholds make
        # rare: the watcher held ~40,000 such sentences at 2,000 articles (docs/watch.md).
        self.df, self.n, self.unseen = df, n, unseen
        # (id(sentence), with figures) -> (sentence, its features, their weighted masses,
        # total): what `GrowingIdf.cover` reuses while the weights stay (the sentence is
        # held, so its id cannot be reused meanwhile)
        self.covers: dict[tuple[int, bool], tuple[SentenceInfo, frozenset[str], dict[str, float], float]] = {}

    def __missing__(self, key: str) -> float:
        c = self.df.get(key)
        w = self.unseen if c is None else Idf.weight_of(self.n, c)
        self[key] = w
        return w


class StoryState:
    """One story's folded articles and what each step kept about them."""

    def __init__(self, story_id: str) -> None:
        self.story_id = story_id
        self.articles: list[Article] = []
        self.keys: list[tuple[int, date, int, str, int, str]] = []
        self.infos: dict[str, list[SentenceInfo]] = {}
        self.where: dict[str, set[str]] = {}  # furniture signature -> articles using it
        self.by_signature: dict[str, list[SentenceInfo]] = {}  # signature -> sentences with it
        self.sources: dict[str, str] = {}
        self.idf = GrowingIdf()
        self.index = SentenceIndex(self.idf)
        self.said: dict[str, list[SentenceInfo]] = {}
        self.known_dates: frozenset[str] = frozenset()
        self.marks: dict[str, list[SentenceNovelty]] = {}  # novelty before figure updates
        self.links: dict[Key, list[Key]] = {}
        self.timeline = TimelineFold()
        self.summary = SummaryFold()
        self.ledger = LedgerFold()  # the ledger's steps, redone for what an addition touches
        self.days: dict[str, date | None] = {}
        self.published: dict[str, date] = {}
        self.first_published: PartialDate | None = None
        self.entity_counts: Counter[str] = Counter()
        self.entity_first: dict[str, int] = {}
        self.entity_refs: set[str] = set()  # every entity id the story's annotations name
        self.updated_marks: dict[Key, tuple[str, list[str]]] = {}  # last figure-update overlay
        self.changed: set[str] = set()  # articles whose novelty changed since the last result
        self.sentence_count = 0
        self.quotes: dict[str, list[QuoteMention]] = {}  # per article: its quotes outside furniture
        # per article: its quotes as the story shows them, with the speaker entities' names
        # they were shown with (a renamed entity shows them again); a story's ~10^4 quotes
        # are then not made again on every addition
        self.shown_quotes: dict[str, tuple[list[tuple[str, str | None]], list[StoryQuote]]] = {}
        # Per folded article (reading position), to take its fold back: the dates it made
        # known, the earliest publication before it, the entities it named first.
        self.dates_added: list[frozenset[str]] = []
        self.first_before: list[PartialDate | None] = []
        self.entities_added: list[list[str]] = []
        self.refolded = 0  # articles folded again after a late arrival (for tests and benchmarks)

    @property
    def article_ids(self) -> set[str]:
        return {a.id for a in self.articles}

    # ------------------------------------------------------------------ building
    @classmethod
    def rebuild(cls, story_id: str, articles: Sequence[Article]) -> StoryState:
        state = cls(story_id)
        ordered = sorted(articles, key=reading_key)
        infos = {a.id: sentence_infos(a) for a in ordered}
        for a in ordered:
            state._index_furniture(a, infos[a.id])
        for a in ordered:
            state._mark_furniture(infos[a.id])
        for a in ordered:
            state._fold(a, infos[a.id])
        return state

    def extend(self, articles: Sequence[Article]) -> bool:
        """Fold in new articles wherever they fall in reading order (see the module's
        docstring); False (state unchanged) if one of them is folded already."""
        if not articles:
            return True
        ordered = sorted(articles, key=reading_key)
        if self.article_ids & {a.id for a in ordered}:
            return False
        position = bisect_left(self.keys, reading_key(ordered[0]))  # the first step that changes
        infos = {a.id: sentence_infos(a) for a in ordered}
        # Only the signatures the new articles use change their counts: copy just those.
        where: dict[str, set[str]] = {}
        sources = dict(self.sources)
        for a in ordered:
            sources[a.id] = a.source or a.id
            trim_datelines(infos[a.id])
            for s in infos[a.id]:
                sig = signature(s)
                if sig not in where:
                    where[sig] = set(self.where.get(sig, ()))
                where[sig].add(a.id)
        merged = _Overlay(self.where, where)
        # Folded sentences that the new ones turn into furniture: their articles' steps change.
        becoming = [
            s
            for sig in where
            if not repeated_already(self.where.get(sig, ()))
            for s in self.by_signature.get(sig, ())
            if s.kind != FURNITURE and is_furniture(s, merged, sources)
        ]
        position = min([position, *(s.position for s in becoming)])
        self.where.update(where)
        self.sources = sources
        for a in ordered:
            self._signatures(infos[a.id])
        for s in becoming:
            s.kind = FURNITURE
            self.ledger.forget(s.article_id)  # its figures outside furniture change
            self.quotes.pop(s.article_id, None)  # its quotes outside furniture change
            self.shown_quotes.pop(s.article_id, None)
        for a in ordered:
            self._mark_furniture(infos[a.id])
        changed, before = set(self.changed), dict(self.marks)
        tail = self._rollback(position)
        for a in sorted([*tail, *ordered], key=reading_key):
            self._fold(a, self.infos[a.id] if a.id in self.infos else infos[a.id])
        self.refolded += len(tail)
        # an article folded again whose marks came out the same has nothing new to write
        self.changed = (
            changed | {a.id for a in ordered} | {a.id for a in tail if self.marks[a.id] != before[a.id]}
        )
        return True

    def _rollback(self, position: int) -> list[Article]:
        """Undo the folds of the articles at reading positions `position` and after; they
        are returned (in reading order) to be folded again. Their sentence infos stay."""
        tail = self.articles[position:]
        if not tail:
            return []
        self.timeline.rollback(position)
        self.summary.rollback(position)
        for article in reversed(tail):
            sentences = self.infos[article.id]
            for s in reversed(sentences):
                text = _normal_text(s.text)
                same = self.said[text]
                same.pop()
                if not same:
                    del self.said[text]
                self.links.pop(s.key, None)
            self.index.drop_last(sentences)
            self.idf.remove(sentences)
            self.sentence_count -= len(sentences)
            self.known_dates = self.known_dates - self.dates_added.pop()
            self.first_published = self.first_before.pop()
            del self.marks[article.id]
            self.days.pop(article.id, None)
            self.published.pop(article.id, None)
            ann = article.annotation
            for m in ann.entities if ann is not None else ():
                if m.entity_id and not m.nested:
                    self.entity_counts[m.entity_id] -= 1
                    if not self.entity_counts[m.entity_id]:
                        del self.entity_counts[m.entity_id]
            for entity_id in self.entities_added.pop():
                del self.entity_first[entity_id]
        del self.articles[position:]
        del self.keys[position:]
        return tail

    def _index_furniture(self, article: Article, sentences: list[SentenceInfo]) -> None:
        self.sources[article.id] = article.source or article.id
        trim_datelines(sentences)
        signatures = [signature(s) for s in sentences]  # once a sentence, for both indexes
        for sig in signatures:
            self.where.setdefault(sig, set()).add(article.id)
        for s, sig in zip(sentences, signatures, strict=True):
            self.by_signature.setdefault(sig, []).append(s)

    def _signatures(self, sentences: list[SentenceInfo]) -> None:
        for s in sentences:
            self.by_signature.setdefault(signature(s), []).append(s)

    def _mark_furniture(self, sentences: list[SentenceInfo]) -> None:
        for s in sentences:
            if s.kind != FURNITURE and is_furniture(s, self.where, self.sources):
                s.kind = FURNITURE

    def _fold(self, article: Article, sentences: list[SentenceInfo]) -> None:
        position = len(self.articles)
        for s in sentences:
            s.position = position
        self.articles.append(article)
        self.keys.append(reading_key(article))
        self.infos[article.id] = sentences
        self.sentence_count += len(sentences)
        self.idf.add(sentences)
        self._novelty(article, sentences)
        self.days[article.id] = effective_day(article)[0]
        day = _day(article.published)
        if day is not None:
            self.published[article.id] = day
        published = parse_iso(article.published)
        self.first_before.append(self.first_published)
        if published is not None and (
            self.first_published is None or published.first_day() < self.first_published.first_day()
        ):
            self.first_published = published
        ann = article.annotation
        written = _day(ann.written) if ann is not None else None
        told = _day(ann.told) if ann is not None else None
        self.timeline.add_article(sentences, self.links, self.idf, self.published, written, told)
        self.summary.add_article(article, sentences, self.marks[article.id], self.links, self.idf)
        self._entities(article)
        self.changed.add(article.id)

    def _novelty(self, article: Article, sentences: list[SentenceInfo]) -> None:
        """`story.novelty.compute_novelty`'s step for one article."""
        marks: list[SentenceNovelty] = []
        duplicate = article.duplicate_of
        edited = _edited(article)
        texts = [_normal_text(s.text) for s in sentences]  # once a sentence: looked up, then added
        for s, text in zip(sentences, texts, strict=True):
            verbatim = self.said.get(text, [])
            if verbatim:  # the same words, even "Об этом" or "Источник:" with no content to compare
                label, matched, echoes = "repeated", verbatim, verbatim
            else:
                label, matched, echoes = judge(s, self.index.candidates(s, _BARS), self.idf, self.known_dates)
            if duplicate and label == "new":
                label, matched = "repeated", []
            if label == "new" and any(a < s.end and s.start < b for a, b in edited):
                label = "updated"  # changed by the article's own edit (a new version from the watcher)
            repeats = _article_ids(matched)
            if label == "repeated" and not repeats and duplicate:
                repeats = [duplicate]
            marks.append(SentenceNovelty(article.id, s.index, label, repeats))  # type: ignore[arg-type]
            if echoes:
                self.links[s.key] = [m.key for m in echoes]
        self.marks[article.id] = marks
        self.index.add(sentences)
        for s, text in zip(sentences, texts, strict=True):
            self.said.setdefault(text, []).append(s)
        dates = frozenset(f for s in sentences for f in s.content if f.startswith("@"))
        self.dates_added.append(dates - self.known_dates)
        self.known_dates |= dates

    def _entities(self, article: Article) -> None:
        ann = article.annotation
        added: list[str] = []
        self.entities_added.append(added)
        if ann is None:
            return
        for m in ann.entities:
            if m.entity_id and not m.nested:  # "России" in "МИД России": the ministry counts
                self.entity_counts[m.entity_id] += 1
                if m.entity_id not in self.entity_first:
                    self.entity_first[m.entity_id] = len(self.entity_first)
                    added.append(m.entity_id)
        self.entity_refs.update(m.entity_id for m in ann.entities if m.entity_id)
        self.entity_refs.update(q.subject_entity_id for q in ann.quantities if q.subject_entity_id)
        self.entity_refs.update(q.speaker_entity_id for q in ann.quotes if q.speaker_entity_id)

    # ------------------------------------------------------------------ output
    def result(self, story: Story, entities: Mapping[str, Entity]) -> StoryResult:
        """The story's intelligence now. `novelty` holds the marks of the articles whose
        marks changed since the last call (every article after a rebuild)."""
        facts = self.ledger.build(story.id, self.articles, self.infos, entities, self.days)
        overlay = self._figure_updates(facts)
        old = self.updated_marks
        self.changed |= {k[0] for k in set(overlay) | set(old) if overlay.get(k) != old.get(k)}
        self.updated_marks = overlay
        scored = self.summary.scored({k for k, v in overlay.items() if v[0] == "updated"})
        summary, evidence = self.summary.summary(scored, self.idf)
        start = min(
            (d for d in (parse_iso(story.first_published), self.first_published) if d),
            key=lambda d: d.first_day(),
            default=None,
        )
        built = replace(
            story,
            title=self.summary.title(scored) or story.title,
            summary=summary,
            entity_ids=sorted(
                self.entity_counts, key=lambda e: (-self.entity_counts[e], self.entity_first[e])
            ),
            timeline=self.timeline.timeline(start.first_day() if start else None, self.idf),
            facts=facts,
            quotes=self._quotes(entities),
        )
        novelty = {aid: self.final_marks(aid) for aid in sorted(self.changed) if aid in self.marks}
        self.changed = set()
        return StoryResult(story=built, novelty=novelty, summary_sentences=evidence)

    def final_marks(self, article_id: str) -> list[SentenceNovelty]:
        """An article's novelty marks with the figure updates of the ledger applied."""
        out = []
        for m in self.marks[article_id]:
            over = self.updated_marks.get((article_id, m.index))
            if over is not None:
                out.append(SentenceNovelty(article_id, m.index, over[0], list(over[1])))  # type: ignore[arg-type]
            else:
                out.append(SentenceNovelty(article_id, m.index, m.novelty, list(m.repeats)))
        return out

    def _figure_updates(self, facts: Sequence[Fact]) -> dict[Key, tuple[str, list[str]]]:
        """A sentence whose figure replaces an earlier article's figure for the same fact is
        `updated`, even when its wording differs too much for the sentence comparison to see it."""
        position = {a.id: i for i, a in enumerate(self.articles)}
        overlay: dict[Key, tuple[str, list[str]]] = {}
        for fact in facts:
            if fact.status != "updated":
                continue
            for i, v in enumerate(fact.values):
                earlier = [
                    w
                    for w in fact.values[:i]
                    if position.get(w.article_id, -1) < position.get(v.article_id, -1)
                    and (w.value, w.value_min, w.value_max) != (v.value, v.value_min, v.value_max)
                ]
                if not earlier or v.article_id not in self.marks:
                    continue
                for s, mark in zip(self.infos[v.article_id], self.marks[v.article_id], strict=True):
                    key = (v.article_id, mark.index)
                    if s.start <= v.start < s.end and mark.novelty == "new" and key not in overlay:
                        overlay[key] = ("updated", list(dict.fromkeys(w.article_id for w in earlier)))
        return overlay

    def _quotes(self, entities: Mapping[str, Entity]) -> list[StoryQuote]:
        out: list[StoryQuote] = []
        for article in self.articles:
            shown = self.shown_quotes.get(article.id)
            if shown is not None and all(
                (entities[e].name if e in entities else None) == name for e, name in shown[0]
            ):
                out.extend(shown[1])
                continue
            kept = self.quotes.get(article.id)
            if kept is None:
                furniture = [(s.start, s.end) for s in self.infos[article.id] if s.kind == FURNITURE]
                ann = article.annotation
                kept = [
                    q
                    for q in sorted(ann.quotes if ann else [], key=lambda q: q.start)
                    if not any(a <= q.start < b for a, b in furniture)  # page chrome is nobody's words
                ]
                self.quotes[article.id] = kept
            names: list[tuple[str, str | None]] = []  # the entity names the quotes were shown with
            mine = []
            for q in kept:
                speaker = q.speaker_text or q.speaker
                if speaker is None and q.speaker_entity_id:
                    found = entities.get(q.speaker_entity_id)
                    names.append((q.speaker_entity_id, found.name if found is not None else None))
                    if found is not None:
                        speaker = found.name
                mine.append(StoryQuote(article.id, q.start, q.end, q.speaker_entity_id, speaker, q.kind))
            self.shown_quotes[article.id] = (names, mine)
            out.extend(mine)
        return out


class _Overlay(dict[str, set[str]]):
    """`where` with some signatures' article sets replaced, without copying the rest."""

    def __init__(self, base: Mapping[str, set[str]], changed: Mapping[str, set[str]]) -> None:
        super().__init__(changed)
        self.base = base

    def get(self, key: str, default: set[str] | None = None) -> set[str] | None:  # type: ignore[override]
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        return self.base.get(key, default)


def _day(published: str | None) -> date | None:
    """The publication day, when the article gives one (a month says no day)."""
    value = parse_iso(published)
    return value.first_day() if value is not None and value.precision == "day" else None
