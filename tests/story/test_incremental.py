"""Incremental story intelligence equals a rebuild, whatever the order articles arrive in.

Articles are added one at a time (or in batches), as a feed delivers them: the
kept state is extended wherever the article falls in reading order (a late one
rolls the fold back to its place and folds the articles after it again), and
never rebuilt. After every arrival the whole story output (title, summary,
entities, timeline, ledger, quotes, every article's novelty as the store would
hold it) must equal `build_story` over the articles that have arrived. Run on
the five seeds and on 24 articles of one bsnlp-ru topic, in fixed shuffles and
hypothesis permutations and batchings.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.model import Article, Entity, SentenceNovelty, Story
from storyline.story import build_story
from storyline.story.state import StoryResult, StoryState

BSNLP_TOPIC = "asia_bibi"
BSNLP_ARTICLES = 24
SHUFFLES = 4


def _story(articles: Sequence[Article]) -> Story:
    return Story(
        id="s-1", title="", article_ids=[a.id for a in articles], thread_ids=[], first_published=None
    )


def _view(result: StoryResult, novelty: dict[str, list[SentenceNovelty]]) -> dict[str, Any]:
    s = result.story
    return {
        "title": s.title,
        "summary": s.summary,
        "summary_sentences": result.summary_sentences,
        "entity_ids": s.entity_ids,
        "timeline": s.timeline,
        "facts": s.facts,
        "quotes": s.quotes,
        "novelty": novelty,
    }


def _replay(
    order: Sequence[Article], entities: dict[str, Entity], sizes: Sequence[int] = ()
) -> tuple[int, int]:
    """Add `order` in batches of `sizes` (one at a time past them); compare with a rebuild
    after each batch; (extended, refolded: articles folded again after late ones)."""
    fresh = [copy.deepcopy(a) for a in order]  # sentence features are derived per state
    state = StoryState.rebuild("s-1", fresh[:1])
    stored: dict[str, list[SentenceNovelty]] = dict(state.result(_story(fresh[:1]), entities).novelty)
    extended, n, batches = 0, 1, list(sizes)
    while n < len(fresh):
        size = max(1, batches.pop(0)) if batches else 1
        batch, n = fresh[n : n + size], n + size
        arrived = fresh[:n]
        assert state.extend(batch), f"refused after {n} arrivals"
        extended += 1
        result = state.result(_story(arrived), entities)
        stored.update(result.novelty)
        expected = build_story(_story(arrived), [copy.deepcopy(a) for a in arrived], entities)
        assert _view(result, stored) == _view(expected, expected.novelty), f"after {n} arrivals"
    return extended, state.refolded


def _shuffles(articles: Sequence[Article], seed: int) -> list[list[Article]]:
    by_seq = sorted(articles, key=lambda a: a.seq or 0)
    orders = [by_seq, list(reversed(by_seq))]
    rng = random.Random(seed)
    for _ in range(SHUFFLES - 2):
        order = list(by_seq)
        rng.shuffle(order)
        orders.append(order)
    return orders


@pytest.fixture(scope="module")
def bsnlp(
    bsnlp_topic: Callable[[str, int], tuple[list[Article], dict[str, Entity]]],
) -> tuple[list[Article], dict[str, Entity]]:
    return bsnlp_topic(BSNLP_TOPIC, BSNLP_ARTICLES)


def test_seeds_in_several_orders(seeds: tuple[list[Article], dict[str, Entity]]) -> None:
    articles, entities = seeds
    for order in _shuffles(articles, seed=1):
        _replay(order, entities)


def test_in_reading_order_nothing_is_rebuilt(seeds: tuple[list[Article], dict[str, Entity]]) -> None:
    from storyline.story import reading_order

    articles, entities = seeds
    extended, refolded = _replay(reading_order(articles), entities)
    assert (extended, refolded) == (len(articles) - 1, 0)


def test_a_bsnlp_story_in_several_orders(bsnlp: tuple[list[Article], dict[str, Entity]]) -> None:
    articles, entities = bsnlp
    assert len(articles) == BSNLP_ARTICLES
    refolded = 0
    for order in _shuffles(articles, seed=2):
        _, again = _replay(order, entities)
        refolded += again
    assert refolded > 0  # late arrivals were folded in at their place


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_bsnlp_permutations(bsnlp: tuple[list[Article], dict[str, Entity]], data: st.DataObject) -> None:
    articles, entities = bsnlp
    order = data.draw(st.permutations(articles[:12]))
    _replay(order, entities)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_bsnlp_late_arrivals_in_batches(
    bsnlp: tuple[list[Article], dict[str, Entity]], data: st.DataObject
) -> None:
    """A story folded in reading order, then articles from anywhere in its span arriving
    late, alone or several in one batch (as one pipeline batch brings them)."""
    from storyline.story import reading_order

    articles, entities = bsnlp
    base = reading_order(articles[:16])
    late = data.draw(st.lists(st.sampled_from(range(1, len(base))), min_size=1, max_size=5, unique=True))
    first = [a for i, a in enumerate(base) if i not in late]
    arrivals = data.draw(st.permutations([base[i] for i in late]))
    sizes = data.draw(st.lists(st.integers(1, 3), max_size=3))
    _replay([*first, *arrivals], entities, [1] * (len(first) - 1) + sizes)


def test_an_article_that_makes_earlier_text_furniture_folds_that_article_again() -> None:
    """A footer with one furniture cue (a service word) is story text in one article and
    furniture once a second article of the same source repeats it: the earlier article's
    sentence changes kind, so its steps are folded again."""
    from .handmade import doc

    footer = "Мы публикуем новости в Telegram каждый день."
    verbs = ["обратился", "публикуем", "собрались"]
    a = doc(
        "a",
        ["Токаев 5 января обратился к членам ОДКБ.", footer],
        published="2022-01-06",
        seq=0,
        verbs=verbs,
        source="x.ru",
    )
    b = doc(
        "b",
        ["Депутаты 7 января собрались на заседание.", footer],
        published="2022-01-07",
        seq=1,
        verbs=verbs,
        source="x.ru",
    )
    state = StoryState.rebuild("s-1", [copy.deepcopy(a)])
    assert [s.kind for s in state.infos["a"]] == ["text", "text"]
    assert state.extend([copy.deepcopy(b)])
    assert [s.kind for s in state.infos["a"]] == ["text", "furniture"]
    assert state.refolded == 1  # "a" folded again with its footer as furniture
    rebuilt = StoryState.rebuild("s-1", [copy.deepcopy(a), copy.deepcopy(b)])
    assert [s.kind for s in rebuilt.infos["a"]] == ["text", "furniture"]
    _replay([a, b], {})


def test_an_article_before_the_last_one_folds_in_at_its_place() -> None:
    from .handmade import doc

    a = doc(
        "a", ["Токаев 5 января обратился к членам ОДКБ."], published="2022-01-06", seq=0, verbs=["обратился"]
    )
    b = doc(
        "b", ["Депутаты 7 января собрались на заседание."], published="2022-01-07", seq=1, verbs=["собрались"]
    )
    state = StoryState.rebuild("s-1", [copy.deepcopy(b)])
    assert state.extend([copy.deepcopy(a)])
    assert [x.id for x in state.articles] == ["a", "b"] and state.refolded == 1
    assert not state.extend([copy.deepcopy(a)])  # an article folded already is refused
    _replay([b, a], {})


def test_a_late_article_leaves_no_trace_of_the_undone_fold(
    bsnlp: tuple[list[Article], dict[str, Entity]],
) -> None:
    """After a late article, the kept counts and indexes are those of a rebuild: the IDF
    counts, the sentence index, the timeline's events, the summary's sums."""
    from storyline.story import reading_order

    articles, _ = bsnlp
    ordered = reading_order(articles[:10])
    state = StoryState.rebuild("s-1", [copy.deepcopy(a) for a in ordered if a is not ordered[3]])
    assert state.extend([copy.deepcopy(ordered[3])])
    rebuilt = StoryState.rebuild("s-1", [copy.deepcopy(a) for a in ordered])
    assert (state.idf.n, dict(state.idf.df)) == (rebuilt.idf.n, dict(rebuilt.idf.df))
    assert [s.key for s in state.index.sentences] == [s.key for s in rebuilt.index.sentences]
    assert {w: p for w, p in state.index.postings.items() if p} == dict(rebuilt.index.postings)
    assert [(e.number, e.text, [s.key for s in e.evidence]) for e in state.timeline.events] == [
        (e.number, e.text, [s.key for s in e.evidence]) for e in rebuilt.timeline.events
    ]
    rows = len(state.articles)
    assert state.summary.sums[:rows].tolist() == rebuilt.summary.sums[:rows].tolist()
    assert state.summary.article_df == rebuilt.summary.article_df
    assert len(state.timeline.journal) == len(rebuilt.timeline.journal)


def test_a_late_article_before_one_without_sentences() -> None:
    """An article with no sentences (an empty annotation) after the late one's place is
    folded again from its kept (empty) sentence list."""
    from .handmade import doc

    a = doc("a", ["Токаев 5 января обратился к ОДКБ."], published="2022-01-05", seq=0, verbs=["обратился"])
    b = doc("b", [], published="2022-01-08", seq=1)
    c = doc("c", ["Депутаты 7 января собрались."], published="2022-01-07", seq=2, verbs=["собрались"])
    state = StoryState.rebuild("s-1", [copy.deepcopy(a), copy.deepcopy(b)])
    assert state.extend([copy.deepcopy(c)])
    assert [x.id for x in state.articles] == ["a", "c", "b"] and state.refolded == 1
    _replay([a, b, c], {})


def test_a_stored_state_read_back_folds_a_late_article_in(
    bsnlp: tuple[list[Article], dict[str, Entity]],
) -> None:
    """The undo records travel with a stored state (`story.snapshot`): a new process that
    reads it folds a late article in at its place, as a rebuild would."""
    from storyline.story import reading_order, snapshot

    articles, entities = bsnlp
    ordered = reading_order(articles[:10])
    late = ordered[2]
    first = [copy.deepcopy(a) for a in ordered if a is not late]
    state = snapshot.loads(snapshot.dumps(StoryState.rebuild("s-1", first)))
    assert state.extend([copy.deepcopy(late)]) and state.refolded == len(ordered) - 3
    result = state.result(_story(ordered), entities)
    expected = build_story(_story(ordered), [copy.deepcopy(a) for a in ordered], entities)
    novelty = {a.id: state.final_marks(a.id) for a in ordered}
    assert _view(result, novelty) == _view(expected, expected.novelty)


def _numbers(state: StoryState) -> list[tuple[int, tuple[str, int]]]:
    """Each live event's number with its first telling (which event it is)."""
    return [(ev.number, ev.evidence[0].key) for ev in state.timeline.events if ev.evidence]


def test_an_event_closed_midway_leaves_its_number_unused(
    bsnlp: tuple[list[Article], dict[str, Entity]],
) -> None:
    """A lead claimed by a restatement closes its event; events opened after it must not
    take a live event's number (renderings and merge facts are kept per number)."""
    from storyline.story import reading_order

    articles, _ = bsnlp
    state = StoryState.rebuild("s-1", reading_order(articles[:12]))
    ops = [entry[0] for entry in state.timeline.journal]
    assert "close" in ops and "open" in ops[ops.index("close") :], "the sample must close an event midway"
    numbers = [n for n, _ in _numbers(state)]
    assert len(numbers) == len(set(numbers))
    assert state.timeline.opened == len(state.timeline.events) + ops.count("close")


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_event_numbers_unique_in_any_arrival_order(
    bsnlp: tuple[list[Article], dict[str, Entity]], data: st.DataObject
) -> None:
    """Articles arriving in any order, one at a time: after each, the live events' numbers
    are unique; at the end they, and the counter (restored by each late fold's undo), are
    those of a rebuild."""
    articles, _ = bsnlp
    order = data.draw(st.permutations(articles[:12]))
    state = StoryState.rebuild("s-1", [copy.deepcopy(order[0])])
    for article in order[1:]:
        assert state.extend([copy.deepcopy(article)])
        numbers = [n for n, _ in _numbers(state)]
        assert len(numbers) == len(set(numbers))
    rebuilt = StoryState.rebuild("s-1", [copy.deepcopy(a) for a in articles[:12]])
    assert _numbers(state) == _numbers(rebuilt)
    assert state.timeline.opened == rebuilt.timeline.opened
