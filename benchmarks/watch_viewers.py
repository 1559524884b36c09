"""Viewers for benchmarks/watch_latency.py's live phase: pages held open on the server.

Each viewer is one thread doing what a live page's htmx does (`web/live.py`,
`templates/_live.html`): it reads its page once, then sends the page's live check
(`HX-Request`, `?live=MARKER&wait=S`) again and again. A renewal (the check's own
element back, `HX-Retarget`) is followed by the same check; a new body (the page
changed) is noted with the time it arrived and the check it carries is sent next.
So the time a viewer notes is when the page's new content reached it, the
browser's swap (milliseconds) aside. One viewer holds the story list, the others
the stories most recently published in, as a desk keeps its open pages.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

# Seconds a viewer's request may take past its wait before it counts as failed.
SLACK_S = 30.0
# Seconds a failed viewer waits before it reads its page again.
RETRY_S = 1.0
# The live check's element of a page or a new body.
_LIVE = re.compile(r'<div class="live" id="(?:story|list)-live" hx-get="([^"]+)" hx-trigger="([^"]+)"')


def live_url(html: str) -> str | None:
    found = _LIVE.search(html)
    return found.group(1).replace("&amp;", "&") if found else None


def every_s(html: str) -> float:
    """The seconds of an interval check's `hx-trigger="every Ns"` (0 for a long poll)."""
    found = _LIVE.search(html)
    trigger = found.group(2) if found else ""
    return float(trigger.removeprefix("every ").removesuffix("s")) if trigger.startswith("every ") else 0.0


@dataclass
class Viewers:
    base: str
    stories: list[str]
    events: list[tuple[float, str]] = field(default_factory=list)  # (time, "list" or story id)
    renewals: int = 0
    failures: int = 0
    waits: bool = False  # the pages long-poll (their checks carry wait=)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        targets = [("list", "/")] + [(sid, f"/stories/{sid}") for sid in self.stories]
        for name, path in targets:
            threading.Thread(target=self._view, args=(name, path), daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _view(self, name: str, path: str) -> None:
        url: str | None = None
        every = 0.0
        while not self._stop.is_set():
            try:
                if url is None:
                    page = _get(self.base + path, {}, SLACK_S)[1]
                    url, every = live_url(page), every_s(page)
                    if url is None:
                        return  # the server's pages do not update themselves
                    self.waits = self.waits or "wait=" in url
                status, body, headers = _get_with_headers(self.base + url, {"HX-Request": "true"})
            except (OSError, urllib.error.URLError):
                with self._lock:
                    self.failures += 1
                url = None
                time.sleep(RETRY_S)
                continue
            if status == 204:  # an interval check's "unchanged": the next one in `every` s
                time.sleep(every)
                continue
            if "hx-retarget" in headers:
                with self._lock:
                    self.renewals += 1
            else:
                with self._lock:
                    self.events.append((time.time(), name))
            url, every = live_url(body) or url, every_s(body) if live_url(body) else every
            if every:  # an interval check: htmx's next one comes `every` s after this one
                time.sleep(every)

    def first(self, name: str, after: float) -> float | None:
        with self._lock:
            return next((t for t, n in self.events if n == name and t >= after), None)


def _get(url: str, headers: dict[str, str], timeout: float) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.read().decode("utf-8", "replace")


def _get_with_headers(url: str, headers: dict[str, str]) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=SLACK_S + 120) as response:
        # header names as the server wrote them (uvicorn: lower case), compared folded
        headers = {k.lower(): v for k, v in response.headers.items()}
        return response.status, response.read().decode("utf-8", "replace"), headers


def recent_stories(base: str, count: int) -> list[str]:
    """The ids of the `count` stories most recently published in (the API's default order)."""
    ids: list[str] = []
    offset = 0
    while len(ids) < count:
        _, text = _get(f"{base}/api/stories?limit=100&offset={offset}", {}, SLACK_S)
        items = json.loads(text)["items"]
        if not items:
            break
        ids += [str(item["id"]) for item in items]
        offset += len(items)
    return ids[:count]


def percentiles(values: list[float]) -> str:
    if not values:
        return "-"
    values = sorted(values)
    p95 = values[max(0, round(0.95 * len(values)) - 1)]
    return f"p50 {values[len(values) // 2]:.1f} s, p95 {p95:.1f} s, max {values[-1]:.1f} s"


def report(
    viewers: Viewers, arrivals: list[tuple[float, float | None, float | None, str | None]]
) -> list[str]:
    """Lines on what the viewers saw. Each arrival is (gained, stored, shown in the
    view, its story): its latency to a viewer is when its story's viewer (if one held
    that story) got the new body, else, for the list's viewer, when the list did."""
    mode = "long-polled checks" if viewers.waits else "interval checks"
    to_story, to_list, stored_to, view_to = [], [], [], []
    for gained, stored, shown, story in arrivals:
        listed = viewers.first("list", gained)
        if listed is not None:
            to_list.append(listed - gained)
        seen = viewers.first(story, gained) if story in viewers.stories else None
        if seen is None:
            continue
        to_story.append(seen - gained)
        if stored is not None:
            stored_to.append(seen - stored)
        if shown is not None:
            view_to.append(seen - shown)
    lines = [
        f"viewers ({mode}; the list and {len(viewers.stories)} stories; {viewers.renewals} renewals,"
        f" {viewers.failures} failed requests):",
        f"  entry to a viewer of its story ({len(to_story)} of {len(arrivals)} arrivals joined a viewed"
        f" story): {percentiles(to_story)}",
        f"  entry to the list's viewer getting new rows ({len(to_list)} arrivals; the list's marker moves"
        f" when an article is stored, placed or makes a story, so this is not the article shown):"
        f" {percentiles(to_list)}",
    ]
    if stored_to:
        mean = sum(stored_to) / len(stored_to)
        lines.append(
            f"  poll's line to the story's viewer: mean {mean:.2f} s; the view's check (every 0.2 s) to the"
            f" viewer: mean {sum(view_to) / max(1, len(view_to)):.2f} s, max {max(view_to, default=0):.2f} s"
        )
    return lines
