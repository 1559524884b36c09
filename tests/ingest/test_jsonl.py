from __future__ import annotations

import gzip
import json
from pathlib import Path

from storyline.ingest import ingest
from storyline.store import Store
from tests.ingest.helpers import distinct_text, write_jsonl


def reasons(store: Store) -> dict[str, str]:
    return {r.input.rsplit("/", 1)[-1]: r.reason for r in store.rejections()}


def test_fields_and_meta(store: Store, inputs: Path) -> None:
    path = write_jsonl(
        inputs / "news.jsonl",
        [
            {"id": "a1", "title": " Заседание\nпарламента ", "text": distinct_text(1), "published": "2022-01-07T10:00:00+06:00",
             "source": "24.kg", "url": "https://24.kg/a/1", "lang": "RU", "topic": "csto", "tags": ["одкб"]},
            {"id": 42, "text": distinct_text(2), "url": "https://www.akipress.org/news/2", "published": "2022-01"},
            {"text": distinct_text(3)},
        ],
    )  # fmt: skip
    report = ingest(store, [str(path)])
    assert (report.accepted, report.rejected, report.duplicates) == (3, 0, 0)
    a, b, c = store.iter_articles()
    assert (a.id, a.title, a.source, a.url, a.lang) == (
        "a1",
        "Заседание парламента",
        "24.kg",
        "https://24.kg/a/1",
        "ru",
    )
    assert (a.published, a.published_precision) == ("2022-01-07", "day")
    assert a.meta == {"topic": "csto", "tags": ["одкб"]}
    assert (b.id, b.source, b.published, b.published_precision) == (
        "42",
        "www.akipress.org",
        "2022-01",
        "month",
    )
    assert c.id == c.content_hash[:16] and c.source is None and c.published_precision == "unknown"
    assert report.new_ids == ["a1", "42", c.id]


def test_bad_lines_are_rejected_with_line_numbers(store: Store, inputs: Path) -> None:
    lines = [
        json.dumps({"id": "ok", "text": distinct_text(1)}),
        "{not json",
        "[1, 2]",
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "num", "text": 5}),
        json.dumps({"id": "blank", "text": " \n\t "}),
        json.dumps({"id": "date", "text": distinct_text(2), "published": "позавчера"}),
        "",
        json.dumps({"id": ["x"], "text": distinct_text(3)}),
        json.dumps({"id": "title", "text": distinct_text(4), "title": 7}),
        "[" * 100000,
    ]
    path = inputs / "bad.jsonl"
    path.write_bytes("\n".join(lines).encode() + b"\n\xff\xfe{\x01}\n")
    report = ingest(store, [str(path)])
    got = reasons(store)
    assert report.accepted == 1 and report.rejected == 10
    assert got["bad.jsonl:2"].startswith("malformed JSON")
    assert got["bad.jsonl:3"] == "expected a JSON object, got array"
    assert got["bad.jsonl:4"] == "missing 'text' field"
    assert got["bad.jsonl:5"] == "'text' must be a string, got int"
    assert got["bad.jsonl:6"] == "empty 'text' (nothing but whitespace)"
    assert got["bad.jsonl:7"] == "unparsable published date 'позавчера'"
    assert "bad.jsonl:8" not in got  # a blank line is not a record
    assert got["bad.jsonl:9"] == "'id' must be a string or an integer, got list"
    assert got["bad.jsonl:10"] == "'title' must be a string, got int"
    assert got["bad.jsonl:11"].startswith("malformed JSON")
    assert got["bad.jsonl:12"].startswith("undecodable bytes")


def test_gzip_and_json_array(store: Store, inputs: Path) -> None:
    rows = [{"id": f"g{i}", "text": distinct_text(i)} for i in range(3)]
    with gzip.open(inputs / "news.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write("\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    (inputs / "more.json").write_text(
        json.dumps([{"id": "j1", "text": distinct_text(10)}, "oops"]), encoding="utf-8"
    )
    report = ingest(store, [str(inputs)])
    assert report.accepted == 4 and report.rejected == 1
    assert [a.id for a in store.iter_articles()] == [
        "j1",
        "g0",
        "g1",
        "g2",
    ]  # sorted walk: more.json < news.jsonl.gz
    assert reasons(store) == {"more.json#2": "expected a JSON object, got string"}


def test_corrupt_gzip(store: Store, inputs: Path) -> None:
    data = gzip.compress(("\n".join(json.dumps({"text": distinct_text(i)}) for i in range(50))).encode())
    (inputs / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    report = ingest(store, [str(inputs)])
    assert report.rejected == 1 and "read error" in store.rejections()[-1].reason
    assert 0 < report.accepted < 50  # what was readable before the cut is kept


def test_oversized_line_and_text(store: Store, inputs: Path) -> None:
    path = write_jsonl(
        inputs / "big.jsonl",
        [
            {"id": "huge", "text": "слово " * 100_000},
            {"id": "long", "text": "б" * 600},
            {"id": "ok", "text": "коротко"},
        ],
    )
    report = ingest(store, [str(path)], max_bytes=1000)
    got = reasons(store)
    assert report.accepted == 1
    assert got["big.jsonl:1"].startswith("line longer than")
    assert got["big.jsonl:2"] == "text is 1200 bytes, over the limit of 1000 (max_bytes)"


def test_unknown_extension_is_sniffed(store: Store, inputs: Path) -> None:
    write_jsonl(inputs / "export.data", [{"id": "s1", "text": distinct_text(5)}])
    report = ingest(store, [str(inputs / "export.data")])
    assert report.accepted == 1 and store.get_article("s1").text == distinct_text(5)
