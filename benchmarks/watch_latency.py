"""Watch latency: from a feed gaining an entry to the story page showing it.

    python benchmarks/watch_latency.py [--feeds 50] [--pages 5000] [--interval 5]
                                       [--arrivals 20] [--shared PATH]

A loopback "internet" of `--feeds` outlets, each on its own address 127.0.1.N
(so the per-host gap applies per outlet, as with real sites), together serving
`--pages` article pages: real Russian news (bsnlp-ru, tgcontest-pairs) first,
then synthetic news text (`tests/synthetic_news.py`) for the rest.

1. **Bulk load**: `storyline watch --once --host-delay 0` stores every page; its
   wall time and peak RSS (ru_maxrss of the child) are printed.
2. **Live**: `storyline serve --watch SOURCES --watch-interval I` runs on the
   database (default host gap of 1 s). `--arrivals` times, a random feed gains an
   entry (a held-out real article); the time until `/stories/{id}` (the story the
   article was put in) shows its title is measured. p50 / p95 / max are printed,
   with the server's RSS (VmRSS, VmHWM) after the arrivals.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.synthetic_news import synthetic_text  # noqa: E402
from tests.watch.site import Entry, Site, _handler, article_page, rss  # noqa: E402

# Synthetic pages are about this long (characters): the median bsnlp-ru article.
SYNTHETIC_CHARS = 2500
# Seconds the server may take to start and poll every source once.
WARM_UP_S = 300.0
# Seconds an arrival may take before it counts as lost.
ARRIVAL_LIMIT_S = 120.0
# Seconds between a page check and the next.
CHECK_STEP_S = 0.2


def real_texts(shared: Path) -> list[tuple[str, str]]:
    """(title, text) of the real articles, each text once."""
    found: dict[str, str] = {}
    with (shared / "corpora" / "bsnlp-ru" / "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            found.setdefault(row["text"], row.get("title") or "")
    with (shared / "corpora" / "tgcontest-pairs" / "dev.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            for side in ("a", "b"):
                found.setdefault(row[side]["text"], row[side].get("title") or "")
    return [(title, text) for text, title in found.items() if len(text) > 300]


def start_outlets(count: int) -> list[tuple[Site, ThreadingHTTPServer]]:
    outlets = []
    for n in range(count):
        site = Site()
        httpd = ThreadingHTTPServer((f"127.0.1.{n + 1}", 0), _handler(site))
        httpd.daemon_threads = True
        site.base = f"http://127.0.1.{n + 1}:{httpd.server_address[1]}"

        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        outlets.append((site, httpd))
    return outlets


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return str(answer.read().decode("utf-8"))
    except OSError:
        return ""


def story_of(db: Path, article_id: str) -> str | None:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            row = conn.execute(
                "SELECT story_id FROM assignments WHERE article_id=?", (article_id,)
            ).fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def proc_memory(pid: int) -> dict[str, int]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) // 1024
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--arrivals", type=int, default=20)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--db", type=Path, help="keep the database here (default: a temporary folder)")
    parser.add_argument("--bulk-only", action="store_true", help="stop after the bulk load")
    parser.add_argument("--profile", type=Path, help="run the bulk load's watcher under cProfile, stats here")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    real = real_texts(args.shared)
    rng.shuffle(real)
    held_out, real = real[: args.arrivals], real[args.arrivals :]
    texts = real[: args.pages]
    texts += [
        (f"Сводка {i}", synthetic_text(SYNTHETIC_CHARS, seed=i)) for i in range(args.pages - len(texts))
    ]

    outlets = start_outlets(args.feeds)
    feeds: list[list[Entry]] = [[] for _ in outlets]
    for number, (title, text) in enumerate(texts):
        f = number % args.feeds
        site = outlets[f][0]
        link = site.set(f"/p/{number}.html", article_page(title or f"Статья {number}", text))
        feeds[f].append(Entry(f"urn:bench:{number}", title or f"Статья {number}", link))
    for (site, _), entries in zip(outlets, feeds, strict=True):
        site.set("/rss.xml", rss(entries), content_type="application/rss+xml")

    folder = Path(tempfile.mkdtemp(prefix="watch-bench-"))
    db = args.db or folder / "bench.db"
    sources = folder / "sources.txt"
    sources.write_text("\n".join(site.url("/rss.xml") for site, _ in outlets) + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), *sys.path])}

    print(
        f"{args.feeds} feeds, {args.pages} pages ({min(len(real), args.pages)} real), interval {args.interval:g} s"
    )
    started = time.perf_counter()
    profiler = ["-m", "cProfile", "-o", str(args.profile)] if args.profile else []
    load = subprocess.run(
        [sys.executable, *profiler, "-m", "storyline.cli", "watch", str(sources), "--db", str(db), "--once",
         "--allow-private", "--host-delay", "0"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(f"bulk load: {load.stdout.strip()} in {seconds:.0f} s; watcher peak RSS {peak} MB")
    if load.returncode:
        sys.exit(load.stderr[-2000:])
    if args.bulk_only:
        return

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "storyline.cli", "serve", "--db", str(db), "--port", str(port),
         "--watch", str(sources), "--watch-interval", f"{args.interval:g}", "--allow-private"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WARM_UP_S
        while time.monotonic() < deadline and not fetch(base + "/"):
            time.sleep(0.5)
        time.sleep(args.interval * 2)  # every source polled once (all answer 304)
        latencies: list[float] = []
        lost = 0
        for k, (title, text) in enumerate(held_out):
            f = rng.randrange(args.feeds)
            site = outlets[f][0]
            heading = f"Поступление {k}: {title}"[:120]
            link = site.set(f"/new/{k}.html", article_page(heading, text))
            feeds[f].insert(0, Entry(f"urn:bench:new:{k}", heading, link))
            site.set("/rss.xml", rss(feeds[f]), content_type="application/rss+xml")
            gained = time.perf_counter()
            shown = False
            while time.perf_counter() - gained < ARRIVAL_LIMIT_S:
                story = story_of(db, f"urn:bench:new:{k}")
                if story and f"Поступление {k}:" in fetch(f"{base}/stories/{story}"):
                    shown = True
                    break
                time.sleep(CHECK_STEP_S)
            if shown:
                latencies.append(time.perf_counter() - gained)
            else:
                lost += 1
            time.sleep(rng.uniform(0.5, 2.0))
        memory = proc_memory(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
    latencies.sort()
    p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)] if latencies else float("nan")
    print(
        f"arrivals: {len(latencies)} shown, {lost} not within {ARRIVAL_LIMIT_S:g} s; latency p50 "
        f"{statistics.median(latencies) if latencies else float('nan'):.1f} s, p95 {p95:.1f} s, "
        f"max {max(latencies, default=float('nan')):.1f} s"
    )
    print(
        f"server (with watcher) after the arrivals: RSS {memory.get('VmRSS')} MB, peak {memory.get('VmHWM')} MB"
    )


if __name__ == "__main__":
    main()
