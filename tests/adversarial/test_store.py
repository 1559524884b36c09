"""The database file under attack: foreign files, damage, permissions, a full disk,
many processes at once, and exports aimed at the wrong place."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.adversarial.helpers import (
    STORYLINE,
    article_ids,
    check_database,
    error_line,
    good_records,
    run,
    run_limited,
    succeeded,
    write_jsonl,
)

READ_COMMANDS = [
    ("stats",),
    ("stories",),
    ("articles",),
    ("show", "sty-000001"),
    ("export", "--format", "json"),
]
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """A processed database of the five seeds, copied by tests that damage it."""
    db = tmp_path_factory.mktemp("seeded") / "seeds.db"
    succeeded(run("ingest", str(seeds_dir), "--db", str(db), "-w", "1"))
    return db


def copy_db(source: Path, target: Path) -> Path:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def foreign_db(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('Айгуль', '+996 555 000 000')")
    return path


def fingerprint(path: Path) -> tuple[bytes, list[str]]:
    companions = sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name) and p != path)
    return path.read_bytes(), companions


def test_export_onto_its_own_database(seeded: Path, tmp_path: Path) -> None:
    db = copy_db(seeded, tmp_path / "self.db")
    before = db.read_bytes()
    line = error_line(run("export", "-f", "json", "-o", str(db), "--db", str(db)), code=2)
    assert line == f"error: refusing to write the export over the database {db}"
    assert db.read_bytes() == before and not Path(f"{db}.part").exists()
    check_database(db)


def test_export_onto_another_sqlite_file(seeded: Path, tmp_path: Path) -> None:
    other = foreign_db(tmp_path / "contacts.sqlite")
    before = other.read_bytes()
    line = error_line(run("export", "-o", str(other), "--db", str(seeded)), code=2)
    assert line == f"error: refusing to overwrite {other}: it is an SQLite database"
    assert other.read_bytes() == before


def test_export_to_a_folder(seeded: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    line = error_line(run("export", "-o", str(folder), "--db", str(seeded)), code=2)
    assert line == f"error: cannot write {folder}: it is a folder; give a file name"
    assert list(folder.iterdir()) == []


def test_export_part_file_removed_on_error(seeded: Path, tmp_path: Path) -> None:
    db = copy_db(seeded, tmp_path / "t.db")
    with sqlite3.connect(db) as conn:  # a record the exporter cannot decode
        conn.execute("UPDATE threads SET data = '{broken' WHERE rowid = (SELECT MIN(rowid) FROM threads)")
    target = tmp_path / "out.json"
    line = error_line(run("export", "-o", str(target), "--db", str(db)), code=1)
    assert "damaged" in line
    assert not target.exists() and not Path(f"{target}.part").exists()


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_read_commands_create_nothing(tmp_path: Path, command: tuple[str, ...]) -> None:
    db = tmp_path / "absent.db"
    line = error_line(run(*command, "--db", str(db)), code=2)
    assert line == f"error: no database at {db}; run `storyline ingest PATH --db {db}` first"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "command", [*READ_COMMANDS, ("ingest", "--no-process"), ("recluster",)], ids=lambda c: c[0]
)
def test_foreign_sqlite_file_refused_untouched(
    tmp_path: Path, command: tuple[str, ...], good_file: Path
) -> None:
    other = foreign_db(tmp_path / "other.db")
    before = fingerprint(other)
    args = [*command[:1], str(good_file), *command[1:]] if command[0] == "ingest" else list(command)
    line = error_line(run(*args, "--db", str(other)), code=1)
    assert (
        line == f"error: {other} is not a storyline database (another program's SQLite file); left untouched"
    )
    assert fingerprint(other) == before
    with sqlite3.connect(other) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["contacts"]


@pytest.mark.parametrize("command", [("stats",), ("ingest", "--no-process")], ids=lambda c: c[0])
def test_non_sqlite_file_refused_untouched(tmp_path: Path, command: tuple[str, ...], good_file: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("мои заметки\n", encoding="utf-8")
    args = [*command[:1], str(good_file), *command[1:]] if command[0] == "ingest" else list(command)
    line = error_line(run(*args, "--db", str(notes)), code=1)
    assert line == f"error: {notes} is not a storyline database (not an SQLite file); left untouched"
    assert notes.read_text(encoding="utf-8") == "мои заметки\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "notes.txt"]


def test_read_commands_do_not_migrate(seeded: Path, tmp_path: Path) -> None:
    db = copy_db(seeded, tmp_path / "old.db")
    with sqlite3.connect(db) as conn:  # pretend it predates the latest migration
        latest = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA user_version={latest - 1}")
    for command in READ_COMMANDS[:3] + READ_COMMANDS[4:]:
        succeeded(run(*command, "--db", str(db)))
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == latest - 1, command


def test_read_only_database_file(seeded: Path, unprivileged: tuple[list[str], Path]) -> None:
    prefix, folder = unprivileged
    good_file = write_jsonl(folder / "good.jsonl", good_records())
    db = copy_db(seeded, folder / "ro.db")
    db.chmod(0o444)
    before = db.read_bytes()
    line = error_line(run("ingest", str(good_file), "--db", str(db), prefix=prefix), code=1)
    assert line == f"error: database {db} is read-only (no write permission)"
    assert db.read_bytes() == before
    assert "articles" in succeeded(run("stats", "--db", str(db), prefix=prefix))  # reading still works


def test_page_corrupted_database(seeded: Path, tmp_path: Path) -> None:
    db = copy_db(seeded, tmp_path / "bad.db")
    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data), page):  # scribble over every page but the first
        data[offset : offset + 64] = b"\xa5" * 64
    db.write_bytes(bytes(data))
    for command in (("stats",), ("export",), ("recluster",)):
        line = error_line(run(*command, "--db", str(db)), code=1)
        assert "damaged" in line or "malformed" in line, line


def test_dropped_table(seeded: Path, tmp_path: Path, good_file: Path) -> None:
    db = copy_db(seeded, tmp_path / "dropped.db")
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE novelty")
    for command in (("stats",), ("ingest", str(good_file))):
        line = error_line(run(*command, "--db", str(db)), code=1)
        assert line == f"error: database {db} is damaged: table novelty is missing"


@pytest.mark.parametrize(
    ("table", "value"),
    # Stories must stay valid JSON: a trigger reads their entity ids.
    [("stories", "[1, 2]"), ("threads", "{not json"), ("entities", "42"), ("articles", None)],
)
def test_tampered_records(seeded: Path, tmp_path: Path, table: str, value: str | None) -> None:
    db = copy_db(seeded, tmp_path / "tampered.db")
    with sqlite3.connect(db) as conn:
        if table == "articles":
            conn.execute("UPDATE articles SET meta = 'oops' WHERE seq = 1")
        else:
            conn.execute(
                f"UPDATE {table} SET data = ? WHERE rowid = (SELECT MIN(rowid) FROM {table})", (value,)
            )
    for command in (("stories",), ("export",), ("articles",), ("show", "sty-000001")):
        proc = run(*command, "--db", str(db))
        if proc.returncode == 0:  # this command does not read the tampered record
            assert "Traceback" not in proc.stderr
            continue
        assert "is damaged" in error_line(proc, code=1)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("STORYLINE_WORKERS", "abc", "error: $STORYLINE_WORKERS must be a whole number, got 'abc'"),
        ("STORYLINE_WORKERS", "-3", "error: $STORYLINE_WORKERS must be at least 0, got -3"),
        ("STORYLINE_MAX_BYTES", "abc", "error: $STORYLINE_MAX_BYTES must be a whole number, got 'abc'"),
        ("STORYLINE_MAX_BYTES", "10", "error: $STORYLINE_MAX_BYTES must be at least 1000, got 10"),
    ],
)
def test_bad_environment_variables(good_file: Path, db: Path, name: str, value: str, message: str) -> None:
    line = error_line(run("ingest", str(good_file), "--db", str(db), env={name: value}), code=2)
    assert line == message
    assert not db.exists()


def test_full_disk(good_file: Path, seeds_dir: Path, db: Path) -> None:
    succeeded(run("ingest", str(good_file), "--db", str(db), "-w", "1"))
    size_kb = db.stat().st_size // 1024 + 8  # room for the file as it is, not for the seeds
    proc = run_limited(f"ulimit -f {size_kb}", "ingest", str(seeds_dir), "--db", str(db), "-w", "1")
    line = error_line(proc, code=1)
    assert "is the disk full?" in line or "no space left" in line, line
    assert article_ids(db) >= {"good-0", "good-1"}
    check_database(db, processed=False)


def test_many_processes_create_one_database(good_file: Path, db: Path) -> None:
    count = 12
    procs = [
        subprocess.Popen(
            [STORYLINE, "ingest", str(good_file), "--db", str(db), "--no-process"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    failures = [r for r in results if r[0] != 0]
    assert not failures, failures
    assert sum("2 accepted" in out for _, out, _ in results) == 1  # the others found them stored
    assert article_ids(db) == {"good-0", "good-1"}
    check_database(db, processed=False)


def test_export_on_a_full_disk_leaves_no_part_file(seeded: Path, tmp_path: Path) -> None:
    target = tmp_path / "big.json"
    proc = run_limited("ulimit -f 100", "export", "-o", str(target), "--db", str(seeded))
    line = error_line(proc, code=1)
    assert line.startswith("error: no space left to write"), line
    assert not target.exists() and not Path(f"{target}.part").exists()


def test_demo_does_not_delete_a_foreign_file(tmp_path: Path) -> None:
    other = foreign_db(tmp_path / "storyline-demo.db")
    before = other.read_bytes()
    line = error_line(run("demo", "--dir", str(tmp_path)), code=1)
    assert "is not a storyline database" in line
    assert other.read_bytes() == before
