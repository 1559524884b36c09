"""The grouping's state tables (migrations 46, 47): what is written reads back the
same on every backend, rows replace rows, deletes are exact, and a rollback undoes."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.store import Store

_TERMS = st.text(alphabet="абвгдеёжз-tés:/", min_size=1, max_size=8)


def test_profiles_read_back_by_level_and_id(store: Store) -> None:
    with store.transaction():
        store.save_group_profiles(
            [("thread", "thr-000002", "sty-000001", b'{"a":1}'), ("story", "sty-000001", None, b"{}")]
        )
        store.save_group_profiles([("thread", "thr-000001", "sty-000001", b'{"b":2}')])
    assert store.group_profile_ids("thread") == ["thr-000001", "thr-000002"]
    assert store.group_profile_ids("story") == ["sty-000001"]
    assert store.group_profile("thread", "thr-000002") == b'{"a":1}'
    assert store.group_profile("story", "thr-000002") is None  # levels apart
    with store.transaction():
        store.save_group_profiles([("thread", "thr-000002", "sty-000009", b'{"a":3}')])
        store.delete_group_profiles("thread", ["thr-000001", "thr-unknown"])
    assert store.group_profile_ids("thread") == ["thr-000002"]
    assert store.group_profile("thread", "thr-000002") == b'{"a":3}'


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    first=st.dictionaries(st.tuples(st.sampled_from("te"), _TERMS), st.integers(1, 10**9), max_size=20),
    second=st.dictionaries(st.tuples(st.sampled_from("te"), _TERMS), st.integers(1, 10**9), max_size=20),
)
def test_document_frequencies_are_upserted_and_deleted_exactly(
    store: Store, first: dict[tuple[str, str], int], second: dict[tuple[str, str], int]
) -> None:
    with store.transaction():
        store.delete_document_frequencies([(k, t) for k, t, _ in store.document_frequencies()])
        store.save_document_frequencies([(k, t, n) for (k, t), n in first.items()])
        store.save_document_frequencies([(k, t, n) for (k, t), n in second.items()])
        gone = sorted(first.keys() - second.keys())[:3]
        store.delete_document_frequencies(gone)
    expected = {**first, **second}
    for key in gone:
        expected.pop(key)
    assert {(k, t): n for k, t, n in store.document_frequencies()} == expected


def test_entity_records_redirects_and_counters(store: Store) -> None:
    with store.transaction():
        store.save_entity_records([("ent-000002", b'{"id":"ent-000002"}'), ("ent-000001", b"{}")])
        store.save_entity_redirects({"ent-000003": "ent-000001"})
        store.save_entity_redirects({"ent-000004": "ent-000002", "ent-000003": "ent-000002"})
        store.set_counter("idf_documents", 41)
        store.set_counter("idf_documents", 42)
    assert store.entity_records() == [b"{}", b'{"id":"ent-000002"}']
    assert store.entity_redirects() == {"ent-000003": "ent-000002", "ent-000004": "ent-000002"}
    assert store.counter("idf_documents") == 42 and store.counter("never set") == 0
    with store.transaction():
        store.delete_entity_records(["ent-000001"])
    assert store.entity_records() == [b'{"id":"ent-000002"}']


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(numbers=st.sets(st.integers(1, 10**6), max_size=30), page=st.integers(1, 7))
def test_entity_records_read_by_pages_equal_the_whole_table(
    store: Store, numbers: set[int], page: int
) -> None:
    with store.transaction():
        store.delete_entity_records([json.loads(blob)["id"] for blob in store.entity_records()])
        store.save_entity_records([(f"ent-{n:06d}", f'{{"id":"ent-{n:06d}"}}'.encode()) for n in numbers])
    whole = store.entity_records()
    assert len(whole) == len(numbers)
    assert list(store.iter_entity_records(page)) == whole


def test_unbuilt_stories_are_noted_once_and_cleared(store: Store) -> None:
    with store.transaction():
        store.note_unbuilt_stories(["sty-000002", "sty-000001", "sty-000002"])
        store.note_unbuilt_stories(["sty-000001"])
    assert store.unbuilt_stories() == ["sty-000001", "sty-000002"]
    with store.transaction():
        store.clear_unbuilt_stories(["sty-000001"])
    assert store.unbuilt_stories() == ["sty-000002"]


def test_a_rollback_undoes_the_grouping_rows(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.save_group_profiles([("thread", "thr-000001", None, b"{}")])
        store.save_document_frequencies([("t", "слово", 1)])
        store.note_unbuilt_stories(["sty-000001"])
        store.set_counter("idf_documents", 1)
        raise RuntimeError
    assert not store.group_profile_ids("thread") and not list(store.document_frequencies())
    assert not store.unbuilt_stories() and store.counter("idf_documents") == 0


def test_clear_grouping_empties_the_grouping_tables(store: Store) -> None:
    with store.transaction():
        store.save_group_profiles([("story", "sty-000001", None, b"{}")])
        store.save_document_frequencies([("e", "ent-000001", 3)])
        store.save_entity_records([("ent-000001", b"{}")])
        store.save_entity_redirects({"ent-000002": "ent-000001"})
        store.note_unbuilt_stories(["sty-000001"])
        store.clear_grouping()
    assert not store.group_profile_ids("story") and not list(store.document_frequencies())
    assert not store.entity_records() and not store.entity_redirects() and not store.unbuilt_stories()
