"""Issue #15, date arithmetic: publication dates at the ends of the calendar used
to raise `OverflowError` in annotation and story building, and broke every later
run on the same database. Each case runs the real CLI on the bad record beside
good ones of the same story, then runs again with a new article.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.adversarial.text_helpers import check_database, export, ingest, reasons, write_jsonl

STORY = "Парламент Киргизии в Бишкеке обсудил отправку миротворцев ОДКБ в Казахстан."
GOOD = [
    {"id": "good-1", "text": f"{STORY} Вчера депутаты проголосовали за отправку.", "published": "2022-01-07"},
    {"id": "good-2", "text": f"{STORY} Завтра миротворцы вернутся домой.", "published": "2022-01-08"},
]
LATER = {"id": "later", "text": f"{STORY} На следующий день решение опубликовали.", "published": "2022-01-09"}


@pytest.mark.parametrize(
    ("published", "text", "reason"),
    [
        (
            "9999-12-31",
            "Завтра миротворцы вернутся.",
            "published date '9999-12-31' has year 9999, outside 1700-2100",
        ),
        (
            "0001-01-01",
            "Вчера миротворцы вылетели.",
            "published date '0001-01-01' has year 1, outside 1700-2100",
        ),
        (1, "Миротворцы вылетели в Алматы.", "published date '1' has year 1, outside 1700-2100"),
        ("0001", "Миротворцы вылетели в Алматы.", "published date '0001' has year 1, outside 1700-2100"),
        (
            int("9" * 400),
            "Через 3 дня миротворцы вернутся.",
            "unparsable published date '999999999999... (400 digits)'",
        ),
    ],
    ids=["9999-12-31+завтра", "0001-01-01+вчера", "int-1", "0001", "400-digits"],
)
def test_a_date_at_the_calendar_end_is_rejected_and_the_rest_is_kept(
    tmp_path: Path, published: Any, text: str, reason: str
) -> None:
    db = tmp_path / "s.db"
    bad = {"id": "bad", "text": f"{STORY} {text}", "published": published}
    source = write_jsonl(tmp_path / "in.jsonl", [GOOD[0], bad, GOOD[1]])
    proc = ingest(db, source)
    assert proc.returncode == 0, proc.stderr
    assert "2 accepted, 1 rejected, 0 duplicates" in proc.stdout
    doc = export(db)
    assert reasons(doc) == {"2": reason}
    assert sorted(a["id"] for a in doc["articles"]) == ["good-1", "good-2"]
    assert len({a["story_id"] for a in doc["articles"]}) == 1  # one story: its timeline met both dates
    check_database(db, doc)

    again = ingest(db, write_jsonl(tmp_path / "later.jsonl", [LATER]))  # the database still works
    assert again.returncode == 0, again.stderr
    assert "1 accepted, 0 rejected, 0 duplicates" in again.stdout
    doc = export(db)
    assert sorted(a["id"] for a in doc["articles"]) == ["good-1", "good-2", "later"]
    check_database(db, doc)


def test_the_range_bounds_are_accepted_and_annotated(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    records = [
        {"id": "first", "text": f"{STORY} Вчера депутаты проголосовали.", "published": "1700-01-01"},
        {"id": "last", "text": f"{STORY} Завтра миротворцы вернутся.", "published": "2100-12-31"},
    ]
    proc = ingest(db, write_jsonl(tmp_path / "in.jsonl", records))
    assert proc.returncode == 0 and "2 accepted, 0 rejected" in proc.stdout, proc.stderr
    doc = export(db)
    values = {a["id"]: [d["value"] for d in a["dates"]] for a in doc["articles"]}
    assert "1699-12-31" in values["first"] and "2101-01-01" in values["last"]
    check_database(db, doc)
