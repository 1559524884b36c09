"""Every memoising cache a long-lived watcher fills is bounded.

A watcher (or a server's writer) runs for days: a cache keyed by words, names or
articles without a `maxsize` grows with everything it ever met (round 11: the watcher's
RSS grew ~0.7 MB an article stored, docs/watch.md). The caches allowed unbounded are
keyed by what the code itself defines (classes, grammar patterns, the code's version),
so they stop growing once every key has been met."""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Iterator

import storyline

# Packages whose code runs in the watcher's process (web: `serve --watch`).
WATCHER_PACKAGES = ("annotate", "group", "story", "store", "ingest", "watch", "web")

# Unbounded caches whose keys the code defines, not the data: a few dozen entries at most.
KEYED_BY_CODE = {
    "storyline.annotate.date_anchors.starts_of",  # one per grammar pattern
    "storyline.web.page_store.code_version",  # no arguments
}


def _caches() -> Iterator[tuple[str, object]]:
    for package in WATCHER_PACKAGES:
        root = importlib.import_module(f"storyline.{package}")
        names = [root.__name__]
        names += [m.name for m in pkgutil.walk_packages(root.__path__, prefix=f"{root.__name__}.")]
        for name in names:
            module = importlib.import_module(name)
            classes = [v for v in vars(module).values() if isinstance(v, type) and v.__module__ == name]
            for holder in [module, *classes]:
                for attr, value in vars(holder).items():
                    if hasattr(value, "cache_parameters"):
                        yield f"{getattr(holder, '__qualname__', name)}.{attr}", value


def test_the_watchers_caches_have_a_maxsize() -> None:
    found = dict(_caches())
    # The walk reaches the word caches, the pymorphy2 parse cache on its class included.
    assert {"storyline.annotate.nlp.analyse_word", "_LargeCacheVocab.parse"} <= set(found)
    unbounded = sorted(
        name
        for name, cache in found.items()
        if cache.cache_parameters()["maxsize"] is None  # type: ignore[attr-defined]
    )
    assert [n for n in unbounded if n not in KEYED_BY_CODE] == []


def test_an_unbounded_cache_is_caught() -> None:
    # The check itself can fail: a cache without maxsize reports None.
    @functools.cache
    def grows(word: str) -> str:
        return word

    assert grows.cache_parameters()["maxsize"] is None
    assert storyline.__name__ == "storyline"
