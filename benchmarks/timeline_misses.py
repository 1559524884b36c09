"""Read the timeline misses of story golds: why each missed gold event was missed.

For every gold event the story's timeline does not match (the shared scorer's rule:
one of the event's dates and every keyword stem in one event's text and evidence),
the script prints what a reader needs to tell the cause apart:

- the events the timeline holds on one of the gold dates (the keyword missing?);
- the events whose text holds every keyword (the date wrong?);
- for golds with an ``NAME.evidence.json``, each evidence sentence with the dates the
  annotator found in it and the events that cite it (the sentence never chosen?).

Run (names of golds you may read; never a held-out one)::

    python benchmarks/timeline_misses.py --gold-dir benchmarks/gold --only NAME [--only NAME ...]
        [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_story_gold as esg  # noqa: E402

WIDTH = 150  # characters of a sentence or an event text printed


def _low(text: str) -> str:
    return text.lower().replace("ё", "е")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"


def _main_story(export: dict[str, Any], gold: dict[str, Any]) -> dict[str, Any] | None:
    votes: dict[str, int] = {}
    for needle in gold["seed_keys"].values():
        hits = [a for a in export["articles"] if needle in a["text"]]
        if hits:
            votes[hits[0]["story_id"]] = votes.get(hits[0]["story_id"], 0) + 1
    if not votes:
        return None
    best = max(votes, key=lambda k: votes[k])
    return next((s for s in export["stories"] if s["id"] == best), None)


def _key_articles(export: dict[str, Any], gold: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    for key, needle in gold["seed_keys"].items():
        hits = [a for a in export["articles"] if needle in a["text"]]
        if hits:
            found[key] = hits[0]
    return found


def _event_text(event: dict[str, Any], articles: dict[str, dict[str, Any]]) -> str:
    text = event["text"]
    for ev in event["evidence"]:
        article = articles.get(ev["article_id"])
        if article:
            text += " " + article["text"][ev["start"] : ev["end"]]
    return _low(text)


def _matches(gold_event: dict[str, Any], event: dict[str, Any], text: str) -> bool:
    date = event.get("date_end") if gold_event.get("end") else event.get("date")
    dated = date in gold_event["dates"] or (
        gold_event.get("end") and event.get("date") in gold_event["dates"]
    )
    return bool(dated) and all(k in text for k in gold_event["kw"])


def _evidence_lines(
    readings: list[list[str]], keyed: dict[str, dict[str, Any]], timeline: list[dict[str, Any]]
) -> list[str]:
    lines = []
    for key, needle in readings:
        article = keyed.get(key)
        if article is None:
            lines.append(f"      {key}: article not found")
            continue
        at = article["text"].find(needle)
        sentence = next((s for s in article["sentences"] if s["start"] <= at < s["end"]), None)
        if sentence is None:
            lines.append(f"      {key}: {needle!r} not in the text")
            continue
        lo, hi = sentence["start"], sentence["end"]
        dates = [
            f"{d['text']}={d['value']}{'..' + d['value_end'] if d.get('value_end') else ''}"
            f"{'(rel)' if d.get('relative') else ''}"
            for d in article["dates"]
            if lo <= d["start"] < hi
        ]
        cited = [
            f"{e['date']}"
            for e in timeline
            for ev in e["evidence"]
            if ev["article_id"] == article["id"] and ev["start"] < hi and lo < ev["end"]
        ]
        lines.append(
            f"      {key} pub {article['published']} [{sentence['kind']}/{sentence['novelty']}] dates {dates} cited-by {cited}"
        )
        lines.append(f"         {_short(article['text'][lo:hi])}")
    return lines


def misses(story: esg.GoldStory, shared: Path, keep: Path | None) -> list[str]:
    gold = json.loads(story.gold_path.read_text(encoding="utf-8"))
    scored = esg.evaluate(story, shared, keep)
    export = scored["_export"]
    main = _main_story(export, gold)
    timeline = main["timeline"] if main else []
    articles = {a["id"]: a for a in export["articles"]}
    keyed = _key_articles(export, gold)
    evidence_path = story.gold_path.with_name(f"{story.name}.evidence.json")
    evidence = (
        json.loads(evidence_path.read_text(encoding="utf-8"))["timeline"] if evidence_path.exists() else []
    )
    texts = [_event_text(e, articles) for e in timeline]
    out = [
        f"== {story.name}: recall {scored['timeline_recall']:.3f} precision {scored['timeline_precision']:.3f}"
    ]
    for index, gold_event in enumerate(gold["timeline"]):
        if any(_matches(gold_event, e, t) for e, t in zip(timeline, texts, strict=True)):
            continue
        out.append(
            f"  MISS #{index} dates {gold_event['dates']} kw {gold_event['kw']}{' end' if gold_event.get('end') else ''}"
        )
        same_date = 0
        for e, t in zip(timeline, texts, strict=True):
            if all(k in t for k in gold_event["kw"]):
                out.append(f"    kw, date {e.get('date')}..{e.get('date_end')}: {_short(e['text'])}")
            elif e.get("date") in gold_event["dates"] or e.get("date_end") in gold_event["dates"]:
                same_date += 1
        out.append(f"    {same_date} other events on a gold date")
        if index < len(evidence):
            out.extend(_evidence_lines(evidence[index], keyed, timeline))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=esg.REPO.parent / "shared")
    parser.add_argument("--gold-dir", type=Path, action="append", default=[])
    parser.add_argument("--only", action="append", default=[], required=True, help="gold names to read")
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    shared_golds = args.shared / "corpora" / "story-gold"
    golds = [g for g in esg.find_golds([shared_golds], shared_golds) if g.name in esg.SHARED_GOLDS]
    golds += esg.find_golds(args.gold_dir, shared_golds)
    for story in golds:
        if story.name in args.only:
            print("\n".join(misses(story, args.shared, args.keep)))


if __name__ == "__main__":
    main()
