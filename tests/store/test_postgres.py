"""What only the PostgreSQL backend has: its migrations mirror SQLite's, its lease
is an advisory lock, it refuses what is not a storyline database, and its search
rows match SQLite's. The behaviour both share is in `tests/store/contract/`."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import StoreError, WriterBusyError
from storyline.model import Annotation, Token
from storyline.store import open_store, postgres, sqlite
from storyline.store.lease import WriterLease, new_lease
from storyline.store.pg_search import match
from storyline.store.postgres import PostgresStore, redact, to_pyformat
from storyline.store.sql_store import SQLStore
from tests.pg import Cluster
from tests.store.contract.helpers import article


def test_every_sqlite_schema_version_has_its_postgresql_script() -> None:
    assert [n for n, _ in postgres.migrations()] == [n for n, _ in sqlite.migrations()]


def test_a_new_database_is_at_the_latest_version_with_every_table(pg_url: str) -> None:
    with open_store(pg_url) as store:
        assert store.schema_version() == sqlite.migrations()[-1][0]
    with psycopg.connect(pg_url) as db:
        tables = {r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    assert {"articles", "annotations", "writer_lease", "search", "search_spans", "story_entities"} <= tables


def test_processes_opening_a_new_database_together_migrate_it_once(pg_url: str) -> None:
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            open_store(pg_url).close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_another_programs_database_is_refused_untouched(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(StoreError, match="not a storyline database"):
        open_store(pg_url)
    with psycopg.connect(pg_url) as db:
        assert db.execute("SELECT to_regclass('articles')").fetchone() == (None,)


def test_a_newer_schema_is_refused(pg_url: str) -> None:
    open_store(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer than this storyline"):
        open_store(pg_url)


def test_read_only_opens_nothing_new_and_writes_nothing(pg_url: str) -> None:
    with pytest.raises(StoreError, match="holds no storyline data"):
        open_store(pg_url, readonly=True)
    open_store(pg_url).close()
    with open_store(pg_url, readonly=True) as reader, pytest.raises(psycopg.Error):
        reader.add_article(article(1))


def test_an_unreachable_server_is_one_line_without_the_password(pg_cluster: Cluster) -> None:
    url = f"postgresql://someone:secret@127.0.0.1:{pg_cluster.port + 1}/nowhere"
    with pytest.raises(StoreError) as caught:
        open_store(url)
    message = str(caught.value)
    assert "cannot connect to PostgreSQL" in message and "secret" not in message and "\n" not in message
    assert redact(url) == f"postgresql://someone:***@127.0.0.1:{pg_cluster.port + 1}/nowhere"


def test_placeholders_are_translated_and_percent_kept() -> None:
    assert to_pyformat("SELECT ? WHERE a LIKE 'x%'") == "SELECT %s WHERE a LIKE 'x%%'"


def test_a_dead_writers_lease_is_taken_over_at_once(pg_url: str) -> None:
    """The holder's connection ended (a killed process): its advisory lock is gone,
    so its lease is free although the row has not expired."""
    holder = open_store(pg_url)
    lease = WriterLease(holder, "killed ingest", wait=0, ttl=300)
    lease.acquire()
    lease._stop.set()  # the heartbeat stops, as it would with the process
    holder.close()  # the connection ends without releasing anything
    successor = open_store(pg_url)
    current = successor.current_lease()
    assert current is not None and current.owner == "killed ingest" and current.live(time.time())
    with WriterLease(successor, "next ingest", wait=0, ttl=30) as taken:
        assert taken.lease is not None and successor.current_lease() == taken.lease
        with successor.transaction():
            successor.add_article(article(1))
    successor.close()


def test_a_connected_holder_keeps_its_lease(pg_url: str) -> None:
    holder, other = open_store(pg_url), open_store(pg_url)
    assert isinstance(holder, PostgresStore)
    now = time.time()
    mine = new_lease("alive", 300, now)
    holder.try_acquire_lease(mine, now)
    with pytest.raises(WriterBusyError, match="alive"):
        WriterLease(other, "second", wait=0.3, ttl=30).acquire()
    holder.release_lease(mine.token)
    with psycopg.connect(pg_url) as db:  # released: its advisory lock too
        assert db.execute("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory'").fetchone() == (0,)
    holder.close()
    other.close()


def _annotation(words: list[tuple[str, str]]) -> Annotation:
    tokens, at = [], 0
    for text, lemma in words:
        tokens.append(Token(text=text, start=at, end=at + len(text), lemma=lemma, pos="NOUN"))
        at += len(text) + 1
    return Annotation(lang="ru", full=True, tokens=tokens, version="test")


DOCUMENTS = [
    [("Токаева", "токаев"), ("подписал", "подписать"), ("указ", "указ")],
    [("Токаеву", "токаев"), ("Токаев", "токаев"), ("Северо-Запад", "северо-запад")],
    [("указы", "указ"), ("и", "и"), ("ещё", "ещё"), ("указы", "указ"), ("Токаева", "токаев")],
    [("погода", "погода")],
]
QUERIES = [[["токаев"]], [["токаев"], ["указ"]], [["северо_запад"]], [["указ", "погода"]], [["нет"]]]


def _indexed(location: str) -> SQLStore:
    store = open_store(location)
    assert isinstance(store, SQLStore)
    with store.transaction():
        for n, words in enumerate(DOCUMENTS, 1):
            store.add_article(article(n))
            store.save_annotation(f"a{n}", _annotation(words))
    return store


def _fts5(store: SQLStore, groups: list[list[str]]) -> list[tuple[int, float]]:
    expression = " AND ".join("(" + " OR ".join(f'"{w}"' for w in g) + ")" for g in groups)
    rows = store._db.execute(
        "SELECT rowid, bm25(search) FROM search WHERE search MATCH ? ORDER BY rank, rowid", (expression,)
    ).fetchall()
    return [(int(seq), float(rank)) for seq, rank in rows]


def test_search_ranks_as_sqlite_fts5_does(pg_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pg, lite = _indexed(pg_url), _indexed(str(tmp_path / "lite.db"))
    assert isinstance(pg, PostgresStore)
    for groups in QUERIES:
        ours, theirs = match(pg._db, groups, 10), _fts5(lite, groups)
        assert [seq for seq, _ in ours] == [seq for seq, _ in theirs], groups
        assert [rank for _, rank in ours] == pytest.approx([rank for _, rank in theirs], rel=1e-9), groups
    assert [seq for seq, _ in match(pg._db, [["токаев"]], 10)][:1] == [2]  # two of three words
    row = pg._db.execute("SELECT lemmas FROM search WHERE seq = 2").fetchone()
    assert row is not None
    lemmas = row[0]
    assert lemmas == "токаев токаев северо_запад"  # the row SQLite's FTS5 table holds
    spans = {
        name: store._db.execute("SELECT spans FROM search_spans ORDER BY seq").fetchall()
        for name, store in (("pg", pg), ("sqlite", lite))
    }
    assert spans["pg"] == spans["sqlite"]  # the snippets highlight the same offsets


@pytest.fixture(scope="module")
def russian_db(pg_cluster: Cluster) -> str:
    return pg_cluster.new_database("ru", icu_locale="ru-RU")


keys = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stored=st.lists(keys, max_size=12, unique=True), prefixes=st.lists(keys, min_size=1, max_size=4))
def test_state_keys_sort_and_match_prefixes_as_in_sqlite(
    russian_db: str, tmp_path_factory: pytest.TempPathFactory, stored: list[str], prefixes: list[str]
) -> None:
    """Keys are compared byte for byte on both (COLLATE "C"), so a prefix range reads
    the same keys in the same order, also in a database whose default collation is
    Russian (which sorts "ё" beside "е" and letters before punctuation)."""
    pg_url = russian_db
    lite_path = tmp_path_factory.mktemp("keys") / "k.db"
    with open_store(pg_url) as pg, open_store(lite_path) as lite:
        for store in (pg, lite):
            with store.transaction():
                store.delete_states(store.state_keys(""))
                store.set_states([(k, k.encode()) for k in stored])
        for prefix in prefixes:
            assert pg.state_keys(prefix) == lite.state_keys(prefix)
            assert list(pg.iter_state(prefix)) == list(lite.iter_state(prefix))


def test_another_url_scheme_is_one_line() -> None:
    from storyline.errors import InputError

    with pytest.raises(InputError, match="mysql:// databases are not supported"):
        open_store("mysql://db.example/news")
