"""Story states kept by a long-lived pipeline, so that an article joining a story costs
that article, not the story.

A state is kept per story the pipeline has built, up to `KEPT_SENTENCES`
sentences over all states (least recently used dropped first): a state holds
every sentence's features and the articles, about 12 KiB per sentence. A story
whose state is not kept (a new process, or dropped) is rebuilt from its stored
articles once, then extended.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence

from storyline.errors import NotFoundError
from storyline.model import Article, Entity, Story
from storyline.store.base import Store
from storyline.store.story_rows import StoryRows
from storyline.story.state import StoryResult, StoryState

# A story builder other than the fold (the pipeline's fault-injection tests pass one):
# called with the story's skeleton, all its articles and the entities they name.
StoryBuilder = Callable[[Story, Sequence[Article], Mapping[str, Entity]], StoryResult]

# Budget of kept sentences. Measured with tracemalloc on 300 replicated bsnlp Brexit
# articles (3,770 sentences): the state takes 6.6 KiB per sentence and the articles it
# keeps alive 5.8 KiB, ~12.4 KiB in all. 60,000 sentences (~730 MiB) hold two
# 2,000-article stories (25,746 sentences each) or many smaller ones, and leave room
# in the pipeline's 2 GiB for the models (~350 MiB) and the grouping state.
KEPT_SENTENCES = 60_000


class StoryStates:
    """The kept states, and the story step that uses them (`build`).

    With `builder` given, every story is built by it from all its articles instead
    (nothing is kept but the rows last written); the loop around it is the same.
    """

    def __init__(self, budget: int = KEPT_SENTENCES, builder: StoryBuilder | None = None) -> None:
        self.budget = budget
        self.builder = builder
        self.states: OrderedDict[str, StoryState] = OrderedDict()
        # The part rows each story's last save wrote, so the next save compares with
        # them instead of reading them back (a few KB per story: kept for every story
        # saved, not only those whose state is kept).
        self.written: dict[str, StoryRows] = {}
        self.rebuilt = 0  # stories built from all their articles (for tests and benchmarks)
        self.extended = 0  # stories brought up to date from their new articles only

    def clear(self) -> None:
        self.states.clear()
        self.written.clear()

    def forget(self, story_id: str) -> None:
        self.states.pop(story_id, None)
        self.written.pop(story_id, None)

    def update(self, store: Store, skeleton: Story) -> StoryResult:
        """The story's intelligence with its current articles, folding in only the new ones
        when the kept state allows it."""
        ids = list(dict.fromkeys(skeleton.article_ids))
        state = self.states.pop(skeleton.id, None)
        if state is not None:
            kept = state.article_ids
            if kept <= set(ids):
                new = [a for a in store.iter_articles([i for i in ids if i not in kept])]
                if state.extend(new):
                    self.extended += 1
                else:
                    state = None
            else:
                state = None  # articles left the story (a merge, a split): rebuild
        if state is None:
            articles: list[Article] = list(store.iter_articles(ids))
            state = StoryState.rebuild(skeleton.id, articles)
            self.rebuilt += 1
        entities = store.entities_by_id(state.entity_refs | set(skeleton.entity_ids))
        result = state.result(skeleton, entities)
        self.states[skeleton.id] = state
        self._trim()
        return result

    def _trim(self) -> None:
        total = sum(s.sentence_count for s in self.states.values())
        while total > self.budget and len(self.states) > 1:
            _, dropped = self.states.popitem(last=False)
            total -= dropped.sentence_count
        if total > self.budget and self.states:  # one story alone above the budget is not kept
            self.states.clear()

    def build_one(self, store: Store, skeleton: Story) -> StoryResult:
        """The story's intelligence: folded (`update`), or from the builder given."""
        if self.builder is None:
            return self.update(store, skeleton)
        articles = list(store.iter_articles(skeleton.article_ids))
        # Only the entities this story names: not the whole table per story.
        return self.builder(skeleton, articles, store.entities_by_id(_entity_ids(skeleton, articles)))

    def build(
        self,
        store: Store,
        story_ids: Iterable[str],
        failed: Callable[[str, Exception], None],
        progress: Callable[[str, int, int], None],
    ) -> tuple[int, int]:
        """Bring the given stories up to date in the store; (built, failed). `failed` records a
        story's exception (and re-raises what must stop the run). Each story is written in
        its own transaction: its record (only the part rows that changed) and the novelty
        marks that changed."""
        ids = sorted(set(story_ids))
        if not ids:
            return 0, 0
        built = lost = 0
        progress("stories", 0, len(ids))
        for n, story_id in enumerate(ids, 1):
            try:
                skeleton = store.get_story(story_id)
            except NotFoundError:  # merged away or rolled back since it was touched
                self.forget(story_id)
                with store.transaction():
                    store.clear_failure("story", story_id)
                continue
            try:
                result = self.build_one(store, skeleton)
                result.story.summary_sentences = list(result.summary_sentences)
                with store.transaction():
                    self.written[story_id] = store.save_story(result.story, self.written.pop(story_id, None))
                    for article_id, marks in result.novelty.items():
                        store.save_novelty(article_id, marks)
                    store.clear_failure("story", story_id)
                built += 1
            except Exception as exc:  # noqa: BLE001 - the story boundary
                self.forget(story_id)
                failed(story_id, exc)
                lost += 1
            progress("stories", n, len(ids))
        return built, lost


def _entity_ids(story: Story, articles: Sequence[Article]) -> set[str]:
    """Every entity id the story and its articles' annotations name."""
    ids = set(story.entity_ids)
    for article in articles:
        ann = article.annotation
        if ann is None:
            continue
        ids.update(m.entity_id for m in ann.entities if m.entity_id)
        ids.update(q.subject_entity_id for q in ann.quantities if q.subject_entity_id)
        ids.update(q.speaker_entity_id for q in ann.quotes if q.speaker_entity_id)
    return ids
