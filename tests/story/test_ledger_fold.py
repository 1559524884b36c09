"""The kept ledger (`story/ledger_fold.py`) gives the whole-story ledger, whatever the
order articles arrive in, and redoes only what an arrival touches.

After every arrival the facts of the extended state must equal `build_ledger` run
over fresh copies of the articles that have arrived (the code path that keeps
nothing), in reading order."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.model import Article, Entity, Fact, Story
from storyline.story import reading_order, snapshot
from storyline.story.features import sentence_infos
from storyline.story.furniture import FURNITURE, is_furniture
from storyline.story.ledger import build_ledger
from storyline.story.state import StoryState

TOPIC = "asia_bibi"  # figures of ages, protesters, days and sums, several per article
ARTICLES = 20

Annotated = tuple[list[Article], dict[str, Entity]]


@pytest.fixture(scope="module")
def bsnlp(bsnlp_topic: Callable[[str, int], Annotated]) -> Annotated:
    return bsnlp_topic(TOPIC, ARTICLES)


def _story(articles: Sequence[Article]) -> Story:
    return Story(id="s-1", title="", article_ids=[a.id for a in articles], thread_ids=[])


def _whole(articles: Sequence[Article], entities: dict[str, Entity]) -> list[Fact]:
    """`build_ledger` over fresh copies, with the furniture and days a fold gives them."""
    fresh = StoryState.rebuild("s-1", [copy.deepcopy(a) for a in articles])
    infos = [sentence_infos(a) for a in fresh.articles]
    for sentences in infos:  # the sentences the story's repetition counts make furniture
        for s in sentences:
            if is_furniture(s, fresh.where, fresh.sources):
                s.kind = FURNITURE
    assert [[s.kind for s in x] for x in infos] == [
        [s.kind for s in fresh.infos[a.id]] for a in fresh.articles
    ]
    by_id = {a.id: a for a in fresh.articles}
    return build_ledger("s-1", infos, by_id, entities, fresh.days)


def _replay(order: Sequence[Article], entities: dict[str, Entity], sizes: Sequence[int] = ()) -> StoryState:
    articles = [copy.deepcopy(a) for a in order]
    state = StoryState.rebuild("s-1", articles[:1])
    state.result(_story(articles[:1]), entities)
    n, batches = 1, list(sizes)
    while n < len(articles):
        size = max(1, batches.pop(0)) if batches else 1
        batch, n = articles[n : n + size], n + size
        assert state.extend(batch)
        facts = state.result(_story(articles[:n]), entities).story.facts
        assert facts == _whole(articles[:n], entities), f"after {n} arrivals"
    return state


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_arrival_order_gives_the_whole_ledger(bsnlp: Annotated, data: st.DataObject) -> None:
    articles, entities = bsnlp
    _replay(data.draw(st.permutations(articles[:14])), entities)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_late_arrivals_in_batches_give_the_whole_ledger(bsnlp: Annotated, data: st.DataObject) -> None:
    articles, entities = bsnlp
    base = reading_order(articles)
    late = data.draw(st.lists(st.sampled_from(range(1, len(base))), min_size=1, max_size=6, unique=True))
    first = [a for i, a in enumerate(base) if i not in late]
    arrivals = data.draw(st.permutations([base[i] for i in late]))
    sizes = [len(first), *data.draw(st.lists(st.integers(1, 3), max_size=3))]
    _replay([*first, *arrivals], entities, sizes)


def test_seeds_in_reading_order_and_reversed(seeds: Annotated) -> None:
    articles, entities = seeds
    _replay(reading_order(articles), entities)
    _replay(list(reversed(reading_order(articles))), entities)


def test_an_arrival_redoes_only_the_parts_and_facts_it_touches(bsnlp: Annotated) -> None:
    articles, entities = bsnlp
    ordered = [copy.deepcopy(a) for a in reading_order(articles)]
    state = StoryState.rebuild("s-1", ordered[:-1])
    before = state.result(_story(ordered[:-1]), entities).story.facts
    everything = state.ledger.counters
    assert everything.parts_kept == 0 and everything.facts_kept == 0  # the first build makes all
    assert state.extend(ordered[-1:])
    after = state.result(_story(ordered), entities).story.facts
    counters = state.ledger.counters
    assert after == _whole(ordered, entities)
    if counters.reused_whole:  # an article without figures: the ledger as it was
        assert after == before
    else:
        assert counters.parts_kept > 0 and counters.facts_kept > 0
        assert counters.facts_redone < len(after)
    # nothing new: the last ledger is given again, nothing redone
    state.result(_story(ordered), entities)
    assert state.ledger.counters.reused_whole


def test_an_arrival_without_figures_gives_the_last_ledger_again(bsnlp: Annotated) -> None:
    """An article none of whose sentences holds a figure leaves every figure of the story
    as it was: the kept ledger is given again, nothing regrouped; a later article with
    figures is grouped as a rebuild groups it."""
    from storyline.story.ledger_entries import _entries

    articles, entities = bsnlp
    ordered = [copy.deepcopy(a) for a in reading_order(articles)]
    plain = next(
        i
        for i, a in enumerate(ordered)
        if i > 1 and not _entries([sentence_infos(copy.deepcopy(a))], entities)
    )
    figured = next(i for i, a in enumerate(ordered) if i > plain and _entries([sentence_infos(a)], entities))
    head = [a for i, a in enumerate(ordered) if i not in (plain, figured)]
    state = StoryState.rebuild("s-1", head)
    before = state.result(_story(head), entities).story.facts
    assert state.extend([ordered[plain]])  # a late one: it sorts among the folded articles
    now = [*head, ordered[plain]]
    after = state.result(_story(now), entities).story.facts
    assert state.ledger.counters.reused_whole
    assert after == before == _whole(now, entities)
    assert state.extend([ordered[figured]])
    facts = state.result(_story(ordered), entities).story.facts
    assert not state.ledger.counters.reused_whole
    assert facts == _whole(ordered, entities)


def test_a_renamed_subject_shows_in_the_kept_ledger(bsnlp: Annotated) -> None:
    articles, entities = bsnlp
    ordered = [copy.deepcopy(a) for a in reading_order(articles)]
    state = StoryState.rebuild("s-1", ordered)
    facts = state.result(_story(ordered), entities).story.facts
    named = next(f for f in facts if f.subject_entity_id and f.subject_entity_id in entities)
    renamed = dict(entities)
    assert named.subject_entity_id is not None
    renamed[named.subject_entity_id] = Entity(named.subject_entity_id, "Переименованный субъект", "PER")
    again = state.result(_story(ordered), renamed).story.facts
    assert any(f.subject == "Переименованный субъект" for f in again)
    assert again == _whole(ordered, renamed)


def test_a_stored_state_keeps_its_ledger(bsnlp: Annotated) -> None:
    """A state read back (`story/snapshot.py`) folds the next article as a kept one does:
    its ledger's keys are made again from the objects they name, nothing rebuilt whole."""
    articles, entities = bsnlp
    ordered = [copy.deepcopy(a) for a in reading_order(articles)]
    state = StoryState.rebuild("s-1", ordered[:-2])
    kept_facts = state.result(_story(ordered[:-2]), entities).story.facts
    restored = snapshot.loads(snapshot.dumps(state))
    assert restored.result(_story(ordered[:-2]), entities).story.facts == kept_facts
    assert restored.ledger.counters.reused_whole  # nothing new: the stored ledger as it was
    assert restored.extend(ordered[-2:]) and state.extend(ordered[-2:])
    facts = restored.result(_story(ordered), entities).story.facts
    assert facts == _whole(ordered, entities)
    counters = restored.ledger.counters
    state.result(_story(ordered), entities)
    assert counters == state.ledger.counters  # what a kept state redoes, no more
    assert counters.reused_whole or (counters.parts_kept > 0 and counters.facts_kept > 0)
    again = snapshot.loads(snapshot.dumps(restored))  # read back twice: the same cache
    assert again.result(_story(ordered), entities).story.facts == facts
    assert again.ledger.counters.reused_whole
    # a state written before the cache was kept reads back with an empty one
    old = pickle.loads(pickle.dumps(state))
    old.ledger.__setstate__({"kept": False})
    assert old.ledger.read == {} and old.ledger.last is None
    assert old.result(_story(ordered), entities).story.facts == facts


def test_an_article_whose_sentence_turned_furniture_is_read_again(bsnlp: Annotated) -> None:
    """A sentence that later arrivals make site furniture leaves the ledger: the state
    tells the kept ledger to read that article again (`LedgerFold.forget`)."""
    articles, entities = bsnlp
    ordered = [copy.deepcopy(a) for a in reading_order(articles)]
    state = StoryState.rebuild("s-1", ordered)
    before = state.result(_story(ordered), entities).story.facts
    figure = next(v for f in before for v in f.values)
    sentence = next(
        s for s in state.infos[figure.article_id] if s.start <= figure.start < s.end and s.kind != FURNITURE
    )
    sentence.kind = FURNITURE  # what `StoryState.extend` does to a sentence turned furniture
    state.ledger.forget(figure.article_id)
    after = state.result(_story(ordered), entities).story.facts
    whole = build_ledger(
        "s-1",
        [state.infos[a.id] for a in state.articles],
        {a.id: a for a in state.articles},
        entities,
        state.days,
    )
    assert after == whole
    assert all((v.article_id, v.start) != (figure.article_id, figure.start) for f in after for v in f.values)


def test_a_split_step_is_run_only_on_groups_it_has_not_seen(bsnlp: Annotated) -> None:
    """`_split` takes what the last build kept and gives back what to keep: a group with
    the same signature is not split again, and the result is the whole-story step's."""
    from storyline.story.ledger import identify, slotted, split_contradictions
    from storyline.story.ledger_entries import _entries
    from storyline.story.ledger_fold import _FIELDS, _split

    articles, entities = bsnlp
    fresh = StoryState.rebuild("s-1", [copy.deepcopy(a) for a in reading_order(articles)])
    entries = _entries([fresh.infos[a.id] for a in fresh.articles], entities)
    identify(entries)
    grouped = slotted(entries)
    signatures = {id(e): (id(e.q), id(e.s), *(getattr(e, f) for f in _FIELDS)) for e in entries}
    seen: list[int] = []

    def step(groups: dict[Any, list[Any]]) -> dict[Any, list[Any]]:
        seen.append(len(groups))
        return split_contradictions(groups)

    whole = split_contradictions(dict(grouped))
    first, kept = _split(grouped, signatures, step, {})
    assert first == whole and len(kept) == len(grouped)
    calls = len(seen)
    again, kept_again = _split(grouped, signatures, step, kept)
    assert again == whole and len(seen) == calls  # every group kept: no step run
    assert kept_again.keys() == kept.keys()
