"""The `storyline` command on PostgreSQL, through the real entry point: ingest and
export as on SQLite, two ingests at once, a killed writer, `migrate` (killed and
resumed) and `doctor`."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest

from storyline.store import open_store
from tests.pg import Cluster
from tests.test_writers import STORYLINE, bsnlp, check_grouping, finish, ingest, write_jsonl

# Keys of an export that record when, not what: they differ between two runs.
CLOCK_KEYS = frozenset({"ingested_at", "exported_at", "generated_at", "at"})


def run(
    *args: str, check: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [STORYLINE, *args], capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})}
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"storyline {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


def timeless(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: timeless(v) for k, v in value.items() if k not in CLOCK_KEYS}
    if isinstance(value, list):
        return [timeless(v) for v in value]
    return value


def exported(db: str) -> Any:
    return timeless(json.loads(run("export", "--format", "json", "--db", db).stdout))


@pytest.fixture(scope="module")
def seeded(
    pg_cluster: Cluster, seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path]:
    """The seeds ingested into PostgreSQL and into SQLite."""
    url = pg_cluster.new_database("cli")
    lite = tmp_path_factory.mktemp("pgcli") / "seeds.db"
    for db in (url, str(lite)):
        assert "5 accepted, 0 rejected" in run("ingest", str(seeds_dir), "--db", db, "--workers", "1").stdout
    return url, lite


def test_ingest_and_export_are_the_same_as_on_sqlite(seeded: tuple[str, Path]) -> None:
    url, lite = seeded
    assert exported(url) == exported(str(lite))
    for fmt in ("jsonl", "csv"):
        ours = run("export", "--format", fmt, "--db", url).stdout
        assert ours.count("\n") == run("export", "--format", fmt, "--db", str(lite)).stdout.count("\n") >= 5


READ_COMMANDS = [
    ["stats"],
    ["articles", "--json", "--limit", "0"],
    ["articles", "--sort", "newest"],
    ["stories"],
    ["stories", "--sort", "recency"],
    ["stories", "--sort", "activity"],
    ["entities", "--limit", "0"],
    ["rejections"],
    ["failures"],
    ["export", "--format", "markdown"],
]


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: " ".join(a))
def test_read_commands_print_what_they_print_on_sqlite(args: list[str], seeded: tuple[str, Path]) -> None:
    url, lite = seeded
    assert run(*args, "--db", url).stdout == run(*args, "--db", str(lite)).stdout


def test_show_every_story_as_on_sqlite(seeded: tuple[str, Path]) -> None:
    url, lite = seeded
    story_id = json.loads(run("articles", "--json", "--db", str(lite)).stdout.splitlines()[0])["story_id"]
    for extra in (["--json"], ["--top", "0"], ["--section", "threads,articles"]):
        assert (
            run("show", story_id, *extra, "--db", url).stdout
            == run("show", story_id, *extra, "--db", str(lite)).stdout
        )
    assert (
        run("articles", "--story", story_id, "--db", url).stdout
        == run("articles", "--story", story_id, "--db", str(lite)).stdout
    )


def test_database_from_the_environment(seeded: tuple[str, Path], seeds_dir: Path) -> None:
    url, _ = seeded
    again = run("ingest", str(seeds_dir), env={"STORYLINE_DB": url}).stdout
    assert "0 accepted" in again and "5 duplicates" in again


def test_doctor_passes_a_healthy_database_and_lists_damage(pg_cluster: Cluster, seeds_dir: Path) -> None:
    url = pg_cluster.new_database("doctor")
    run("ingest", str(seeds_dir), "--db", url, "--workers", "1")
    assert run("doctor", "--db", url).stdout.startswith(f"ok: {url} is consistent (5 articles")
    with psycopg.connect(url, autocommit=True) as db:
        (thread,) = db.execute("SELECT thread_id FROM assignments ORDER BY article_id LIMIT 1").fetchall()[0]
        db.execute("DELETE FROM threads WHERE id = %s", (thread,))
        lost = {"id": "thr-lost", "story_id": "nowhere", "title": "потерянный"}
        db.execute("INSERT INTO threads (id, data) VALUES ('thr-lost', %s)", (json.dumps(lost),))
    proc = run("doctor", "--db", url, check=False)
    assert proc.returncode == 1
    assert f"1 assignments.thread_id values naming no row of threads: {thread}" in proc.stdout
    assert "1 threads with no article (orphans): thr-lost" in proc.stdout
    assert "thread records naming no story" in proc.stdout
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: 3 kinds of problem found")


def test_two_ingests_at_once_lose_nothing(pg_cluster: Cluster, corpora: Path, tmp_path: Path) -> None:
    topics = bsnlp(corpora)
    shared = topics["nord_stream"][:6]
    first = write_jsonl(tmp_path / "a.jsonl", topics["asia_bibi"][:8] + shared)
    second = write_jsonl(tmp_path / "b.jsonl", shared + topics["covid-19"][:8])
    url = pg_cluster.new_database("both")
    procs = [ingest(str(first), "--db", url), ingest(str(second), "--db", url)]
    outputs = [finish(p)[0] for p in procs]
    assert sum(int(o.split(" accepted")[0].split()[-1]) for o in outputs) == 22
    topic_of = {r["id"]: r["topic"] for r in topics["asia_bibi"][:8] + shared + topics["covid-19"][:8]}
    with open_store(url) as store:
        check_grouping(store, topic_of)
        assert store.current_lease() is None
    assert run("doctor", "--db", url).returncode == 0


def _wait_for(url: str, sql: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        with psycopg.connect(url) as db:
            try:
                row = db.execute(sql).fetchone()
            except psycopg.errors.UndefinedTable:  # not migrated yet
                row = None
            if row and row[0]:
                return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for: {sql}")


def test_a_killed_writer_is_taken_over_without_waiting_for_expiry(
    pg_cluster: Cluster, corpora: Path, tmp_path: Path
) -> None:
    topics = bsnlp(corpora)
    records = topics["brexit"][:15] + topics["us_election_2020"][:15]
    source = write_jsonl(tmp_path / "in.jsonl", records)
    url = pg_cluster.new_database("killed")
    victim = ingest(str(source), "--db", url)  # the default lease lifetime: 30 s
    _wait_for(url, "SELECT COUNT(*) FROM assignments", time.monotonic() + 300)
    os.kill(victim.pid, signal.SIGKILL)
    victim.communicate()
    started = time.monotonic()
    rerun = run("ingest", str(source), "--db", url, "--workers", "1", "--wait", "20")
    assert "accepted" in rerun.stdout
    with open_store(url) as store:
        check_grouping(store, {r["id"]: r["topic"] for r in records})
    # Its connection ended with it, and its advisory lock with that: no 30 s expiry to sit out.
    assert time.monotonic() - started < 300


def test_migrate_copies_resumes_after_a_kill_and_verifies(
    seeded: tuple[str, Path], pg_cluster: Cluster
) -> None:
    _, lite = seeded
    url = pg_cluster.new_database("migrate")
    copying = subprocess.Popen(
        [STORYLINE, "migrate", "--from", str(lite), "--to", url, "--batch", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Killed mid-copy: some tables done, some partly.
    _wait_for(url, "SELECT COUNT(*) FROM meta WHERE key = 'migrate.group_postings'", time.monotonic() + 300)
    os.kill(copying.pid, signal.SIGKILL)
    copying.communicate()
    with psycopg.connect(url) as db:
        (partial,) = db.execute("SELECT COUNT(*) FROM articles").fetchall()[0]
    assert partial == 5  # the articles table was done before the kill
    resumed = run("migrate", "--from", str(lite), "--to", url)
    assert "every count verified" in resumed.stdout
    assert "articles: 5 rows (0 copied now)" in resumed.stdout  # not copied again
    assert exported(url) == exported(str(lite))
    assert run("doctor", "--db", url).returncode == 0
    assert_search_counts_recounted(url)
    # The copy goes on as a database of its own: new rows do not collide with copied ones.
    extra = lite.parent / "extra" / "new.txt"
    extra.parent.mkdir(exist_ok=True)
    extra.write_text("В Казани открыли новый мост через Казанку. Движение запустят в понедельник.\n", "utf-8")
    assert "1 accepted" in run("ingest", str(extra), "--db", url, "--workers", "1").stdout
    assert "(6 articles" in run("doctor", "--db", url).stdout


def assert_search_counts_recounted(url: str) -> None:
    """The search index's lemma counts and totals (schema 50) equal a recount of the
    copied rows: the copy turns their per-row trigger off and recounts once."""
    with psycopg.connect(url) as db:
        kept: dict[str, int] = dict(db.execute("SELECT lexeme, docs FROM search_lexemes").fetchall())
        recount: dict[str, int] = dict(
            db.execute(
                "SELECT lexeme, COUNT(*) FROM search, unnest(tsvector_to_array(terms)) AS lexeme GROUP BY lexeme"
            ).fetchall()
        )
        totals = db.execute("SELECT docs, tokens FROM search_totals").fetchall()
        (expected,) = db.execute("SELECT COUNT(*), COALESCE(SUM(tokens), 0) FROM search").fetchall()
        trigger = db.execute(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = 'search_lexemes_rows'"
        ).fetchone()
    assert trigger is not None, "the lemma-count trigger is missing after the copy"
    (enabled,) = trigger
    assert kept == recount and len(kept) > 10 and totals == [expected] and enabled == "O"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--from", "postgresql://x@127.0.0.1/y", "--to", "postgresql://x@127.0.0.1/z"],
            "takes a SQLite database",
        ),
        (["--from", "{lite}", "--to", "{lite}"], "takes a postgresql:// URL"),
        (["--from", "{missing}", "--to", "{url}"], "no database at"),
        (["--from", "{lite}", "--to", "{seeded_url}"], "already holds data"),
    ],
)
def test_migrate_mistakes_are_one_line(
    args: list[str], message: str, seeded: tuple[str, Path], pg_cluster: Cluster, tmp_path: Path
) -> None:
    url, lite = seeded
    values = {
        "lite": str(lite),
        "missing": str(tmp_path / "none.db"),
        "url": pg_cluster.url("postgres"),
        "seeded_url": url,
    }
    proc = run("migrate", *[a.format(**values) for a in args], check=False)
    assert proc.returncode != 0 and proc.stderr.count("\n") == 1 and message in proc.stderr, proc.stderr
    assert not (tmp_path / "none.db").exists()


def test_migrate_again_after_the_source_grew(
    seeded: tuple[str, Path], pg_cluster: Cluster, tmp_path: Path
) -> None:
    """Rows the source added or rewrote since the last run (a new article regroups
    its story: thread and story records are rewritten) are copied on the next run."""
    lite = tmp_path / "grown.db"
    shutil.copy(seeded[1], lite)
    url = pg_cluster.new_database("grown")
    run("migrate", "--from", str(lite), "--to", url)
    extra = tmp_path / "new.txt"
    extra.write_text("Депутат Дастан Бекешев предложил новый законопроект о выборах в Бишкеке.\n", "utf-8")
    run("ingest", str(extra), "--db", str(lite), "--workers", "1")
    again = run("migrate", "--from", str(lite), "--to", url)
    assert "every count verified" in again.stdout and "articles: 6 rows (1 copied now)" in again.stdout
    assert exported(url) == exported(str(lite))
    assert_search_counts_recounted(url)


def test_migrate_reports_a_row_the_source_lost_after_it_was_copied(
    seeded: tuple[str, Path], pg_cluster: Cluster, tmp_path: Path
) -> None:
    """A row deleted from the source after it was copied stays in the target: the counts
    differ, and the copy fails with one line naming the table and both counts. A log
    (not a terminal) gets one line per table as its last batch is in."""
    import sqlite3

    lite = tmp_path / "shrunk.db"
    shutil.copy(seeded[1], lite)
    url = pg_cluster.new_database("shrunk")
    first = run("migrate", "--from", str(lite), "--to", url)
    assert "articles: 5 rows copied\n" in first.stderr and "every count verified" in first.stdout
    with sqlite3.connect(lite) as db:
        (before,) = db.execute("SELECT COUNT(*) FROM novelty").fetchone()
        db.execute("DELETE FROM novelty WHERE article_id = (SELECT MIN(article_id) FROM novelty)")
    again = run("migrate", "--from", str(lite), "--to", url, check=False)
    assert again.returncode != 0
    errors = [line for line in again.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].startswith(
        f"error: counts differ after the copy: novelty has {before - 1} rows in {lite}, {before} in "
    )
    assert "Traceback" not in again.stderr


def test_migrate_again_replaces_a_row_the_source_rewrote(
    seeded: tuple[str, Path], pg_cluster: Cluster, tmp_path: Path
) -> None:
    """A row the source rewrote after it was copied (same key, new rowid) meets its old
    version in the target: the batch's COPY fails there, and the batch is staged and
    upserted instead, the source's version winning; a new row in the same batch lands too."""
    import sqlite3

    lite = tmp_path / "rewritten.db"
    shutil.copy(seeded[1], lite)
    url = pg_cluster.new_database("rewritten")
    run("migrate", "--from", str(lite), "--to", url)
    with sqlite3.connect(lite) as db:
        (name, value) = db.execute("SELECT name, value FROM counters ORDER BY name LIMIT 1").fetchone()
        db.execute("INSERT OR REPLACE INTO counters (name, value) VALUES (?, ?)", (name, value + 7))
        db.execute("INSERT INTO counters (name, value) VALUES ('copy-test-new', 3)")
        (count,) = db.execute("SELECT COUNT(*) FROM counters").fetchone()
    again = run("migrate", "--from", str(lite), "--to", url)
    assert "every count verified" in again.stdout
    assert f"counters: {count} rows (2 copied now)" in again.stdout
    with psycopg.connect(url) as db:
        kept: dict[str, int] = dict(db.execute("SELECT name, value FROM counters").fetchall())
    assert kept[name] == value + 7 and kept["copy-test-new"] == 3
