"""Score a grouping of the crawl-dated bsnlp-ru topics against hand-read happening labels.

bsnlp-ru's `covid-19` and `us_election_2020` articles all carry one crawl date, so a
topic-level measure cannot see whether a system's story is one happening or a bag of
them. `labels.jsonl` gives each of their 240 articles the one real-world happening it
reports (README.md). This script ingests the two topics into a fresh store (or reads the
grouping of an existing store with `--db`) and prints B-cubed precision, recall and F1 of
the system's stories and of its threads against the labels, for each topic and pooled.

  python benchmarks/happenings/score.py [--shared PATH] [--db FILE] [--keep FILE] [--json] [--topic T] [--param NAME=VALUE]

Two views are printed: `all` scores every labelled article; `events` leaves out the
articles whose label is not a happening (explainers, opinion, analysis, roundups, forum
and podcast pages, off-topic pages: labels with a `kind:` prefix), so that grouping
reference pages together neither helps nor hurts it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_SHARED = Path(os.environ.get("STORYLINE_SHARED", REPO.parent / "shared"))
LABELS = HERE / "labels.jsonl"
TOPICS = ("covid-19", "us_election_2020")
LEVELS = ("story", "thread")


def load_labels(path: Path = LABELS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def is_event(happening: str) -> bool:
    """A label without a `kind:` prefix names a happening; `explainer:…` and the like do not."""
    return ":" not in happening


def b_cubed(system: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of the clusters `system` (item -> cluster) against `gold`.

    Only items in `gold` count; an item the system did not place is a cluster of its own."""
    items = list(gold)
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "n": 0}
    placed = {i: system.get(i, "\x00" + i) for i in items}
    pair = Counter((placed[i], gold[i]) for i in items)
    sys_size = Counter(placed[i] for i in items)
    gold_size = Counter(gold[i] for i in items)
    precision = sum(pair[(placed[i], gold[i])] / sys_size[placed[i]] for i in items) / len(items)
    recall = sum(pair[(placed[i], gold[i])] / gold_size[gold[i]] for i in items) / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "n": len(items)}


def report(
    groups: Mapping[str, tuple[str, str]],
    labels: list[dict[str, str]],
    topics: tuple[str, ...] = TOPICS,
) -> dict[str, Any]:
    """B-cubed figures of a grouping (article id -> (thread id, story id)) per view, level and topic.

    `topics` limits the scored labels (and the scopes printed) to those topics; the pooled
    scope pools only them."""
    labels = [r for r in labels if r["topic"] in topics]
    out: dict[str, Any] = {}
    for view in ("all", "events"):
        rows = [r for r in labels if view == "all" or is_event(r["happening"])]
        out[view] = {}
        for level in LEVELS:
            index = 1 if level == "story" else 0
            system = {i: g[index] for i, g in groups.items()}
            out[view][level] = {
                scope: b_cubed(
                    system, {r["id"]: r["happening"] for r in rows if scope in ("pooled", r["topic"])}
                )
                for scope in (*topics, "pooled")
            }
    return out


def grouping(store: Any, ids: set[str]) -> dict[str, tuple[str, str]]:
    """article id -> (thread id, story id) for the labelled ids, exact duplicates following the copy kept."""
    assigned = store.assignments()
    groups = {i: g for i, g in assigned.items() if i in ids}
    for kept, aliases in store.aliases().items():
        for alias in aliases:
            if alias in ids and kept in assigned:
                groups[alias] = assigned[kept]
    return groups


def write_articles(shared: Path, ids: set[str], path: Path) -> int:
    with (shared / "corpora" / "bsnlp-ru" / "articles.jsonl").open(encoding="utf-8") as lines:
        chosen = [line for line in lines if json.loads(line)["id"] in ids]
    path.write_text("".join(chosen), encoding="utf-8")
    return len(chosen)


def params_of(settings: list[str]) -> Any:
    """Grouping `Params` with `NAME=VALUE` settings (each value read as its field's type)."""
    sys.path.insert(0, str(REPO / "src"))
    from dataclasses import replace

    from storyline.group.params import DEFAULT

    changes: dict[str, Any] = {}
    for item in settings:
        name, _, value = item.partition("=")
        kind = type(getattr(DEFAULT, name))
        changes[name] = value.lower() in ("1", "true", "yes") if kind is bool else kind(value)
    return replace(DEFAULT, **changes)


def regroup(store: Any, params: Any) -> None:
    """Forget the store's grouping and group its articles again, in ingest order, with `params`
    (the annotations stay as they are)."""
    from storyline.group import Grouper

    with store.transaction():
        store.clear_grouping()
        store.replace_entities([])
    grouper = Grouper(store, params=params)
    for article in store.iter_articles(store.article_ids()):
        with store.transaction():
            grouper.add(article)


def system_groups(
    shared: Path, ids: set[str], db: Path | None, keep: Path | None, settings: list[str] | None = None
) -> dict[str, tuple[str, str]]:
    sys.path.insert(0, str(REPO / "src"))
    from storyline.ingest import ingest
    from storyline.pipeline import process
    from storyline.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        if db is not None and not settings:
            with open_store(db, readonly=True) as store:
                return grouping(store, ids)
        if db is not None:  # regrouped in a copy: the given store is left as it is
            target = Path(tmp) / "copy.db"
            shutil.copyfile(db, target)
            with open_store(target) as store:
                regroup(store, params_of(settings or []))
                return grouping(store, ids)
        source = Path(tmp) / "happenings.jsonl"
        write_articles(shared, ids, source)
        target = keep or Path(tmp) / "happenings.db"
        with open_store(target) as store:
            ingest(store, [str(source)])
            process(store)
            if settings:
                regroup(store, params_of(settings))
            return grouping(store, ids)


def print_table(result: dict[str, Any]) -> None:
    print(f"{'view':7} {'level':7} {'scope':17} {'n':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for view, levels in result.items():
        for level, scopes in levels.items():
            for scope, m in scopes.items():
                p, r, f = m["precision"], m["recall"], m["f1"]
                print(f"{view:7} {level:7} {scope:17} {m['n']:4d} {p:6.3f} {r:6.3f} {f:6.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--db", type=Path, help="read the grouping of this store instead of ingesting afresh")
    ap.add_argument("--keep", type=Path, help="keep the fresh store at this path (must not exist)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument(
        "--topic",
        choices=TOPICS,
        action="append",
        help="score only this topic's labels (repeatable); both topics are still ingested",
    )
    ap.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="regroup with this grouping parameter (a `Params` field, e.g. story_core_threads=3; repeatable)",
    )
    args = ap.parse_args(argv)
    labels = load_labels()
    ids = {r["id"] for r in labels}
    topics = tuple(args.topic) if args.topic else TOPICS
    result = report(system_groups(args.shared, ids, args.db, args.keep, args.param), labels, topics)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
