"""Who is shown as a speaker on bsnlp-ru's five stories, and is every one a person or an organisation?

Every article of the five bsnlp-ru topics is annotated; each quote's speaker is
classified by what a reader would see:

* `PER` / `ORG`: resolved to an entity mention of that type;
* `unresolved`: shown as written (`один из демонстрантов`, `власти`), no entity;
* `seat`: a place acting as the body seated there, shown by its name and linked to no
  entity (`Кремль заявил`, `в Лондоне считают`, `в документе` after `пресс-релиз Белого
  дома`): the speaker's words hold that place's mention, or hold no mention at all and the
  place was named before the quote (a text named again);
* `none`: no speaker shown (an unresolved `он`, a document, a place);
* `bad`: shown, but not a person or an organisation: linked to a LOC or other
  entity, a bare pronoun, or a label that is the name of a place in the same article.

The script fails (exit 1) when any speaker is `bad`. `--list` prints every
speaker with its class and count; `--sample N` prints N quotes drawn at random
(seeded) for reading by hand.

Run: ``python benchmarks/speaker_check.py [--shared PATH] [--list] [--sample 50] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from storyline.annotate import Annotator  # noqa: E402
from storyline.model import Annotation, Article, QuoteMention  # noqa: E402

TOPICS = ("asia_bibi", "brexit", "nord_stream", "covid-19", "us_election_2020")
PRONOUNS = frozenset("он она оно они его ее её их ему ей им него нее неё них".split())
BATCH = 16
SAMPLE_SEED = 7  # the development sample; --seed draws another


def load(shared: Path) -> list[Article]:
    rows = [
        json.loads(line)
        for line in (shared / "corpora" / "bsnlp-ru" / "articles.jsonl").open(encoding="utf-8")
    ]
    return [
        Article(
            id=r["id"],
            text=r["text"],
            title=r.get("title"),
            published=r.get("published"),
            meta={"topic": r["topic"]},
        )
        for r in rows
        if r.get("topic") in TOPICS
    ]


def classify(quote: QuoteMention, ann: Annotation) -> str:
    """The class of the speaker a reader sees (see the module docstring)."""
    shown = quote.speaker or quote.speaker_label or quote.speaker_text
    if not shown:
        return "none"
    if shown.strip().lower() in PRONOUNS:
        return "bad"
    if quote.speaker:
        types = {m.type for m in ann.entities if m.name == quote.speaker}
        if not types:
            return "bad"  # a name that no mention of the article carries
        if "PER" in types:
            return "PER"
        return "ORG" if "ORG" in types else "bad"
    places = {m.name.lower() for m in ann.entities if m.type not in ("PER", "ORG")}
    if shown.lower() not in places:
        return "unresolved"
    lo, hi = quote.speaker_start or 0, quote.speaker_end or 0
    inside = [m for m in ann.entities if lo <= m.start and m.end <= hi]
    seat = [m for m in inside if m.type not in ("PER", "ORG") and m.name.lower() == shown.lower()]
    named_before = any(
        m.type not in ("PER", "ORG") and m.name.lower() == shown.lower() and m.end <= quote.start
        for m in ann.entities
    )
    return "seat" if seat or (not inside and named_before) else "bad"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--list", action="store_true", help="print every speaker with its class")
    parser.add_argument("--sample", type=int, default=0, help="print this many random quotes")
    parser.add_argument(
        "--context", type=int, default=0, help="with --sample: characters of text before each quote"
    )
    parser.add_argument("--seed", type=int, default=SAMPLE_SEED, help="random seed of --sample")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    articles = load(args.shared)
    annotator = Annotator()
    started = time.perf_counter()
    rows: list[tuple[Article, QuoteMention, str]] = []
    for i in range(0, len(articles), BATCH):
        batch = articles[i : i + BATCH]
        for article, ann in zip(batch, annotator.annotate_many(batch), strict=True):
            rows.extend((article, q, classify(q, ann)) for q in ann.quotes)
    seconds = time.perf_counter() - started
    classes = Counter(c for _, _, c in rows)
    per_topic = {t: dict(Counter(c for a, _, c in rows if a.meta["topic"] == t)) for t in TOPICS}
    summary = {
        "articles": len(articles),
        "quotes": len(rows),
        "classes": dict(classes),
        "per_topic": per_topic,
        "non_per_org_speakers": classes.get("bad", 0),
        "seconds": round(seconds, 1),
    }
    if args.list:
        speakers = Counter(
            (q.speaker or q.speaker_label or q.speaker_text or "", c) for _, q, c in rows if c != "none"
        )
        for (name, c), n in sorted(speakers.items(), key=lambda x: (x[0][1] != "bad", -x[1], x[0][0])):
            print(f"{n:4d}  {c:10s}  {name}")
    for article, q, c in rows:
        if c == "bad":
            print(f"BAD [{article.id}] {q.speaker_text!r} -> {q.speaker or q.speaker_label}: {q.text[:120]}")
    if args.sample:
        for article, q, c in random.Random(args.seed).sample(rows, min(args.sample, len(rows))):
            print(
                f"\n[{article.id} {q.kind} {c}] speaker: {q.speaker_text!r} -> {q.speaker or q.speaker_label}"
            )
            print(f"    {q.text[:300]}")
            if args.context:
                before = article.text[max(0, q.start - args.context) : q.start].replace("\n", " / ")
                after = article.text[q.end : q.end + 80].replace("\n", " / ")
                print(f"    context: …{before}[QUOTE]{after}…")
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(
            f"{summary['articles']} articles, {summary['quotes']} quotes in {summary['seconds']} s; "
            + ", ".join(f"{k} {v}" for k, v in sorted(classes.items()))
        )
        for topic, counts in per_topic.items():
            print(f"  {topic}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        print(f"non-PER/ORG speakers: {summary['non_per_org_speakers']}")
    return 1 if summary["non_per_org_speakers"] else 0


if __name__ == "__main__":
    sys.exit(main())
