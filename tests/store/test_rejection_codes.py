"""Migration 80: a rejection's reason code and parameters beside its English words,
on both backends; a store made before it keeps its rejections, which read with no
code (the web then shows their stored words)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg

from storyline.model import Rejection
from storyline.reasons import reason
from storyline.store import open_store
from storyline.store import postgres as pg
from storyline.store.sqlite import migrations
from tests.pg import Cluster
from tests.store.test_upgrades import database_at

BEFORE = 73  # the schema version before rejection codes
OLD = Rejection("old.jsonl:2", "malformed JSON: Expecting value")


def _coded() -> Rejection:
    why = reason("missing_field_alias", field="text", alias="body")
    return Rejection("new.jsonl:1", why.text, why.code, dict(why.params))


def _check_after_upgrade(url: str) -> None:
    with open_store(url) as store:
        assert store.schema_version() == migrations()[-1][0] >= 80
        assert store.rejections() == [OLD]  # no code: read as stored
        with store.transaction():
            assert store.add_rejection(_coded())
        assert store.rejections() == [OLD, _coded()]
    with open_store(url) as store:  # the code and its parameters read back as written
        [_, new] = store.rejections()
        assert new.code == "missing_field_alias" and new.params == {"field": "text", "alias": "body"}
        assert new.reason == "missing 'text' field (found 'body': rename it to 'text')"


def test_an_sqlite_store_from_before_codes_keeps_its_rejections(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = database_at(path, BEFORE)
    db.execute("INSERT INTO rejections (input, reason) VALUES (?, ?)", (OLD.input, OLD.reason))
    db.close()
    _check_after_upgrade(str(path))
    columns = {row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(rejections)")}
    assert {"code", "params"} <= columns


def test_a_postgresql_store_from_before_codes_keeps_its_rejections(pg_cluster: Cluster) -> None:
    url = pg_cluster.new_database("rej")
    raw = psycopg.connect(url)
    try:
        pg.migrate(raw, "old", [s for s in pg.migrations() if s[0] <= BEFORE])
        with raw.transaction():
            raw.execute("INSERT INTO rejections (input, reason) VALUES (%s, %s)", (OLD.input, OLD.reason))
    finally:
        raw.close()
    _check_after_upgrade(url)


def test_a_store_from_before_codes_reads_as_it_is(tmp_path: Path) -> None:
    """The read commands open a store read-only and never migrate it: its rejections,
    its export and the web's rejections page still read (they failed on the missing
    `code` column)."""
    from storyline.web.catalog import Catalog

    path = tmp_path / "old.db"
    db = database_at(path, BEFORE)
    db.execute("INSERT INTO rejections (input, reason) VALUES (?, ?)", (OLD.input, OLD.reason))
    db.commit()
    db.close()
    with open_store(path, readonly=True) as store:
        assert store.schema_version() == BEFORE
        assert store.rejections() == [OLD]
    catalog = Catalog(str(path))
    try:
        page = catalog.rejections()
        assert [(r.input, r.reason, r.code) for r in page.items] == [(OLD.input, OLD.reason, "")]
    finally:
        catalog.close()
    columns = {row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(rejections)")}
    assert "code" not in columns  # nothing was migrated
