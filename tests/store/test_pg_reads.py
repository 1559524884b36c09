"""The read side's PostgreSQL statements: the same answers as SQLite's, from an index.

A throwaway database of each backend gets the same rows through the store; the
read side's queries then answer the same on both, and on PostgreSQL their plans
read the index written for them rather than sorting a whole table.
"""

from __future__ import annotations

from pathlib import Path

import psycopg

from storyline.model import Entity
from storyline.query.reader import Reader
from storyline.store import open_store
from storyline.store.pg_read import translate

# Entities in the test stores: enough that a page of 50 is a small part of them
# and the planner prefers an index to a sort (3,126 in the 100k store).
ENTITIES = 400
PAGE = 50


def _entities() -> list[Entity]:
    # counts repeat (ties broken by id) and ids are not in count order
    return [
        Entity(f"e{(i * 7919) % ENTITIES:04d}", f"Имя {i}", "PER", mention_count=(i * 37) % 23)
        for i in range(ENTITIES)
    ]


def _filled(location: str) -> str:
    with open_store(location) as store, store.transaction():
        store.save_entities(_entities())
    return location


def test_entity_list_is_sqlites_order_read_from_its_index(pg_url: str, tmp_path: Path) -> None:
    lite, pg = _filled(str(tmp_path / "lite.db")), _filled(pg_url)
    with Reader(lite) as a, Reader(pg) as b:
        for offset in (0, PAGE, ENTITIES - 10):
            assert [e.id for e in b.entities(None, PAGE, offset).items] == [
                e.id for e in a.entities(None, PAGE, offset).items
            ]
        expected = sorted(_entities(), key=lambda e: (-e.mention_count, e.id))
        assert [e.id for e in b.entities(None, PAGE, 0).items] == [e.id for e in expected[:PAGE]]
    sql = translate(
        "SELECT data FROM entities ORDER BY json_extract(data, '$.mention_count') DESC, id LIMIT ? OFFSET ?"
    )
    with psycopg.connect(pg_url) as db:
        db.execute("ANALYZE entities")
        plan = "\n".join(str(r[0]) for r in db.execute("EXPLAIN " + sql, (PAGE, 0)))  # type: ignore[arg-type]
    assert "entities_mentions_desc" in plan and "Sort" not in plan, plan


# Statements a story-list page sends once the write generation's counts are kept:
# the generation's snapshot, the page's ids with their rows, total and newest
# publication in one, the entity page with its total (the page's members when it
# has stories). Session 13's code sent six here (a count, the ids, the newest seq,
# the entity count and page apart).
LIST_PAGE_STATEMENTS = 3


def test_a_story_list_page_sends_few_statements(pg_url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from storyline.store import pg_read
    from storyline.web.app import create_app

    _filled(pg_url)
    sent: list[str] = []
    execute = pg_read.PooledReads.execute

    def counted(reads: pg_read.PooledReads, sql: str, params: object = ()) -> object:
        sent.append(sql)
        return execute(reads, sql, params)  # type: ignore[arg-type]

    with TestClient(create_app(pg_url, cache_entries=0, live_poll_s=0)) as client:
        assert client.get("/").status_code == 200  # the generation's marker and sources counted
        monkeypatch.setattr(pg_read.PooledReads, "execute", counted)
        page = client.get("/")
    assert page.status_code == 200 and "Имя" in page.text
    assert len(sent) <= LIST_PAGE_STATEMENTS, sent
