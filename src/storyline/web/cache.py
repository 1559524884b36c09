"""Whole-response cache for the read side, keyed on the store's write generation.

A news desk reads the same front page, the same few stories and the same
searches all day, while the store changes only when an article is ingested. So
every GET answer (page or API, status 200) is kept under (generation, path,
query, language, fragment-or-page), where the generation is
`Connections.generation()`: it moves on the first request after any commit by
any process (the server's writer, a CLI ingest, `storyline watch`), and from then
on no answer read before that commit is served. A repeat request costs one pragma
and a dictionary look-up instead of its queries and its template.

The cache is per process (each `--workers` process keeps its own; all of them
follow the same database, so they agree). It is bounded in entries and bytes.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline.web.live import WAIT_PARAM

# Answers kept at most, and their bytes at most. A story page is 100-200 KB and
# a list or search answer 20-60 KB: 64 MB holds several hundred of them, a busy
# desk's working set, at a fraction of the server's ~250 MB resident size.
CACHE_ENTRIES = 2048
CACHE_BYTES = 64 * 1024 * 1024
# An answer larger than this is not kept (a `?top=0` page of the largest story is
# ~2 MB; keeping a few of those would evict hundreds of ordinary pages).
ENTRY_BYTES_MAX = 1024 * 1024
# Paths never cached: static files have their own (ETag) caching, the language
# switch sets a cookie, the API docs page is a constant.
UNCACHED_PREFIXES = ("/static/", "/lang/")
# Headers that depend on the connection, not on the answer.
_HOP_HEADERS = frozenset({"content-length", "date", "server", "set-cookie"})

CacheKey = tuple[int, str, str, str, str]
# A query asking a live check to wait (`live.WAIT_PARAM`), with a nonzero value.
_LONG_POLL = re.compile(rb"(?:^|&)" + WAIT_PARAM.encode() + rb"=0*[1-9]")


@dataclass(frozen=True)
class Entry:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


class ResponseCache:
    """A bounded LRU of answers; thread-safe."""

    def __init__(self, entries: int = CACHE_ENTRIES, max_bytes: int = CACHE_BYTES) -> None:
        self.entries = entries
        self.max_bytes = max_bytes
        self._items: OrderedDict[CacheKey, Entry] = OrderedDict()
        self._bytes = 0
        self._generation = -1
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: CacheKey) -> Entry | None:
        with self._lock:
            self._forget_older(key[0])
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: CacheKey, entry: Entry) -> None:
        if len(entry.body) > ENTRY_BYTES_MAX or self.entries <= 0:
            return
        with self._lock:
            self._forget_older(key[0])
            if key[0] != self._generation:
                return  # read before a commit seen meanwhile: already stale
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._items[key] = entry
            self._bytes += len(entry.body)
            while self._items and (len(self._items) > self.entries or self._bytes > self.max_bytes):
                _, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._items)

    def _forget_older(self, generation: int) -> None:
        """Entries of an older generation can never be asked for again: drop them all."""
        if generation > self._generation:
            self._items.clear()
            self._bytes = 0
            self._generation = generation


def cacheable(method: str, path: str, query: bytes = b"") -> bool:
    """A GET not under UNCACHED_PREFIXES and not a long-polled live check (`live.py`:
    its answer depends on when it ends, and concurrent checks of one page must not
    queue behind each other's wait as concurrent misses of a key do)."""
    return method == "GET" and not path.startswith(UNCACHED_PREFIXES) and not _LONG_POLL.search(query)


def key_of(scope: Scope, generation: int) -> CacheKey:
    """(generation, path, query, language cookie, htmx header) of a request's scope."""
    headers = Headers(scope=scope)
    lang = ""
    cookie = headers.get("cookie")
    if cookie:
        lang = cookie_parser(cookie).get("lang", "")
    return (
        generation,
        scope["path"],
        scope.get("query_string", b"").decode("latin-1"),
        lang,
        headers.get("hx-request", ""),
    )


class CacheMiddleware:
    """ASGI middleware serving repeat GETs from `cache` (plain ASGI rather than
    Starlette's BaseHTTPMiddleware, whose streams and task group cost ~1 ms of
    CPU per request at 8 clients, an eighth of a story list).

    Concurrent misses of one key are built once: the first request builds the
    answer, the others wait for it (8 readers opening the same front page after
    an ingest would otherwise run its queries 8 times on a 2-core machine). The
    waiting list lives on the event loop's thread, so it needs no lock. The
    request's generation goes to the endpoint in `scope["state"]` (as
    `request.state.generation`). A cache of no entries only passes that on.
    """

    def __init__(self, app: ASGIApp, cache: ResponseCache, generation: Callable[[], int]) -> None:
        self.app, self.cache, self.generation = app, cache, generation
        self.building: dict[CacheKey, asyncio.Event] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not cacheable(
            scope["method"], scope["path"], scope.get("query_string", b"")
        ):
            await self.app(scope, receive, send)
            return
        current = self.generation()
        scope.setdefault("state", {})["generation"] = current
        if self.cache.entries <= 0:
            # Nothing is kept (`--cache 0`): no key, no captured body, and no waiting
            # for a concurrent build of the same answer, which would only queue behind
            # it and then build again (the load benchmark's story list, 8 clients on 6
            # paths, queued two pairs of clients that way).
            await self.app(scope, receive, send)
            return
        key = key_of(scope, current)
        found = self.cache.get(key)
        if found is None and key in self.building:
            await self.building[key].wait()
            found = self.cache.get(key)  # None when the first answer was not kept (an error)
        if found is not None:
            await _replay(found, send)
            return
        done = self.building.setdefault(key, asyncio.Event())
        try:
            await self._build(key, scope, receive, send)
        finally:
            if self.building.get(key) is done:
                del self.building[key]
            done.set()

    async def _build(self, key: CacheKey, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app, pass its answer on as it comes, and keep a 200 without a cookie."""
        start: Message | None = None
        chunks: list[bytes] = []
        keep = True

        async def capture(message: Message) -> None:
            nonlocal start, keep
            if message["type"] == "http.response.start":
                start = message
                names = {k.lower() for k, _ in message.get("headers", [])}
                keep = message["status"] == 200 and b"set-cookie" not in names
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and start is not None:
                    headers = tuple(
                        (k.decode("latin-1"), v.decode("latin-1"))
                        for k, v in start.get("headers", [])
                        if k.decode("latin-1").lower() not in _HOP_HEADERS
                    )
                    self.cache.put(key, Entry(start["status"], headers, b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, capture)


async def _replay(entry: Entry, send: Send) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in entry.headers]
    headers.append((b"content-length", str(len(entry.body)).encode()))
    await send({"type": "http.response.start", "status": entry.status, "headers": headers})
    await send({"type": "http.response.body", "body": entry.body})
