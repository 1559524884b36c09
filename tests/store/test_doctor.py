"""`storyline doctor` on SQLite, through the real entry point (PostgreSQL:
tests/store/test_postgres_cli.py): silent on a healthy database, and each kind of
damage listed with its ids."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.store.test_postgres_cli import run


def test_doctor_on_sqlite(tmp_path: Path, seeds_dir: Path) -> None:
    db = tmp_path / "seeds.db"
    run("ingest", str(seeds_dir), "--db", str(db), "--workers", "1")
    healthy = run("doctor", "--db", str(db))
    assert healthy.stdout.startswith(f"ok: {db} is consistent (5 articles, 3 threads, 1 stories")
    with sqlite3.connect(db) as conn:
        (story,) = conn.execute("SELECT story_id FROM assignments LIMIT 1").fetchone()
        conn.execute("DELETE FROM stories WHERE id = ?", (story,))
        conn.execute("DELETE FROM entities WHERE id IN (SELECT entity_id FROM entity_links LIMIT 1)")
    proc = run("doctor", "--db", str(db), check=False)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert f"1 assignments.story_id values naming no row of stories: {story}" in lines
    assert any(line.startswith("3 thread records naming no story") for line in lines)
    assert any(
        line.startswith("1 entity_links.entity_id values naming no row of entities: ent-") for line in lines
    )
    assert proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1


def test_doctor_on_a_missing_database_is_one_line(tmp_path: Path) -> None:
    proc = run("doctor", "--db", str(tmp_path / "none.db"), check=False)
    assert proc.returncode == 2 and proc.stderr.startswith("error: no database at")
    assert not (tmp_path / "none.db").exists()
