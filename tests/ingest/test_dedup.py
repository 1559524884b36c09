from __future__ import annotations

import json
from pathlib import Path

from storyline.ingest import ingest
from storyline.ingest.dedup import THRESHOLD, jaccard, signature
from storyline.store import Store
from tests.ingest.helpers import distinct_text, write_jsonl


def seeds(seeds_dir: Path) -> list[str]:
    return [p.read_text(encoding="utf-8").split(" ", 3)[3].strip() for p in sorted(seeds_dir.glob("*.txt"))]


def edited_copy(text: str) -> str:
    """A syndicated copy: another lead, a changed word here and there, a closing line."""
    words = text.split()
    for i in range(15, len(words), 40):
        words[i] = "также"
    return "БИШКЕК, 7 января — Агентство. " + " ".join(words) + " Подписывайтесь на наш канал."


def test_edited_copy_is_a_near_duplicate(store: Store, inputs: Path, seeds_dir: Path) -> None:
    texts = seeds(seeds_dir)
    copy = edited_copy(texts[1])
    assert THRESHOLD < jaccard(texts[1], copy) < 1
    rows = [{"id": f"s{i}", "text": t, "source": "24.kg"} for i, t in enumerate(texts)]
    rows.append({"id": "copy", "text": copy, "source": "akipress.org"})
    rows.append({"id": "copy-of-copy", "text": edited_copy(copy), "source": "kabar.kg"})
    report = ingest(store, [str(write_jsonl(inputs / "a.jsonl", rows))])
    assert (report.accepted, report.duplicates) == (7, 2)
    assert store.get_article("copy").duplicate_of == "s1"
    assert store.get_article("copy-of-copy").duplicate_of == "s1"  # points at the first, not the copy
    # The five seeds are one story told in five articles: related, not duplicates.
    assert [store.get_article(f"s{i}").duplicate_of for i in range(5)] == [None] * 5
    assert store.count_duplicates() == 2


def test_near_duplicate_across_runs(store: Store, inputs: Path, seeds_dir: Path) -> None:
    text = seeds(seeds_dir)[0]
    ingest(store, [str(write_jsonl(inputs / "a.jsonl", [{"id": "orig", "text": text}]))])
    report = ingest(
        store, [str(write_jsonl(inputs / "b.jsonl", [{"id": "later", "text": edited_copy(text)}]))]
    )
    assert report.duplicates == 1 and store.get_article("later").duplicate_of == "orig"


def test_unrelated_and_short_texts(store: Store, inputs: Path) -> None:
    rows = [
        {"id": "x", "text": distinct_text(1)},
        {"id": "y", "text": distinct_text(2)},
        {"id": "short1", "text": "Курс доллара вырос."},
        {"id": "short2", "text": "Курс доллара упал."},
    ]
    report = ingest(store, [str(write_jsonl(inputs / "a.jsonl", rows))])
    assert (report.accepted, report.duplicates) == (4, 0)
    assert signature("Курс доллара вырос.") is None


def test_exact_duplicates_and_id_reuse(store: Store, inputs: Path) -> None:
    text = distinct_text(7)
    rows = [
        {"id": "a", "text": text},
        {"id": "b", "text": text.upper()},  # same text in another case: exact duplicate
        {"id": "a", "text": "  " + text + "\n"},  # same id, same text: idempotent
        {"id": "a", "text": distinct_text(8)},  # same id, other text
    ]
    report = ingest(store, [str(write_jsonl(inputs / "a.jsonl", rows))])
    assert (report.accepted, report.duplicates, report.rejected) == (1, 2, 1)
    [rejection] = store.rejections()
    assert (
        rejection.input.endswith("a.jsonl:4") and rejection.reason == "id a already used by a different text"
    )


def test_signature_estimates_jaccard(seeds_dir: Path) -> None:
    a = seeds(seeds_dir)[2]
    b = edited_copy(a)
    sa, sb = signature(a), signature(b)
    assert sa is not None and sb is not None
    assert abs(sa.similarity(sb) - jaccard(a, b)) < 0.15
    assert sa.similarity(sa) == 1.0
    assert len(sa.band_keys()) == 32 and len(set(sa.band_keys())) == 32


def test_bsnlp_reprints(store: Store, corpora: Path) -> None:
    """On real news: reprints are marked, and every mark is backed by a high exact Jaccard."""
    path = corpora / "bsnlp-ru" / "articles.jsonl"
    report = ingest(store, [str(path)])
    texts = {json.loads(line)["id"]: json.loads(line)["text"] for line in path.open(encoding="utf-8")}
    marked = [a for a in store.iter_articles(with_annotation=False) if a.duplicate_of]
    assert report.accepted + report.duplicates - len(marked) == len(texts)  # the rest are exact repeats
    assert 30 <= len(marked) <= 60
    for article in marked:
        assert jaccard(texts[article.id], texts[article.duplicate_of]) >= THRESHOLD - 0.15
