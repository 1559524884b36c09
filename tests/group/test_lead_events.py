"""The lead's events in the thread decision: a member whose lead tells another event (no
shared predicate, no shared subject) is discounted; features and profiles carry them."""

from __future__ import annotations

import dataclasses
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from storyline.group.features import Features, extract_features
from storyline.group.params import Params
from storyline.group.profile import Profile, log_tf
from storyline.group.similarity import Query, lead_events_apart, thread_score, weighted
from storyline.group.vocab import Vocabulary
from storyline.model import LeadEvent
from tests.group.conftest import make_article

WORDS = ["отставка", "министр", "брексит", "правительство"]


def _member(aid: str, predicates: set[str], subjects: set[str], words: list[str] = WORDS) -> Features:
    return Features(
        aid, terms=Counter(dict.fromkeys(words, 1)), predicates=predicates, lead_subjects=subjects
    )


def _thread(*members: Features) -> Profile:
    thread = Profile(id="t", level="thread")
    for f in members:
        thread.add(f, log_tf(dict(f.terms)), "", None, 200, sketch=True)
    return thread


def _query(f: Features, v: Vocabulary) -> Query:
    tf = log_tf(dict(f.terms))
    return Query(f, tf, weighted(tf, v), {}, {})


def _vocab() -> Vocabulary:
    v = Vocabulary()
    for doc in (WORDS, ["погода"], ["футбол"]):
        v.add(doc)
    return v


def test_features_and_profiles_carry_the_lead_events() -> None:
    article = make_article("a", "Джонсон подал в отставку. Канцелярия сообщила об этом.")
    assert article.annotation is not None
    article.annotation.lead_events = [LeadEvent(0, ["подать"], "джонсон"), LeadEvent(1, ["сообщить"], None)]
    feats = extract_features(article)
    assert feats.predicates == {"подать", "сообщить"} and feats.lead_subjects == {"джонсон"}
    thread = _thread(feats)
    back = Profile.loads(thread.dumps())
    assert back.predicates == {"подать": 1, "сообщить": 1} and back.lead_subjects == {"джонсон": 1}
    assert back.members[0].predicates == {"подать": 1, "сообщить": 1}


def test_a_member_telling_another_event_is_discounted() -> None:
    v = _vocab()
    resigned = _member("m1", {"подать"}, {"джонсон"})
    appointed = _query(_member("q", {"назначить"}, {"рааб"}), v)
    off = Params()
    on = dataclasses.replace(off, thread_lead_event_factor=0.5)
    thread = _thread(resigned)
    assert thread_score(appointed, thread, v, Vocabulary(), on) == 0.5 * thread_score(
        appointed, thread, v, Vocabulary(), off
    )
    # The same event told again (a shared predicate or a shared subject) is not discounted.
    again = _query(_member("q2", {"уйти"}, {"джонсон"}), v)
    assert thread_score(again, thread, v, Vocabulary(), on) == thread_score(
        again, thread, v, Vocabulary(), off
    )
    # Only threads of `thread_lead_event_members` articles or more are guarded.
    small = dataclasses.replace(on, thread_lead_event_members=2)
    assert thread_score(appointed, thread, v, Vocabulary(), small) == thread_score(
        appointed, thread, v, Vocabulary(), off
    )
    # A thread with one member of the article's event scores as that member does.
    busy = _thread(resigned, _member("m2", {"назначить"}, {"мэй"}))
    assert thread_score(appointed, busy, v, Vocabulary(), small) == thread_score(
        appointed, busy, v, Vocabulary(), off
    )


def test_a_lead_without_an_event_is_never_apart() -> None:
    thread = _thread(_member("m", {"подать"}, {"джонсон"}))
    assert not lead_events_apart(_member("q", set(), set()), thread.members[0])
    assert not lead_events_apart(_member("q", {"назначить"}, set()), _thread(_member("m", set(), set())))


lemmas = st.sets(st.sampled_from(["подать", "назначить", "заявить", "уйти", "джонсон", "рааб"]), max_size=3)


@given(lemmas, lemmas, lemmas, lemmas, st.floats(0.0, 1.0))
def test_the_guard_only_lowers_a_score_and_is_symmetric(
    pa: set[str], sa: set[str], pb: set[str], sb: set[str], factor: float
) -> None:
    v = _vocab()
    a, b = _member("a", pa, sa), _member("b", pb, sb)
    assert lead_events_apart(a, _thread(b)) == lead_events_apart(b, _thread(a))
    on = dataclasses.replace(Params(), thread_lead_event_factor=factor)
    q, thread = _query(a, v), _thread(b)
    assert thread_score(q, thread, v, Vocabulary(), on) <= thread_score(q, thread, v, Vocabulary(), Params())


def test_the_same_subject_doing_the_same_thing_raises_the_score() -> None:
    v = _vocab()
    thread = _thread(_member("m", {"подать", "сообщить"}, {"джонсон"}))
    boost = dataclasses.replace(Params(), thread_lead_event_boost=0.3)
    off = dataclasses.replace(Params(), thread_lead_event_boost=0.0)
    half = [*WORDS[:2], "погода", "футбол"]
    same = _query(_member("q", {"подать"}, {"джонсон"}, half), v)
    base = thread_score(same, thread, v, Vocabulary(), off)
    assert thread_score(same, thread, v, Vocabulary(), boost) == base + 0.3 * (1 - base)
    # A shared predicate alone ("сообщить" by someone else) or a shared subject alone is no evidence.
    for predicates, subjects in (({"сообщить"}, {"мэй"}), ({"назначить"}, {"джонсон"})):
        other = _query(_member("q", predicates, subjects, half), v)
        assert thread_score(other, thread, v, Vocabulary(), boost) == thread_score(
            other, thread, v, Vocabulary(), off
        )
