from __future__ import annotations

from pathlib import Path

from storyline.ingest import ingest
from storyline.ingest.text import split_date_prefix, stem
from storyline.store import Store


def test_seeds_directory(store: Store, seeds_dir: Path) -> None:
    report = ingest(store, [str(seeds_dir)])
    assert (report.accepted, report.rejected, report.duplicates, report.read_any) == (5, 0, 0, True)
    articles = list(store.iter_articles())
    assert [a.id for a in articles] == sorted(p.stem for p in seeds_dir.glob("*.txt"))
    for article in articles:
        assert article.published == "2022-01"
        assert article.published_precision == "month"
        assert not article.text.startswith(" date") and not article.text.startswith("date")
        assert article.text[0].isupper()
        assert article.duplicate_of is None
        assert len(article.content_hash) == 40
    assert report.new_ids == [a.id for a in articles]


def test_shared_seeds_match_packaged(store: Store, shared_dir: Path) -> None:
    report = ingest(store, [str(shared_dir / "seeds")])
    assert report.accepted == 5
    assert {a.published for a in store.iter_articles()} == {"2022-01"}


def test_date_prefix_forms() -> None:
    assert split_date_prefix(" date 2022-01 Текст") == ("2022-01", "Текст")
    assert split_date_prefix("date 2022-01-07\nТекст") == ("2022-01-07", "Текст")
    assert split_date_prefix("Date: 2022-01-07 Текст") == ("2022-01-07", "Текст")
    assert split_date_prefix("dated 2022-01 Текст") == (None, "dated 2022-01 Текст")
    assert split_date_prefix("Текст date 2022-01 дальше") == (None, "Текст date 2022-01 дальше")


def test_stem_strips_gz() -> None:
    assert stem("000_abc.txt") == "000_abc"
    assert stem("a.txt.gz") == "a"


def test_day_precise_prefix_and_cp1251(store: Store, inputs: Path) -> None:
    (inputs / "a.txt").write_bytes(" date 2022-01-07 Депутаты собрались на заседание.".encode("cp1251"))
    (inputs / "b.txt").write_bytes("\ufeffБез даты, но с BOM.".encode())
    report = ingest(store, [str(inputs)])
    assert report.accepted == 2, store.rejections()
    a = store.get_article("a")
    assert (a.published, a.published_precision, a.text) == (
        "2022-01-07",
        "day",
        "Депутаты собрались на заседание.",
    )
    b = store.get_article("b")
    assert (b.published, b.published_precision, b.text) == (None, "unknown", "Без даты, но с BOM.")


def test_bad_text_files_are_rejected(store: Store, inputs: Path) -> None:
    (inputs / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (inputs / "koi8.txt").write_bytes("Депутаты собрались на срочное заседание парламента.".encode("koi8_r"))
    (inputs / "empty.txt").write_bytes(b"  \n\n")
    (inputs / "junk.txt").write_bytes(bytes(range(1, 32)) * 4 + "текст".encode())
    report = ingest(store, [str(inputs)])
    reasons = {Path(r.input).name: r.reason for r in store.rejections()}
    assert report.accepted == 0 and report.rejected == 4
    assert "binary" in reasons["binary.txt"]
    assert "undecodable" in reasons["koi8.txt"]
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["junk.txt"]
    assert report.read_any is False


def test_oversized_text_file(store: Store, inputs: Path) -> None:
    (inputs / "big.txt").write_text("слово " * 2000, encoding="utf-8")
    report = ingest(store, [str(inputs)], max_bytes=1000)
    assert report.rejected == 1
    assert "larger than" in store.rejections()[0].reason or "over the limit" in store.rejections()[0].reason
