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

import dataclasses
import heapq
from itertools import islice

from storyline.group.embed import Embedder
from storyline.group.entities import EntityResolver
from storyline.group.features import Features, event_day, extract_features
from storyline.group.furniture import is_furniture, title_key, untitled
from storyline.group.index import StoredIndex
from storyline.group.lazy import LazyProfiles
from storyline.group.params import DEFAULT, Params
from storyline.group.profile import Profile, log_tf
from storyline.group.similarity import (
    MEMBERS,
    Query,
    cosine,
    profile_cosine,
    quote_origins,
    story_score,
    thread_cuts,
    thread_score,
    weighted,
)
from storyline.group.vocab import Vocabulary
from storyline.model import Annotation, Article, Entity, Story, Thread
from storyline.store.base import Store

# The counter (`counters`) holding the number of documents the corpus IDF has seen.
DOCS_COUNTER = "idf_documents"
# The counter of threads opened, the "documents" of the entity spread (`Grouper.spread`).
THREADS_COUNTER = "idf_threads"
# `group_df` kinds: lemma, entity (document frequencies), entity, lemma (thread frequencies),
# title (articles bearing it, by `furniture.title_key`).
DF_KINDS = ("t", "e", "h", "s", "b")
# State key migration 46 sets on a store whose grouping state predates the candidate
# index table (schema 4): the next grouper indexes every profile once, then deletes it.
REINDEX = "grouping/reindex"


class Grouper:
    """Assigns articles to threads and stories, online. Build one per process and writer.

    Opening one is cheap at any store size: thread and story profiles are read when
    a candidate search or a join first needs them, and the candidate index is a
    table; corpus document frequencies and the entity table are read whole.
    """

    def __init__(self, store: Store, embedder: Embedder | None = None, params: Params = DEFAULT) -> None:
        self.store = store
        self.embedder = embedder
        self.params = params
        self.touched_stories: set[str] = set()
        self.removed_stories: set[str] = set()
        # Stories whose earlier articles' entity links an entity merge renamed: story
        # intelligence kept for them (in memory or stored) names the old ids.
        self.relinked_stories: set[str] = set()
        self.vocab = Vocabulary()  # lemmas
        self.entity_vocab = Vocabulary()  # corpus entity ids
        # Entity ids counted once per thread they appear in (docs = threads opened): an
        # entity the whole topic names spans many threads and says little about which
        # happening an article reports (`Params.thread_entity_idf`).
        self.spread = Vocabulary()
        # The same for lemmas, counted only when the thread decision uses it
        # (`Params.thread_term_idf`): a lemma table as large as the corpus IDF's.
        self.term_spread = Vocabulary()
        # Title key -> articles that bore it: a title many unrelated pages bear is site
        # furniture, not a headline (`furniture.is_furniture`).
        self.titles = Vocabulary()
        self.resolver = EntityResolver(allocate=lambda: store.next_id("entity"))
        self.threads = LazyProfiles(store, "thread")
        self.stories = LazyProfiles(store, "story")
        self.thread_index = StoredIndex(store, "thread", params.thread_window_weeks, params.per_key_cap)
        self.story_index = StoredIndex(store, "story", params.story_window_weeks, params.per_key_cap)
        self._dirty: set[str] = set()
        self._story_writes: set[str] = set()  # stories whose model record must be rewritten
        self._changed_threads: set[str] = set()  # threads changed by the current add
        self._deleted: set[str] = set()
        self._saved_redirects = 0  # redirects already in the store (they are only added)
        self._load()

    # ------------------------------------------------------------------ state
    def _load(self) -> None:
        """Read the small tables whole (document frequencies, entity records and
        redirects); profiles are read when needed (`LazyProfiles`)."""
        docs = self.store.counter(DOCS_COUNTER)
        if not docs and not len(self.threads):
            return
        self.vocab.set_docs(docs)
        self.entity_vocab.set_docs(docs)
        self.spread.set_docs(self.store.counter(THREADS_COUNTER))
        self.term_spread.set_docs(self.spread.docs)
        vocabs = dict(zip(DF_KINDS, self._vocabularies(), strict=True))
        for kind, term, df in self.store.document_frequencies():
            vocabs.get(kind, self.entity_vocab).df[term] = df
        if not self.spread.docs and len(self.threads):
            self._count_stored_spread()
        redirects = self.store.entity_redirects()
        self.resolver.load(self.store.iter_entity_records(), redirects, 1)
        self._saved_redirects = len(self.resolver.redirects)
        if self.store.get_state(REINDEX) is not None:
            self._index_from_profiles()

    def _index_from_profiles(self) -> None:
        """A state written before the index was a table (schema 4): index every
        profile once, as an old grouper did in memory whenever it started."""
        with self.store.transaction():
            for p in self.threads.values():
                self.thread_index.add(p.id, self._profile_keys(p), p.weeks())
            for p in self.stories.values():
                self.story_index.add(p.id, self._profile_keys(p), p.weeks())
            self.store.delete_states([REINDEX])

    def _thread_of(self, article_id: str) -> str | None:
        placed = self.store.assignment_of(article_id)
        return placed[0] if placed else None

    def _save(self) -> None:
        """Write what this add changed: profiles, document frequencies, entity records
        and redirects, and the document count (rows, not blobs: migration 46)."""
        rows: list[tuple[str, str, str | None, bytes]] = []
        for key in sorted(self._dirty):
            level, _, pid = key.partition("/")
            profile = self.threads.get(pid) if level == "thread" else self.stories.get(pid)
            if profile is not None:
                rows.append((level, pid, profile.parent, profile.dumps()))
        self.store.save_group_profiles(rows)
        for level in ("thread", "story"):
            gone = sorted(k.partition("/")[2] for k in self._deleted if k.startswith(level + "/"))
            if gone:
                self.store.delete_group_profiles(level, gone)
        frequencies: list[tuple[str, str, int]] = []
        dropped: list[tuple[str, str]] = []
        for kind, vocab in zip(DF_KINDS, self._vocabularies(), strict=True):
            for term in sorted(vocab.changed):
                if term in vocab.df:
                    frequencies.append((kind, term, vocab.df[term]))
                else:
                    dropped.append((kind, term))
        self.store.save_document_frequencies(frequencies)
        self.store.delete_document_frequencies(dropped)
        self.store.save_entity_records((i, self.resolver.dump(i)) for i in sorted(self.resolver.changed))
        self.store.delete_entity_records(sorted(self.resolver.removed))
        redirects = self.resolver.redirects
        if len(redirects) > self._saved_redirects:  # merges only add redirects, at the end
            fresh = dict(islice(reversed(redirects.items()), len(redirects) - self._saved_redirects))
            self.store.save_entity_redirects(fresh)
            self._saved_redirects = len(redirects)
        self.store.set_counter(DOCS_COUNTER, self.vocab.docs)
        if self.spread.docs:
            self.store.set_counter(THREADS_COUNTER, self.spread.docs)
        self._dirty.clear()
        self._deleted.clear()
        self.vocab.changed.clear()
        self.entity_vocab.changed.clear()
        self.spread.changed.clear()
        self.term_spread.changed.clear()
        self.titles.changed.clear()
        self.resolver.changed.clear()
        self.resolver.removed.clear()
        # Everything in memory is stored now: the profile caches may drop some.
        self.threads.trim()
        self.stories.trim()

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

    # ------------------------------------------------------------------ threads
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

    def _vocabularies(self) -> tuple[Vocabulary, ...]:
        """In the order of `DF_KINDS`."""
        return self.vocab, self.entity_vocab, self.spread, self.term_spread, self.titles

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
        if self.params.thread_term_idf == SPREAD and q.vec:
            terms = self.term_spread
            q = dataclasses.replace(
                q, vec=weighted(q.tf, terms), title=weighted({t: 1.0 for t in q.feats.title}, terms)
            )
        return q, terms, entities

    def _count_stored_spread(self) -> None:
        """Entity spread for a store grouped before it was counted (round 7): each entity
        once per stored thread profile that holds it, as `_count_spread` counts while
        grouping (a profile keeps only its heaviest entities there too). One read of every
        thread profile, saved with the next add; without it every entity would weigh as
        rare until a `recluster`. Lemma spread (opt-in) is left to a recluster."""
        docs = 0
        for profile in self.threads.values():
            docs += 1
            for key in profile.entities:
                self.spread.df[key] = self.spread.df.get(key, 0) + 1
                self.spread.changed.add(key)
        self.spread.set_docs(docs)
        self.term_spread.set_docs(docs)

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

    # ------------------------------------------------------------------ stories
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
        if scored and scored[0][0] >= self.params.story_threshold:
            return self.stories[scored[0][1]]
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
            ):
                story = self._merge_stories(story, other, article_id)
        return story

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

    def _query_keys(self, q: Query) -> dict[str, float]:
        terms = heapq.nlargest(self.params.query_terms, q.vec.items(), key=lambda kv: (kv[1], kv[0]))
        ents = heapq.nlargest(self.params.query_entities, q.entities.items(), key=lambda kv: (kv[1], kv[0]))
        keys = {"t:" + k: w for k, w in terms}
        keys.update({"e:" + k: w for k, w in ents})
        return keys

    def _profile_keys(self, p: Profile) -> list[str]:
        # (weight·idf, key) tuples compared in C: a key function per term was half
        # of loading a 20k-article state (2.3 of 4.5 s, profiled).
        terms = heapq.nlargest(self.params.index_terms, self.vocab.scored(p.terms))
        ents = heapq.nlargest(self.params.query_entities, self.entity_vocab.scored(p.entities))
        return ["t:" + k for _, k in terms] + ["e:" + k for _, k in ents]

    # Records are written without members: the store keeps membership in the
    # assignments (one row per add) and fills it in on read.
    def _write_thread(self, p: Profile) -> None:
        self.store.save_thread(
            Thread(p.id, p.parent or "", p.headline, [], p.first_published, p.last_published)
        )

    def _write_story(self, p: Profile) -> None:
        ids: list[str] = []
        for eid, _ in sorted(p.entities.items(), key=lambda kv: (-kv[1], kv[0])):
            real = self.resolver.resolve_id(eid)
            if real in self.resolver.records and real not in ids:
                ids.append(real)
            if len(ids) >= 30:
                break
        skeleton = Story(
            id=p.id,
            title=self._story_title(p),
            article_ids=[],
            thread_ids=[],
            first_published=p.first_published,
            last_published=p.last_published,
            entity_ids=ids,
        )
        self.store.update_story_skeleton(skeleton)

    def _story_title(self, p: Profile) -> str:
        """The thread headline that shares most title words with the whole story.

        A full pass over the story's threads while it is small or its thread count
        reaches a power of two; otherwise the current choice is only challenged by
        the threads that changed, so a story of thousands of threads costs O(1) per add.
        """
        n = len(p.threads)
        if n <= 64 or n & (n - 1) == 0 or p.title_thread not in self.threads:
            contenders = p.threads
        else:
            contenders = [p.title_thread, *(t for t in p.threads[-1:] if t != p.title_thread)]
            contenders += [
                t for t in self._changed_threads if t in self.threads and self.threads[t].parent == p.id
            ]
        best, best_score = p.title_thread, -1.0
        for tid in contenders:
            thread = self.threads.get(tid)
            if thread is None or not thread.headline:
                continue
            score = sum(p.title.get(t, 0.0) for t in thread.title) / (1 + len(thread.title))
            score += 0.01 * len(thread.articles)
            if score > best_score or (score == best_score and tid < best):
                best, best_score = tid, score
        p.title_thread = best
        thread = self.threads.get(best)
        return thread.headline if thread is not None else p.headline

    def entities(self) -> list[Entity]:
        return self.resolver.entities()


SPREAD = "threads"
# `Params.thread_quote_days`: a quote key counts only on the day it was first said.
FIRST_DAY = "first"


def entity_weights(feats: Features) -> dict[str, float]:
    """An article's entity vector before IDF: 1 plus a fifth per mention, up to 5 mentions."""
    return {e: 1.0 + min(n, 5) / 5 for e, n in feats.entities.items()}


def headline_of(article: Article) -> str:
    if article.title:
        return article.title.strip()
    text = article.text.strip()
    ann = article.annotation
    if ann and ann.sentences:
        first = ann.sentences[0]
        text = article.text[first.start : first.end].strip()
    return text if len(text) <= 140 else text[:137].rsplit(" ", 1)[0] + "…"
