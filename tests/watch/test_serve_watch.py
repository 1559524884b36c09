"""`storyline serve --watch`: the server's own writer stores what the watcher finds,
and the story page shows a new entry's article without a restart."""

from __future__ import annotations

import time
import urllib.request
from pathlib import Path

from storyline.store import open_store
from tests.watch.serving import ARRIVAL_TIMEOUT_S, START_TIMEOUT_S, first_poll, serve_watch
from tests.watch.site import Site, rss


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def test_serve_watch_shows_a_new_entry_on_the_story_page(site: Site, tmp_path: Path) -> None:
    entries, sources, db, story = first_poll(site, tmp_path)
    proc, port = serve_watch(db, sources)
    page = f"http://127.0.0.1:{port}/stories/{story.id}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline and "Новость номер 1" not in _page(page):
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "server exited"
            time.sleep(0.3)
        assert "Новость номер 2" not in _page(page)
        # the page waits on the server for news (a long poll); where it cannot, it checks
        # twice per watcher interval (1 s), within MIN_WATCH_POLL_S
        shown = _page(page)
        assert 'hx-trigger="load"' in shown and "wait=25" in shown and 'data-poll="2"' in shown
        site.set("/rss", rss(entries), content_type="application/rss+xml")  # the feed gains an entry
        gained = time.monotonic()
        while time.monotonic() < gained + ARRIVAL_TIMEOUT_S and "Новость номер 2" not in _page(page):
            time.sleep(0.3)
        assert "Новость номер 2" in _page(page)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stories/{story.id}", timeout=10) as answer:
            assert answer.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    with open_store(db, readonly=True) as store:
        assert store.count_articles() == 3
        assert {s.url: s.articles for s in store.watch_sources()} == {site.url("/rss"): 3}


def test_pages_check_for_news_twice_per_watcher_interval() -> None:
    from storyline.commands.serve import DEFAULT_POLL_S, MIN_WATCH_POLL_S, live_poll

    assert live_poll(None, watching=True, watch_interval=5.0) == 3  # twice per interval
    assert live_poll(None, watching=True, watch_interval=8.4) == 5  # whole seconds
    assert live_poll(None, watching=True, watch_interval=0.5) == MIN_WATCH_POLL_S
    assert live_poll(None, watching=True, watch_interval=300.0) == DEFAULT_POLL_S  # never later than without
    assert live_poll(None, watching=False, watch_interval=5.0) == DEFAULT_POLL_S
    assert live_poll(30, watching=True, watch_interval=5.0) == 30  # --poll given wins
    assert live_poll(0, watching=True, watch_interval=5.0) == 0
