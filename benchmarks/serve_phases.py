"""Where a search's wall time goes on one server process: per-request phases.

The app (`create_app`, the response cache off) runs under uvicorn in a child
process with two stamps per request: an outer ASGI wrapper notes the arrival and
the last body byte, and `Searcher.search` is wrapped for its own wall and its
thread's CPU. After a warm-up (one client, every word twice), --clients clients
each send --requests searches of `serve_load.SEARCH_WORDS`, as `serve_load.py`
does. The report gives p50 / p95 of: the client's latency; the server's, arrival
to last byte; arrival to the endpoint's start (the thread hand-off and waiting for
the GIL); the search's wall and thread CPU; the endpoint's end to the last byte
(the event loop's turn); and the server's CPU per request and requests a second.

    python benchmarks/serve_phases.py --db load100k.db [--clients 8] [--requests 30] [--json]

`--code DIR` runs the server from another source tree's src/ (a `git archive`).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]

# Seconds the server may take to start listening.
START_TIMEOUT_S = 120


def serve(db: str, port: int, out: Path) -> None:
    """The child: the app with the two stamps; writes its records on SIGUSR1 and at exit."""
    import contextvars
    import gc

    import uvicorn

    from storyline.web import search as search_module
    from storyline.web.app import create_app

    current: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("req", default=None)
    records: list[dict[str, Any]] = []
    original = search_module.Searcher.search

    def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
        record = current.get()
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            if record is not None:
                record.update(s0=started, s1=time.perf_counter(), cpu=time.thread_time() - cpu)

    search_module.Searcher.search = timed  # type: ignore[method-assign]
    app = create_app(db, cache_entries=0)

    async def stamped(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        record: dict[str, Any] = {"t0": time.perf_counter()}
        current.set(record)

        async def sending(message: Any) -> None:
            if message["type"] == "http.response.body" and not message.get("more_body"):
                record["t1"] = time.perf_counter()
            await send(message)

        try:
            await app(scope, receive, sending)
        finally:
            records.append(record)

    gc.collect()
    gc.freeze()  # as `storyline serve` does
    server = uvicorn.Server(uvicorn.Config(stamped, host="127.0.0.1", port=port, log_level="warning"))

    def dump(*_: Any) -> None:
        out.write_text(json.dumps(records))

    def stop(*_: Any) -> None:
        dump()
        server.should_exit = True

    signal.signal(signal.SIGUSR1, dump)
    signal.signal(signal.SIGTERM, stop)
    server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
    server.run()
    dump()


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def measure(db: Path, clients: int, requests: int, code: Path) -> dict[str, Any]:
    # here, not at the top: it puts this tree's src/ first, and the server child may run another's
    sys.path.insert(0, str(REPO / "benchmarks"))
    import serve_load

    port = serve_load._free_port()
    out = Path(f"/tmp/serve-phases-{port}.json")
    env = {**os.environ, "PYTHONPATH": str(code / "src")}
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(db), "--port", str(port), "--out", str(out)], env=env
    )
    try:
        deadline = time.time() + START_TIMEOUT_S
        while time.time() < deadline:
            try:
                serve_load.socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.3)
        paths = [f"/api/search?q={quote(w)}" for w in serve_load.SEARCH_WORDS]
        serve_load._load(port, paths, 1, 2 * len(paths))
        os.kill(child.pid, signal.SIGUSR1)
        time.sleep(0.5)
        warm = len(json.loads(out.read_text()))
        cpu0, wall0 = serve_load._cpu_s(child.pid), time.perf_counter()
        times = serve_load._load(port, paths, clients, requests)
        wall, cpu = time.perf_counter() - wall0, serve_load._cpu_s(child.pid) - cpu0
    finally:
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=30)
    records = [r for r in json.loads(out.read_text())[warm:] if "s0" in r and "t1" in r]
    out.unlink()
    phases = {
        "client latency": times,
        "server, arrival to last byte": [(r["t1"] - r["t0"]) * 1000 for r in records],
        "arrival to endpoint start": [(r["s0"] - r["t0"]) * 1000 for r in records],
        "search wall": [(r["s1"] - r["s0"]) * 1000 for r in records],
        "search thread CPU": [r["cpu"] * 1000 for r in records],
        "endpoint end to last byte": [(r["t1"] - r["s1"]) * 1000 for r in records],
    }
    return {
        "load_average": os.getloadavg()[0],
        "requests": len(times),
        "server_cpu_ms": round(cpu * 1000 / len(times), 2),
        "per_second": round(len(times) / wall, 1),
        "phases": {
            name: {"p50": _pct(v, 0.5), "p95": _pct(v, 0.95), "mean": round(statistics.mean(v), 2)}
            for name, v in phases.items()
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, help="a store (the 100k replay of serve_load.py)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=30, help="searches per client")
    parser.add_argument("--code", type=Path, default=REPO, help="run the server from this tree's src/")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args.out)
        return
    if args.db is None:
        parser.error("--db is required")
    report = measure(args.db, args.clients, args.requests, args.code.resolve())
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(
        f"{report['requests']} searches, {args.clients} clients, load {report['load_average']:.1f}:"
        f" server CPU {report['server_cpu_ms']} ms a request, {report['per_second']} a second"
    )
    for name, r in report["phases"].items():
        print(f"  {name:<30} p50 {r['p50']:>7} p95 {r['p95']:>7} mean {r['mean']:>7}")


if __name__ == "__main__":
    main()
