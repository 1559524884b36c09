from storyline.group.index import UNDATED, InvertedIndex


def test_candidates_rank_by_shared_weight_and_respect_the_week_window():
    index = InvertedIndex(window_weeks=1, per_key_cap=100)
    index.add("near", ["t:указ", "t:миротворец"], [100])
    index.add("far", ["t:указ", "t:миротворец"], [110])
    index.add("weak", ["t:указ"], [100])
    found = index.candidates({"t:указ": 0.5, "t:миротворец": 0.5}, 101, lambda i: True, limit=10)
    assert found == ["near", "weak"]  # "far" is outside the window


def test_undated_query_sees_every_week_and_dead_clusters_are_skipped():
    index = InvertedIndex(window_weeks=1, per_key_cap=100)
    index.add("a", ["t:x"], [5])
    index.add("b", ["t:x"], [500])
    index.add("c", ["t:x"], [])
    assert set(index.candidates({"t:x": 1.0}, None, lambda i: True, 10)) == {"a", "b", "c"}
    assert index.candidates({"t:x": 1.0}, None, lambda i: i != "b", 10) == ["a", "c"]
    assert UNDATED in index.postings["t:x"]


def test_per_key_cap_bounds_the_work_newest_first():
    index = InvertedIndex(window_weeks=0, per_key_cap=3)
    for i in range(10):
        index.add(f"c{i}", ["t:common"], [7])
    found = index.candidates({"t:common": 1.0}, 7, lambda i: True, 10)
    assert sorted(found) == ["c7", "c8", "c9"]


def test_scored_matches_idf() -> None:
    from storyline.group.vocab import Vocabulary

    vocab = Vocabulary()
    for doc in (["a", "b"], ["a"], ["c"] * 3):
        vocab.add(doc)
    vocab.df["common"] = 5000  # beyond the log table
    weights = {"a": 0.5, "b": 1.0, "zzz": 2.0, "common": 1.0}
    assert vocab.scored(weights) == [(w * vocab.idf(k), k) for k, w in weights.items()]
