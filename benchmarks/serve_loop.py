"""The event loop's CPU per search request, in one process, without the search.

`create_app` (the response cache off) is called as an ASGI app on an asyncio loop,
one request at a time, with `Searcher.search` answering from a memo of its first
answer for each query: what remains is the framework's share of a request
(middleware, routing, FastAPI's query checks, the thread hand-off, the answer's
messages). The loop thread's CPU (`time.thread_time`) is that share exactly: the
endpoint runs on a worker thread. FastAPI's `solve_dependencies` (the query
checks) and its router's `_match` are timed apart on the same clock.

    python benchmarks/serve_loop.py --db load100k.db [--requests 2000] [--json]

Run it against another tree with `PYTHONPATH=/tmp/old/src` (a `git archive`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path
from typing import Any

# Requests run before the timed ones (imports, first queries, the memo filled).
WARMUP = 200


def measure(db: Path, query: str, requests: int) -> dict[str, float]:
    import fastapi.routing as fastapi_routing

    from storyline.web import search as search_module
    from storyline.web.app import create_app

    original = search_module.Searcher.search
    memo: dict[str, Any] = {}

    def memoised(self: Any, *args: Any, **kwargs: Any) -> Any:
        key = repr((args, kwargs))
        if key not in memo:
            memo[key] = original(self, *args, **kwargs)
        return memo[key]

    spent = {"checks": 0.0, "routing": 0.0}
    solve = fastapi_routing.solve_dependencies

    async def timed_solve(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()
        result = await solve(*args, **kwargs)
        spent["checks"] += time.thread_time() - started
        return result

    match = fastapi_routing._IncludedRouter._match

    def timed_match(self: Any, scope: Any) -> Any:
        started = time.thread_time()
        result = match(self, scope)
        spent["routing"] += time.thread_time() - started
        return result

    search_module.Searcher.search = memoised  # type: ignore[method-assign]
    fastapi_routing.solve_dependencies = timed_solve  # type: ignore[assignment]
    fastapi_routing._IncludedRouter._match = timed_match  # type: ignore[method-assign]
    app = create_app(db, cache_entries=0)
    query_string = f"q={query}".encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/api/search",
        "raw_path": b"/api/search",
        "root_path": "",
        "query_string": query_string,
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 8000),
    }

    async def one() -> int:
        sent: list[Any] = []

        async def receive() -> Any:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: Any) -> None:
            sent.append(message)

        await app(dict(scope), receive, send)
        if sent[0]["status"] != 200:
            raise SystemExit(f"search answered {sent[0]['status']}")
        return sum(len(m.get("body", b"")) for m in sent[1:])

    async def run() -> dict[str, float]:
        async with app.router.lifespan_context(app):
            size = await one()
            for _ in range(WARMUP):
                await one()
            spent.update(checks=0.0, routing=0.0)
            loop_cpu, cpu, wall = time.thread_time(), time.process_time(), time.perf_counter()
            for _ in range(requests):
                await one()
            per = 1e6 / requests
            return {
                "answer_bytes": size,
                "loop_cpu_us": (time.thread_time() - loop_cpu) * per,
                "query_checks_us": spent["checks"] * per,
                "routing_us": spent["routing"] * per,
                "process_cpu_us": (time.process_time() - cpu) * per,
                "wall_us": (time.perf_counter() - wall) * per,
            }

    return asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, required=True, help="a store (the 100k replay of serve_load.py)")
    parser.add_argument("--query", default="%D1%81%D1%83%D0%B4", help="the search's query string value")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.db, args.query, args.requests)
    if args.json:
        print(json.dumps(result))
        return
    for name, value in result.items():
        print(f"{name:16} {value:9.1f}")


if __name__ == "__main__":
    main()
