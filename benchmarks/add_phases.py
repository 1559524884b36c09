"""Where one add's CPU goes: the pipeline's own methods timed by part, for `pipeline_add.py --phases`.

`install()` wraps a fixed list of methods of the grouping, story and store classes in
a CPU timer (`time.process_time`); `take()` returns the CPU each part spent since the
last call and starts the next count. A part called inside another part (the ledger
inside `StoryState.result`, a store read inside a state's read-back) is counted in
both: the parts are a split of the add, not a partition, and `take` also gives the
add's CPU outside every outer part ("other": transactions' commits, the loop).

Only a benchmark installs these: they cost a `process_time` call per timed call
(~1 µs), so the figures of a run with `--phases` are a little above one without.
"""

from __future__ import annotations

import functools
import inspect
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

# (part, module, class, method, outer): outer parts do not nest in each other, so
# their sum and "other" partition the add's CPU.
PARTS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("group", "storyline.pipeline", "Pipeline", "group_pending", True),
    ("skeleton", "storyline.story.kept", "StoryStates", "_skeleton", True),
    ("state read", "storyline.story.kept", "StoryStates", "_load", True),
    ("rebuild", "storyline.story.state", "StoryState", "rebuild", True),
    ("extend", "storyline.story.state", "StoryState", "extend", True),
    ("result", "storyline.story.state", "StoryState", "result", True),
    ("story write", "storyline.store.sql_stories", "StoryTables", "save_story", True),
    ("state write", "storyline.story.kept", "StoryStates", "_store_state", True),
    ("novelty write", "storyline.store.sql_state", "StateTables", "save_novelty", True),
    ("articles read", "storyline.store.sql_articles", "ArticleTables", "iter_articles", True),
    ("entities read", "storyline.store.sql_state", "StateTables", "entities_by_id", False),
    ("ledger", "storyline.story.ledger_fold", "LedgerFold", "build", False),
    ("timeline", "storyline.story.timeline_fold", "TimelineFold", "timeline", False),
    ("dump", "storyline.story.snapshot", "", "dumps", False),
    ("load", "storyline.story.snapshot", "", "loads", False),
)

_DONE = object()
_spent: Counter[str] = Counter()
_depth: Counter[str] = Counter()
_outer: list[int] = [0]  # outer parts running now
_mark: list[float] = [0.0]


def _timed(part: str, outer: bool, fn: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.isgeneratorfunction(fn):  # timed while it runs: each step of its iteration
        step = _timed(part, outer, lambda it: next(it, _DONE))

        @functools.wraps(fn)
        def generator(*args: Any, **kwargs: Any) -> Any:
            it = fn(*args, **kwargs)
            while (item := step(it)) is not _DONE:
                yield item

        return generator

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _depth[part]:  # a recursive or re-entrant call: counted once, by the first
            return fn(*args, **kwargs)
        _depth[part] += 1
        nested = outer and _outer[0] > 0
        if outer:
            _outer[0] += 1
        started = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent = time.process_time() - started
            _spent[part] += spent
            if nested:  # an outer part inside another (a read inside a rebuild): not twice in the sum
                _spent["(nested)"] += spent
            if outer:
                _outer[0] -= 1
                _spent["(outer)"] += 0 if nested else spent
            _depth[part] -= 1

    return wrapper


def install() -> None:
    import importlib

    for part, module_name, class_name, method, outer in PARTS:
        module = importlib.import_module(module_name)
        owner = getattr(module, class_name) if class_name else module
        raw = owner.__dict__[method] if class_name else getattr(module, method)
        if isinstance(raw, classmethod):
            setattr(owner, method, classmethod(_timed(part, outer, raw.__func__)))
        else:  # a method, or a module function (read as `snapshot.dumps`, so patched there)
            setattr(owner, method, _timed(part, outer, raw))
    start()


def start() -> None:
    _spent.clear()
    _mark[0] = time.process_time()


def take() -> dict[str, float]:
    """CPU ms per part since the last `take` (or `start`), with "other" the add's rest."""
    total = time.process_time() - _mark[0]
    out = {part: round(1000 * _spent[part], 1) for part, *_ in PARTS if _spent[part]}
    out["other"] = round(1000 * (total - _spent["(outer)"]), 1)
    start()
    return out
