"""Verify the hand-made story golds in this folder against the corpus they were read from.

The golds ship article ids, not texts (the texts stay in ../shared), so every claim a gold makes
about a text has to be re-checked against ``bsnlp-ru/articles.jsonl`` at run time: that the
needles are unique, that each ``contains`` is a real substring, that ``window`` is the publication
span, and so on (the list of ../shared/corpora/story-gold/README.md, "How it was checked").

  python benchmarks/gold/check_gold.py [--shared PATH] [NAME ...]

Prints one line per problem and exits non-zero if there is any.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = Path(os.environ.get("STORYLINE_SHARED", HERE.parents[2] / "shared"))
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ENTITY_TYPES = {"PER", "ORG", "LOC"}
STATUSES = {"consistent", "updated", "conflicting"}
# A developing-story gold has 8-15 articles (round 7 brief; the shared README asks 10-12).
MIN_ARTICLES = 8
MAX_ARTICLES = 15
REQUIRED = (
    "about",
    "seed_keys",
    "window",
    "context_dates",
    "entities",
    "timeline",
    "facts",
    "quotes",
    "repeated",
    "new",
    "dates",
)


def low(text: str) -> str:
    """The scorer's normalisation: lowercase, ё as е."""
    return text.lower().replace("ё", "е")


@dataclass
class Story:
    """One gold with the corpus rows of its articles, keyed aNN in reading order."""

    name: str
    gold: dict[str, Any]
    evidence: dict[str, Any]
    ids: list[str]
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)

    def text(self, key: str) -> str:
        return str(self.rows[key]["text"])

    def keys(self) -> list[str]:
        return list(self.rows)


def load_corpus(shared: Path) -> list[dict[str, Any]]:
    path = shared / "corpora" / "bsnlp-ru" / "articles.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def gold_names(folder: Path = HERE) -> list[str]:
    return sorted(p.name[: -len(".gold.json")] for p in folder.glob("*.gold.json"))


def load_story(name: str, corpus: list[dict[str, Any]], folder: Path = HERE) -> tuple[Story, list[str]]:
    """Read NAME.gold.json, NAME.ids.txt and NAME.evidence.json; map aNN to corpus rows."""
    gold = json.loads((folder / f"{name}.gold.json").read_text(encoding="utf-8"))
    ids = [
        line.strip()
        for line in (folder / f"{name}.ids.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    ev_path = folder / f"{name}.evidence.json"
    evidence = json.loads(ev_path.read_text(encoding="utf-8")) if ev_path.exists() else {}
    story = Story(name, gold, evidence, ids)
    problems: list[str] = []
    by_id = {r["id"]: r for r in corpus}
    for n, article_id in enumerate(ids, 1):
        if article_id not in by_id:
            problems.append(f"ids.txt line {n}: {article_id} is not in articles.jsonl")
            continue
        story.rows[f"a{n:02d}"] = by_id[article_id]
    return story, problems


def check_shape(story: Story) -> list[str]:
    g = story.gold
    out = [f"missing field {k}" for k in REQUIRED if k not in g]
    if out:
        return out
    if not MIN_ARTICLES <= len(story.ids) <= MAX_ARTICLES:
        out.append(f"{len(story.ids)} articles, want {MIN_ARTICLES}-{MAX_ARTICLES}")
    if len(set(story.ids)) != len(story.ids):
        out.append("an id is listed twice in ids.txt")
    if sorted(g["seed_keys"]) != story.keys():
        out.append("seed_keys are not exactly a01..aNN of ids.txt")
    for d in g["context_dates"]:
        if not ISO_DATE.match(d):
            out.append(f"context date {d!r} is not ISO")
    for e in g["entities"]:
        if e["type"] not in ENTITY_TYPES:
            out.append(f"entity {e['name']}: type {e['type']}")
        if e["desc"] is not None and e["desc"] != low(e["desc"]):
            out.append(f"entity {e['name']}: desc is not lowercase")
    if not any(e["desc"] for e in g["entities"]):
        out.append("no entity has a desc (entity_roles would divide by zero)")
    names = [low(e["name"]) for e in g["entities"]]
    if len(set(names)) != len(names):
        out.append("an entity is listed twice")
    for i, ev in enumerate(g["timeline"]):
        if not ev["dates"] or any(not ISO_DATE.match(d) for d in ev["dates"]):
            out.append(f"timeline {i}: bad dates {ev['dates']}")
        if not ev["kw"] or any(k != low(k) for k in ev["kw"]):
            out.append(f"timeline {i}: kw empty or not lowercase")
    for i, f in enumerate(g["facts"]):
        if not f["values"] or any(len(v) not in (1, 2) for v in f["values"]):
            out.append(f"fact {i}: values must be [v] or [min, max]")
        if f["status"] is not None and not set(f["status"]) <= STATUSES:
            out.append(f"fact {i}: status {f['status']}")
        for k in ("subject", "item"):
            if f[k] is not None and f[k] != low(f[k]):
                out.append(f"fact {i}: {k} is not lowercase")
    for i, q in enumerate(g["quotes"]):
        if q["speaker"] != low(q["speaker"]):
            out.append(f"quote {i}: speaker is not lowercase")
    for i, d in enumerate(g["dates"]):
        values = d.get("any_of", []) + ([d["end"]] if "end" in d else [])
        if not values or any(not ISO_DATE.match(v) for v in values):
            out.append(f"date {i}: no or bad values")
    return out


def check_order_and_window(story: Story) -> list[str]:
    """Reading order is by published day, ties in articles.jsonl order; window is the span."""
    out = []
    rows = list(story.rows.values())
    days = [r["published"] for r in rows]
    if days != sorted(days):
        out.append("ids.txt is not sorted by published")
    if days and story.gold.get("window") != [min(days), max(days)]:
        out.append(f"window {story.gold.get('window')} is not the publication span {[min(days), max(days)]}")
    return out


def check_needles(story: Story, corpus: list[dict[str, Any]]) -> list[str]:
    out = []
    for key, needle in story.gold["seed_keys"].items():
        if key not in story.rows:
            continue
        if needle not in story.text(key):
            out.append(f"seed {key}: needle not in its article")
        hits = sum(1 for r in corpus if needle in r["text"])
        if hits != 1:
            out.append(f"seed {key}: needle occurs in {hits} articles of the corpus")
    return out


def holders(story: Story, needle: str) -> list[str]:
    return [k for k in story.keys() if needle in story.text(k)]


def check_contains(story: Story) -> list[str]:
    g = story.gold
    out = []
    keys = story.keys()
    for i, r in enumerate(g["repeated"]):
        where = holders(story, r["contains"])
        if len(r["in"]) < 2:
            out.append(f"repeated {i}: needs two or more articles")
        if where != r["in"]:
            out.append(f"repeated {i}: occurs in {where}, gold says {r['in']}")
    for i, n in enumerate(g["new"]):
        where = holders(story, n["contains"])
        if n["in"] not in where:
            out.append(f"new {i}: not in {n['in']}")
        elif any(keys.index(k) < keys.index(n["in"]) for k in where):
            out.append(f"new {i}: occurs in an earlier article {where}")
    for i, q in enumerate(g["quotes"]):
        if not holders(story, q["contains"]):
            out.append(f"quote {i}: {q['contains'][:40]!r} is in no selected article")
    for i, d in enumerate(g["dates"]):
        if not holders(story, d["contains"]):
            out.append(f"date {i}: {d['contains']!r} is in no selected article")
    return out


def check_evidence(story: Story) -> list[str]:
    """Each timeline event's stems occur in the evidence sentences read for it."""
    out = []
    timeline = story.gold["timeline"]
    events = story.evidence.get("timeline", [])
    if len(events) != len(timeline):
        return [f"evidence lists {len(events)} events, gold has {len(timeline)}"]
    for i, (ev, proof) in enumerate(zip(timeline, events, strict=True)):
        if not proof:
            out.append(f"timeline {i}: no evidence")
        joined = ""
        for key, needle in proof:
            if key not in story.rows or needle not in story.text(key):
                out.append(f"timeline {i}: evidence {needle[:40]!r} not in {key}")
            joined += " " + low(needle)
        missing = [k for k in ev["kw"] if k not in joined]
        if missing:
            out.append(f"timeline {i}: stems {missing} not in its evidence")
    for i, (key, needle) in enumerate(story.evidence.get("facts", [])):
        if key not in story.rows or needle not in story.text(key):
            out.append(f"fact evidence {i}: {needle[:40]!r} not in {key}")
    return out


def check_story(name: str, corpus: list[dict[str, Any]], folder: Path = HERE) -> list[str]:
    story, problems = load_story(name, corpus, folder)
    shape = check_shape(story)
    if shape or problems:
        return problems + shape
    return (
        check_order_and_window(story)
        + check_needles(story, corpus)
        + check_contains(story)
        + check_evidence(story)
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("names", nargs="*", help="gold names (default: every *.gold.json here)")
    args = ap.parse_args(argv)
    corpus = load_corpus(args.shared)
    bad = 0
    for name in args.names or gold_names():
        problems = check_story(name, corpus)
        for p in problems:
            print(f"{name}: {p}")
        print(f"{name}: {'FAIL' if problems else 'ok'} ({len(problems)} problems)")
        bad += len(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
