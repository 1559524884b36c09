"""Helpers for the text-side adversarial tests (`test_text_*.py`): the real CLI,
the export, and the checks every case makes on the database afterwards."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

STORYLINE = shutil.which("storyline") or "storyline"
TIMEOUT = 900


def storyline(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([STORYLINE, *args], capture_output=True, text=True, timeout=TIMEOUT)


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    """Records as JSON lines; Python ints of any size are written as JSON numbers."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def ingest(db: Path, *sources: Path) -> subprocess.CompletedProcess[str]:
    proc = storyline("ingest", *map(str, sources), "--db", str(db), "--workers", "1")
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def export(db: Path) -> dict[str, Any]:
    proc = storyline("export", "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    doc: dict[str, Any] = json.loads(proc.stdout)
    return doc


def check_database(db: Path, doc: dict[str, Any]) -> None:
    """SQLite's integrity check, and storyline's: every article annotated and in
    exactly one thread and one story, every thread and story listing only stored articles."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    ids = [a["id"] for a in doc["articles"]]
    assert len(ids) == len(set(ids))
    for article in doc["articles"]:
        assert article["thread_id"] and article["story_id"], article["id"]
        assert article["sentences"], f"{article['id']} was never annotated"
    in_threads = [i for t in doc["threads"] for i in t["article_ids"]]
    assert sorted(in_threads) == sorted(ids)


def reasons(doc: dict[str, Any]) -> dict[str, str]:
    """Rejection reasons by input line number ("file.jsonl:3" -> 3)."""
    return {r["input"].rsplit(":", 1)[-1]: r["reason"] for r in doc["rejections"]}
