"""Measurable properties of story intelligence on real stories (bsnlp-ru topics).

bsnlp-ru groups its articles by topic; a topic is taken as one story (gold
grouping, so grouping errors do not blur what is measured here). For each
story we annotate the articles, give entities ids by canonical name (the
cross-document resolver is another stage), run `build_story` and report:

* novelty: share of sentences new / repeated / updated;
* timeline: events, events with evidence from two or more articles, context events;
* ledger: facts, facts with updated / conflicting status, values per fact;
* summary: sentences and redundancy (max pairwise IDF cosine between summary sentences);
* syndication check: for near-identical article pairs of the topic (word-set
  Jaccard >= 0.9), a two-article story [earlier, later] must mark at least 90%
  of the later copy `repeated` (by characters, so that a bylines like "НВ."
  added by the second outlet weighs what it says) — we report the pairs, the
  pairs that pass, and the mean repeated share;
* time per `build_story` call.

Run: ``python benchmarks/eval_story.py [--shared PATH] [--topics brexit nord_stream] [--limit N] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from storyline.isodate import parse_iso  # noqa: E402
from storyline.model import Article, Entity, Story  # noqa: E402
from storyline.story import build_story, reading_order  # noqa: E402
from storyline.story.features import sentence_infos  # noqa: E402
from storyline.story.similarity import Idf  # noqa: E402
from storyline.textid import short_hash  # noqa: E402

SYNDICATION_JACCARD = 0.9
SYNDICATION_REPEATED = 0.9


def load_topic(shared: Path, topic: str, limit: int | None) -> list[Article]:
    rows = [
        json.loads(line)
        for line in (shared / "corpora" / "bsnlp-ru" / "articles.jsonl").open(encoding="utf-8")
    ]
    rows = [r for r in rows if r.get("topic") == topic][: limit or None]
    out = []
    for seq, r in enumerate(rows):
        published = parse_iso(r.get("published"))
        out.append(
            Article(
                id=r["id"],
                text=r["text"],
                title=r.get("title") or "",
                source=r.get("source"),
                url=r.get("url"),
                published=published.iso() if published else None,
                published_precision=published.precision if published else "unknown",
                lang="ru",
                seq=seq,
            )
        )
    return out


def link_entities(articles: list[Article]) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    for article in articles:
        assert article.annotation is not None
        for m in article.annotation.entities:
            m.entity_id = "e-" + short_hash(m.name.lower(), 8)
            entities.setdefault(m.entity_id, Entity(m.entity_id, m.name, m.type)).mention_count += 1
        for q in article.annotation.quantities:
            if q.subject and not q.subject_entity_id:
                q.subject_entity_id = "e-" + short_hash(q.subject.lower(), 8)
        for quote in article.annotation.quotes:
            if quote.speaker and not quote.speaker_entity_id:
                quote.speaker_entity_id = "e-" + short_hash(quote.speaker.lower(), 8)
    return entities


def _story(story_id: str, articles: list[Article]) -> Story:
    dates = sorted(a.published for a in articles if a.published)
    return Story(
        story_id,
        "",
        [a.id for a in articles],
        [],
        first_published=dates[0] if dates else None,
        last_published=dates[-1] if dates else None,
    )


def summary_redundancy(result: Any, articles: list[Article]) -> float:
    by_id = {a.id: a for a in articles}
    infos = {a.id: sentence_infos(a) for a in articles}
    idf = Idf(s for sentences in infos.values() for s in sentences)
    chosen = [
        next(s for s in infos[e.article_id] if s.start == e.start)
        for e in result.summary_sentences
        if e.article_id in by_id
    ]
    return max((idf.cosine(a, b) for a, b in combinations(chosen, 2)), default=0.0)


def syndication(articles: list[Article], entities: dict[str, Entity]) -> tuple[int, int, float]:
    """(pairs, pairs passing, mean repeated share of the later copy)."""
    words = [set(re.findall(r"\w+", a.text.lower())) for a in articles]
    passed, shares = 0, []
    for i, j in combinations(range(len(articles)), 2):
        a, b = words[i], words[j]
        if not a or not b or len(a & b) / len(a | b) < SYNDICATION_JACCARD:
            continue
        pair = reading_order([articles[i], articles[j]])
        result = build_story(_story("pair", pair), pair, entities)
        marks = result.novelty[pair[1].id]
        sentences = pair[1].annotation.sentences if pair[1].annotation else []
        sizes = [len(pair[1].text[s.start : s.end].strip()) for s in sentences]
        share = sum(n for n, m in zip(sizes, marks, strict=True) if m.novelty == "repeated") / max(
            1, sum(sizes)
        )
        shares.append(share)
        passed += share >= SYNDICATION_REPEATED
    return len(shares), passed, (sum(shares) / len(shares) if shares else 0.0)


def evaluate(articles: list[Article], topic: str) -> dict[str, Any]:
    entities = link_entities(articles)
    t0 = time.perf_counter()
    result = build_story(_story(topic, articles), articles, entities)
    seconds = time.perf_counter() - t0
    labels = Counter(m.novelty for marks in result.novelty.values() for m in marks)
    total = max(1, sum(labels.values()))
    timeline = result.story.timeline
    facts = result.story.facts
    pairs, passed, mean_share = syndication(articles, entities)
    return {
        "topic": topic,
        "articles": len(articles),
        "sentences": sum(labels.values()),
        "new": round(labels["new"] / total, 3),
        "repeated": round(labels["repeated"] / total, 3),
        "updated": round(labels["updated"] / total, 3),
        "events": len(timeline),
        "multi_source_events": sum(len({e.article_id for e in ev.evidence}) >= 2 for ev in timeline),
        "context_events": sum(ev.context for ev in timeline),
        "facts": len(facts),
        "updated_facts": sum(f.status == "updated" for f in facts),
        "conflicting_facts": sum(f.status == "conflicting" for f in facts),
        "multi_value_facts": sum(len(f.values) >= 2 for f in facts),
        "summary_sentences": len(result.summary_sentences),
        "summary_redundancy": round(summary_redundancy(result, articles), 3),
        "syndicated_pairs": pairs,
        "syndicated_pass": passed,
        "syndicated_mean_repeated": round(mean_share, 3),
        "build_seconds": round(seconds, 2),
        "title": result.story.title,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--topics", nargs="+", default=["brexit", "nord_stream"])
    parser.add_argument("--limit", type=int, default=None, help="first N articles of each topic")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from storyline.annotate import Annotator

    annotator = Annotator()
    rows = []
    for topic in args.topics:
        articles = load_topic(args.shared, topic, args.limit)
        t0 = time.perf_counter()
        for article, ann in zip(articles, annotator.annotate_many(articles), strict=True):
            article.annotation = ann
        row = evaluate(articles, topic)
        row["annotate_seconds"] = round(time.perf_counter() - t0, 1)
        rows.append(row)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        print(f"== {row['topic']}")
        for key, value in row.items():
            if key != "topic":
                print(f"  {key:26} {value}")


if __name__ == "__main__":
    main()
