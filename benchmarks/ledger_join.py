"""The ledger's same-figure join, an older tree's (scan) against this one's, alternated.

    python benchmarks/ledger_join.py [--old-src /tmp/intel-old/src] [--annotated PKL]
                                     [--n 2000] [--adds 10] [--db bsnlp.db] [--stories 5]
                                     [--repeats 5] [--json]

The old code is `ledger_merge.py` of another tree (`git archive main src | tar -x -C
/tmp/intel-old`), loaded beside this one; only its `_merge` and `_join_same_figures`
are swapped into `ledger.identify`, so the rest of the ledger is the same code in both.

1. A 2,000-article story (bsnlp-ru Brexit replayed week after week, as `story_add.py`
   makes it) extended by `--adds` articles; after each add one `LedgerFold` per code
   builds the ledger (each keeps its own state, as a stored story's fold does), in
   alternating order, CPU timed; the facts must be equal.
2. With `--db`, the `--stories` largest stories of that store: a whole ledger
   (`build_ledger`) per code, `--repeats` times alternated, CPU timed, facts equal;
   then `identify` alone on fresh entries, the same way, identities equal.

`agree` calls of `identify`'s merge and join are counted for each code. CPU is this process's
(`time.process_time`): the machine is shared, wall time does not compare.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from group_speed import annotated_base  # noqa: E402
from story_add import replicas  # noqa: E402

import storyline.story.ledger as ledger  # noqa: E402
import storyline.story.ledger_figure_index as figure_index  # noqa: E402
import storyline.story.ledger_merge as ledger_merge  # noqa: E402
from storyline.store import open_store  # noqa: E402
from storyline.story.ledger_entries import _entries  # noqa: E402
from storyline.story.ledger_fold import LedgerFold  # noqa: E402
from storyline.story.state import StoryState  # noqa: E402

CALLS = {"old": 0, "new": 0}


def _old_module(src: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("old_ledger_merge", src / "storyline/story/ledger_merge.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _counted(name: str, agree: Callable[..., bool]) -> Callable[..., bool]:
    def counted(*args: Any) -> bool:
        CALLS[name] += 1
        return agree(*args)

    return counted


@contextmanager
def _code(module: ModuleType) -> Iterator[None]:
    kept = ledger._merge, ledger._join_same_figures
    ledger._merge, ledger._join_same_figures = module._merge, module._join_same_figures
    try:
        yield
    finally:
        ledger._merge, ledger._join_same_figures = kept


def _timed(codes: dict[str, ModuleType], name: str, run: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    with _code(codes[name]):
        started = time.process_time()
        out = run(*args)
        return 1000 * (time.process_time() - started), out


def _summary(cpu: dict[str, list[float]]) -> dict[str, Any]:
    return {
        k: {"median_ms": round(statistics.median(v), 1), "ms": [round(x, 1) for x in v]}
        for k, v in cpu.items()
    }


def big_story(args: argparse.Namespace, codes: dict[str, ModuleType]) -> dict[str, Any]:
    base, _ = annotated_base(args.shared / "corpora", args.annotated)
    topic = [a for a in base if f"-{args.topic}-" in a.id]
    arts = replicas(topic, 0, args.n)
    for i, a in enumerate(arts):
        a.seq = i
    first_new = -(-args.n // len(topic)) + 1
    adds = [r for i in range(args.adds) for r in replicas(topic, first_new + i, 1)]
    for i, a in enumerate(adds):
        a.seq = args.n + i
    state = StoryState.rebuild("s", arts)
    folds = {name: LedgerFold() for name in codes}
    for name, fold in folds.items():
        _timed(codes, name, fold.build, "s", state.articles, state.infos, {}, state.days)
    CALLS.update(old=0, new=0)
    cpu: dict[str, list[float]] = {name: [] for name in codes}
    for j, a in enumerate(adds):
        state.extend([a])
        out = {}
        for name in list(codes) if j % 2 == 0 else list(codes)[::-1]:
            fold = folds[name]
            ms, out[name] = _timed(codes, name, fold.build, "s", state.articles, state.infos, {}, state.days)
            cpu[name].append(ms)
        assert out["old"] == out["new"], "the two codes' facts differ"
    return {"articles": args.n, "adds": args.adds, "agree_calls": dict(CALLS), **_summary(cpu)}


def store_stories(args: argparse.Namespace, codes: dict[str, ModuleType]) -> list[dict[str, Any]]:
    rows = []
    with open_store(args.db) as store:
        stories = sorted(store.stories(), key=lambda s: -len(s.article_ids))[: args.stories]
        for story in stories:
            arts = list(store.iter_articles(story.article_ids))
            state = StoryState.rebuild(story.id, arts)
            entities = store.entities_by_id(state.entity_refs)
            ordered = [state.infos[a.id] for a in state.articles]
            by_id = {a.id: a for a in state.articles}
            CALLS.update(old=0, new=0)
            cpu: dict[str, list[float]] = {name: [] for name in codes}
            for j in range(args.repeats):
                out = {}
                for name in list(codes) if j % 2 == 0 else list(codes)[::-1]:
                    ms, out[name] = _timed(
                        codes, name, ledger.build_ledger, story.id, ordered, by_id, entities, state.days
                    )
                    cpu[name].append(ms)
                assert out["old"] == out["new"], f"{story.id}: the two codes' facts differ"
            CALLS.update(old=0, new=0)
            alone: dict[str, list[float]] = {name: [] for name in codes}
            for j in range(args.repeats):
                made = {name: _entries(ordered, entities) for name in codes}
                for name in list(codes) if j % 2 == 0 else list(codes)[::-1]:
                    ms, _ = _timed(codes, name, ledger.identify, made[name])
                    alone[name].append(ms)
                assert [vars(e) for e in made["old"]] == [vars(e) for e in made["new"]], "identities differ"
            figures = sum(len(a.annotation.quantities) for a in arts if a.annotation)
            calls = {k: v // args.repeats for k, v in CALLS.items()}  # of one identify
            rows.append(
                {
                    "story": story.id,
                    "articles": len(arts),
                    "figures": figures,
                    "agree_calls": calls,
                    **_summary(cpu),
                    "identify_alone": _summary(alone),
                }
            )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--old-src", type=Path, default=Path("/tmp/intel-old/src"))
    ap.add_argument("--annotated", type=Path)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--topic", default="brexit")
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--adds", type=int, default=10)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--stories", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--skip-big", action="store_true", help="only the stories of --db")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    old = _old_module(args.old_src)
    old.agree = _counted("old", old.agree)  # type: ignore[attr-defined]
    figure_index.agree = _counted("new", figure_index.agree)  # type: ignore[attr-defined]
    ledger_merge.agree = _counted("new", ledger_merge.agree)  # type: ignore[attr-defined]
    codes = {"old": old, "new": ledger_merge}
    report: dict[str, Any] = {}
    if not args.skip_big:
        report["big_story"] = big_story(args, codes)
    if args.db:
        report["stories"] = store_stories(args, codes)
    print(json.dumps(report, ensure_ascii=False, indent=None if args.json else 1))


if __name__ == "__main__":
    main()
