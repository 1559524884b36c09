"""The watch loop between arrivals, and an arrival's wait: what `serve --watch` does
while its feeds answer 304, and how long a new entry takes to be stored.

    python benchmarks/watch_idle.py [--feeds 50] [--interval 5] [--seconds 60]
                                    [--arrivals 8] [--shared PATH]

`--feeds` loopback outlets (127.0.1.N, so the per-host gap applies per outlet), each
with a feed of one real article (bsnlp-ru), stored by a first `--once` pass. Then the
watcher runs in this process as `storyline watch` runs it (a `Pipeline`, the writer
lease taken per write; host gap `--host-delay`), polling every feed every
`--interval` seconds for `--seconds` seconds with nothing new: printed are the polls,
the writer-lease entries and this process's CPU per poll (the outlets' handler threads
included, the same for old and new code). Then `--arrivals` times a random feed gains
an entry; the time from the feed changing to the article stored and its story built
is printed (p50, max), and the CPU of the arrivals. Run the old code by putting its
`src` first on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.watch.site import Entry, Site, _handler, article_page, rss  # noqa: E402

# Texts shorter than this are left out (a page needs a paragraph of main text).
MIN_TEXT_CHARS = 600
# Seconds an arrival may take before it counts as lost.
ARRIVAL_LIMIT_S = 120.0


def start_outlets(count: int) -> list[Site]:
    sites = []
    for n in range(count):
        site = Site()
        httpd = ThreadingHTTPServer((f"127.0.1.{n + 1}", 0), _handler(site))
        httpd.daemon_threads = True
        site.base = f"http://127.0.1.{n + 1}:{httpd.server_address[1]}"
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        sites.append(site)
    return sites


def texts(shared: Path, count: int) -> list[tuple[str, str]]:
    found = []
    with (shared / "corpora" / "bsnlp-ru" / "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if len(row["text"]) >= MIN_TEXT_CHARS:
                found.append((row.get("title") or "Новость", row["text"]))
    random.Random(14).shuffle(found)
    return found[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--arrivals", type=int, default=8)
    parser.add_argument("--host-delay", type=float, default=1.0)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()

    import storyline.watch.watcher as watcher_module
    from storyline.ingest.fetch import Fetcher
    from storyline.pipeline import Pipeline
    from storyline.store import open_store
    from storyline.watch.polite import HostGate, PoliteFetcher
    from storyline.watch.poll import Poller

    print(f"code: {watcher_module.__file__}; load average {os.getloadavg()[0]:.1f}")
    pool = texts(args.shared, args.feeds + args.arrivals)
    sites = start_outlets(args.feeds)
    feeds: list[list[Entry]] = []
    for n, site in enumerate(sites):
        title, body = pool[n]
        link = site.set(f"/p/{n}.html", article_page(title, body))
        feeds.append([Entry(f"urn:idle:{n}", title, link)])
        site.set("/rss.xml", rss(feeds[n]), content_type="application/rss+xml")
    urls = [site.url("/rss.xml") for site in sites]
    db = Path(tempfile.mkdtemp(prefix="watch-idle-")) / "idle.db"
    store = open_store(db)
    pipeline = Pipeline(store, owner="benchmarks/watch_idle.py")
    writes = [0]

    def run_write(job: Callable[[Pipeline], object]) -> object:
        writes[0] += 1
        with pipeline:
            return job(pipeline)

    stored_at: dict[str, float] = {}
    polled: dict[str, tuple[float, float, float]] = {}  # entry key -> its poll's start, end, lateness
    lags: list[float] = []  # seconds from a source being due to its poll starting
    lag_from = [float("inf")]  # from two intervals into the idle run (the first pass's states are old)

    class TimedPoller(Poller):
        def poll(self, state, seen, now):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            late = time.time() - state.next_poll if state.next_poll is not None else 0.0
            if started > lag_from[0]:  # how late a due poll started
                lags.append(late)
            result = super().poll(state, seen, now)
            for handled in result.handled:
                polled[handled.seen.key] = (started, time.perf_counter(), late)
            return result

    def on_poll(result: object, stored: object) -> None:
        for article_id in getattr(stored, "new_ids", []):
            stored_at[article_id] = time.perf_counter()

    def watcher(gap: float) -> object:
        poller = TimedPoller(PoliteFetcher(Fetcher(block_private=False), gate=HostGate(gap)))
        return watcher_module.Watcher(urls, store, run_write, poller, args.interval, on_poll=on_poll)  # type: ignore[arg-type]

    first = watcher(0.0)
    totals = first.run(once=True)  # type: ignore[attr-defined]
    print(f"first pass: {totals.new} articles stored in {writes[0]} writes")

    live = watcher(args.host_delay)
    report: dict[str, float] = {}
    latencies: list[float] = []
    parts: list[
        tuple[float, float, float, float]
    ] = []  # waiting for the poll, the poll, storing it; lateness

    def drive() -> None:
        """Off the watcher's thread (its store is that thread's): wait, then the arrivals."""
        writes[0] = 0
        cpu, wall = time.process_time(), time.perf_counter()
        lag_from[0] = wall + 2 * args.interval
        time.sleep(args.seconds)
        report.update(polls=live.totals.polls, writes=writes[0], cpu=time.process_time() - cpu)  # type: ignore[attr-defined]
        ordered = sorted(lags)
        report.update(lag50=statistics.median(ordered), lag95=ordered[int(0.95 * (len(ordered) - 1))])
        report["wall"] = time.perf_counter() - wall
        rng = random.Random(13)
        cpu = time.process_time()
        for k in range(args.arrivals):
            n = rng.randrange(args.feeds)
            title, body = pool[args.feeds + k]
            link = sites[n].set(f"/new/{k}.html", article_page(title, body))
            feeds[n].insert(0, Entry(f"urn:idle:new:{k}", title, link))
            gained = time.perf_counter()
            sites[n].set("/rss.xml", rss(feeds[n]), content_type="application/rss+xml")
            key = f"urn:idle:new:{k}"
            while key not in stored_at and time.perf_counter() - gained < ARRIVAL_LIMIT_S:
                time.sleep(0.05)
            if key in stored_at:
                latencies.append(stored_at[key] - gained)
                start, end, late = polled[key]
                parts.append((start - gained, end - start, stored_at[key] - end, late))
            time.sleep(rng.uniform(0.5, 2.0))
        report["arrival_cpu"] = time.process_time() - cpu
        live.stop.set()  # type: ignore[attr-defined]

    threading.Thread(target=drive, daemon=True).start()
    live.run()  # type: ignore[attr-defined]
    store.close()
    polls = int(report["polls"])
    print(
        f"idle: {polls} polls in {report['wall']:.0f} s, {report['writes']:.0f} writer-lease entries, "
        f"{1000 * report['cpu'] / max(1, polls):.1f} ms CPU a poll ({100 * report['cpu'] / report['wall']:.0f}% of a core); a due poll started {report['lag50']:.2f} s late"
        f" (p50; p95 {report['lag95']:.2f} s)"
    )
    arrival_cpu = report["arrival_cpu"]
    print(
        f"arrivals: {len(latencies)} of {args.arrivals} stored; feed change to stored and story built "
        f"p50 {statistics.median(latencies) if latencies else float('nan'):.2f} s, max "
        f"{max(latencies, default=float('nan')):.2f} s; CPU {arrival_cpu / max(1, args.arrivals):.2f} s an arrival "
        f"(idle polling included); load average now {os.getloadavg()[0]:.1f}"
    )
    if parts:
        means = [statistics.fmean(p[i] for p in parts) for i in range(4)]
        print(
            f"  where an arrival's time went (means): waiting for its feed's poll {means[0]:.2f} s (of it"
            f" {means[3]:.2f} s after the poll was due), the poll"
            f" (feed, host gap, page, extraction) {means[1]:.2f} s, storing and processing {means[2]:.2f} s"
        )


if __name__ == "__main__":
    main()
