"""Where a web request's time goes on PostgreSQL: its statements, one by one.

The app is built in this process over --url with the response cache off, and
each path of `serve_load.py`'s story list and search scenarios is asked
--repeats times, one client (no queueing). Every statement the read side runs
through its pool is timed from the client (round trip included), so a request
shows how many statements it sent, how long they took, and this process's CPU
for it; `--statements` lists each statement's mean time. With `--server-times`
the CPU the database's backends spent on it is given too (read from /proc, so the
server must run on this machine): CPU times, unlike wall times, hold on a loaded
machine. `--code DIR` measures another source tree (a `git archive` of main).

    python benchmarks/pg_requests.py --url postgresql://.../big100k [--repeats 5] [--statements]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import serve_load  # noqa: E402  (it puts this tree's src/ first)

# `--code DIR`: that tree's src/ first (read before argparse: storyline is imported below)
if "--code" in sys.argv:
    sys.path.insert(0, str(Path(sys.argv[sys.argv.index("--code") + 1]).resolve() / "src"))

# Characters of a statement shown in the --statements listing.
SHOWN_CHARS = 110


def paths(date_from: str) -> dict[str, list[str]]:
    """The story list and search paths serve_load.py asks (its date filter given)."""
    return {
        "story list": [
            "/",
            "/api/stories",
            "/?sort=size",
            "/api/stories?sort=activity",
            "/?offset=20",
            f"/api/stories?date_from={date_from}",
        ],
        "search": [f"/api/search?q={quote(w)}" for w in serve_load.SEARCH_WORDS],
    }


class Timings:
    """Statements run through the pool while `recording`, with their wall times."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, float]] = []
        self.params: dict[str, Sequence[Any]] = {}

    @contextmanager
    def recording(self) -> Iterator[list[tuple[str, float]]]:
        from storyline.store import pg_read

        original = pg_read.PooledReads.execute
        calls: list[tuple[str, float]] = []

        def timed(reads: Any, sql: str, params: Sequence[Any] = ()) -> Any:
            started = time.perf_counter()
            try:
                return original(reads, sql, params)
            finally:
                calls.append((sql, (time.perf_counter() - started) * 1000))
                self.params[sql] = params

        pg_read.PooledReads.execute = timed  # type: ignore[method-assign,assignment]
        try:
            yield calls
        finally:
            pg_read.PooledReads.execute = original  # type: ignore[method-assign]


def _server_ms(db: Any) -> float:
    """CPU milliseconds (user + system, from /proc: the server must run on this host)
    used so far by the backends of this database other than `db`'s own."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for (pid,) in db.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    ).fetchall():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the backend ended meanwhile
        total += (int(fields[11]) + int(fields[12])) * 1000 / ticks
    return total


def _explained(url: str, sql: str, params: Sequence[Any]) -> list[str]:
    """The plan's summary lines of one read-side statement (run again, analysed)."""
    import psycopg

    from storyline.store.pg_read import translate

    keep = ("Execution Time", "Planning Time", "JIT", "Functions", "Timing", "Buffers: shared")
    with psycopg.connect(url, autocommit=True) as db:
        rows = db.execute("EXPLAIN (ANALYZE, BUFFERS) " + translate(sql), tuple(params)).fetchall()  # type: ignore[arg-type]
    lines = [str(r[0]).strip() for r in rows]
    return [line[:70] for line in lines if line.startswith(keep)][:8] + [lines[0][:90]]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", required=True)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--code", type=Path, help="run another source tree's src/ (default: this one)")
    parser.add_argument("--date-from", default="2010-01-01", help="the story list's date filter")
    parser.add_argument("--statements", action="store_true", help="list each path's statements")
    parser.add_argument(
        "--server-times",
        action="store_true",
        help="the database backends' CPU a request (/proc: a local server)",
    )
    parser.add_argument(
        "--explain", action="store_true", help="EXPLAIN ANALYZE each statement: times, JIT, buffers"
    )
    args = parser.parse_args()

    import psycopg
    from fastapi.testclient import TestClient

    import storyline
    from storyline.web.app import create_app

    print(f"code: {Path(storyline.__file__).parents[1]}")

    admin = psycopg.connect(args.url, autocommit=True) if args.server_times else None
    app = create_app(args.url, cache_entries=0, live_poll_s=0)
    timings = Timings()
    with TestClient(app) as client:
        for group in paths(args.date_from).values():
            for path in group:  # warm-up: the dictionary, the templates, term statistics
                assert client.get(path).status_code == 200, path
        print(f"{'path':<44} {'stmts':>5} {'db ms':>7} {'wall ms':>8} {'CPU ms':>7} {'server':>7}")
        for name, group in paths(args.date_from).items():
            cpus, walls, servers = [], [], []
            for path in group:
                per: dict[str, list[float]] = defaultdict(list)
                stmts, db_ms, wall, cpu = [], [], [], []
                before = _server_ms(admin) if admin else 0.0
                for _ in range(args.repeats):
                    with timings.recording() as calls:
                        c0, w0 = time.process_time(), time.perf_counter()
                        response = client.get(path)
                        wall.append((time.perf_counter() - w0) * 1000)
                        cpu.append((time.process_time() - c0) * 1000)
                    assert response.status_code == 200, path
                    stmts.append(len(calls))
                    db_ms.append(sum(t for _, t in calls))
                    for sql, t in calls:
                        per[sql].append(t)
                # /proc counts in ticks (10 ms): the path's repeats are summed, then divided
                server = (_server_ms(admin) - before) / args.repeats if admin else 0.0
                servers.append(server)
                cpus += cpu
                walls += wall
                print(
                    f"{path[:44]:<44} {statistics.median(stmts):>5.0f} {statistics.median(db_ms):>7.1f}"
                    f" {statistics.median(wall):>8.1f} {statistics.median(cpu):>7.1f}"
                    f" {server:>7.1f}"
                )
                if args.statements or args.explain:
                    for sql, times in sorted(per.items(), key=lambda kv: -sum(kv[1])):
                        each = sum(times) / args.repeats
                        if args.explain:
                            print("      " + " | ".join(_explained(args.url, sql, timings.params[sql])))
                        print(
                            f"      {each:7.2f} ms x{len(times) // args.repeats:<3} {' '.join(sql.split())[:SHOWN_CHARS]}"
                        )
            print(
                f"== {name}: median wall {statistics.median(walls):.1f} ms,"
                f" CPU {statistics.median(cpus):.1f} ms a request (one client),"
                f" database CPU {statistics.mean(servers):.1f} ms a request"
            )
    if admin:
        admin.close()


if __name__ == "__main__":
    main()
