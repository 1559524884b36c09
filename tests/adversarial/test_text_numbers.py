"""Issue #9, the number-word crash: "десятки триллионов" ended a whole ingest with
`KeyError: 'триллион'`. The article and its relatives are now annotated, and the
articles around them are stored and grouped."""

from __future__ import annotations

from pathlib import Path

from tests.adversarial.text_helpers import check_database, export, ingest, write_jsonl

PHRASES = {
    "trillions": ("Ущерб оценили в десятки триллионов рублей.", "tens_of_trillions", None),
    "several": ("Инвесторы потеряли несколько триллионов долларов.", "several_trillions", None),
    "hundreds": ("На счетах лежат сотни миллиардов рублей.", "hundreds_of_billions", None),
    "quadrillion": ("Долг составил два квадриллиона рублей.", None, 2e15),
    "and-a-half": ("Пострадали полтора десятка домов.", None, 15.0),
    "couple": ("На площадь вышли пару тысяч человек.", "about", 2000.0),
}


def test_number_phrases_that_crashed_are_annotated(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    records = [{"id": "before", "text": "Президент подписал указ о бюджете на 2022 год."}]
    records += [{"id": name, "text": text} for name, (text, _, _) in PHRASES.items()]
    records += [{"id": "after", "text": "Министр финансов рассказал о бюджете на 2022 год."}]
    proc = ingest(db, write_jsonl(tmp_path / "in.jsonl", records))
    assert proc.returncode == 0, proc.stderr
    assert f"{len(records)} accepted, 0 rejected, 0 duplicates" in proc.stdout
    doc = export(db)
    assert sorted(a["id"] for a in doc["articles"]) == sorted(r["id"] for r in records)
    by_id = {a["id"]: a for a in doc["articles"]}
    for name, (_, qualifier, value) in PHRASES.items():
        found = [(q["qualifier"], q["value"]) for q in by_id[name]["quantities"]]
        assert (qualifier, value) in found, (name, found)
    check_database(db, doc)
