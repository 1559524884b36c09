"""What every adversarial case checks: the real `storyline` entry point, its exit
code and one-line message, and a database that is intact and consistent."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable
from pathlib import Path

from storyline.reasons import REASONS, Reason

STORYLINE = shutil.which("storyline") or "storyline"
# Seconds a single CLI call may take in these tests: the models load in a few
# seconds; the rest is headroom for a loaded machine.
CALL_TIMEOUT_S = 300

GOOD_TEXTS = (
    "Депутат Жогорку Кенеша Иван Петров заявил 7 января, что парламент рассмотрит закон о бюджете "
    "на следующей неделе. По его словам, правительство внесло поправки.",
    "В Бишкеке 8 января прошёл митинг против повышения тарифов на электроэнергию. Участники "
    "потребовали отставки министра энергетики, сообщает агентство.",
)


def run(
    *args: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = CALL_TIMEOUT_S,
    prefix: Iterable[str] = (),
) -> subprocess.CompletedProcess[str]:
    """`storyline ARGS` as a user runs it; `prefix` runs it under another program
    (setpriv, a shell with ulimit)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [*prefix, STORYLINE, *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=timeout
    )


def run_limited(limit: str, *args: str, timeout: float = CALL_TIMEOUT_S) -> subprocess.CompletedProcess[str]:
    """`storyline ARGS` in a shell that first runs `limit` (a `ulimit` command)."""
    script = f"{limit} && exec {shlex.quote(STORYLINE)} " + " ".join(shlex.quote(a) for a in args)
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=timeout)


def error_line(proc: subprocess.CompletedProcess[str], code: int | None = None) -> str:
    """The run failed with exactly one `error:` line and no traceback; returns it."""
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    if code is None:
        assert proc.returncode != 0
    else:
        assert proc.returncode == code, (proc.returncode, proc.stderr)
    return lines[0]


def succeeded(proc: subprocess.CompletedProcess[str]) -> str:
    """The run exited 0 without a traceback; returns its stdout."""
    assert proc.returncode == 0, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout


def write_jsonl(path: Path, records: Iterable[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def good_records(prefix: str = "good") -> list[dict[str, object]]:
    return [
        {"id": f"{prefix}-{i}", "text": text, "published": "2022-01-0" + str(7 + i)}
        for i, text in enumerate(GOOD_TEXTS)
    ]


def connect(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(Path(db).resolve().as_uri() + "?mode=ro", uri=True)


def article_ids(db: Path) -> set[str]:
    with connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM articles")}


def rejections(db: Path) -> dict[str, str]:
    """Input -> reason; every rejection stored carries a code whose English words,
    made from its stored parameters, are the stored reason (`storyline.reasons`)."""
    with connect(db) as conn:
        rows = conn.execute("SELECT input, reason, code, params FROM rejections").fetchall()
    for _, words, code, params in rows:
        assert code in REASONS, (code, words)
        assert Reason(code, json.loads(params)).text == words
    return {row[0]: row[1] for row in rows}


def check_database(db: Path, processed: bool = True) -> None:
    """`PRAGMA integrity_check` passes, and the storyline invariants hold: every
    assignment names a stored article, a thread lies in one story, threads and
    stories assigned exist; with `processed`, every article is annotated and
    assigned exactly once."""
    with connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        ids = [row[0] for row in conn.execute("SELECT id FROM articles")]
        assigned = [row[0] for row in conn.execute("SELECT article_id FROM assignments")]
        assert len(assigned) == len(set(assigned))
        assert set(assigned) <= set(ids)
        stories_of_thread = conn.execute(
            "SELECT thread_id, COUNT(DISTINCT story_id) FROM assignments GROUP BY thread_id"
        ).fetchall()
        assert all(count == 1 for _, count in stories_of_thread)
        threads = {row[0] for row in conn.execute("SELECT id FROM threads")}
        stories = {row[0] for row in conn.execute("SELECT id FROM stories")}
        for thread_id, story_id in conn.execute("SELECT thread_id, story_id FROM assignments"):
            assert thread_id in threads and story_id in stories
        if processed:
            annotated = {row[0] for row in conn.execute("SELECT article_id FROM annotations")}
            assert annotated == set(ids)
            assert sorted(assigned) == sorted(ids)
