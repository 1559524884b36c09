"""The online grouper on hand-made articles: joins, merges with history, duplicates,
persistence across restarts, determinism and recluster."""

from __future__ import annotations

from pathlib import Path

from storyline.group import Grouper, recluster
from storyline.group.params import Params
from storyline.model import Article
from storyline.store import open_store
from storyline.store.base import Store
from tests.group.conftest import ingest, make_article

FILLER = [
    make_article("f1", "погода дождь ветер прогноз синоптики", title="Погода", published="2022-03-01"),
    make_article("f2", "футбол матч гол команда тренер", title="Футбол", published="2022-03-02"),
    make_article("f3", "театр премьера спектакль актер сцена", title="Театр", published="2022-03-03"),
]


def _group(
    store: Store, articles: list[Article], grouper: Grouper | None = None
) -> dict[str, tuple[str, str]]:
    grouper = grouper or Grouper(store)
    out = {}
    for a in articles:
        with store.transaction():
            out[a.id] = grouper.add(store.get_article(a.id))
    return out


def test_reports_of_one_happening_share_a_thread(store: Store):
    a = make_article(
        "a",
        "парламент одобрил отправку миротворцев ОДКБ в Казахстан",
        title="Парламент одобрил отправку миротворцев",
        published="2022-01-07",
    )
    b = make_article(
        "b",
        "депутаты: парламент одобрил отправку миротворцев ОДКБ в Казахстан",
        title="Парламент одобрил отправку",
        published="2022-01-07",
    )
    ingest(store, [*FILLER, a, b])
    out = _group(store, [*FILLER, a, b])
    assert out["a"] == out["b"]
    assert len({out[f.id][1] for f in FILLER}) == 3
    threads = {t.id: t for t in store.threads()}
    assert threads[out["a"][0]].article_ids == ["a", "b"]
    story = store.get_story(out["a"][1])
    assert story.thread_ids == [out["a"][0]] and story.article_ids == ["a", "b"]
    assert store.assignments()["b"] == out["b"]


def test_bridging_article_merges_threads_with_history(store: Store):
    # Same happening, but 6 days apart: two threads, until a report in between bridges them.
    a = make_article("a", "альфа бета гамма дельта эпсилон", published="2022-03-10")
    b = make_article("b", "альфа бета гамма дельта эпсилон", published="2022-03-16")
    c = make_article("c", "альфа бета гамма дельта эпсилон", published="2022-03-13")
    ingest(store, [*FILLER, a, b, c])
    grouper = Grouper(store)
    out = _group(store, [*FILLER, a, b], grouper)
    assert out["a"][0] != out["b"][0]
    _group(store, [c], grouper)
    assignments = store.assignments()
    assert assignments["a"] == assignments["b"] == assignments["c"]
    merge = next(m for m in store.merges() if m[0] == "thread")
    assert merge[3] == "c" and {merge[1], merge[2]} == {out["a"][0], out["b"][0]}
    assert len(store.threads()) == 4  # three fillers and the merged one


def test_bridging_article_merges_stories_and_reports_removed(store: Store):
    a = make_article("a", "альфа бета гамма дельта", published="2022-03-01")
    b = make_article("b", "гамма эпсилон дзета эта", published="2022-03-20")
    c = make_article("c", "альфа бета гамма дельта эпсилон дзета эта", published="2022-03-10")
    ingest(store, [*FILLER, a, b, c])
    # Strict joining keeps b out of a's story; c, close to both, bridges them.
    params = Params(
        story_threshold=0.95,
        story_merge_threshold=0.3,
        story_pair_threshold=0.1,
        story_consolidate_threshold=2.0,
    )
    grouper = Grouper(store, params=params)
    out = _group(store, [*FILLER, a, b], grouper)
    assert out["a"][1] != out["b"][1]
    grouper.touched_stories.clear()
    _group(store, [c], grouper)
    assignments = store.assignments()
    assert assignments["a"][1] == assignments["b"][1] == assignments["c"][1]
    # The merge keeps the older story's id: a's story was made before b's.
    assert assignments["a"][1] == out["a"][1]
    merge = next(m for m in store.merges() if m[0] == "story")
    assert merge[3] == "c" and merge[2] in grouper.removed_stories
    assert {s.id for s in store.stories()}.isdisjoint(grouper.removed_stories)
    assert assignments["c"][1] in grouper.touched_stories
    story = store.get_story(assignments["c"][1])
    # Members in ingest order whichever story was kept; threads by their first article.
    assert story.article_ids == ["a", "b", "c"]
    assert story.thread_ids == [assignments["a"][0], assignments["b"][0], assignments["c"][0]]


def test_members_stay_complete_and_in_ingest_order_over_many_adds(store: Store):
    # Four topics; strict joining keeps each topic's early and late reports in two
    # stories until a bridging report merges them, then more reports follow.
    topics = [
        ["альфа", "бета", "гамма", "дельта", "эпсилон", "дзета", "эта"],
        ["кошка", "собака", "мышь", "птица", "рыба", "лиса", "волк"],
        ["река", "море", "озеро", "берег", "волна", "песок", "остров"],
        ["поезд", "вагон", "рельсы", "вокзал", "билет", "перрон", "станция"],
    ]
    articles = []
    for rnd, (part, day) in enumerate(
        [
            (slice(0, 4), 1),
            (slice(3, 7), 20),
            (slice(0, 4), 2),
            (slice(3, 7), 21),
            (slice(0, 7), 10),
            (slice(0, 4), 3),
            (slice(3, 7), 19),
        ]
    ):
        articles += [
            make_article(f"x{rnd}{g}", " ".join(t[part]), published=f"2022-03-{day:02d}")
            for g, t in enumerate(topics)
        ]
    ingest(store, [*FILLER, *articles])
    params = Params(
        story_threshold=0.95,
        story_merge_threshold=0.3,
        story_pair_threshold=0.1,
        story_consolidate_threshold=2.0,
    )
    grouper = Grouper(store, params=params)
    _group(store, [*FILLER, *articles], grouper)
    assert any(m[0] == "story" for m in store.merges()), "the corpus must exercise a story merge"
    order = store.article_ids()
    assignments = store.assignments()

    def expected(level: int, cluster: str) -> list[str]:
        return [a for a in order if assignments[a][level] == cluster]

    stories = store.stories()
    assert sorted(a for s in stories for a in s.article_ids) == sorted(order)
    for story in stories:
        assert story.article_ids == expected(1, story.id) == store.get_story(story.id).article_ids
        firsts = [expected(0, t)[0] for t in story.thread_ids]
        assert firsts == sorted(firsts, key=order.index) and set(story.thread_ids) == {
            assignments[a][0] for a in story.article_ids
        }
    for thread in store.threads():
        assert thread.article_ids == expected(0, thread.id)
    # A restarted grouper rebuilds the same membership from the store.
    again = Grouper(store, params=params)
    assert {s.id: s.article_ids for s in stories} == {sid: p.articles for sid, p in again.stories.items()}


def test_duplicate_joins_its_original_thread(store: Store):
    a = make_article("a", "альфа бета гамма", published="2022-03-10")
    d = make_article("d", "совсем другой текст без общих слов", published="2022-03-10", duplicate_of="a")
    ingest(store, [*FILLER, a, d])
    out = _group(store, [*FILLER, a, d])
    assert out["d"] == out["a"]


def test_threads_do_not_span_weeks_but_stories_do(store: Store):
    a = make_article("a", "миротворцы ОДКБ прибыли в Казахстан миссия", published="2022-01-07")
    b = make_article("b", "миротворцы ОДКБ покинули Казахстан миссия", published="2022-01-20")
    ingest(store, [*FILLER, a, b])
    out = _group(store, [*FILLER, a, b])
    assert out["a"][0] != out["b"][0]
    assert out["a"][1] == out["b"][1]


def _corpus() -> list[Article]:
    texts = [
        ("k1", "миротворцы ОДКБ Казахстан протесты Алматы", "2022-01-06"),
        ("k2", "протесты Алматы Казахстан беспорядки полиция", "2022-01-06"),
        ("k3", "парламент Кыргызстана миротворцы ОДКБ отправка", "2022-01-07"),
        ("k4", "указ отправка миротворцев ОДКБ Кыргызстан Казахстан", "2022-01-07"),
        ("k5", "миротворцы ОДКБ вернулись Казахстан миссия завершена", "2022-01-14"),
    ]
    ents = [("ОДКБ", "ORG"), ("Казахстан", "LOC"), ("Алматы", "LOC")]
    return [*FILLER, *(make_article(i, t, published=p, entities=ents) for i, t, p in texts)]


def test_restart_continues_exactly_like_one_run(tmp_path: Path):
    one = open_store(tmp_path / "one.db")
    two = open_store(tmp_path / "two.db")
    ingest(one, _corpus())
    ingest(two, _corpus())
    straight = _group(one, _corpus())
    half = _group(two, _corpus()[:5])
    half.update(_group(two, _corpus()[5:]))  # a new Grouper: state loaded from the store
    assert straight == half
    assert [e.name for e in one.entities()] == [e.name for e in two.entities()]
    one.close()
    two.close()


def test_recluster_rebuilds_the_same_grouping_and_entities(store: Store):
    ingest(store, _corpus())
    first = _group(store, _corpus())
    recluster(store)
    assert store.assignments() == first
    assert store.entities()
    assert all(
        m.entity_id for a in store.iter_articles() for m in (a.annotation.entities if a.annotation else [])
    )


class _TableEmbedder:
    """Two-dimensional word vectors: "сахар" and "сладкое" mean the same thing."""

    dim = 2

    def embed(self, terms, text):  # type: ignore[no-untyped-def]
        from storyline.group.embed import WordVectorEmbedder

        table = {"сахар": [1.0, 0.0], "сладкое": [1.0, 0.0], "кишечник": [0.9, 0.1], "футбол": [0.0, 1.0]}
        return WordVectorEmbedder(table, dim=2).embed(terms, text)


def test_embedder_vectors_are_kept_on_threads(store: Store):
    a = make_article("a", "сахар кишечник вред", published="2022-03-10")
    b = make_article("b", "сладкое кишечник вред", published="2022-03-10")
    ingest(store, [*FILLER, a, b])
    grouper = Grouper(store, embedder=_TableEmbedder())
    out = _group(store, [*FILLER, a, b], grouper)
    thread = grouper.threads[out["a"][0]]
    assert len(thread.dense) == 2 and thread.dense[0] > 0.9
    assert out["a"] == out["b"]


def test_story_skeleton_update_keeps_story_intelligence(store: Store):
    a = make_article("a", "альфа бета гамма дельта", published="2022-03-10")
    b = make_article("b", "альфа бета гамма дельта эпсилон", published="2022-03-10")
    ingest(store, [*FILLER, a, b])
    grouper = Grouper(store)
    out = _group(store, [*FILLER, a], grouper)
    story = store.get_story(out["a"][1])
    story.summary = "итог"  # what the story stage computed
    with store.transaction():
        store.save_story(story)
    out.update(_group(store, [b], grouper))
    again = store.get_story(out["b"][1])
    assert again.summary == "итог" and again.article_ids == ["a", "b"]


def test_the_logistic_thread_decision_groups_one_happening_and_keeps_others_apart(store: Store):
    a = make_article(
        "a",
        "парламент одобрил отправку миротворцев ОДКБ в Казахстан",
        title="Парламент одобрил отправку миротворцев",
        published="2022-01-07",
    )
    b = make_article(
        "b",
        "депутаты: парламент одобрил отправку миротворцев ОДКБ в Казахстан",
        title="Парламент одобрил отправку",
        published="2022-01-07",
    )
    ingest(store, [*FILLER, a, b])
    out = _group(store, [*FILLER, a, b], Grouper(store, params=Params(thread_decision="logistic")))
    assert out["a"][0] == out["b"][0]
    assert len({out[f.id][0] for f in FILLER} | {out["a"][0]}) == 4


def test_a_story_merge_keeps_the_older_id_even_when_the_newer_story_is_larger(store: Store):
    a = make_article("a", "альфа бета гамма дельта", published="2022-03-01")
    b = make_article("b", "гамма эпсилон дзета эта", published="2022-03-20")
    b2 = make_article("b2", "гамма эпсилон дзета эта тета", published="2022-03-20")
    b3 = make_article("b3", "гамма эпсилон дзета эта йота", published="2022-03-21")
    c = make_article("c", "альфа бета гамма дельта эпсилон дзета эта", published="2022-03-10")
    ingest(store, [*FILLER, a, b, b2, b3, c])
    params = Params(
        story_threshold=0.5,
        story_merge_threshold=0.3,
        story_pair_threshold=0.1,
        story_consolidate_threshold=2.0,
    )
    grouper = Grouper(store, params=params)
    out = _group(store, [*FILLER, a, b, b2, b3], grouper)
    assert out["a"][1] != out["b"][1] == out["b2"][1] == out["b3"][1]  # the newer story is the larger
    _group(store, [c], grouper)
    assignments = store.assignments()
    assert assignments["a"][1] == assignments["b"][1] == assignments["c"][1] == out["a"][1]


def test_member_linkage_groups_one_happening_and_its_sketches_survive_a_restart(tmp_path: Path):
    """With member linkage the reports of one happening still share a thread, and a
    restarted grouper scores against the member sketches it stored (same result)."""
    params = Params(thread_decision="logistic", thread_core_linkage="members")
    a = make_article(
        "a",
        "парламент одобрил отправку миротворцев ОДКБ в Казахстан",
        title="Парламент одобрил отправку миротворцев",
        published="2022-01-07",
    )
    b = make_article(
        "b",
        "депутаты: парламент одобрил отправку миротворцев ОДКБ в Казахстан",
        title="Парламент одобрил отправку",
        published="2022-01-07",
    )
    c = make_article(
        "c",
        "сенат тоже одобрил отправку миротворцев ОДКБ в Казахстан",
        title="Сенат одобрил отправку миротворцев",
        published="2022-01-07",
    )
    store = open_store(tmp_path / "m.db")
    ingest(store, [*FILLER, a, b, c])
    out = _group(store, [*FILLER, a, b], Grouper(store, params=params))
    assert out["a"][0] == out["b"][0]
    restarted = Grouper(store, params=params)
    assert [m.id for m in restarted.threads[out["a"][0]].members] == ["a", "b"]
    out.update(_group(store, [c], restarted))
    assert len({out[f.id][0] for f in FILLER} | {out["a"][0]}) == 4
    store.close()


def test_entity_spread_counts_threads_and_survives_a_restart(tmp_path: Path):
    # Entities counted once per thread (Params.thread_entity_idf "threads"): the counts
    # and the thread total are stored, so a restarted grouper decides like one run.
    params = Params(thread_entity_idf="threads", thread_term_idf="threads")
    one = open_store(tmp_path / "one.db")
    two = open_store(tmp_path / "two.db")
    ingest(one, _corpus())
    ingest(two, _corpus())
    straight_grouper = Grouper(one, params=params)
    straight = _group(one, _corpus(), straight_grouper)
    half = _group(two, _corpus()[:5], Grouper(two, params=params))
    restarted = Grouper(two, params=params)
    assert restarted.spread.docs and restarted.spread.df
    half.update(_group(two, _corpus()[5:], restarted))
    assert straight == half
    spread = straight_grouper.spread
    threads = {t for t, _ in straight.values()}
    assert spread.docs == len(threads)
    # Every entity is counted once for each thread that names it, never more.
    by_entity: dict[str, set[str]] = {}
    for article in one.iter_articles():
        for m in article.annotation.entities if article.annotation else []:
            by_entity.setdefault(m.entity_id or "", set()).add(straight[article.id][0])
    assert {e: len(t) for e, t in by_entity.items()} == spread.df
    reloaded = Grouper(one, params=params)
    assert reloaded.spread.df == spread.df
    assert reloaded.term_spread.df == straight_grouper.term_spread.df
    assert reloaded.term_spread.docs == spread.docs
    # A lemma is counted once per thread as well: at most once per thread opened.
    assert 0 < max(straight_grouper.term_spread.df.values()) <= spread.docs
    one.close()
    two.close()


def test_a_store_grouped_before_thread_counts_gets_them_from_its_thread_profiles(tmp_path: Path):
    # A store whose grouping predates the entity spread (no "h" rows, no idf_threads
    # counter) counts it once from the stored thread profiles, instead of weighing every
    # entity as rare until a recluster; the counts are stored with the next add.
    params = Params(thread_entity_idf="threads")
    store = open_store(tmp_path / "old.db")
    ingest(store, _corpus())
    grouped = Grouper(store, params=params)
    _group(store, _corpus()[:6], grouped)
    profiles = list(grouped.threads.values())
    store.delete_document_frequencies([("h", key) for key in grouped.spread.df])
    store.set_counter("idf_threads", 0)
    upgraded = Grouper(store, params=params)
    assert upgraded.spread.docs == len(profiles)
    expected: dict[str, int] = {}
    for profile in profiles:
        for key in profile.entities:
            expected[key] = expected.get(key, 0) + 1
    assert expected and upgraded.spread.df == expected
    _group(store, _corpus()[6:], upgraded)
    assert upgraded.spread.docs >= len(profiles)
    assert store.counter("idf_threads") == upgraded.spread.docs
    assert Grouper(store, params=params).spread.df == upgraded.spread.df
    store.close()
