"""The grouper's state: the tables it reads whole on start and writes back after each
add (document frequencies, entity records and redirects, the counters), the changed
thread and story profiles, the candidate index keys, and the thread and story model
records (`Grouper` builds on `GroupState`, the steps in `thread_step`, `story_step`)."""

from __future__ import annotations

import heapq
from itertools import islice

from storyline.group.embed import Embedder
from storyline.group.entities import EntityResolver
from storyline.group.index import StoredIndex
from storyline.group.lazy import LazyProfiles
from storyline.group.params import DEFAULT, Params
from storyline.group.profile import Profile
from storyline.group.similarity import Query
from storyline.group.vocab import Vocabulary
from storyline.model import Story, Thread
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


class GroupState:
    """What a grouper holds between adds, how it is read from and written to the store."""

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

    def _vocabularies(self) -> tuple[Vocabulary, ...]:
        """In the order of `DF_KINDS`."""
        return self.vocab, self.entity_vocab, self.spread, self.term_spread, self.titles

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

    # ------------------------------------------------------------------ index keys
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

    # ------------------------------------------------------------------ records
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
