from __future__ import annotations

import csv
import gzip
from pathlib import Path

from storyline.ingest import ingest
from storyline.store import Store
from tests.ingest.helpers import distinct_text


def test_csv_rows(store: Store, inputs: Path) -> None:
    path = inputs / "news.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "title", "text", "published", "source", "url", "lang", "rubric"])
        writer.writerow(
            [
                "c1",
                "Заголовок",
                distinct_text(1) + "\nВторой абзац.",
                "07.01.2022",
                "",
                "https://24.kg/1",
                "ru",
                "политика",
            ]
        )
        writer.writerow(["c2", "", distinct_text(2), "", "", "", "", ""])
        writer.writerow(["c3", "лишнее", distinct_text(3), "", "", "", "", "", "extra"])
        writer.writerow(["c4", "мало"])
        writer.writerow([])
        writer.writerow(["c5", "", "   ", "", "", "", "", ""])
        writer.writerow(["c6", "", distinct_text(6), "2022-99", "", "", "", ""])
    report = ingest(store, [str(path)])
    got = {r.input.rsplit("/", 1)[-1]: r.reason for r in store.rejections()}
    assert report.accepted == 2 and report.rejected == 4
    c1 = store.get_article("c1")
    assert c1.text.endswith("\nВторой абзац.") and c1.published == "2022-01-07" and c1.source == "24.kg"
    assert c1.meta == {"rubric": "политика"}
    assert got["news.csv:5"] == "row has 9 fields, header has 8"  # c1 spans lines 2-3
    assert got["news.csv:6"] == "row has 2 fields, header has 8"
    assert got["news.csv:8"] == "empty 'text' (nothing but whitespace)"
    assert got["news.csv:9"] == "unparsable published date '2022-99'"


def test_csv_gz_semicolon_cp1251(store: Store, inputs: Path) -> None:
    body = "id;text;published\nw1;Депутаты собрались на заседание парламента.;2022-01\n"
    (inputs / "win.csv.gz").write_bytes(gzip.compress(body.encode("cp1251")))
    report = ingest(store, [str(inputs)])
    assert report.accepted == 1, store.rejections()
    article = store.get_article("w1")
    assert (
        article.text == "Депутаты собрались на заседание парламента."
        and article.published_precision == "month"
    )


def test_tsv_and_header_without_text(store: Store, inputs: Path) -> None:
    (inputs / "a.tsv").write_text("id\ttext\nt1\t" + distinct_text(1) + "\n", encoding="utf-8")
    (inputs / "b.csv").write_text("id,body\n1,hello\n", encoding="utf-8")
    report = ingest(store, [str(inputs)])
    assert report.accepted == 1 and report.rejected == 1
    assert "no 'text' column" in store.rejections()[0].reason


def test_undecodable_row(store: Store, inputs: Path) -> None:
    data = "id,text\nu1,Нормальная строка текста.\n".encode() + b"u2,\xff\xfe\xfa broken\n"
    (inputs / "mixed.csv").write_bytes(data)
    report = ingest(store, [str(inputs)])
    assert report.accepted == 1 and report.rejected == 1
    assert store.rejections()[0].reason == "undecodable bytes in row"
