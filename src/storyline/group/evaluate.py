"""Helpers shared by the grouping evaluations (benchmarks/eval_*.py) and the quality
gate: corpus loading, annotation, a fresh store, and the metrics."""

from __future__ import annotations

import hashlib
import json
import random
import tempfile
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

from storyline.group.embed import Embedder
from storyline.group.grouper import Grouper
from storyline.model import Article
from storyline.store import open_store
from storyline.store.base import Store

K = TypeVar("K", bound=Hashable)


def b_cubed(pred: Mapping[K, Hashable], gold: Mapping[K, Hashable]) -> tuple[float, float, float]:
    """B³ (F1, precision, recall) over the items of `gold` (every one must be in `pred`)."""
    if not gold:
        return 0.0, 0.0, 0.0
    by_pred: dict[Hashable, set[K]] = defaultdict(set)
    by_gold: dict[Hashable, set[K]] = defaultdict(set)
    for item, label in gold.items():
        by_pred[pred[item]].add(item)
        by_gold[label].add(item)
    p = r = 0.0
    for item, label in gold.items():
        both = len(by_pred[pred[item]] & by_gold[label])
        p += both / len(by_pred[pred[item]])
        r += both / len(by_gold[label])
    p, r = p / len(gold), r / len(gold)
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def pair_f1(same: Iterable[tuple[bool, bool]]) -> tuple[float, float, float]:
    """(F1, precision, recall) of predicted-same against gold-same pairs."""
    tp = fp = fn = 0
    for predicted, gold in same:
        tp += predicted and gold
        fp += predicted and not gold
        fn += gold and not predicted
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def precision_of(published: str | None) -> str:
    if not published:
        return "unknown"
    return {4: "year", 7: "month"}.get(len(published[:10]), "day")


def load_bsnlp(corpora: Path) -> list[Article]:
    """bsnlp-ru articles (title kept apart from the text), in publication order."""
    out = []
    with open(corpora / "bsnlp-ru" / "articles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            pub = (row.get("published") or "")[:10] or None
            out.append(
                Article(
                    id=row["id"],
                    text=row["text"],
                    title=row.get("title") or "",
                    source=row.get("source"),
                    url=row.get("url"),
                    published=pub,
                    published_precision=precision_of(pub),  # type: ignore[arg-type]
                    meta={"topic": row["topic"]},
                    content_hash=row["id"],
                )
            )
    return sorted(out, key=lambda a: (a.published or "", a.id))


def load_tgcontest(corpora: Path, lang: str = "ru") -> tuple[list[Article], list[tuple[str, str, bool]]]:
    """Distinct articles of the pairs (one article may sit in several pairs) and the pairs by id."""
    articles: dict[str, Article] = {}
    pairs = []
    with open(corpora / "tgcontest-pairs" / "dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["lang"] != lang:
                continue
            ids = []
            for side in ("a", "b"):
                doc = row[side]
                digest = hashlib.sha1((doc["title"] + doc["text"]).encode()).hexdigest()[:16]
                aid = "tg-" + digest
                articles.setdefault(
                    aid,
                    Article(
                        id=aid, text=doc["text"], title=doc["title"], url=doc["url"], content_hash=digest
                    ),
                )
                ids.append(aid)
            pairs.append((ids[0], ids[1], bool(row["same_story"])))
    return list(articles.values()), pairs


def annotate(articles: list[Article]) -> None:
    """Annotate in place: a process pool when the pipeline offers one, else in-process."""
    try:
        from storyline.annotate import pool
    except ImportError:
        pool = None  # type: ignore[assignment]
    if pool is not None and hasattr(pool, "annotate_all"):
        by_id = pool.annotate_all(articles)
        for article in articles:
            article.annotation = by_id[article.id]
        return
    from storyline.annotate import Annotator

    annotator = Annotator()
    for i in range(0, len(articles), 32):
        batch = articles[i : i + 32]
        for article, annotation in zip(batch, annotator.annotate_many(batch), strict=True):
            article.annotation = annotation


def group_fresh(
    articles: list[Article],
    shuffle_seed: int | None = None,
    folder: Path | None = None,
    embedder: Embedder | None = None,
) -> tuple[Store, dict[str, tuple[str, str]]]:
    """Ingest annotated articles into a new SQLite store and group them in order (or shuffled)."""
    order = list(articles)
    if shuffle_seed is not None:
        random.Random(shuffle_seed).shuffle(order)
    folder = folder or Path(tempfile.mkdtemp(prefix="storyline-group-"))
    store = open_store(folder / f"eval-{shuffle_seed}.db")
    with store.transaction():
        for a in order:
            store.add_article(Article(**{**vars(a), "annotation": None, "seq": None}))
            if a.annotation is not None:
                store.save_annotation(a.id, a.annotation)
    grouper = Grouper(store, embedder)
    for a in store.iter_articles():
        with store.transaction():
            grouper.add(a)
    # The final assignments: a later merge moves articles grouped before it.
    return store, store.assignments()
