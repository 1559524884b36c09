"""A seeded sample of what a story shows, each item with its evidence, for judging by reading.

For a store and some story ids (or, with ``--biggest-per-topic``, the largest story of each
``meta.topic`` the articles carry), the script reads the store through `storyline export
--format json` (the public contract, no store internals) and prints, per story and section:

* ``updated`` / ``conflicting``: the facts the ledger flags, every one when the story has at
  most ``--flag-n`` flagged facts, else a sample of that many drawn from both statuses together; each value with its article id, source, date,
  attribution and the sentence it was read from;
* ``timeline``: ``--n`` events, each with its evidence sentences;
* ``quotes``: ``--n`` quotes that have a speaker shown, with the speaker's entity type and the
  sentence around the quote;
* ``summary``: ``--n`` summary sentences.

Sampling is deterministic: items are ordered by a stable key and drawn with a
`random.Random` seeded by ``--seed``, the story id and the section, so the same store gives
the same lines on every run and machine. ``--jsonl OUT`` writes the sampled items (one JSON
object a line, with ``section``, ``story``, ``key`` and the evidence) — the lines a reader
labels (benchmarks/audit/).

Run: ``python benchmarks/flag_audit.py --db STORE [STORY ...] [--biggest-per-topic]
[--n 10] [--flag-n 50] [--seed 15] [--jsonl OUT]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import tempfile
from bisect import bisect_right
from collections import Counter
from pathlib import Path
from typing import Any

SECTIONS = ("updated", "conflicting", "timeline", "quotes", "summary")
FLAGS = ("updated", "conflicting")
# The `storyline` command, run by this interpreter (the same as the installed entry point).
CLI = "import sys; from storyline.cli import main; sys.argv[0] = 'storyline'; main()"
# How many characters of a long evidence sentence a text line shows (the JSONL keeps all).
SHOW = 400


def export(db: str) -> dict[str, Any]:
    """The store as `storyline export --format json` writes it."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "export.json"
        run = subprocess.run(
            [sys.executable, "-c", CLI, "export", "--format", "json", "--db", db, "-o", str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            raise SystemExit(f"flag_audit: export failed: {run.stderr.strip().splitlines()[-1:]}")
        data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


class Texts:
    """Article texts, sources and dates, and the sentence that covers a span."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.articles = {a["id"]: a for a in data["articles"]}
        self.entities = {e["id"]: e for e in data["entities"]}
        self._starts = {aid: [s["start"] for s in a["sentences"]] for aid, a in self.articles.items()}

    def sentence(self, article_id: str, start: int, end: int) -> str:
        """The sentence(s) the span [start, end) lies in, whitespace folded."""
        art = self.articles[article_id]
        sents, starts = art["sentences"], self._starts[article_id]
        if not sents:
            return " ".join(art["text"][start:end].split())
        first = max(0, bisect_right(starts, start) - 1)
        last = max(first, bisect_right(starts, max(start, end - 1)) - 1)
        lo, hi = min(sents[first]["start"], start), max(sents[last]["end"], end)
        return " ".join(art["text"][lo:hi].split())

    def where(self, article_id: str) -> dict[str, Any]:
        art = self.articles[article_id]
        return {"article_id": article_id, "source": art["source"], "published": art["published"]}

    def span(self, article_id: str, start: int, end: int) -> str:
        return " ".join(self.articles[article_id]["text"][start:end].split())


def _digest(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


def fact_items(story: dict[str, Any], texts: Texts, status: str) -> list[dict[str, Any]]:
    out = []
    for fact in story["facts"]:
        if fact["status"] != status:
            continue
        values = []
        for v in fact["values"]:
            values.append(
                {
                    "value": v["value"],
                    "value_min": v["value_min"],
                    "value_max": v["value_max"],
                    "item": v["item"],
                    "attributed_to": v["attributed_to"],
                    "figure": texts.span(v["article_id"], v["start"], v["end"]),
                    **texts.where(v["article_id"]),
                    "evidence": texts.sentence(v["article_id"], v["start"], v["end"]),
                }
            )
        out.append(
            {
                "key": fact["id"],
                "status": status,
                "subject": fact["subject"],
                "measure": fact["measure"],
                "values": values,
            }
        )
    return out


def event_items(story: dict[str, Any], texts: Texts) -> list[dict[str, Any]]:
    out = []
    for ev in story["timeline"]:
        evidence = [
            {
                **texts.where(e["article_id"]),
                "evidence": texts.sentence(e["article_id"], e["start"], e["end"]),
            }
            for e in ev["evidence"]
        ]
        first = ev["evidence"][0] if ev["evidence"] else {"article_id": "", "start": 0}
        key = "ev-" + _digest(ev["date"], ev["text"], first["article_id"], first["start"])
        out.append(
            {
                "key": key,
                "date": ev["date"],
                "date_end": ev["date_end"],
                "precision": ev["precision"],
                "text": ev["text"],
                "evidence": evidence,
            }
        )
    return out


def quote_items(story: dict[str, Any], texts: Texts) -> list[dict[str, Any]]:
    out = []
    for q in story["quotes"]:
        if not q["speaker_text"]:
            continue
        entity = texts.entities.get(q["speaker_entity_id"] or "")
        out.append(
            {
                "key": f"{q['article_id']}:{q['start']}-{q['end']}",
                "speaker": q["speaker_text"],
                "speaker_entity": entity["name"] if entity else None,
                "speaker_type": entity["type"] if entity else None,
                "kind": q["kind"],
                "quote": texts.span(q["article_id"], q["start"], q["end"]),
                **texts.where(q["article_id"]),
                "evidence": texts.sentence(q["article_id"], q["start"], q["end"]),
            }
        )
    return out


def summary_items(story: dict[str, Any], texts: Texts) -> list[dict[str, Any]]:
    return [
        {
            "key": f"{s['article_id']}:{s['start']}-{s['end']}",
            **texts.where(s["article_id"]),
            "evidence": texts.span(s["article_id"], s["start"], s["end"]),
        }
        for s in story["summary_sentences"]
    ]


def sample(items: list[dict[str, Any]], n: int, seed: int, story: str, section: str) -> list[dict[str, Any]]:
    """At most n items, the same ones on every run: all of them when n covers them."""
    items = sorted(items, key=lambda i: i["key"])
    if len(items) <= n:
        return items
    rng = random.Random(f"{seed}:{story}:{section}")
    return sorted(rng.sample(items, n), key=lambda i: i["key"])


def audit(data: dict[str, Any], story_ids: list[str], n: int, flag_n: int, seed: int) -> list[dict[str, Any]]:
    texts = Texts(data)
    stories = {s["id"]: s for s in data["stories"]}
    missing = [sid for sid in story_ids if sid not in stories]
    if missing:
        raise SystemExit(f"flag_audit: no such story: {', '.join(missing)}")
    rows = []
    for sid in story_ids:
        story = stories[sid]
        flagged = fact_items(story, texts, "updated") + fact_items(story, texts, "conflicting")
        drawn = sample(flagged, flag_n, seed, sid, "flags")
        pools = {
            "updated": [f for f in drawn if f["status"] == "updated"],
            "conflicting": [f for f in drawn if f["status"] == "conflicting"],
            "timeline": event_items(story, texts),
            "quotes": quote_items(story, texts),
            "summary": summary_items(story, texts),
        }
        of = {s: len(p) for s, p in pools.items()} | {
            s: sum(f["status"] == s for f in flagged) for s in FLAGS
        }
        for section in SECTIONS:
            chosen = pools[section] if section in FLAGS else sample(pools[section], n, seed, sid, section)
            for item in chosen:
                rows.append({"section": section, "story": sid, "of": of[section], **item})
    return rows


def biggest_per_topic(data: dict[str, Any]) -> list[str]:
    """The largest story of each `meta.topic` its articles carry (most articles of that topic);
    articles without a topic count as one topic of their own (a store without topics: the
    largest story)."""
    topic_of = {a["id"]: str((a.get("meta") or {}).get("topic") or "") for a in data["articles"]}
    best: dict[str, tuple[int, str]] = {}
    for story in data["stories"]:
        counts = Counter(topic_of[aid] for aid in story["article_ids"])
        for topic, count in counts.items():
            if topic not in best or (count, story["id"]) > best[topic]:
                best[topic] = (count, story["id"])
    return [best[t][1] for t in sorted(best)]


def _short(text: str) -> str:
    return text if len(text) <= SHOW else text[:SHOW] + "…"


def render(row: dict[str, Any]) -> list[str]:
    head = f"[{row['section']} {row['story']} {row['key']}]"
    section = row["section"]
    if section in FLAGS:
        lines = [f"{head} {row['subject'] or '—'} / {row['measure']}"]
        for v in row["values"]:
            by = f" (by {v['attributed_to']})" if v["attributed_to"] else ""
            lines.append(
                f"    {v['figure']!r} = {v['value']} [{v['value_min']}, {v['value_max']}] item={v['item']}{by}"
                f" | {v['published']} {v['source']} {v['article_id']}"
            )
            lines.append(f"      « {_short(v['evidence'])} »")
        return lines
    if section == "timeline":
        lines = [f"{head} {row['date'] or '…'} ({row['precision']}): {row['text']}"]
        for e in row["evidence"]:
            lines.append(f"    {e['published']} {e['source']} {e['article_id']}: « {_short(e['evidence'])} »")
        return lines
    if section == "quotes":
        who = f"{row['speaker']} -> {row['speaker_entity']} {row['speaker_type']}"
        return [
            f"{head} {who} ({row['kind']}) | {row['published']} {row['source']}",
            f"    quote: {_short(row['quote'])}",
            f"    « {_short(row['evidence'])} »",
        ]
    return [f"{head} {row['published']} {row['source']}", f"    « {_short(row['evidence'])} »"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="the store (file or postgresql:// URL)")
    parser.add_argument("stories", nargs="*", help="story ids (see `storyline stories`)")
    parser.add_argument("--biggest-per-topic", action="store_true", help="add each topic's largest story")
    parser.add_argument("--n", type=int, default=10, help="items per story for timeline, quotes, summary")
    parser.add_argument("--flag-n", type=int, default=50, help="flagged facts per story (both statuses)")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--jsonl", type=Path, help="write the sampled items here")
    args = parser.parse_args()
    data = export(args.db)
    story_ids = list(args.stories)
    if args.biggest_per_topic:
        story_ids += [sid for sid in biggest_per_topic(data) if sid not in story_ids]
    if not story_ids:
        raise SystemExit("flag_audit: give story ids or --biggest-per-topic")
    rows = audit(data, story_ids, args.n, args.flag_n, args.seed)
    for row in rows:
        print("\n".join(render(row)))
    counts = Counter((r["story"], r["section"]) for r in rows)
    for sid in story_ids:
        print(sid, "  ".join(f"{s} {counts[(sid, s)]}" for s in SECTIONS))
    if args.jsonl:
        with args.jsonl.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
