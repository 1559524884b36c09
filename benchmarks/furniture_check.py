"""Site furniture left in story intelligence on bsnlp-ru's five big stories.

Each bsnlp-ru topic is taken as one story (gold grouping), annotated and built
with `build_story`; the script then scans what a reader sees — event texts,
fact subjects/measures with the sentences their values come from, quotes with
their speakers, and the summary — for furniture, using its own patterns (kept
apart from `story/furniture.py`, so the check is not the detector grading
itself): datelines, menu-glued words, web addresses, service-page vocabulary,
comment counters, clock times given as figures.

It prints the counts per topic and section, every flagged line, and, with
``--sample N``, N random lines per section for reading by hand.

Run: ``python benchmarks/furniture_check.py [--shared PATH] [--topics ...] [--sample 50]
[--cache /tmp/bsnlp-ann.pickle] [--json OUT]``.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from eval_story import _story, link_entities, load_topic  # noqa: E402

from storyline.model import Article  # noqa: E402
from storyline.story import build_story  # noqa: E402

TOPICS = ("brexit", "nord_stream", "asia_bibi", "us_election_2020", "covid-19")
SECTIONS = ("events", "facts", "quotes", "summary")
# The checker's own idea of furniture: what a page adds around a story.
CHECKS = {
    "dateline": re.compile(
        r"^[\s•·,*|-]*\d{1,2}[:.]\d{2}\b|^\s*\d{1,2}\.\d{1,2}\.\d{4}|Источник:|^[А-ЯЁ]{3,}\.\s|^[А-ЯЁ]{3,}, \d{1,2} [а-я]+"
    ),
    "glued": re.compile(r"[а-яё]{3,}[А-ЯЁ][а-яё]{2,}"),
    "web": re.compile(r"https?://|www\.|@\w+\.\w|©|ctrl\s*\+|\bt\.me\b", re.IGNORECASE),
    "service": re.compile(
        r"зарегистрируйтесь|авториз|парол[ьяи]\b|комментар\w*\s*\(|добавить комментар|\[url|\[b\]|адрес:|"
        r"гиперссылк|правила использования|учредител|главный редактор|роскомнадзор|на правах рекламы|"
        r"подписывайтесь|подпишитесь|смотрите также|читайте (?:также|на|в|нас)\b|^смотреть|недопустимые символы",
        re.IGNORECASE,
    ),
    "clock_or_form": re.compile(r"\bмск\b|символ", re.IGNORECASE),
}


def flags(text: str) -> list[str]:
    return [name for name, pattern in CHECKS.items() if pattern.search(text)]


def line_flags(line: str) -> list[str]:
    """Flags of a line; for a fact, the sentence context after " | " is checked for
    page furniture but not for clock times (a figure next to a time is fine)."""
    head, _, context = line.partition(" | ")
    found = flags(head)
    return found + [f for f in flags(context) if f not in found and f != "clock_or_form"]


def _annotated(shared: Path, topics: list[str], cache: Path | None) -> dict[str, list[Article]]:
    if cache is not None and cache.exists():
        return pickle.loads(cache.read_bytes())  # type: ignore[no-any-return]
    from storyline.annotate import Annotator

    annotator = Annotator()
    out = {}
    for topic in topics:
        articles = load_topic(shared, topic, None)
        for article, ann in zip(articles, annotator.annotate_many(articles), strict=True):
            article.annotation = ann
        out[topic] = articles
    if cache is not None:
        cache.write_bytes(pickle.dumps(out))
    return out


def story_lines(articles: list[Article], topic: str) -> dict[str, list[str]]:
    """What a reader of the story sees, one line per item, per section."""
    entities = link_entities(articles)
    result = build_story(_story(topic, articles), articles, entities)
    story = result.story
    text = {a.id: a.text for a in articles}
    lines: dict[str, list[str]] = {s: [] for s in SECTIONS}
    for ev in story.timeline:
        lines["events"].append(f"{ev.date or '…'}: {ev.text}")
    for fact in story.facts:
        for v in fact.values:
            around = " ".join(text[v.article_id][max(0, v.start - 60) : v.end + 20].split())
            lines["facts"].append(
                f"{fact.subject or '—'} / {fact.measure}: {text[v.article_id][v.start : v.end]} | …{around}…"
            )
    for q in story.quotes:
        lines["quotes"].append(
            f"{q.speaker_text or '—'}: {' '.join(text[q.article_id][q.start : q.end].split())}"
        )
    for ev in result.summary_sentences:
        lines["summary"].append(" ".join(text[ev.article_id][ev.start : ev.end].split()))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--topics", nargs="+", default=list(TOPICS))
    parser.add_argument("--sample", type=int, default=0, help="print this many random lines per section")
    parser.add_argument("--cache", type=Path, help="pickle of the annotated topics (made if absent)")
    parser.add_argument("--json", type=Path, help="write the counts here")
    args = parser.parse_args()
    annotated = _annotated(args.shared, args.topics, args.cache)
    report: dict[str, Any] = {}
    rng = random.Random(0)
    for topic in args.topics:
        lines = story_lines(annotated[topic], topic)
        counts = {}
        for section in SECTIONS:
            flagged = [(line, line_flags(line)) for line in lines[section]]
            flagged = [(line, f) for line, f in flagged if f]
            counts[section] = {"lines": len(lines[section]), "flagged": len(flagged)}
            for line, f in flagged:
                print(f"FLAG {topic} {section} {','.join(f)}: {line[:220]}")
            if args.sample:
                for line in rng.sample(lines[section], min(args.sample, len(lines[section]))):
                    print(f"SAMPLE {topic} {section}: {line[:220]}")
        report[topic] = counts
    for topic, counts in report.items():
        print(topic, "  ".join(f"{s} {c['flagged']}/{c['lines']}" for s, c in counts.items()))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
