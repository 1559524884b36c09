"""Run `storyline watch ...` with a census of its memory, for benchmarks/watch_latency.py.

    STORYLINE_CENSUS=FILE python benchmarks/watch_census.py watch SOURCES --db DB ...

Before storyline is imported, `functools.lru_cache` is wrapped so that every
memoising cache made in this process is remembered (module-level ones, per-instance
ones such as `annotate/nlp.py`'s, and `functools.cache`). A daemon thread then writes
one JSON line to FILE every CENSUS_S seconds: the time, the articles stored (a
read-only count), VmRSS, Python's live blocks (`sys.getallocatedblocks`) and every
cache's entries. Nothing else changes: the watcher runs as `storyline watch` does.
`report(FILE)` says how the caches' entries grew against RSS between two article counts.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import sys
import threading
import time
import weakref
from pathlib import Path
from typing import Any

# Seconds between two census lines.
CENSUS_S = float(os.environ.get("STORYLINE_CENSUS_S", "30"))
# Every this many lines, and from TYPES_FROM articles on, the census also counts the
# objects the cyclic collector tracks by type (`gc.get_objects`: containers and class
# instances made since the annotation pool's `gc.freeze`, so what grows is in it);
# a pass over ~5 M objects takes a few seconds with the GIL held.
TYPES_EVERY = 4
TYPES_FROM = 800

_caches: list[tuple[str, weakref.ref[Any]]] = []
_lru_cache = functools.lru_cache


def _remember(wrapper: Any) -> Any:
    name = f"{getattr(wrapper, '__module__', '?')}.{getattr(wrapper, '__qualname__', '?')}"
    _caches.append((name, weakref.ref(wrapper)))
    return wrapper


def _tracking_lru_cache(*args: Any, **kwargs: Any) -> Any:
    made = _lru_cache(*args, **kwargs)
    if hasattr(made, "cache_info"):  # used bare: @lru_cache over the function
        return _remember(made)
    return lambda function: _remember(made(function))


def _rss_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    return 0


def _articles(db: str) -> int | None:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as c:
            return int(c.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return None


def _types() -> dict[str, int]:
    import gc
    from collections import Counter

    counts = Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.get_objects())
    return dict(counts.most_common(40))


def _census(out: Path, db: str) -> None:
    with out.open("a", encoding="utf-8") as f:
        for number in range(1 << 30):
            sizes: dict[str, int] = {}
            for name, ref in list(_caches):
                wrapper = ref()
                if wrapper is not None:
                    sizes[name] = sizes.get(name, 0) + wrapper.cache_info().currsize
            line = {
                "t": time.time(),
                "articles": _articles(db),
                "rss_mb": _rss_mb(),
                "blocks": sys.getallocatedblocks(),
                "caches": {n: s for n, s in sizes.items() if s},
            }
            if number % TYPES_EVERY == 0 and (line["articles"] or 0) >= TYPES_FROM:
                line["types"] = _types()
            f.write(json.dumps(line) + "\n")
            f.flush()
            time.sleep(CENSUS_S)


def report(path: Path, start: int) -> list[str]:
    """From the census line nearest `start` articles to the last: RSS, blocks, and the
    ten caches whose entries grew most."""
    lines = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
    lines = [x for x in lines if x["articles"] is not None]
    if len(lines) < 2:
        return ["census: too few lines"]
    first = min(lines, key=lambda x: abs(x["articles"] - start))
    last = lines[-1]
    grew = sorted(
        ((n, last["caches"].get(n, 0) - first["caches"].get(n, 0)) for n in last["caches"]),
        key=lambda x: -x[1],
    )[:10]
    out = [
        f"census {first['articles']} -> {last['articles']} articles: RSS {first['rss_mb']} -> {last['rss_mb']} MB,"
        f" live blocks {first['blocks'] / 1e6:.1f} M -> {last['blocks'] / 1e6:.1f} M; cache entries grown:"
    ]
    out += [f"  {n}: +{d} (now {last['caches'][n]})" for n, d in grew if d > 0]
    typed = [x for x in lines if "types" in x]
    if len(typed) >= 2:
        a, b = typed[0], typed[-1]
        rising = sorted(((n, c - a["types"].get(n, 0)) for n, c in b["types"].items()), key=lambda x: -x[1])
        out.append(
            f"  objects the collector tracks, {a['articles']} -> {b['articles']} articles, grown most:"
        )
        out += [f"    {n}: +{d} (now {b['types'][n]})" for n, d in rising[:12] if d > 0]
    return out


def main() -> None:
    functools.lru_cache = _tracking_lru_cache  # type: ignore[assignment]
    out = Path(os.environ["STORYLINE_CENSUS"])
    db = sys.argv[sys.argv.index("--db") + 1]
    threading.Thread(target=_census, args=(out, db), daemon=True).start()
    from storyline.cli import main as cli_main

    sys.exit(cli_main(sys.argv[1:]))


if __name__ == "__main__":
    main()
