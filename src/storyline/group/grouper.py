"""The online grouper: one article in, its thread and story out, state in the store.

For each article, in ingest order:
1. resolve its entities against the corpus entity table;
2. update the corpus IDF with its lemmas and entities;
3. find candidate threads in the index (same weeks) and join the best one that
   scores over the thread threshold, or open a new thread; a second thread that
   also scores over the (stricter) merge threshold is merged in: the article
   bridges two reports of one happening;
4. a new thread joins the best candidate story over the story threshold or opens
   a new story; any other story the article reaches over the merge threshold is
   merged (a developing story found from two ends);
5. write back the changed profiles, counts, entities, model records and the
   assignment, all inside the caller's transaction.
"""

from __future__ import annotations

from storyline.group.features import Features, extract_features
from storyline.group.profile import Profile, log_tf
from storyline.group.similarity import MEMBERS, Query, weighted
from storyline.group.thread_step import ThreadStep, entity_weights
from storyline.model import Annotation, Article, Entity


class Grouper(ThreadStep):
    """Assigns articles to threads and stories, online. Build one per process and writer.

    Opening one is cheap at any store size: thread and story profiles are read when
    a candidate search or a join first needs them, and the candidate index is a
    table; corpus document frequencies and the entity table are read whole.
    """

    # ------------------------------------------------------------------ add
    def add(self, article: Article) -> tuple[str, str]:
        placed = self.store.assignment_of(article.id)
        if placed is not None:
            return placed
        if article.annotation is not None:
            ann = article.annotation
            self.resolver.resolve(article.id, ann)
            self.store.save_entity_links(article.id, ann)  # the annotation itself stays as annotated
        else:  # not annotated (the pipeline never sends these): grouped alone, nothing saved
            article = Article(
                **{**vars(article), "annotation": Annotation(lang=article.lang or "", full=False)}
            )
        self._apply_entity_merges(article.id)
        article = self._without_furniture(article)
        feats = extract_features(article)
        self.vocab.add(feats.terms)
        self.entity_vocab.add(feats.entities)
        q = self._query(feats)

        thread = self._choose_thread(article, q)
        if thread is None:
            thread = Profile(id=f"thr-{self.store.next_id('thread'):06d}", level="thread")
            self.threads[thread.id] = thread
            story = self._choose_story(q)
            story.threads.append(thread.id)
            thread.parent = story.id
            self.spread.set_docs(self.spread.docs + 1)
            self.term_spread.set_docs(self.spread.docs)
        self._count_spread(thread, feats)
        story = self.stories[thread.parent or ""]
        headline = headline_of(article)
        sketch = self.params.thread_core_linkage == MEMBERS
        thread.add(feats, q.tf, headline, article.published, self.params.thread_max_terms, q.dense, sketch)
        story.add(feats, q.tf, headline, article.published, self.params.story_max_terms)
        self._changed_threads.add(thread.id)
        # After the add, so a story the article just opened has a profile to compare.
        story = self._bridge_stories(story, q, article.id)
        keys = self._query_keys(q)
        week = [feats.day // 7] if feats.day is not None else []
        self.thread_index.add(thread.id, keys, week)
        self.story_index.add(story.id, keys, week)
        self._dirty.update({"thread/" + thread.id, "story/" + story.id})
        self.touched_stories.add(story.id)

        self.store.set_assignment(article.id, thread.id, story.id)
        self._write_thread(thread)
        for sid in sorted(self.touched_stories & {story.id, *self._story_writes}):
            if sid in self.stories:
                self._write_story(self.stories[sid])
        self._story_writes.clear()
        self._changed_threads.clear()
        self.store.save_entities(
            [self.resolver.records[i].to_entity() for i in sorted(self.resolver.changed)]
        )
        self.store.delete_entities(sorted(self.resolver.removed))
        self._save()
        return thread.id, story.id

    # ------------------------------------------------------------------ entities
    def _apply_entity_merges(self, current: str) -> None:
        """A surname-only entity merged into a full name: the links and the profiles
        that used the old id now use the kept one."""
        rewrites = dict(self.resolver.rewrites)
        self.resolver.rewrites.clear()
        if not rewrites:
            return
        for old, new in rewrites.items():
            self.entity_vocab.rename(old, new)
            self.spread.rename(old, new)
        self.store.rename_entity_links(rewrites)  # one UPDATE per merged id, no annotation rewritten
        articles = sorted({a for new in set(rewrites.values()) for a in self.resolver.records[new].articles})
        for article_id in articles:
            if article_id == current:
                continue
            tid = self._thread_of(article_id)
            if tid is None:
                continue
            for profile in (self.threads[tid], self.stories[self.threads[tid].parent or ""]):
                for old, new in rewrites.items():
                    if old in profile.entities:
                        profile.entities[new] = profile.entities.get(new, 0.0) + profile.entities.pop(old)
                self._dirty.add(f"{profile.level}/{profile.id}")
                if profile.level == "story":
                    self.touched_stories.add(profile.id)
                    self._story_writes.add(profile.id)
                    if profile.id not in self.relinked_stories:
                        # in this article's transaction: no stored state outlives the rename
                        self.store.delete_story_state(profile.id)
                        self.relinked_stories.add(profile.id)

    # ------------------------------------------------------------------ helpers
    def _query(self, feats: Features) -> Query:
        tf = log_tf(dict(feats.terms))
        ents = entity_weights(feats)
        vec = weighted(tf, self.vocab)
        return Query(
            feats=feats,
            tf=tf,
            vec=vec,
            title=weighted({t: 1.0 for t in feats.title}, self.vocab),
            entities=weighted(ents, self.entity_vocab),
            dense=self.embedder.embed(vec, feats.lead_text) if self.embedder and vec else None,
        )

    def entities(self) -> list[Entity]:
        return self.resolver.entities()


def headline_of(article: Article) -> str:
    if article.title:
        return article.title.strip()
    text = article.text.strip()
    ann = article.annotation
    if ann and ann.sentences:
        first = ann.sentences[0]
        text = article.text[first.start : first.end].strip()
    return text if len(text) <= 140 else text[:137].rsplit(" ", 1)[0] + "…"
