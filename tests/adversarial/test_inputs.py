"""Hostile or broken input files: each becomes a rejection with its exact reason,
and every good input of the same run is stored, annotated and grouped."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from tests.adversarial.helpers import (
    GOOD_TEXTS,
    article_ids,
    check_database,
    error_line,
    good_records,
    rejections,
    run,
    run_limited,
    succeeded,
    write_jsonl,
)

GOOD_IDS = {"good-0", "good-1"}
# A third clean text, for inputs that must hold one good record of their own.
OTHER_TEXT = (
    "Министр финансов Кыргызстана сообщил 9 января о росте доходов бюджета на 12 процентов. "
    "Он отметил, что налоговые поступления превысили план."
)
PLAIN_TEXT = OTHER_TEXT.replace(",", "")  # for unquoted CSV cells


def ingest(db: Path, *sources: Path | str, env: dict[str, str] | None = None) -> str:
    proc = run("ingest", *map(str, sources), "--db", str(db), "-w", "1", env=env)
    return succeeded(proc)


def reason_for(db: Path, ending: str) -> str:
    found = {k: v for k, v in rejections(db).items() if k.endswith(ending)}
    assert len(found) == 1, rejections(db)
    return next(iter(found.values()))


def test_non_utf8_file_name_in_a_folder(inputs: Path, db: Path, seeds_dir: Path) -> None:
    folder = inputs / "mixed"
    folder.mkdir()
    for seed in sorted(seeds_dir.iterdir()):
        (folder / seed.name).write_bytes(seed.read_bytes())
    bad = os.fsencode(folder) + b"/\xff_bad.txt"
    with open(bad, "wb") as handle:
        handle.write(OTHER_TEXT.encode("utf-8"))
    out = ingest(db, folder)
    assert "6 accepted, 0 rejected" in out
    ids = article_ids(db)
    assert "\\xff_bad" in ids and {p.stem for p in seeds_dir.iterdir()} <= ids
    check_database(db)


def test_malformed_url_next_to_a_good_file(good_file: Path, db: Path) -> None:
    out = ingest(db, "http://[::1", good_file)
    assert "2 accepted, 1 rejected" in out
    assert rejections(db) == {"http://[::1": "malformed URL: Invalid IPv6 URL"}
    assert article_ids(db) == GOOD_IDS
    check_database(db)


def test_malformed_url_alone_is_one_error_line(db: Path) -> None:
    line = error_line(run("ingest", "http://[::1", "--db", str(db)), code=1)
    assert line == (
        "error: nothing could be read from the input: http://[::1: malformed URL: Invalid IPv6 URL "
        "(0 accepted, 1 rejected, 0 duplicates)"
    )


def test_truncated_jsonl_gz_keeps_its_intact_records(inputs: Path, good_file: Path, db: Path) -> None:
    records = [{"id": f"gz-{i}", "text": f"{OTHER_TEXT} Запись номер {i}."} for i in range(3)]
    whole = gzip.compress("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode())
    cut = inputs / "cut.jsonl.gz"
    cut.write_bytes(whole[: len(whole) - 12])  # the trailer and the end of the last record gone
    out = ingest(db, cut, good_file)
    kept = article_ids(db) - GOOD_IDS
    assert kept and kept <= {"gz-0", "gz-1", "gz-2"} and "gz-0" in kept
    assert f"{2 + len(kept)} accepted, 1 rejected" in out
    assert "ended before the end-of-stream marker" in reason_for(db, "cut.jsonl.gz")
    check_database(db)


def test_csv_unclosed_quote_keeps_the_clean_rows(inputs: Path, good_file: Path, db: Path) -> None:
    rows = [f'r{i},"{OTHER_TEXT} Строка {i}."' for i in range(1, 6)]
    rows[1] = f'r2,"{OTHER_TEXT} Строка 2 без закрывающей кавычки.'
    path = inputs / "news.csv"
    path.write_text("id,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = ingest(db, path, good_file)
    assert "6 accepted, 1 rejected" in out
    assert reason_for(db, "news.csv:3") == "unclosed quote: the quoted cell runs into the following lines"
    assert article_ids(db) == GOOD_IDS | {"r1", "r3", "r4", "r5"}
    check_database(db)


def test_csv_unclosed_quote_closed_by_a_later_quote(inputs: Path, good_file: Path, db: Path) -> None:
    # The stray quote opens in a middle column; a quote in row 4 closes it, so the
    # swallowed lines end as one row with the wrong number of fields.
    lines = [
        "id,title,text",
        f"a1,Заголовок,{PLAIN_TEXT} Первая.",
        f'a2,"Заголовок без конца,{PLAIN_TEXT} Вторая.',
        f"a3,Заголовок,{PLAIN_TEXT} Третья.",
        f'a4,"Цитата",{PLAIN_TEXT} Четвёртая.',
        f"a5,Заголовок,{PLAIN_TEXT} Пятая.",
    ]
    path = inputs / "quotes.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ingest(db, path, good_file)
    assert reason_for(db, "quotes.csv:3") == "unclosed quote: the quoted cell runs into the following lines"
    assert {"a1", "a3", "a5"} <= article_ids(db) and GOOD_IDS <= article_ids(db)
    check_database(db)


def test_unreadable_subfolder_is_a_rejection(unprivileged: tuple[list[str], Path]) -> None:
    prefix, folder = unprivileged
    tree = folder / "tree"
    (tree / "locked").mkdir(parents=True)
    write_jsonl(tree / "good.jsonl", good_records())
    (tree / "locked" / "hidden.txt").write_text(OTHER_TEXT, encoding="utf-8")
    (tree / "locked").chmod(0)
    db = folder / "news.db"
    try:
        proc = run("ingest", str(tree), "--db", str(db), "-w", "1", prefix=prefix)
    finally:
        (tree / "locked").chmod(0o755)
    assert "2 accepted, 1 rejected" in succeeded(proc)
    assert rejections(db) == {str(tree / "locked"): "cannot read directory: Permission denied"}
    check_database(db)


def test_utf16_text_without_bom_is_decoded(inputs: Path, good_file: Path, db: Path) -> None:
    (inputs / "le.txt").write_bytes(OTHER_TEXT.encode("utf-16-le"))
    out = ingest(db, inputs / "le.txt", good_file)
    assert "3 accepted, 0 rejected" in out and "le" in article_ids(db)
    check_database(db)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le"])
def test_utf16_jsonl_is_one_rejection(inputs: Path, good_file: Path, db: Path, codec: str) -> None:
    line = json.dumps({"id": "u16", "text": OTHER_TEXT}, ensure_ascii=False) + "\n"
    (inputs / "wide.jsonl").write_bytes((line * 2).encode(codec))
    out = ingest(db, inputs / "wide.jsonl", good_file)
    assert "2 accepted, 1 rejected" in out
    assert rejections(db) == {
        str(
            inputs / "wide.jsonl"
        ): "UTF-16 text is not supported in line-based files (JSON Lines, CSV); save it as UTF-8"
    }
    check_database(db)


def test_csv_with_only_a_header(inputs: Path, good_file: Path, db: Path) -> None:
    (inputs / "head.csv").write_text("id,title,text\n", encoding="utf-8")
    out = ingest(db, inputs / "head.csv", good_file)
    assert "2 accepted, 1 rejected" in out
    assert rejections(db) == {str(inputs / "head.csv"): "CSV file has a header row but no rows"}
    check_database(db)


def test_empty_jsonl(inputs: Path, good_file: Path, db: Path) -> None:
    (inputs / "empty.jsonl").write_bytes(b"")
    (inputs / "blank.jsonl").write_bytes(b"\n  \n")
    out = ingest(db, inputs / "empty.jsonl", inputs / "blank.jsonl", good_file)
    assert "2 accepted, 2 rejected" in out
    assert set(rejections(db).values()) == {"empty file: no JSON lines in it"}
    check_database(db)


@pytest.mark.parametrize(
    ("bad_id", "reason"),
    [
        (int("9" * 4000), "'id' is longer than 200 characters"),
        ("x" * 201, "'id' is longer than 200 characters"),
        ("abc\u202edcba", "'id' contains bidirectional or invisible formatting characters (U+202E)"),
        ("a\u2066b", "'id' contains bidirectional or invisible formatting characters (U+2066)"),
        ("tab\there", "'id' contains control characters (U+0009)"),
    ],
    ids=["4000-digit-int", "201-chars", "rlo", "isolate", "control"],
)
def test_bad_ids_rejected(inputs: Path, good_file: Path, db: Path, bad_id: object, reason: str) -> None:
    path = inputs / "ids.jsonl"
    path.write_text(
        json.dumps({"id": bad_id, "text": OTHER_TEXT}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    out = ingest(db, path, good_file)
    assert "2 accepted, 1 rejected" in out
    assert rejections(db) == {f"{path}:1": reason}
    check_database(db)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty 'text'"),
        ("   \n ", "empty 'text' (nothing but whitespace)"),
        ("&lol9;", "'text' is only an unexpanded XML entity reference (&lol9;)"),
        ("&lol9", "'text' is only an unexpanded XML entity reference (&lol9)"),
    ],
    ids=["empty", "blank", "entity", "entity-no-semicolon"],
)
def test_text_reasons_are_exact(inputs: Path, good_file: Path, db: Path, text: str, reason: str) -> None:
    path = inputs / "texts.jsonl"
    write_jsonl(path, [{"id": "t1", "text": text}])
    out = ingest(db, path, good_file)
    assert "2 accepted, 1 rejected" in out
    assert rejections(db) == {f"{path}:1": reason}
    check_database(db)


def test_unexpanded_entity_in_a_feed(inputs: Path, good_file: Path, db: Path) -> None:
    # Billion laughs: nine levels of ten-fold entities. The parser refuses to expand
    # them (good) and the entry's text is left as the bare reference.
    levels = "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    )
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">{levels}]>'
        "<rss><channel><title>t</title><item><title>x</title><description>&lol9;</description></item>"
        f"<item><title>y</title><description>{OTHER_TEXT * 5}</description></item></channel></rss>"
    )
    (inputs / "lol.xml").write_text(feed, encoding="utf-8")
    out = ingest(db, inputs / "lol.xml", good_file)
    assert "3 accepted, 1 rejected" in out
    assert reason_for(db, "lol.xml#1").startswith("'text' is only an unexpanded XML entity reference")
    check_database(db)


def test_csv_empty_text_cell(inputs: Path, good_file: Path, db: Path) -> None:
    (inputs / "e.csv").write_text(f'id,text\ne1,""\ne2,"{OTHER_TEXT}"\n', encoding="utf-8")
    out = ingest(db, inputs / "e.csv", good_file)
    assert "3 accepted, 1 rejected" in out
    assert reason_for(db, "e.csv:2") == "empty 'text'"
    check_database(db)


def test_missing_input_file_creates_no_database(good_file: Path, db: Path) -> None:
    missing = good_file.with_name("nope.jsonl")
    line = error_line(run("ingest", str(good_file), str(missing), "--db", str(db)), code=2)
    assert line == f"error: no such file: {missing}"
    assert not db.exists()


def test_csv_long_line_capped_before_the_csv_module(inputs: Path, good_file: Path, db: Path) -> None:
    max_bytes = 10_000
    cap = 3 * max_bytes + 65536  # Limits.line
    long_row = "l1," + "а" * (cap + 10) + "\n"
    path = inputs / "long.csv"
    path.write_text("id,text\n" + long_row + f'l2,"{OTHER_TEXT}"\n', encoding="utf-8")
    out = ingest(db, path, good_file, env={"STORYLINE_MAX_BYTES": str(max_bytes)})
    assert "3 accepted, 1 rejected" in out
    assert reason_for(db, "long.csv:2") == f"line longer than {cap} characters"
    check_database(db)


@pytest.fixture(scope="module")
def csv_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1 MB `.csv.gz` whose second row holds one 1 GB cell."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.csv.gz"
    with gzip.open(path, "wb", compresslevel=9) as handle:
        handle.write(f'id,text\nok,"{GOOD_TEXTS[0]}"\nbig,"'.encode())
        block = b"a" * (1 << 20)
        for _ in range(1024):
            handle.write(block)
        handle.write(b'"\n')
    return path


def test_csv_gz_bomb_stays_small(csv_bomb: Path, inputs: Path, db: Path) -> None:
    other = write_jsonl(inputs / "other.jsonl", [{"id": "o1", "text": OTHER_TEXT}])
    # Under a 700 MB address-space limit: holding the 1 GB cell would fail.
    proc = run_limited(
        "ulimit -v 700000", "ingest", str(csv_bomb), str(other), "--db", str(db), "--no-process"
    )
    assert "2 accepted, 1 rejected" in succeeded(proc)
    assert "decompressed content is over the limit" in reason_for(db, "bomb.csv.gz")
    assert article_ids(db) == {"ok", "o1"}
    check_database(db, processed=False)


def test_empty_json_array(inputs: Path, good_file: Path, db: Path) -> None:
    (inputs / "none.json").write_text("[]", encoding="utf-8")
    out = ingest(db, inputs / "none.json", good_file)
    assert "2 accepted, 1 rejected" in out
    assert rejections(db) == {str(inputs / "none.json"): "empty JSON array: no articles in it"}
    check_database(db)


def test_input_behind_a_folder_we_may_not_enter(unprivileged: tuple[list[str], Path]) -> None:
    prefix, folder = unprivileged
    good = write_jsonl(folder / "good.jsonl", good_records())
    (folder / "locked").mkdir()
    write_jsonl(folder / "locked" / "inside.jsonl", [{"id": "x", "text": OTHER_TEXT}])
    (folder / "locked").chmod(0)
    db = folder / "news.db"
    try:
        proc = run(
            "ingest",
            str(folder / "locked" / "inside.jsonl"),
            str(good),
            "--db",
            str(db),
            "-w",
            "1",
            prefix=prefix,
        )
    finally:
        (folder / "locked").chmod(0o755)
    assert "2 accepted, 1 rejected" in succeeded(proc)
    assert rejections(db) == {str(folder / "locked" / "inside.jsonl"): "cannot read: Permission denied"}
    check_database(db)
