"""What the fold keeps or leaves out to make an addition cheap gives the same answers.

Each shortcut of `StoryState` (kept cue searches, quotes kept per article, events
left out of the happening merge, pairs of tellings the happening test skips,
furniture signatures not judged again) is
checked against the computation it replaces, on real annotated Russian text.
"""

from __future__ import annotations

import copy
import pickle
import re
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.model import Article, Entity, Story
from storyline.story import build_story, happenings, timeline_fold_view
from storyline.story.features import SentenceInfo, cue_span, sentence_infos
from storyline.story.furniture import STORY_REPEATS, is_furniture, repeated_already, signature
from storyline.story.ledger import ATTRIBUTION_CUES
from storyline.story.ledger_status import RETROSPECTIVE_CUES, UPDATE_CUES
from storyline.story.state import StoryState
from storyline.story.timeline_events import _main_verbs

CUES = (UPDATE_CUES, RETROSPECTIVE_CUES, ATTRIBUTION_CUES)
# Pieces of Russian news text the cues look for, and words around them.
WORDS = ["пока", "уже", "сообщалось", "ранее", "по словам", "по данным", "как заявил", "МИД", "погибли", "5"]
TOPIC = "asia_bibi"
ARTICLES = 24


def _info(text: str) -> SentenceInfo:
    return SentenceInfo("a", 0, 0, len(text), "text", text, [], frozenset(), frozenset())


@given(st.lists(st.sampled_from(WORDS + [" ", ", ", "Москва"]), max_size=12), st.sampled_from(CUES))
def test_a_kept_cue_search_is_the_search(parts: list[str], pattern: re.Pattern[str]) -> None:
    text = "".join(parts)
    s = _info(text)
    m = pattern.search(text)
    expected = m.span() if m is not None else None
    assert cue_span(s, pattern) == expected
    assert cue_span(s, pattern) == expected  # the kept answer
    assert cue_span(pickle.loads(pickle.dumps(s)), pattern) == expected  # a stored state keeps it


@pytest.fixture(scope="module")
def bsnlp(
    bsnlp_topic: Callable[[str, int], tuple[list[Article], dict[str, Entity]]],
) -> tuple[list[Article], dict[str, Entity]]:
    return bsnlp_topic(TOPIC, ARTICLES)


def _story(articles: list[Article]) -> Story:
    return Story(id="s-1", title="", article_ids=[a.id for a in articles], thread_ids=[])


def test_events_naming_few_entities_leave_the_merge_as_it_was(
    bsnlp: tuple[list[Article], dict[str, Entity]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The timeline with the few-participant events left out of the happening merge equals
    the one with every event in it (the filter switched off)."""
    articles, entities = bsnlp
    state = StoryState.rebuild("s-1", copy.deepcopy(articles))
    fold = state.timeline
    counts = [len(fold.view._merge_fact(ev)[0]) for ev in fold.events]
    assert any(n >= timeline_fold_view.SHARED_PARTICIPANTS for n in counts), "some events take part"
    assert any(n < timeline_fold_view.SHARED_PARTICIPANTS for n in counts), "some are left out"
    shown = fold.timeline(None, state.idf)
    everything = copy.deepcopy(state)
    monkeypatch.setattr(timeline_fold_view, "SHARED_PARTICIPANTS", 0)  # every event in the merge
    assert everything.timeline.timeline(None, everything.idf) == shown


def test_quotes_kept_per_article_follow_a_renamed_speaker(
    seeds: tuple[list[Article], dict[str, Entity]],
) -> None:
    articles = copy.deepcopy(seeds[0])
    quoted = next(a for a in articles if a.annotation and a.annotation.quotes)
    assert quoted.annotation is not None
    q = quoted.annotation.quotes[0]
    q.speaker, q.speaker_text, q.speaker_entity_id = None, None, "e-speaker"
    state = StoryState.rebuild("s-1", copy.deepcopy(articles))
    for name in ("Первое Имя", "Второе Имя"):
        entities = {**seeds[1], "e-speaker": Entity("e-speaker", name, "PER")}
        got = state.result(_story(articles), entities).story.quotes
        assert name in {x.speaker_text for x in got}
        assert got == build_story(_story(articles), copy.deepcopy(articles), entities).story.quotes


@pytest.fixture(scope="module")
def seed_sentences(seeds: tuple[list[Article], dict[str, Entity]]) -> list[SentenceInfo]:
    return [s for a in seeds[0] for s in sentence_infos(copy.deepcopy(a))]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_signature_repeated_already_stays_judged_alike(
    seed_sentences: list[SentenceInfo], data: st.DataObject
) -> None:
    """`repeated_already`'s promise: once that many articles use a signature, more cannot
    change any sentence's furniture judgement."""
    s = seed_sentences[data.draw(st.integers(min_value=0, max_value=len(seed_sentences) - 1))]
    ids = [f"a{i}" for i in range(12)]
    sources = {i: data.draw(st.sampled_from(["x.ru", "y.ru", "z.ru"])) for i in ids}
    sources[s.article_id] = data.draw(st.sampled_from(["x.ru", "y.ru"]))
    first = data.draw(st.integers(min_value=STORY_REPEATS, max_value=6))
    more = data.draw(st.integers(min_value=first, max_value=len(ids)))
    before, after = set(ids[:first]), set(ids[:more])
    assert repeated_already(before)
    sig = signature(s)
    assert is_furniture(s, {sig: before}, sources) == is_furniture(s, {sig: after}, sources)


def test_the_happening_test_skips_only_pairs_that_cannot_pass(
    bsnlp: tuple[list[Article], dict[str, Entity]],
) -> None:
    """`same_happening` with its skips (no shared feature, both covers under the bar, the
    participants asked once) answers as the test over every pair of tellings does."""
    articles, _ = bsnlp
    state = StoryState.rebuild("s-1", copy.deepcopy(articles))
    events = [
        timeline_fold_view._Merged(
            ev.date, ev.date_end, ev.precision, list(ev.evidence), [ev.said[s.key] for s in ev.evidence], ev
        )
        for ev in state.timeline.events
    ]  # as the merge sees them
    events = [ev for ev in events if len(happenings.event_participants(ev)) >= 2]

    def every_pair(a: timeline_fold_view._Merged, b: timeline_fold_view._Merged) -> bool:
        if not happenings.compatible_dates(a, b):
            return False
        if len(happenings.event_participants(a) & happenings.event_participants(b)) < 2:
            return False
        for x in a.evidence:
            for y in b.evidence:
                forward = state.idf.cover(x, y, figures=False)
                backward = state.idf.cover(y, x, figures=False)
                if _main_verbs(x) & _main_verbs(y) and max(forward, backward) >= happenings.SAME_CONTENT:
                    return True
                if min(forward, backward) >= happenings.SAME_CONTENT:
                    return True
        return False

    pairs = [(a, b) for a in events for b in events if a is not b]
    answers = [happenings.same_happening(a, b, state.idf, _main_verbs) for a, b in pairs]
    assert any(answers) and not all(answers)
    assert answers == [every_pair(a, b) for a, b in pairs]
