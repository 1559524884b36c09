"""Watch latency: from a feed gaining an entry to the story page showing it.

    python benchmarks/watch_latency.py [--feeds 50] [--pages 5000] [--interval 5]
                                       [--arrivals 20] [--shared PATH]

A loopback "internet" of `--feeds` outlets, each on its own address 127.0.1.N
(so the per-host gap applies per outlet, as with real sites), together serving
`--pages` article pages of real Russian news: bsnlp-ru, tgcontest-pairs and
NEREL's train and dev texts (Wikinews), about 1,600 distinct texts. Past those,
the texts come round again as replicas, each replica round dated `REPLICA_DAYS`
later and marked in its first sentence (so it is neither a duplicate nor part
of the first round's stories): news on the scale of the issue, in stories of
real sizes. (Round 4 filled the pages past the real texts with synthetic text of
one small vocabulary, all dated alike: those 4,000 pages made one story, whose
every update cost the whole story, which measured that story, not the watcher.)

0. **Poll cost**: in this process, the watcher's own work per article (feed
   parsing, fetching each page, trafilatura extraction, normalising), timed as the
   polling thread's CPU over `--cost-feeds` feeds, nothing stored; extraction alone
   is timed too.
1. **Bulk load**: `storyline watch --once --host-delay 0` stores every page. Its
   RSS and the number of articles stored are sampled every `--sample` seconds;
   printed: wall time, CPU per article (the watcher and its annotation workers,
   from getrusage), peak RSS, RSS at each 1,000 articles and its growth per 1,000
   articles past the first 1,000 (a least-squares slope: a leak shows as steady
   growth; the models and the bounded story-state cache fill the first part).
2. **Live**: `storyline serve --watch SOURCES --watch-interval I` runs on the
   database (default host gap of 1 s). `--arrivals` times, a random feed gains an
   entry (a held-out real article); the time until the story the article was put
   in shows it (its id in `/api/stories/{id}`, the view the page is drawn from, with
   every line: the page lists 30 per section) is measured. p50 / p95 / max are printed,
   with the server's RSS (VmRSS, VmHWM) after the arrivals. Meanwhile `--viewers`
   pages are held open (`watch_viewers.py`: the story list and the stories most
   recently published in, each sending its live check as htmx does): an arrival's
   latency to a viewer is when its story's viewer, and the list's, got the new body.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
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
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from http.server import ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

from smaps import line as smaps_line  # noqa: E402
from tests.watch.site import Entry, Site, _handler, article_page, rss  # noqa: E402
from watch_breakdown import Arrival, LogTap, Served, logged, report, viewer  # noqa: E402
from watch_viewers import Viewers, recent_stories  # noqa: E402
from watch_viewers import report as viewers_report  # noqa: E402

# Days between two replica rounds of the texts: a year, past any story's span, so
# a replica joins its own round's stories (as benchmarks/suite.py's replay does).
REPLICA_DAYS = 365
# The date of a text that carries none (tgcontest-pairs).
DEFAULT_DAY = date(2022, 1, 7)
# NEREL's second line: the Wikinews date, day/month/year.
NEREL_DATE = re.compile(r"^(\d\d)/(\d\d)/(\d{4})")
# Seconds the server may take to start and poll every source once.
WARM_UP_S = 300.0
# Seconds an arrival may take before it counts as lost.
ARRIVAL_LIMIT_S = 120.0
# Seconds between a page check and the next.
CHECK_STEP_S = 0.2
# Seconds between two RSS samples of the bulk load's watcher.
SAMPLE_S = 2.0
# Articles after which RSS growth is measured: the models, the grouping state and
# the story-state cache (bounded, story/kept.py) fill up before this.
GROWTH_FROM = 1000
# Articles between two progress lines of the bulk load.
PROGRESS_EVERY = 500
# Feeds whose pages the poll-cost step fetches and extracts.
COST_FEEDS = 2
# Story pages held open during the live phase (a desk's open tabs, spread over people).
VIEWERS = 100


@dataclass(frozen=True)
class Text:
    title: str
    body: str
    day: date


def _day(value: object) -> date:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return DEFAULT_DAY


def nerel_texts(folder: Path) -> list[Text]:
    """NEREL's texts: the title on the first line, then the date, then the article."""
    found = []
    for path in sorted(folder.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if len(lines) < 3:
            continue
        stamp = NEREL_DATE.match(lines[1])
        day = date(int(stamp[3]), int(stamp[2]), int(stamp[1])) if stamp else DEFAULT_DAY
        found.append(Text(lines[0], "\n\n".join(lines[2:] if stamp else lines[1:]), day))
    return found


def real_texts(shared: Path) -> list[Text]:
    """Every real text once: bsnlp-ru, tgcontest-pairs, NEREL train and dev."""
    found: dict[str, Text] = {}
    corpora = shared / "corpora"
    with (corpora / "bsnlp-ru" / "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            found.setdefault(
                row["text"], Text(row.get("title") or "", row["text"], _day(row.get("published")))
            )
    with (corpora / "tgcontest-pairs" / "dev.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            for side in ("a", "b"):
                found.setdefault(
                    row[side]["text"], Text(row[side].get("title") or "", row[side]["text"], DEFAULT_DAY)
                )
    for split in ("train", "dev"):
        for text in nerel_texts(corpora / "nerel" / split):
            found.setdefault(text.body, text)
    return [t for t in found.values() if len(t.body) > 300]


def page_text(real: list[Text], number: int) -> Text:
    """Page `number`: a real text, or past them a replica, dated a round later."""
    base = real[number % len(real)]
    round_ = number // len(real)
    if not round_:
        return base
    return Text(
        base.title,
        f"Дополнено, выпуск {round_}. {base.body}",
        base.day + timedelta(days=REPLICA_DAYS * round_),
    )


def rfc822(day: date) -> str:
    return format_datetime(datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC))


def start_outlets(count: int, served: list[Served]) -> list[tuple[Site, ThreadingHTTPServer]]:
    outlets = []
    for n in range(count):
        site = Site()
        served.append(Served())
        httpd = ThreadingHTTPServer((f"127.0.1.{n + 1}", 0), logged(_handler(site), served[-1]))
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


def poll_cost(outlets: list[tuple[Site, ThreadingHTTPServer]], feeds: int) -> dict[str, float]:
    """CPU ms per article of the watcher's own work (one polling thread: the servers
    run on others), and of trafilatura extraction alone on the same pages."""
    from storyline.ingest.extract import extract_page
    from storyline.ingest.fetch import Fetcher
    from storyline.model import SourceState
    from storyline.watch.polite import HostGate, PoliteFetcher
    from storyline.watch.poll import Poller

    poller = Poller(PoliteFetcher(Fetcher(block_private=False), gate=HostGate(0.0)))
    articles, cpu, pages = 0, 0.0, []
    for site, _ in outlets[:feeds]:
        state = SourceState(url=site.url("/rss.xml"), interval=5.0)
        started = time.thread_time()
        result = poller.poll(state, {}, time.time())
        cpu += time.thread_time() - started
        articles += sum(1 for h in result.handled if not hasattr(h.outcome, "reason"))
        pages += [
            (route.body, site.url(path)) for path, route in site.routes.items() if path.startswith("/p/")
        ]
    started = time.thread_time()
    for body, link in pages:
        extract_page(body, link)
    extraction = time.thread_time() - started
    return {
        "articles": articles,
        "poll_ms": 1000 * cpu / max(1, articles),
        "extract_ms": 1000 * extraction / max(1, len(pages)),
    }


def proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process and its waited-for children have used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def articles_stored(db: Path) -> int | None:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return None


def sample_memory(pid: int, db: Path, stop: threading.Event, samples: list[tuple[float, int, int]]) -> None:
    """(seconds, articles stored, watcher RSS MB) every SAMPLE_S until `stop`."""
    started = time.perf_counter()
    while not stop.wait(SAMPLE_S):
        try:
            rss = proc_memory(pid).get("VmRSS")
        except OSError:
            return
        count = articles_stored(db)
        if rss is not None and count is not None:
            if samples and count // PROGRESS_EVERY > samples[-1][1] // PROGRESS_EVERY:
                print(
                    f"  {time.perf_counter() - started:5.0f} s: {count} articles, RSS {rss} MB"
                    f" (MiB by mapping: {smaps_line(pid)})",
                    flush=True,
                )
            samples.append((time.perf_counter() - started, count, rss))


def slope(points: list[tuple[int, int]]) -> float:
    """Least-squares growth of y per 1,000 of x."""
    if len(points) < 2:
        return float("nan")
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return float("nan")
    return 1000 * sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def memory_report(samples: list[tuple[float, int, int]]) -> str:
    marks = []
    for thousand in range(1000, (max((n for _, n, _ in samples), default=0) // 1000) * 1000 + 1, 1000):
        at = [rss for _, n, rss in samples if n >= thousand]
        if at:
            marks.append(f"{thousand}: {at[0]} MB")
    late = [(n, rss) for _, n, rss in samples if n >= GROWTH_FROM]
    return (
        f"watcher RSS at articles stored: {', '.join(marks) or '-'}; growth past {GROWTH_FROM} articles "
        f"{slope(late):+.1f} MB per 1,000 articles ({len(samples)} samples)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--arrivals", type=int, default=20)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--db", type=Path, help="keep the database here (default: a temporary folder)")
    parser.add_argument(
        "--cost-feeds", type=int, default=COST_FEEDS, help="feeds of the poll-cost step (0: skip)"
    )
    parser.add_argument("--bulk-only", action="store_true", help="stop after the bulk load")
    parser.add_argument(
        "--census", action="store_true", help="the bulk load's caches and RSS (watch_census.py)"
    )
    parser.add_argument("--viewers", type=int, default=VIEWERS, help="story pages held open (and the list)")
    parser.add_argument(
        "--live-wait", type=int, help="serve --live-wait (default: serve's; 0: interval checks)"
    )
    parser.add_argument("--profile", type=Path, help="run the bulk load's watcher under cProfile, stats here")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    real = real_texts(args.shared)
    rng.shuffle(real)
    held_out, real = real[: args.arrivals], real[args.arrivals :]
    texts = [page_text(real, number) for number in range(args.pages)]

    served: list[Served] = []
    outlets = start_outlets(args.feeds, served)
    feeds: list[list[Entry]] = [[] for _ in outlets]
    for number, text in enumerate(texts):
        f = number % args.feeds
        site = outlets[f][0]
        title = text.title or f"Статья {number}"
        link = site.set(f"/p/{number}.html", article_page(title, text.body, published=text.day.isoformat()))
        feeds[f].append(Entry(f"urn:bench:{number}", title, link, published=rfc822(text.day)))
    for (site, _), entries in zip(outlets, feeds, strict=True):
        site.set("/rss.xml", rss(entries), content_type="application/rss+xml")

    folder = Path(tempfile.mkdtemp(prefix="watch-bench-"))
    db = args.db or folder / "bench.db"
    sources = folder / "sources.txt"
    sources.write_text("\n".join(site.url("/rss.xml") for site, _ in outlets) + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), *sys.path])}

    print(
        f"{args.feeds} feeds, {args.pages} pages ({min(len(real), args.pages)} distinct real texts, the rest"
        f" replicas), interval {args.interval:g} s"
    )
    print(f"load average at the start: {os.getloadavg()[0]:.1f}")
    if args.cost_feeds:
        cost = poll_cost(outlets, args.cost_feeds)
        print(
            f"poll cost ({cost['articles']:.0f} articles, nothing stored): {cost['poll_ms']:.0f} ms CPU per "
            f"article for the watcher's own work, of which extraction {cost['extract_ms']:.0f} ms"
        )
    held = articles_stored(db) if db.exists() else 0
    if held:
        print(f"the database held {held} articles before the run")
    started = time.perf_counter()
    profiler = ["-m", "cProfile", "-o", str(args.profile)] if args.profile else []
    census = folder / "census.jsonl"
    entry = [str(REPO / "benchmarks" / "watch_census.py")] if args.census else ["-m", "storyline.cli"]
    env_bulk = {**env, "STORYLINE_CENSUS": str(census)}
    logs = folder / "watch.log"
    with logs.open("w") as log:
        child = subprocess.Popen(
            [sys.executable, *profiler, *entry, "watch", str(sources), "--db", str(db),
             "--once", "--allow-private", "--host-delay", "0"],
            env=env_bulk, stdout=subprocess.PIPE, stderr=log, text=True,
        )  # fmt: skip
        stop, samples = threading.Event(), []
        sampler = threading.Thread(target=sample_memory, args=(child.pid, db, stop, samples), daemon=True)
        sampler.start()
        summary, _ = child.communicate()
        stop.set()
        sampler.join()
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    stored = articles_stored(db) or 0
    print(
        f"bulk load: {summary.strip()} in {seconds:.0f} s; watcher peak RSS {usage.ru_maxrss // 1024} MB; "
        f"CPU {1000 * (usage.ru_utime + usage.ru_stime) / max(1, stored):.0f} ms per article stored "
        f"(watcher and annotation workers); load average now {os.getloadavg()[0]:.1f}"
    )
    print(memory_report(samples))
    if args.census:
        from watch_census import report as census_report

        print("\n".join(census_report(census, GROWTH_FROM)))
    # The watcher logs its caches' counters after each poll that stored articles (and at
    # the end): the last line says how much its budgets churned over the bulk load.
    counters = [line for line in logs.read_text(errors="replace").splitlines() if "memory: RSS" in line]
    if counters:
        print(f"watcher's last counters: {counters[-1][counters[-1].index('memory: RSS') :]}")
    print(f"articles in the store after the bulk load: {stored} ({stored - (held or 0)} stored by it)")
    if child.returncode:
        sys.exit(logs.read_text(errors="replace")[-2000:])
    if args.bulk_only:
        return

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "storyline.cli", "serve", "--db", str(db), "--port", str(port),
         "--watch", str(sources), "--watch-interval", f"{args.interval:g}", "--allow-private",
         *(["--live-wait", str(args.live_wait)] if args.live_wait is not None else [])],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert server.stderr is not None
    tap = LogTap(server.stderr)  # the watcher's poll lines, with where each poll's time went
    arrivals: list[Arrival] = []
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WARM_UP_S
        while time.monotonic() < deadline and not fetch(base + "/"):
            time.sleep(0.5)
        time.sleep(args.interval * 2)  # every source polled once (all answer 304)
        viewers = Viewers(base, recent_stories(base, args.viewers))
        viewers.start()
        time.sleep(2.0)  # every viewer has read its page and sent its check
        cpu_before, wall_before = proc_cpu(server.pid), time.perf_counter()
        latencies: list[float] = []
        lost = 0
        for k, text in enumerate(held_out):
            f = rng.randrange(args.feeds)
            site = outlets[f][0]
            heading = f"Поступление {k}: {text.title}"[:120]
            link = site.set(
                f"/new/{k}.html", article_page(heading, text.body, published=text.day.isoformat())
            )
            feeds[f].insert(0, Entry(f"urn:bench:new:{k}", heading, link, published=rfc822(text.day)))
            site.set("/rss.xml", rss(feeds[f]), content_type="application/rss+xml")
            gained, gained_at = time.perf_counter(), time.time()
            shown = False
            while time.perf_counter() - gained < ARRIVAL_LIMIT_S:
                story = story_of(db, f"urn:bench:new:{k}")
                # The story's JSON view (every line; the HTML page lists a section's top
                # 30, so an article in a large story is in the view but not on the page)
                if story and f'"urn:bench:new:{k}"' in fetch(f"{base}/api/stories/{story}"):
                    shown = True
                    break
                time.sleep(CHECK_STEP_S)
            if shown:
                latencies.append(time.perf_counter() - gained)
            else:
                lost += 1
            arrivals.append(Arrival(gained_at, time.time() if shown else None, outlet=f, number=k))
            time.sleep(rng.uniform(0.5, 2.0))
        time.sleep(1.0)  # the last poll's line (printed once its write returned, after the commit)
        for arrival in arrivals:  # followed through the outlets' and the server's logs
            feed_url = outlets[arrival.outlet][0].url("/rss.xml")
            arrival.follow(served[arrival.outlet], tap, feed_url, f"/new/{arrival.number}.html")
        memory = proc_memory(server.pid)
        cpu_live, wall_live = proc_cpu(server.pid) - cpu_before, time.perf_counter() - wall_before
        viewers.stop()
        seen = [(a.gained, a.stored, a.shown, story_of(db, f"urn:bench:new:{a.number}")) for a in arrivals]
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
    print("\n".join(report(arrivals)))
    print("\n".join(viewers_report(viewers, seen)))
    from storyline.commands.serve import DEFAULT_POLL_S, live_poll

    pages_poll = live_poll(None, watching=True, watch_interval=args.interval)  # what serve --watch gives
    for poll in dict.fromkeys((pages_poll, DEFAULT_POLL_S)):
        print(
            viewer(latencies, poll)
            + (" (computed; the pages' fallback)" if poll == pages_poll else " (computed; before session 16)")
        )
    print(
        f"server (with watcher) after the arrivals: RSS {memory.get('VmRSS')} MB, peak {memory.get('VmHWM')} MB"
    )
    print(
        f"server CPU during the arrivals: {cpu_live:.1f} s in {wall_live:.0f} s of wall time "
        f"({100 * cpu_live / max(wall_live, 1e-9):.0f}% of one core; {cpu_live / max(1, len(held_out)):.2f} s per"
        f" arrival, polling {args.feeds} feeds every ~{args.interval:g} s included); load average now "
        f"{os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
