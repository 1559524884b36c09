"""The CLI through its real entry point (`storyline` on PATH), on the seeds."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.export.contract import validate_export

STORYLINE = shutil.which("storyline") or "storyline"


def run(*args: str, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([STORYLINE, *args], cwd=cwd, capture_output=True, text=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"storyline {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    db = tmp_path_factory.mktemp("cli") / "seeds.db"
    proc = run("ingest", str(seeds_dir), "--db", str(db), "--workers", "1")
    assert "5 accepted, 0 rejected, 0 duplicates" in proc.stdout
    return db


def test_help_on_every_command() -> None:
    for command in (
        "ingest",
        "articles",
        "stats",
        "rejections",
        "failures",
        "stories",
        "entities",
        "show",
        "export",
        "recluster",
        "demo",
    ):
        proc = run(command, "--help")
        assert "Usage" in proc.stdout and "Example" in proc.stdout, command


def test_ingest_seeds_and_export_valid(seeded_db: Path, shared_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    run("export", "--format", "json", "-o", str(out), "--db", str(seeded_db))
    doc = json.loads(out.read_text(encoding="utf-8"))
    validate_export(doc)
    assert len(doc["articles"]) == 5
    for article in doc["articles"]:
        assert article["published"] == "2022-01" and article["published_precision"] == "month"
        assert not article["text"].startswith(" date")
        assert article["lang"] == "ru" and article["sentences"] and article["entities"]


def test_export_tells_single_report_figures_apart(seeded_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    run("export", "--format", "json", "-o", str(out), "--db", str(seeded_db))
    facts = [f for s in json.loads(out.read_text(encoding="utf-8"))["stories"] for f in s["facts"]]
    single = [f for f in facts if f["single_report"]]
    # The seeds hold figures only one article gives and figures several agree on or update.
    assert single and all(f["status"] == "consistent" and f["reports"] == 1 for f in single)
    assert any(f["reports"] >= 2 and not f["single_report"] for f in facts)


def test_reingest_adds_nothing(seeded_db: Path, seeds_dir: Path) -> None:
    proc = run("ingest", str(seeds_dir), "--db", str(seeded_db))
    assert "0 accepted" in proc.stdout and "5 duplicates" in proc.stdout


def test_articles_stats_stories(seeded_db: Path) -> None:
    lines = run("articles", "--db", str(seeded_db), "--json").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 5 and all(r["story_id"] for r in records)
    assert "articles" in run("stats", "--db", str(seeded_db)).stdout
    assert "story" in run("stories", "--db", str(seeded_db)).stdout


def test_show_story(seeded_db: Path) -> None:
    story_id = json.loads(run("articles", "--db", str(seeded_db), "--json").stdout.splitlines()[0])[
        "story_id"
    ]
    proc = run("show", story_id, "--db", str(seeded_db))
    assert proc.stdout.strip()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "markdown"])
def test_other_export_formats(seeded_db: Path, fmt: str) -> None:
    proc = run("export", "--format", fmt, "--db", str(seeded_db))
    assert proc.stdout.strip()
    if fmt == "jsonl":
        assert len(proc.stdout.splitlines()) == 5
    if fmt == "csv":
        assert proc.stdout.splitlines()[0].startswith("id,")


@pytest.mark.parametrize(
    "args",
    [
        ["stats", "--db", "/nonexistent/dir/x.db"],
        ["show", "no-such-story", "--db", "{db}"],
        ["export", "--format", "xml", "--db", "{db}"],
        ["export", "-o", "/nonexistent/dir/out.json", "--db", "{db}"],
        ["ingest", "/nonexistent/file.jsonl", "--db", "{tmp}/new.db"],
        ["frobnicate"],
    ],
)
def test_user_mistakes_are_one_line(args: list[str], seeded_db: Path, tmp_path: Path) -> None:
    args = [a.format(db=seeded_db, tmp=tmp_path) for a in args]
    proc = run(*args, check=False)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), proc.stderr


def test_demo(tmp_path: Path) -> None:
    proc = run("demo", "--workers", "1", cwd=tmp_path)
    assert (tmp_path / "storyline-demo.db").exists()
    doc = json.loads((tmp_path / "storyline-demo.json").read_text(encoding="utf-8"))
    assert len(doc["articles"]) == 5
    assert "5 accepted" in proc.stdout


def test_export_before_processing_is_valid(seeds_dir: Path, shared_dir: Path, tmp_path: Path) -> None:
    """Stored but not yet annotated or grouped: each article is its own thread and story."""
    db = tmp_path / "raw.db"
    run("ingest", str(seeds_dir), "--db", str(db), "--no-process")
    doc = json.loads(run("export", "--db", str(db)).stdout)
    validate_export(doc)
    assert len(doc["threads"]) == len(doc["stories"]) == 5
    assert all(a["sentences"] == [] for a in doc["articles"])


def test_rejections_are_exported(shared_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "in.jsonl"
    data.write_text(
        '{"id": "ok", "text": "Президент подписал указ 7 января."}\n{not json\n{"id": "x"}\n',
        encoding="utf-8",
    )
    db = tmp_path / "r.db"
    proc = run("ingest", str(data), "--db", str(db), "--workers", "1")
    assert "1 accepted, 2 rejected" in proc.stdout
    doc = json.loads(run("export", "--db", str(db)).stdout)
    validate_export(doc)
    assert {r["input"] for r in doc["rejections"]} == {f"{data}:2", f"{data}:3"}
    # Beyond the contract: each reason's stable code, the one the web words in its language.
    codes = {r["input"]: r["code"] for r in doc["rejections"]}
    assert codes[f"{data}:2"] == "malformed_json"
    assert codes[f"{data}:3"] == "missing_field"
    assert all(isinstance(r["params"], dict) for r in doc["rejections"])


def test_ingest_after_an_annotator_upgrade_rebuilds_and_says_so(seeds_dir: Path, tmp_path: Path) -> None:
    from storyline.store import open_store
    from tests.test_pipeline import age_annotations

    db = tmp_path / "old.db"
    run("ingest", str(seeds_dir), "--db", str(db), "--workers", "1")
    with open_store(db) as store:
        age_annotations(store)  # as if an older storyline had annotated and grouped it
    refused = run("ingest", str(seeds_dir), "--db", str(db), "--workers", "1", check=False)
    assert (
        refused.returncode == 4 and "--upgrade" in refused.stderr
    )  # never silently (tests/test_upgrade_path.py)
    proc = run("ingest", str(seeds_dir), "--db", str(db), "--workers", "1", "--upgrade")
    assert "0 accepted, 0 rejected, 5 duplicates" in proc.stdout
    assert "threads, stories and entities rebuilt" in proc.stdout
    again = run("ingest", str(seeds_dir), "--db", str(db), "--workers", "1")
    assert "rebuilt" not in again.stdout
    stats = run("stats", "--db", str(db)).stdout
    assert re.search(r"stories\s*│\s*1\s", stats) and re.search(r"threads\s*│\s*3\s", stats)


def test_python_dash_m_is_the_same_entry_point(tmp_path: Path) -> None:
    """`python -m storyline` runs the CLI too, with the same one-line user errors."""
    version = subprocess.run(
        [sys.executable, "-m", "storyline", "--version"], capture_output=True, text=True, timeout=120
    )
    assert version.returncode == 0
    assert version.stdout == run("--version").stdout
    missing = tmp_path / "nothing-here.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "storyline", "ingest", str(missing), "--db", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert proc.stderr.strip() == f"error: no such file: {missing}"
    assert not (tmp_path / "x.db").exists()
