"""A story's timeline, facts and quotes are rows: a save writes only what changed,
and every reader gives back the story as saved."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.model import Evidence, Fact, FactValue, Story, StoryQuote, TimelineEvent
from storyline.store import story_rows
from storyline.store.story_rows import StoryRows, plan

from .conftest import Opener
from .helpers import article


def _event(n: int, text: str = "") -> TimelineEvent:
    return TimelineEvent(
        date=f"2022-01-{1 + n % 28:02d}",
        date_end=None,
        precision="day",
        text=text or f"Событие номер {n}",
        evidence=[Evidence("a1", n, n + 5)],
        entity_ids=[f"e{n}"],
    )


def _fact(n: int) -> Fact:
    value = FactValue(float(n), None, None, None, "человек", "a1", n, n + 2, "2022-01-02")
    return Fact(f"f{n}", None, "пострадавшие", "число", "consistent", [value])


def _story(events: list[TimelineEvent], facts: list[Fact] | None = None) -> Story:
    return Story(
        id="s1",
        title="Сюжет",
        article_ids=[],
        thread_ids=[],
        summary="Итог.",
        entity_ids=["e1"],
        timeline=events,
        facts=facts or [],
        quotes=[StoryQuote("a1", 0, 4, None, "министр", "direct")],
        summary_sentences=[Evidence("a1", 0, 4)],
    )


def _members(store) -> None:  # type: ignore[no-untyped-def]
    with store.transaction():
        store.add_article(article(1))
        store.set_assignment("a1", "t1", "s1")


def test_story_round_trips_and_an_add_writes_only_its_rows(backend: Opener) -> None:
    store = backend()
    _members(store)
    events = [_event(n) for n in range(20)]
    with store.transaction():
        written = store.save_story(_story(events, [_fact(1), _fact(2)]))
    assert written.written == 23  # 20 events, 2 facts, 1 quote: all new
    got = store.get_story("s1")
    assert got.timeline == events and got.facts == [_fact(1), _fact(2)]
    assert got.article_ids == ["a1"] and got.thread_ids == ["t1"]
    # one event inserted in the middle, one changed, one gone: three rows, not the story
    changed = [*events[:5], _event(100), *events[5:9], _event(9, "Иначе"), *events[10:19]]
    with store.transaction():
        written = store.save_story(_story(changed, [_fact(1), _fact(2)]), written)
    assert written.written == 3
    assert store.get_story("s1").timeline == changed
    assert [s.timeline for s in store.stories()] == [changed]
    # a fresh connection, with nothing kept, reads the rows back to compare
    again = backend()
    with again.transaction():
        rows = again.save_story(_story(changed, [_fact(3)]))
    assert rows.written == 2  # one fact updated in place, one deleted
    assert again.get_story("s1").facts == [_fact(3)]


def test_a_rolled_back_save_is_not_trusted(backend: Opener) -> None:
    store = backend()
    _members(store)
    with store.transaction():
        written = store.save_story(_story([_event(1)]))
    try:
        with store.transaction():
            lost = store.save_story(_story([_event(1), _event(2)]), written)
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    with store.transaction():  # the caller kept the rows of the rolled-back save
        store.save_story(_story([_event(1), _event(2), _event(3)]), lost)
    assert store.get_story("s1").timeline == [_event(1), _event(2), _event(3)]


def test_the_story_document_changes_when_only_a_part_row_does(backend: Opener) -> None:
    """Readers version a story by its document (the web's page cache): a same-length
    edit of one figure, with every short field unchanged, must still change it."""
    store = backend()
    _members(store)

    def document() -> str:
        db = store._db  # type: ignore[attr-defined]  # both SQL backends keep a connection here
        return str(db.execute("SELECT data FROM stories WHERE id = 's1'").fetchone()[0])

    with store.transaction():
        written = store.save_story(_story([_event(1)], [_fact(3)]))
    before = document()
    with store.transaction():
        store.save_story(_story([_event(1)], [_fact(3)]), written)
    assert document() == before  # nothing changed: the same version
    edited = replace(_fact(3), values=[replace(_fact(3).values[0], value=4.0)])
    with store.transaction():
        store.save_story(_story([_event(1)], [edited]), written)
    assert document() != before


def test_deleting_a_story_deletes_its_rows(backend: Opener) -> None:
    store = backend()
    _members(store)
    with store.transaction():
        store.save_story(_story([_event(1), _event(2)]))
        store.delete_story("s1")
    assert store.story_rows("s1").count == 0


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 30), max_size=40),
    st.lists(st.lists(st.integers(0, 30), max_size=40), min_size=1, max_size=6),
)
def test_planned_rows_are_the_new_rows_in_rank_order(first: list[int], later: list[list[int]]) -> None:
    rows = StoryRows("s")
    for texts in [first, *later]:
        new = {"timeline": [str(t) for t in texts]}
        before = {rid: (o, d) for rid, o, d in rows.parts.get("timeline", [])}
        rows, changes = plan(rows, new)
        out = rows.parts["timeline"]
        assert [d for _, _, d in out] == new["timeline"]
        ords = [o for _, o, _ in out]
        assert ords == sorted(ords) and len(set(ords)) == len(ords)
        # applying the changes to the old rows gives exactly the planned rows
        applied = dict(before)
        for _, rid in changes.deletes:
            del applied[rid]
        for _, data, o, rid in changes.updates:
            applied[rid] = (o, data)
        for _, rid, o, data in changes.inserts:
            assert rid not in applied
            applied[rid] = (o, data)
        assert sorted((o, rid, d) for rid, (o, d) in applied.items()) == sorted(
            (o, rid, d) for rid, o, d in out
        )


def test_many_inserts_at_one_place_renumber_when_ranks_run_out() -> None:
    rows = StoryRows("s")
    texts = ["first", "last"]
    rows, _ = plan(rows, {"quotes": texts})
    rng = random.Random(7)
    for n in range(200):
        texts = [*texts[:1], f"q{n}", *texts[1:]] if rng.random() < 0.9 else [*texts, f"q{n}"]
        rows, _ = plan(rows, {"quotes": texts})
    ords = [o for _, o, _ in rows.parts["quotes"]]
    assert [d for _, _, d in rows.parts["quotes"]] == texts
    assert all(b - a >= story_rows.MIN_GAP for a, b in zip(ords, ords[1:], strict=False))


def test_a_document_from_before_schema_41_still_reads() -> None:
    from storyline.store import codec

    story = _story([_event(1)], [_fact(1)])
    old = codec.dumps(replace(story, article_ids=[], thread_ids=[]))  # parts inside the document
    assert codec.story_from(old, [], []) == story


def test_a_story_state_is_kept_bytes_until_the_story_goes(backend: Opener) -> None:
    store = backend()
    _members(store)
    blob = bytes(range(256)) * 10
    with store.transaction():
        store.save_story(_story([_event(1)]))
        store.save_story_state("s1", "fold-1:x", 1, blob)
    assert store.story_state("s1") == ("fold-1:x", 1, blob)
    with store.transaction():
        store.save_story_state("s1", "fold-1:y", 2, b"\x00")
    assert store.story_state("s1") == ("fold-1:y", 2, b"\x00")
    assert store.content_hashes(["a1", "missing"]) == {"a1": article(1).content_hash}
    with store.transaction():
        store.delete_story("s1")
    assert store.story_state("s1") is None


def test_a_part_object_saved_again_is_encoded_only_when_a_field_changed(backend: Opener) -> None:
    """The kept encodings (`story_rows.Encodings`) reuse a saved object's row text only
    while its fields are the ones encoded: the story step reassigns a shown event's
    `context`, and gives a changed fact a new values list."""
    store = backend()
    _members(store)
    events = [_event(n) for n in range(5)]
    facts = [_fact(1), _fact(2)]
    with store.transaction():
        written = store.save_story(_story(events, facts))
    assert written.encodings is not None and not written.encodings.hits
    events[2].context = True  # the same object, a field reassigned
    facts[1].values = [replace(facts[1].values[0], value=9.0)]
    with store.transaction():
        written = store.save_story(_story(events, facts), written)
    assert written.written == 2
    assert written.encodings is not None and written.encodings.hits == 5  # 4 events, 1 fact
    got = store.get_story("s1")
    assert got.timeline[2].context is True and got.facts[1].values[0].value == 9.0
    assert got.timeline == events and got.facts == facts
    # the rows kept by a rolled-back save keep no wrong text either: texts are per object
    fresh = backend()
    assert fresh.get_story("s1").timeline == events
