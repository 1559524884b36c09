"""Build the export a perfect system would produce for one gold, and score it.

A gold that its own scorer cannot score 1.0 is broken: two `new`/`repeated` needles that would
have to share one sentence with different labels, two facts that no single export can tell
apart, a `contains` the scorer's matching rule can never reach. Building the perfect export
from the gold and the corpus texts and running ../shared/corpora/story-gold/score_story.py on it
finds those mistakes.

  python benchmarks/gold/perfect_export.py [--shared PATH] NAME [--out EXPORT.json]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from check_gold import DEFAULT_SHARED, HERE, Story, load_corpus, load_story

# The measures score_story.py averages into story_overall; a perfect export scores 1.0 on each.
MAIN_MEASURES = (
    "one_story",
    "entities_canonical",
    "entity_roles",
    "timeline_recall",
    "timeline_precision",
    "facts_recall",
    "facts_status",
    "quotes_found",
    "quotes_speaker",
    "repeated_recall",
    "new_precision",
    "dates_resolved",
    "overall",
)
PRECISION = {4: "year", 7: "month", 10: "day"}


def load_scorer(shared: Path) -> ModuleType:
    path = shared / "corpora" / "story-gold" / "score_story.py"
    spec = importlib.util.spec_from_file_location("score_story", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sentences(text: str, marks: list[tuple[int, int, str]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Cut the text into sentences so that every marked span sits in a sentence with its label.

    Overlapping marks are merged into one sentence; if their labels differ the gold asks for the
    impossible, which is reported.
    """
    problems: list[str] = []
    merged: list[list[Any]] = []
    for start, end, label in sorted(marks):
        if merged and start < merged[-1][1]:
            if merged[-1][2] != label:
                problems.append(f"one sentence would need labels {merged[-1][2]} and {label} at {start}")
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, label])
    out: list[dict[str, Any]] = []
    pos = 0
    for start, end, label in merged:
        if start > pos:
            out.append({"start": pos, "end": start, "novelty": "new", "repeats": []})
        out.append({"start": start, "end": end, "novelty": label, "repeats": []})
        pos = end
    if pos < len(text):
        out.append({"start": pos, "end": len(text), "novelty": "new", "repeats": []})
    return out, problems


def _first_holder(story: Story, needle: str) -> str:
    return next(k for k in story.keys() if needle in story.text(k))


def _span(story: Story, key: str, needle: str) -> dict[str, Any]:
    start = story.text(key).index(needle)
    return {"start": start, "end": start + len(needle), "text": needle}


def build(story: Story) -> tuple[dict[str, Any], list[str]]:
    g = story.gold
    problems: list[str] = []
    marks: dict[str, list[tuple[int, int, str]]] = {k: [] for k in story.keys()}
    for r in g["repeated"]:
        for k in r["in"][1:]:
            s = _span(story, k, r["contains"])
            marks[k].append((s["start"], s["end"], "repeated"))
    for n in g["new"]:
        s = _span(story, n["in"], n["contains"])
        marks[n["in"]].append((s["start"], s["end"], "new"))
    quotes: dict[str, list[dict[str, Any]]] = {k: [] for k in story.keys()}
    for q in g["quotes"]:
        k = _first_holder(story, q["contains"])
        quotes[k].append(
            {
                **_span(story, k, q["contains"]),
                "kind": "direct",
                "speaker_text": q["speaker"],
                "speaker_entity_id": None,
            }
        )
    dates: dict[str, list[dict[str, Any]]] = {k: [] for k in story.keys()}
    for d in g["dates"]:
        k = _first_holder(story, d["contains"])
        value = d["any_of"][0] if d.get("any_of") else None
        dates[k].append(
            {
                **_span(story, k, d["contains"]),
                "value": value,
                "value_end": d.get("end"),
                "precision": PRECISION.get(len(value or d.get("end", "")), "unknown"),
                "relation": "on",
            }
        )
    articles = []
    for k in story.keys():
        row = story.rows[k]
        sentences, bad = _sentences(row["text"], marks[k])
        problems += [f"{k}: {b}" for b in bad]
        articles.append(
            {
                "id": row["id"],
                "source": row.get("source"),
                "url": row.get("url"),
                "title": row.get("title", ""),
                "text": row["text"],
                "published": row["published"],
                "published_precision": "day",
                "lang": "ru",
                "thread_id": "t1",
                "story_id": "s1",
                "sentences": sentences,
                "entities": [],
                "dates": dates[k],
                "quantities": [],
                "quotes": quotes[k],
            }
        )
    entities = [
        {
            "id": f"e{i}",
            "name": e["name"],
            "type": e["type"],
            "aliases": [],
            "descriptions": [e["desc"]] if e["desc"] else [],
            "mention_count": 1,
        }
        for i, e in enumerate(g["entities"])
    ]
    timeline = [
        {
            "date": ev["dates"][0],
            "date_end": ev["dates"][0] if ev.get("end") else None,
            "precision": PRECISION[len(ev["dates"][0])],
            "text": " ".join(ev["kw"]),
            "evidence": [],
            "entity_ids": [],
        }
        for ev in g["timeline"]
    ]
    facts = []
    for i, f in enumerate(g["facts"]):
        values = []
        for v in f["values"]:
            lo, hi = v[0], v[-1]
            values.append(
                {
                    "value": lo if lo == hi else None,
                    "value_min": lo,
                    "value_max": hi,
                    "qualifier": None,
                    "item": f["item"] or "",
                    "article_id": None,
                    "start": 0,
                    "end": 0,
                    "published": None,
                    "attributed_to": None,
                }
            )
        facts.append(
            {
                "id": f"f{i}",
                "subject_entity_id": None,
                "subject": f["subject"] or "",
                "measure": f["item"] or "",
                "status": (f["status"] or ["consistent"])[0],
                "values": values,
            }
        )
    ids = [a["id"] for a in articles]
    export = {
        "format": "storyline-export",
        "version": "1",
        "articles": articles,
        "entities": entities,
        "rejections": [],
        "threads": [
            {
                "id": "t1",
                "story_id": "s1",
                "title": "",
                "article_ids": ids,
                "first_published": g["window"][0],
                "last_published": g["window"][1],
            }
        ],
        "stories": [
            {
                "id": "s1",
                "title": "",
                "summary": "",
                "article_ids": ids,
                "thread_ids": ["t1"],
                "first_published": g["window"][0],
                "last_published": g["window"][1],
                "entity_ids": [e["id"] for e in entities],
                "timeline": timeline,
                "facts": facts,
                "quotes": [],
            }
        ],
    }
    return export, problems


def perfect_problems(
    name: str, corpus: list[dict[str, Any]], shared: Path = DEFAULT_SHARED, folder: Path = HERE
) -> list[str]:
    """Build the perfect export for NAME and list every main measure that is not 1.0."""
    story, problems = load_story(name, corpus, folder)
    if problems:
        return problems
    export, problems = build(story)
    with contextlib.redirect_stdout(io.StringIO()):
        scores = load_scorer(shared).score(export, story.gold)
    problems += [f"perfect export scores {m}={scores[m]:.3f}" for m in MAIN_MEASURES if scores[m] != 1.0]
    if scores["entities_fragmented"]:
        problems.append(f"perfect export has {scores['entities_fragmented']} fragmented entities")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path)
    ap.add_argument("name")
    args = ap.parse_args(argv)
    corpus = load_corpus(args.shared)
    story, problems = load_story(args.name, corpus)
    if problems:
        print("\n".join(problems))
        return 1
    export, _ = build(story)
    if args.out:
        args.out.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    problems = perfect_problems(args.name, corpus, args.shared)
    for p in problems:
        print(f"{args.name}: {p}")
    print(f"{args.name}: perfect export {'FAIL' if problems else 'scores 1.0'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
