"""Cross-document entity quality on bsnlp-ru against its gold entity ids.

Gold (`entities.jsonl`) lists, per document, mention surface forms with a
corpus-level entity id (`PER-Boris-Johnson`) but no offsets. The evaluation:

* items are the distinct (document, surface form) pairs of gold types PER, ORG
  and LOC (EVT and PRO are outside our NER), surface stripped of spaces;
* an item is *matched* when one of our mentions in that document has exactly
  that surface text; its predicted label is our `entity_id` (the most frequent
  one if the surface got several in the document);
* B³ precision / recall / F1 over matched items compares our entity ids with
  the gold ids, across all documents: this measures resolution (aliases,
  inflections, surnames, transliteration), not NER recall;
* `coverage` = matched / all items says how much of the gold NER found at all;
* `canonical_name_agreement`: for each of our entities with matched items,
  whether its canonical name is one of the gold base forms (nominatives) of
  the gold entity most of its items belong to; it catches names cut short
  ("Северный"), left in an oblique case or glued to a neighbour, at the
  corpus level rather than in-article as ``eval_ner.py`` does. `full_name_agreement`
  asks more of persons: the name must be the gold base with the most words
  spelled out ("Владимир Путин", not "В.В. Путин" or "Путин").

The documents are grouped in publication order (entities are resolved online,
as in production).

Run: ``python benchmarks/eval_entities.py [--shared PATH] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from storyline.group.evaluate import annotate, b_cubed, group_fresh, load_bsnlp  # noqa: E402
from storyline.model import Article  # noqa: E402
from storyline.store.base import Store  # noqa: E402

TYPES = {"PER", "ORG", "LOC"}


def load_gold(corpora: Path) -> dict[tuple[str, str], str]:
    gold: dict[tuple[str, str], str] = {}
    with open(corpora / "bsnlp-ru" / "entities.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["type"] in TYPES and row["mention"].strip():
                gold.setdefault((row["id"], row["mention"].strip()), row["entity"])
    return gold


def load_bases(corpora: Path) -> dict[str, Counter[str]]:
    """Gold entity id -> its mentions' base forms with their counts."""
    bases: dict[str, Counter[str]] = defaultdict(Counter)
    with open(corpora / "bsnlp-ru" / "entities.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["type"] in TYPES and row["base"].strip():
                bases[row["entity"]][" ".join(row["base"].split())] += 1
    return bases


def _spelled_words(name: str) -> int:
    return sum(len(w.strip(".")) > 1 for w in name.replace(".", ". ").split())


def name_agreement(
    store: Store,
    pred: dict[tuple[str, str], str],
    gold: dict[tuple[str, str], str],
    bases: dict[str, Counter[str]],
) -> tuple[float, float]:
    """(any gold base, the fullest gold base for persons) agreement of our entities' names."""
    entities = {e.id: e for e in store.entities()}
    majority: dict[str, Counter[str]] = defaultdict(Counter)
    for item, label in pred.items():
        majority[label][gold[item]] += 1
    good = full = 0
    for label, counts in majority.items():
        target = counts.most_common(1)[0][0]
        entity = entities.get(label)
        name = entity.name if entity else ""
        good += name in bases[target]
        if entity is not None and entity.type == "PER":
            most = max(_spelled_words(b) for b in bases[target])
            fullest = {b for b in bases[target] if _spelled_words(b) == most}
            full += name in fullest
        else:
            full += name in bases[target]
    n = len(majority)
    return (good / n, full / n) if n else (0.0, 0.0)


def score_entities(
    store: Store, gold: dict[tuple[str, str], str], bases: dict[str, Counter[str]] | None = None
) -> dict[str, float]:
    ours: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for article in store.iter_articles():
        if article.annotation is None:
            continue
        for m in article.annotation.entities:
            if m.entity_id:
                ours[(article.id, m.text.strip())][m.entity_id] += 1
    matched = {item: label for item, label in gold.items() if item in ours}
    pred = {item: ours[item].most_common(1)[0][0] for item in matched}
    f1, p, r = b_cubed(pred, matched)
    extra = {}
    if bases:
        agree, full = name_agreement(store, pred, matched, bases)
        extra = {"canonical_name_agreement": agree, "full_name_agreement": full}
    return {
        **extra,
        "entity_b3_f1": f1,
        "entity_b3_precision": p,
        "entity_b3_recall": r,
        "coverage": len(matched) / len(gold) if gold else 0.0,
        "items": len(gold),
        "matched": len(matched),
        "entities": len(store.entities()),
    }


def evaluate_entities(articles: list[Article], corpora: Path) -> dict[str, float]:
    store, _ = group_fresh(articles)
    try:
        return score_entities(store, load_gold(corpora), load_bases(corpora))
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    started = time.time()
    corpora = args.shared / "corpora"
    articles = load_bsnlp(corpora)
    annotate(articles)
    results = evaluate_entities(articles, corpora)
    results["seconds"] = round(time.time() - started, 1)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(
        f"bsnlp-ru entities: {results['matched']}/{results['items']} gold (doc, surface) items matched "
        f"(coverage {results['coverage']:.3f}); {results['entities']} corpus entities"
    )
    print(
        f"  entity B3 F1 {results['entity_b3_f1']:.3f}  P {results['entity_b3_precision']:.3f}  "
        f"R {results['entity_b3_recall']:.3f}"
    )
    print(
        f"  canonical names that are a gold base form: {results['canonical_name_agreement']:.3f}; "
        f"the fullest one: {results['full_name_agreement']:.3f}"
    )


if __name__ == "__main__":
    main()
