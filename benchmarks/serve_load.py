"""Web server speed under load: story page, story list and search, 8 clients.

The database is a real one (bsnlp-ru ingested and processed by `storyline
ingest`) scaled to --articles articles by `big_store.py`, the one way the
benchmarks make a big store: replica k copies every article with the id `ID~k`,
published k * --shift-days days later (default: big_store's two years earlier),
with its annotation, novelty marks, search rows and grouping state; every
thread and story is copied with new ids and its documents' article ids and
dates rewritten. So the store has the real stories' sizes and texts, repeated
year after year, without annotating 100k articles. A --db that holds replicas
already (`big_store.py --db BIG.db`, or a --keep of an earlier run) is served as
it is: give a copy, the server writes its stored pages into it.

A live `storyline serve` on 127.0.0.1 (a free port) then gets --clients
concurrent clients, each on its own keep-alive connection, each sending
--requests requests per scenario; the report gives p50/p95/max per scenario and
the server's resident memory (now and peak).

    python benchmarks/serve_load.py --db bsnlp.db --articles 100000 [--workers N] [--cache N] [--json]
    python benchmarks/serve_load.py --db big100k-copy.db --cache 0 --requests 40   # a big_store store
    python benchmarks/serve_load.py --db bsnlp.db --articles 10000 --keep load10k.db --pg postgresql://...

`--pg URL` copies the replayed store into that (empty) PostgreSQL database with
`storyline migrate` (skipped when it already holds at least as many articles)
and serves the URL instead of the file.

`--workers` and `--cache` go to `storyline serve` (`--cache 0` measures every
request's own queries: the response cache off); the RSS is summed over the
server's processes. Each scenario also reports the server's CPU time per
request (user + system of its processes, from /proc), which a loaded machine
does not inflate as it does wall-clock latency. `--code DIR` runs the server
from another source tree (say a `git archive` of an older commit), so two
versions can be compared in one run, back to back, on the same database.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

import big_store  # noqa: E402

# Targets from issue #11 (milliseconds, p95).
TARGETS_MS = {"story page": 200.0, "story list": 100.0, "search": 100.0}
# Words searched in turn (bsnlp-ru's topics: Brexit, Asia Bibi, Nord Stream, the US election, ...).
SEARCH_WORDS = ["Брексит", "Мэй", "Трамп", "газопровод", "выборы", "Путин", "суд", '"Северный поток"']
# The story list's date filter keeps the articles newer than this share of them
# (the scenario's former 2030-01-01 cut ~6 % of the forward replay's 100k).
LIST_FROM_SHARE = 0.06


def replay(source: Path, target: Path, articles: int, shift_days: int = -big_store.SHIFT_DAYS) -> float:
    """Copy `source` to `target` and add replicas until it holds about `articles`
    (`big_store.build`: replica k published `k * shift_days` days later); seconds taken."""
    return float(big_store.build(source, target, articles, log=True, shift_days=shift_days)["seconds"])


def is_replayed(path: Path) -> bool:
    """Whether a store holds replicas already (`big_store.py` made it): served as it is."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return db.execute("SELECT 1 FROM articles WHERE instr(id, '~') > 0 LIMIT 1").fetchone() is not None


def list_date_from(db: sqlite3.Connection) -> str:
    """The story list's date filter: the day LIST_FROM_SHARE of the articles are older
    than, so the filter keeps most stories whichever way the replicas were dated."""
    total = db.execute("SELECT COUNT(*) FROM articles WHERE published IS NOT NULL").fetchone()[0]
    row = db.execute(
        "SELECT substr(published, 1, 10) FROM articles WHERE published IS NOT NULL ORDER BY published"
        " LIMIT 1 OFFSET ?",
        (int(total * LIST_FROM_SHARE),),
    ).fetchone()
    return str(row[0]) if row else "2000-01-01"


def _copy_to_postgres(target: Path, url: str, articles: int) -> float:
    """Copy the replayed store into PostgreSQL (`storyline migrate`) unless it is there; seconds taken."""
    import psycopg

    with psycopg.connect(url) as pg:
        has = pg.execute("SELECT to_regclass('articles') IS NOT NULL").fetchone()
        # at least the store's articles: a suite run may have ingested its own since
        if has and has[0] and pg.execute("SELECT COUNT(*) FROM articles").fetchone()[0] >= articles:
            return 0.0
    started = time.time()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "storyline.cli",
            "migrate",
            "--from",
            str(target),
            "--to",
            url,
            "--batch",
            "2000",
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.time() - started


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_kb(pid: int) -> tuple[int, int]:
    status = Path(f"/proc/{pid}/status").read_text()
    values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M))
    return int(values.get("VmRSS", 0)), int(values.get("VmHWM", 0))


def _rss_total(pid: int) -> tuple[int, int]:
    """Resident memory (now, peak) of the server and its worker processes, summed."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    sizes = [_rss_kb(p) for p in pids]
    return sum(s[0] for s in sizes), sum(s[1] for s in sizes)


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of the server and its worker processes so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    total = 0.0
    for p in pids:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def _load(port: int, paths: list[str], clients: int, per_client: int) -> list[float]:
    """Latencies (ms) of clients x per_client GETs, client i starting at paths[i]."""
    times: list[float] = []
    lock = threading.Lock()
    failures: list[str] = []

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine = []
        for n in range(per_client):
            path = paths[(i + n * clients) % len(paths)]
            t0 = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - t0) * 1000)
            if response.status != 200:
                failures.append(f"{response.status} {path}")
        conn.close()
        with lock:
            times.extend(mine)

    workers = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if failures:
        raise RuntimeError(f"{len(failures)} failed requests, e.g. {failures[0]}")
    return times


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "n": len(ordered),
        "p50": round(statistics.median(ordered), 1),
        "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        "max": round(ordered[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db",
        type=Path,
        required=True,
        help="a processed storyline database (bsnlp-ru), or a big_store.py store",
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument(
        "--shift-days",
        type=int,
        default=-big_store.SHIFT_DAYS,
        help="days between replicas (negative: older)",
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=25, help="requests per client per scenario")
    parser.add_argument("--workers", type=int, default=1, help="server processes (`serve --workers`)")
    parser.add_argument("--cache", type=int, help="`serve --cache` (0: no response cache; default: serve's)")
    parser.add_argument("--keep", type=Path, help="keep the replayed database here (reused when present)")
    parser.add_argument("--pg", help="serve this PostgreSQL database (filled from the replayed store)")
    parser.add_argument(
        "--code", type=Path, help="run the server from this source tree's src/ (default: this one)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="serve-load-"))
    target = args.db if is_replayed(args.db) else args.keep or folder / "load.db"
    build_s = 0.0
    if not target.exists():
        build_s = replay(args.db, target, args.articles, args.shift_days)
    db = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    n_articles = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    n_stories = db.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
    # story pages: the largest stories (the worst case a reader meets), newest replicas first
    big = [
        r[0]
        for r in db.execute(
            "SELECT story_id FROM assignments GROUP BY story_id ORDER BY COUNT(*) DESC, story_id DESC LIMIT 17"
        )
    ]
    big, spare = big[:16], big[16:]  # the spare one warms the server's templates up
    largest = db.execute(
        "SELECT MAX(n) FROM (SELECT COUNT(*) n FROM assignments GROUP BY story_id)"
    ).fetchone()[0]
    date_from = list_date_from(db)
    db.close()
    served = str(target)
    copy_s = 0.0
    if args.pg:
        copy_s = _copy_to_postgres(target, args.pg, n_articles)
        served = args.pg

    port = _free_port()
    code = (args.code or REPO).resolve()
    env = {**os.environ, "PYTHONPATH": str(code / "src")}
    command = [sys.executable, "-m", "storyline.cli", "serve", "--db", served, "--port", str(port)]
    command += (["--workers", str(args.workers)] if args.workers != 1 else []) + (
        ["--cache", str(args.cache)] if args.cache is not None else []
    )
    server = subprocess.Popen(
        command,
        env=env,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.3)
        scenarios = {
            "story page": [f"/stories/{s}" for s in big],
            "story list": [
                "/",
                "/api/stories",
                "/?sort=size",
                "/api/stories?sort=activity",
                "/?offset=20",
                f"/api/stories?date_from={date_from}",
            ],
            "search": [f"/api/search?q={quote(w)}" for w in SEARCH_WORDS],
        }
        # The first request of each story page (one client) builds the view; the
        # server then keeps it until the story changes (web/story_page.py).
        # Cold story pages: the server's first story page compiles its templates, so a
        # page outside the measured ones goes first, then each measured one once.
        _load(port, [f"/stories/{s}" for s in spare] or ["/"], 1, 1)
        cpu_before = _cpu_s(server.pid)
        cold = [_load(port, [path], 1, 1)[0] for path in scenarios["story page"]]
        cold_cpu_ms = (_cpu_s(server.pid) - cpu_before) * 1000 / len(cold)
        # Warm-up, one client, every path once: the first search loads the dictionary,
        # and a reader's steady state is measured (with the response cache on, every
        # answer is then kept; `--cache 0` measures each request's own work).
        for paths in scenarios.values():
            _load(port, paths, 1, len(paths))
        results = {"story page, first view (1 client)": _summary(cold)}
        results["story page, first view (1 client)"]["cpu_ms"] = round(cold_cpu_ms, 1)
        for name, paths in scenarios.items():
            cpu_before = _cpu_s(server.pid)
            times = _load(port, paths, args.clients, args.requests)
            results[name] = _summary(times)
            results[name]["cpu_ms"] = round((_cpu_s(server.pid) - cpu_before) * 1000 / len(times), 1)
        rss, peak = _rss_total(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = {
        "articles": n_articles,
        "stories": n_stories,
        "largest_story": largest,
        "clients": args.clients,
        "workers": args.workers,
        "code": str(code),
        "cache": args.cache,
        "build_seconds": round(build_s, 1),
        "backend": "postgresql" if args.pg else "sqlite",
        "copy_seconds": round(copy_s, 1),
        "load_average": os.getloadavg()[0],
        "rss_mb": round(rss / 1024, 1),
        "peak_rss_mb": round(peak / 1024, 1),
        "results": results,
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    print(
        f"{n_articles} articles, {n_stories} stories (largest {largest}), {args.clients} clients,"
        f" {args.workers} server process(es), cache {args.cache if args.cache is not None else 'default'},"
        f" load average {report['load_average']:.1f}; build {build_s:.0f} s"
    )
    print(f"{'scenario':<34} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'CPU ms':>8} {'target':>8}")
    for name, r in results.items():
        cpu = r.get("cpu_ms", "-")
        print(
            f"{name:<34} {r['n']:>5} {r['p50']:>8} {r['p95']:>8} {r['max']:>8} {cpu:>8}"
            f" {TARGETS_MS.get(name, '-'):>8}"
        )
    print(f"server RSS {report['rss_mb']} MB (peak {report['peak_rss_mb']} MB)")


if __name__ == "__main__":
    main()
