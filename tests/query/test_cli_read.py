"""The read commands through the real `storyline` entry point."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from storyline.query import Reader

from .test_reader import fingerprint

STORYLINE = shutil.which("storyline") or "storyline"
READ_COMMANDS = [
    ["stats"],
    ["stories"],
    ["stories", "--sort", "activity"],
    ["entities"],
    ["articles"],
    ["articles", "--json", "--sort", "newest"],
    ["show", "{story}"],
    ["show", "{story}", "--top", "0"],
    ["export", "--format", "markdown"],
]


def run(*args: str, check: bool = True, columns: int = 160) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns)}
    proc = subprocess.run([STORYLINE, *args], capture_output=True, text=True, timeout=300, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f"storyline {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


def story_of(db: Path) -> str:
    with Reader(db) as reader:
        return reader.stories(limit=1).items[0].id


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: " ".join(a))
def test_read_commands_do_not_write_the_database(seeds_db: Path, args: list[str]) -> None:
    story = story_of(seeds_db)
    before = fingerprint(seeds_db)
    proc = run(*[a.format(story=story) for a in args], "--db", str(seeds_db))
    assert proc.stdout.strip()
    assert fingerprint(seeds_db) == before


@pytest.mark.parametrize("command", ["stats", "stories", "articles", "show"])
def test_a_missing_database_is_one_line_and_not_created(tmp_path: Path, command: str) -> None:
    db = tmp_path / "none.db"
    args = [command, "sty-000001"] if command == "show" else [command]
    proc = run(*args, "--db", str(db), check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"error: no database at {db}; run `storyline ingest PATH --db {db}` first"
    ]
    assert list(tmp_path.iterdir()) == []


def test_a_foreign_file_is_one_line_and_untouched(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_text("my notes, not a database\n" * 50, encoding="utf-8")
    before = fingerprint(db)
    proc = run("stories", "--db", str(db), check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "not a storyline database" in lines[0]
    assert fingerprint(db) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--section", "everything"], "unknown section 'everything'"),
        (["--since", "вчера"], "is not a date"),
        (["--top", "-1"], "--top"),
    ],
)
def test_show_option_mistakes_are_one_line(seeds_db: Path, args: list[str], message: str) -> None:
    proc = run("show", story_of(seeds_db), *args, "--db", str(seeds_db), check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], proc.stderr


def test_show_default_view_is_limited_and_agrees_in_number(seeds_db: Path) -> None:
    out = run("show", story_of(seeds_db), "--db", str(seeds_db)).stdout
    assert "5 статей · 3 сюжетные линии" in out
    assert re.search(r"… ещё \d+ (цитат|цитаты|цитата) \(--top 0 — показать все\)", out)
    full = run("show", story_of(seeds_db), "--top", "0", "--db", str(seeds_db)).stdout
    assert "… ещё" not in full and len(full.splitlines()) > len(out.splitlines())


def test_show_sections_top_and_since(seeds_db: Path) -> None:
    story = story_of(seeds_db)
    out = run("show", story, "--section", "timeline,facts", "--top", "2", "--db", str(seeds_db)).stdout
    assert "Хронология" in out and "Цифры" in out
    assert "Цитаты" not in out and "Кратко" not in out and "Что нового" not in out
    assert re.search(r"… ещё \d+ событи", out) and re.search(r"… ещё \d+ цифр", out)
    repeated = run(
        "show", story, "--section", "quotes", "--section", "articles", "--db", str(seeds_db)
    ).stdout
    assert "Цитаты" in repeated and "Что нового в каждой статье" in repeated and "Хронология" not in repeated
    since = run("show", story, "--since", "2022-01-07", "--section", "articles", "--db", str(seeds_db)).stdout
    assert "начиная с 2022-01-07: 3 из 5 статей" in since
    assert "000_023d5cd1a986ea72" not in since  # placed at 6 January


def test_articles_pages_through_the_real_entry_point(topic_db: Path) -> None:
    first = [
        json.loads(x)["id"]
        for x in run("articles", "--json", "--limit", "10", "--db", str(topic_db)).stdout.splitlines()
    ]
    second = [
        json.loads(x)["id"]
        for x in run(
            "articles", "--json", "--limit", "10", "--offset", "10", "--db", str(topic_db)
        ).stdout.splitlines()
    ]
    with Reader(topic_db) as reader:
        expected = [r.id for r in reader.articles(limit=20).items]
        total = reader.counts().articles
    assert first + second == expected
    table = run("articles", "--limit", "10", "--offset", "10", "--db", str(topic_db)).stdout
    assert f"articles 11–20 of {total}; next page: --offset 20" in table


def test_stories_sorted_and_of_an_entity(topic_db: Path) -> None:
    with Reader(topic_db) as reader:
        entity = reader.entities(limit=1).items[0]
        expected = {r.id for r in reader.stories_of_entity(entity.id, limit=0).items}
    for sort in ("size", "recency", "activity"):
        out = run("stories", "--sort", sort, "--limit", "0", "--db", str(topic_db)).stdout
        assert "sty-" in out
    out = run("stories", "--entity", entity.id, "--limit", "0", "--db", str(topic_db)).stdout
    assert set(re.findall(r"sty-\d+", out)) == expected
    missing = run("stories", "--entity", "ent-nope", "--db", str(topic_db), check=False)
    assert missing.returncode != 0 and missing.stderr.startswith("error: no entity")


def test_entities_list_and_their_stories(topic_db: Path) -> None:
    with Reader(topic_db) as reader:
        people = reader.entities("PER", limit=5)
    out = run("entities", "--type", "PER", "--limit", "5", "--db", str(topic_db)).stdout
    assert [e.id for e in people.items] == re.findall(r"ent-\d+", out)
    assert f"entities 1–5 of {people.total}; next page: --offset 5" in out
    bad = run("entities", "--type", "THING", "--db", str(topic_db), check=False)
    assert bad.returncode != 0 and bad.stderr.startswith("error:") and "Traceback" not in bad.stderr


@pytest.mark.parametrize("columns", [60, 100, 200])
def test_listings_keep_one_line_per_row_and_ids_whole(topic_db: Path, columns: int) -> None:
    with Reader(topic_db) as reader:
        ids = [r.id for r in reader.articles(limit=8).items]
    out = run("articles", "--limit", "8", "--db", str(topic_db), columns=columns).stdout
    body = [line for line in out.splitlines() if line.startswith("│")]
    assert len(body) == len(ids)
    assert all(article_id in line for article_id, line in zip(ids, body, strict=True))


def test_show_json_is_the_same_view(seeds_db: Path) -> None:
    from storyline.query.story_view import ViewOptions, load_story_view

    story = story_of(seeds_db)
    doc = json.loads(run("show", story, "--json", "--top", "2", "--db", str(seeds_db)).stdout)
    with Reader(seeds_db) as reader:
        view = load_story_view(reader, story, ViewOptions(top=2))
    assert doc["header"]["story_id"] == story and doc["top"] == 2
    for name in ("summary", "timeline", "facts", "quotes", "threads", "articles"):
        section = getattr(view, name)
        assert (doc[name]["total"], doc[name]["hidden"], len(doc[name]["items"])) == (
            section.total,
            section.hidden,
            len(section.items),
        ), name
    first = doc["timeline"]["items"][0]["citations"][0]
    assert first["label"] == view.timeline.items[0].citations[0].label
