"""The story step: the story a new thread joins or opens, and the merges of stories
that turn out to be one storyline (a bridge article, or two fragments grown alike)."""

from __future__ import annotations

from storyline.group.profile import Profile
from storyline.group.similarity import Query, cosine, profile_cosine, story_score, weighted
from storyline.group.state import GroupState


class StoryStep(GroupState):
    """Story choice and story merges; the thread step (`ThreadStep`) builds on it."""

    def _story_candidates(self, q: Query) -> list[tuple[float, str]]:
        week = q.feats.day // 7 if q.feats.day is not None else None
        found = self.story_index.candidates(
            self._query_keys(q), week, lambda i: i in self.stories, self.params.story_candidates
        )
        return sorted(
            ((story_score(q, self.stories[s], self.vocab, self.entity_vocab, self.params), s) for s in found),
            key=lambda st: (-st[0], st[1]),
        )

    def _choose_story(self, q: Query) -> Profile:
        scored = self._story_candidates(q) if q.vec else []
        for score, sid in scored:
            if score < self.params.story_threshold:
                break
            if self._supported(q, self.stories[sid]):
                return self.stories[sid]
        story = Profile(id=f"sty-{self.store.next_id('story'):06d}", level="story")
        self.stories[story.id] = story
        return story

    def _bridge_stories(self, story: Profile, q: Query, article_id: str) -> Profile:
        """Merge the article's story with candidates that are the same storyline: either
        the article reaches both (a bridge) and the two look alike, or the two stories
        alone are alike enough (fragments of one storyline that grew towards each other)."""
        if not q.vec:
            return story
        for score, sid in self._story_candidates(q):
            other = self.stories.get(sid)
            if other is None or sid == story.id:
                continue
            text = profile_cosine(story.terms, other.terms, self.vocab)
            bridged = score >= self.params.story_merge_threshold and text >= self.params.story_pair_threshold
            if (
                bridged
                or text + 0.5 * self._entity_cosine(story, other) >= self.params.story_consolidate_threshold
            ) and self._supported(q, other):
                if self.params.story_core_threads and not self._cores_agree(story, other):
                    continue
                story = self._merge_stories(story, other, article_id)
        return story

    def _supported(self, q: Query, story: Profile) -> bool:
        """Evidence of the same development (`Params.story_thread_support`, 0: always): the
        article is this like one of the story's threads, not only like the story's summed
        profile, which on a topic crawled in one day resembles any report of the topic.
        With a story core (`Params.story_core_threads`) the article must also agree with
        one of the story's most central threads on who and what (`_core_agrees`)."""
        if self.params.story_core_threads and not self._core_agrees(q, story):
            return False
        floor = self.params.story_thread_support
        if not floor:
            return True
        for tid in story.threads:
            thread = self.threads.get(tid)
            if thread is not None and thread.articles and cosine(q.vec, thread.terms, self.vocab) >= floor:
                return True
        return False

    def _core(self, story: Profile) -> list[Profile]:
        """A story's core: its `Params.story_core_threads` biggest threads (ties: the older).
        Unlike the summed story profile it does not drift with every thread that joins."""
        threads = [
            t for t in (self.threads.get(tid) for tid in story.threads) if t is not None and t.articles
        ]
        threads.sort(key=lambda t: (-len(t.articles), t.id))
        return threads[: self.params.story_core_threads]

    def _agreement(self, vec: dict[str, float], ents: dict[str, float], thread: Profile) -> float:
        """Who and what: lemma cosine and (rarity-weighted) entity cosine, in the story
        score's proportions, with no time term (the core is judged on content)."""
        text = cosine(vec, thread.terms, self.vocab)
        if not ents or not thread.entities:
            return (1 - self.params.story_entity_weight) * text
        w = self.params.story_entity_weight
        return (1 - w) * text + w * cosine(ents, thread.entities, self.entity_vocab)

    def _core_agrees(self, q: Query, story: Profile) -> bool:
        core = self._core(story)
        if not core:
            return True
        return max(self._agreement(q.vec, q.entities, t) for t in core) >= self.params.story_core_support

    def _cores_agree(self, a: Profile, b: Profile) -> bool:
        """Two stories are one development when a core thread of one agrees with a core
        thread of the other, not when a single article bridges them."""
        core_a, core_b = self._core(a), self._core(b)
        if not core_a or not core_b:
            return True
        floor = self.params.story_core_support
        for ta in core_a:
            vec = weighted(ta.terms, self.vocab)
            ents = weighted(ta.entities, self.entity_vocab)
            if any(self._agreement(vec, ents, tb) >= floor for tb in core_b):
                return True
        return False

    def _entity_cosine(self, a: Profile, b: Profile) -> float:
        return cosine(weighted(a.entities, self.entity_vocab), b.entities, self.entity_vocab)

    def _merge_stories(self, a: Profile, b: Profile, article_id: str) -> Profile:
        if a.id == b.id:
            return a
        # The older story keeps its id (ids count up): a reader's story does not change its name.
        kept, gone = (a, b) if a.id < b.id else (b, a)
        kept.absorb(gone, self.params.story_max_terms)
        del self.stories[gone.id]
        for tid in gone.threads:
            thread = self.threads[tid]
            thread.parent = kept.id
            self._dirty.add("thread/" + tid)
            self._write_thread(thread)
            for a_id in thread.articles:
                self.store.set_assignment(a_id, tid, kept.id)
        self.story_index.add(kept.id, self._profile_keys(kept), kept.weeks())
        self.store.record_merge("story", kept.id, gone.id, article_id)
        self.store.delete_story(gone.id)
        self._deleted.add("story/" + gone.id)
        self._dirty.add("story/" + kept.id)
        self.removed_stories.add(gone.id)
        self.touched_stories.discard(gone.id)
        self.touched_stories.add(kept.id)
        return kept

    def _same_whole(self, a: Profile, b: Profile, threshold: float) -> bool:
        """A bridge merges two clusters only if they also resemble each other as wholes:
        one off-topic article (a cookie banner, a digest) must not fuse two stories."""
        return profile_cosine(a.terms, b.terms, self.vocab) >= threshold
