"""The thread step: the thread an article joins (candidate search and scoring) or none,
the merge of a second thread the article bridges, the title furniture check and the
thread counts of entities and lemmas (spread)."""

from __future__ import annotations

import dataclasses

from storyline.group.features import Features, event_day
from storyline.group.furniture import is_furniture, title_key, untitled
from storyline.group.profile import Profile
from storyline.group.similarity import Query, quote_origins, thread_cuts, thread_score, weighted
from storyline.group.story_step import StoryStep
from storyline.group.vocab import Vocabulary
from storyline.model import Article

# `Params.thread_entity_idf`, `Params.thread_term_idf`: weigh a key by the threads it spans.
SPREAD = "threads"
# `Params.thread_quote_days`: a quote key counts only on the day it was first said.
FIRST_DAY = "first"


def entity_weights(feats: Features) -> dict[str, float]:
    """An article's entity vector before IDF: 1 plus a fifth per mention, up to 5 mentions."""
    return {e: 1.0 + min(n, 5) / 5 for e, n in feats.entities.items()}


class ThreadStep(StoryStep):
    """Thread choice and thread merges; `Grouper` builds on it."""

    def _choose_thread(self, article: Article, q: Query) -> Profile | None:
        original = self._thread_of(article.duplicate_of) if article.duplicate_of else None
        if original is not None:
            return self.threads[original]
        if not q.vec:
            return None
        week = q.feats.day // 7 if q.feats.day is not None else None
        found = self.thread_index.candidates(
            self._query_keys(q), week, lambda i: i in self.threads, self.params.thread_candidates
        )
        tq, term_vocab, entity_vocab = self._thread_query(q)
        tq = self.quote_days(tq, found)
        scored = sorted(
            ((thread_score(tq, self.threads[t], term_vocab, entity_vocab, self.params), t) for t in found),
            key=lambda st: (-st[0], st[1]),
        )
        join, merge = thread_cuts(q, self.params)
        if not scored or scored[0][0] < join:
            return None
        best = self.threads[scored[0][1]]
        for score, tid in scored[1:]:
            if score < merge:
                break
            other = self.threads.get(tid)
            if other is None or not self._same_whole(best, other, self.params.thread_pair_threshold):
                continue
            if other.parent != best.parent and not self._same_whole(
                self.stories[best.parent or ""],
                self.stories[other.parent or ""],
                self.params.story_pair_threshold,
            ):
                continue  # one thread may not drag two unlike stories together
            if (
                other.parent != best.parent
                and self.params.story_core_threads
                and not self._cores_agree(self.stories[best.parent or ""], self.stories[other.parent or ""])
            ):
                continue  # nor two stories whose cores are two developments
            best = self._merge_threads(best, other, article.id)
        return best

    def quote_days(self, q: Query, found: list[str]) -> Query:
        """The query with its day-aware quote keys (`Params.thread_quote_days`): the day it
        reports and the first day the candidate threads said each of its quote keys."""
        if self.params.thread_quote_days != FIRST_DAY or not q.feats.quotes:
            return q
        day = event_day(q.feats)
        if day is None:
            return q
        origin = quote_origins(q, (self.threads[t] for t in found if t in self.threads))
        return dataclasses.replace(q, quote_day=day, quote_origin=origin)

    def _without_furniture(self, article: Article) -> Article:
        """Count the article's title; grouped without it when it is site furniture."""
        key = title_key(article.title)
        if not key:
            return article
        bearers = self.titles.df.get(key, 0)
        self.titles.df[key] = bearers + 1
        self.titles.changed.add(key)
        return untitled(article) if is_furniture(article, bearers) else article

    def _thread_query(self, q: Query) -> tuple[Query, Vocabulary, Vocabulary]:
        """The query and the lemma and entity vocabularies the thread decision weighs with:
        by documents (the corpus IDF) or by the threads a key spans
        (`Params.thread_entity_idf`, `Params.thread_term_idf`)."""
        terms, entities = self.vocab, self.entity_vocab
        if self.params.thread_entity_idf == SPREAD and q.entities:
            q = dataclasses.replace(q, entities=weighted(entity_weights(q.feats), self.spread))
            entities = self.spread
        if self.params.thread_term_idf == SPREAD:
            terms = self.term_spread
        if self.params.thread_idf_offset:
            terms = terms.raised(self.params.thread_idf_offset)
        if self.params.thread_background_docs and self.params.thread_background is not None:
            terms = terms.backed(*self._background())
        if terms is not self.vocab and q.vec:
            q = dataclasses.replace(
                q, vec=weighted(q.tf, terms), title=weighted({t: 1.0 for t in q.feats.title}, terms)
            )
        return q, terms, entities

    def _background(self) -> tuple[dict[str, int], int]:
        """The background counts scaled to `Params.thread_background_docs` (once per setting)."""
        background, docs = self.params.thread_background, self.params.thread_background_docs
        cached = getattr(self, "_scaled_background", None)
        if cached is None or cached[0] is not background or cached[1] != docs:
            assert background is not None
            cached = (background, docs, background.scaled(docs))
            self._scaled_background = cached
        return cached[2], docs

    def _count_spread(self, thread: Profile, feats: Features) -> None:
        """Count each of the article's entities once for the thread it joins (before the
        thread's profile takes them). A merged thread's counts stay: spread only grows."""
        for key in feats.entities:
            if key not in thread.entities:
                self.spread.df[key] = self.spread.df.get(key, 0) + 1
                self.spread.changed.add(key)
        if self.params.thread_term_idf != SPREAD:
            return
        df, changed = self.term_spread.df, self.term_spread.changed
        for key in feats.terms:
            if key not in thread.terms:
                df[key] = df.get(key, 0) + 1
                changed.add(key)

    def _merge_threads(self, a: Profile, b: Profile, article_id: str) -> Profile:
        kept, gone = (a, b) if (len(a.articles), b.id) >= (len(b.articles), a.id) else (b, a)
        if kept.parent != gone.parent:
            story = self._merge_stories(
                self.stories[kept.parent or ""], self.stories[gone.parent or ""], article_id
            )
            kept.parent = gone.parent = story.id
        story = self.stories[kept.parent or ""]
        kept.absorb(gone, self.params.thread_max_terms)
        story.threads = [t for t in story.threads if t != gone.id]
        del self.threads[gone.id]
        for a_id in gone.articles:
            self.store.set_assignment(a_id, kept.id, story.id)
        self.thread_index.add(kept.id, self._profile_keys(kept), kept.weeks())
        self._changed_threads.add(kept.id)
        self.store.record_merge("thread", kept.id, gone.id, article_id)
        self.store.delete_thread(gone.id)
        self._deleted.add("thread/" + gone.id)
        self._dirty.update({"thread/" + kept.id, "story/" + story.id})
        self.touched_stories.add(story.id)
        self._write_thread(kept)
        return kept
