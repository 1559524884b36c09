"""recluster keeps the id of every story whose membership mostly survives."""

from __future__ import annotations

from storyline.group import Grouper, recluster
from storyline.group.stable_ids import final_ids, matching
from storyline.store.base import Store
from tests.group.conftest import ingest, make_article

ARTICLES = [
    make_article("f1", "погода дождь ветер прогноз синоптики", title="Погода", published="2022-03-01"),
    make_article("f2", "футбол матч гол команда тренер", title="Футбол", published="2022-03-02"),
    make_article("f3", "театр премьера спектакль актер сцена", title="Театр", published="2022-03-03"),
    make_article("f4", "театр премьера спектакль актер зрители", title="Театр", published="2022-03-03"),
]


def test_a_story_keeps_its_id_when_most_members_survive_both_ways():
    before = {"sty-1": {"a", "b", "c"}, "sty-2": {"d", "e"}, "sty-3": {"f", "g", "h", "i"}}
    after = {
        "sty-1": {"d", "e", "x"},  # sty-2's members plus one: sty-2
        "sty-2": {"a", "b", "c"},  # unchanged: sty-1
        "sty-3": {"f", "g"},  # half of sty-3: not a majority of it
        "sty-4": {"h", "i"},
    }
    keep = matching(before, after)
    assert keep == {"sty-1": "sty-2", "sty-2": "sty-1"}
    # sty-3 and sty-4 keep their new ids: sty-3 is no target of a rename.
    assert final_ids(after, keep, ["sty-9"]) == {"sty-1": "sty-2", "sty-2": "sty-1"}
    # A new id that a matched story takes over must move to a fresh one.
    assert final_ids({"sty-1": {"z"}, "sty-2": {"a"}}, {"sty-2": "sty-1"}, ["sty-9"]) == {
        "sty-2": "sty-1",
        "sty-1": "sty-9",
    }


def test_recluster_in_another_order_keeps_every_story_id(store: Store):
    ingest(store, ARTICLES)
    grouper = Grouper(store)
    for article in reversed(ARTICLES):  # ids are given in this order first...
        with store.transaction():
            grouper.add(store.get_article(article.id))
    before = store.assignments()
    recluster(store)  # ...and rebuilt in ingest order, which would number them the other way
    after = store.assignments()
    assert {a: s for a, (_, s) in after.items()} == {a: s for a, (_, s) in before.items()}
    assert {s.id for s in store.stories()} == {s for _, s in before.values()}
    for story in store.stories():
        assert sorted(story.article_ids) == sorted(a for a, (_, s) in before.items() if s == story.id)
    # The renamed grouping goes on: a new article joins the theatre story by its old id.
    extra = make_article("f5", "театр премьера спектакль актер сцена", title="Театр", published="2022-03-04")
    ingest(store, [extra])
    with store.transaction():
        _, joined = Grouper(store).add(store.get_article("f5"))
    assert joined == before["f3"][1]


def _partitions():  # type: ignore[no-untyped-def]
    from hypothesis import strategies as st

    articles = [f"a{i}" for i in range(12)]
    labels = st.lists(st.integers(0, 4), min_size=len(articles), max_size=len(articles))
    return labels.map(lambda ls: _groups(dict(zip(articles, ls, strict=True))))


def _groups(label_of: dict[str, int]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for article, label in label_of.items():
        out.setdefault(f"sty-{label}", set()).add(article)
    return out


def test_matching_is_one_to_one_and_final_ids_are_distinct():
    from hypothesis import given, settings

    @settings(max_examples=200, deadline=None)
    @given(_partitions(), _partitions())
    def check(before: dict[str, set[str]], after: dict[str, set[str]]) -> None:
        keep = matching(before, after)
        assert len(set(keep.values())) == len(keep)
        for new, old in keep.items():
            shared = len(after[new] & before[old])
            assert 2 * shared > len(after[new]) and 2 * shared > len(before[old])
        fresh = [f"sty-f{i}" for i in range(len(after))]
        renames = final_ids(after, keep, fresh)
        final = [renames.get(s, s) for s in after]
        assert len(set(final)) == len(final)
        assert all(renames.get(new, new) == old for new, old in keep.items())

    check()
