"""Random `published` values with random relative-date texts through the whole
pipeline: ingest -> annotate -> group -> story -> export (issue #15).

No exception escapes; every input is stored or rejected with a reason; what is
stored is annotated, assigned once and exported. The articles share one base
text, so they land in one story and the story stage meets their dates together
(the "`published: 1` plus a second article in the same story" crash).
A second test puts impossible dates straight into the store, past ingest's
checks, to show the later stages saturate rather than raise.
"""

from __future__ import annotations

import io
import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.export.json import write_json
from storyline.ingest import ingest
from storyline.model import Article
from storyline.pipeline import process
from storyline.store import open_store

BASE = (
    "Депутат Дастан Бекешев перед срочным заседанием Жогорку Кенеша записал видеообращение, где "
    "высказался против введения миротворческих войск Кыргызстана в Казахстан по линии ОДКБ. "
)
RELATIVE = [
    "вчера",
    "завтра",
    "сегодня",
    "позавчера",
    "послезавтра",
    "накануне",
    "на следующий день",
    "в прошлый вторник",
    "в следующую пятницу",
    "в понедельник",
    "через 3 дня",
    "три дня назад",
    "10 лет назад",
    "99 лет назад",
    "несколько лет назад",
    "в прошлом году",
    "в следующем месяце",
    "на прошлой неделе",
    "на этой неделе",
    "7 января",
    "31 декабря 2021 года",
    "с 28 декабря по 5 января",
]
PUBLISHED: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "9999-12-31",
            "0001-01-01",
            "0001",
            "1700-01-01",
            "2100-12-31",
            "2022-01-08",
            "2022-01",
            "2022",
            "",
            "  ",
            "вчера",
            "31.12.9999",
            "Fri, 31 Dec 9999 23:59:59 +0000",
            "2022-02-30",
        ]
    ),
    st.integers(-(10**3), 10**4),
    st.integers(min_value=10**20).map(lambda n: n**20),  # hundreds of digits
    st.sampled_from([0, 1, 1641600000, 4102444800, 10**12]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates().map(lambda d: d.isoformat()),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=2),
)


def _record(index: int, published: Any, phrases: list[str]) -> dict[str, Any]:
    tail = " ".join(f"{p.capitalize()} в Бишкеке прошло заседание." for p in phrases)
    # A distinct closing line keeps records apart as texts (no exact duplicates)
    # while they stay one story.
    closing = f" Об этом сообщил корреспондент {'первого второго третьего четвёртого'.split()[index]} канала."
    record: dict[str, Any] = {"id": f"a{index}", "text": BASE + tail + closing}
    if published is not None:
        record["published"] = published
    return record


def _assert_accounted(db: Path, records: list[dict[str, Any]], store: Any) -> None:
    stored = set(store.article_ids())
    reasons = {r.input: r.reason for r in store.rejections()}
    for n, record in enumerate(records, 1):
        if record["id"] in stored:
            continue
        matching = [reason for where, reason in reasons.items() if where.endswith(f":{n}")]
        assert matching and all(matching), (record, reasons)
    assignments = store.assignments()
    assert set(assignments) == stored
    for article in store.iter_articles():
        assert article.annotation is not None
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    batch=st.lists(
        st.tuples(PUBLISHED, st.lists(st.sampled_from(RELATIVE), min_size=1, max_size=4)),
        min_size=1,
        max_size=4,
    )
)
def test_random_published_values_through_the_whole_pipeline(batch: list[tuple[Any, list[str]]]) -> None:
    records = [_record(i, published, phrases) for i, (published, phrases) in enumerate(batch)]
    with tempfile.TemporaryDirectory() as tmp:
        source, db = Path(tmp) / "in.jsonl", Path(tmp) / "s.db"
        lines = [json.dumps(r, ensure_ascii=False, default=str) for r in records]
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with open_store(db) as store:
            report = ingest(store, [str(source)])
            assert report.accepted + report.rejected == len(records)  # near-duplicates are stored too
            process(store)
            out = io.StringIO()
            exported = write_json(store, out)
            assert exported == store.count_articles()
            json.loads(out.getvalue())
            _assert_accounted(db, records, store)


def test_impossible_dates_already_in_a_store_do_not_break_later_stages(tmp_path: Path) -> None:
    """Defence in depth: dates ingest refuses, written straight to the store (as an
    older version or another program could have), go through every later stage."""
    db = tmp_path / "s.db"
    texts = [
        "Завтра в Бишкеке пройдёт заседание.",
        "Вчера в Бишкеке прошло заседание.",
        "На следующей неделе в Бишкеке пройдёт заседание.",
        "Три дня назад в Бишкеке прошло заседание.",
    ]
    with open_store(db) as store:
        with store.transaction():
            for n, (published, precision) in enumerate(
                [("9999-12-31", "day"), ("0001-01-01", "day"), ("0001", "year"), ("9999-12", "month")]
            ):
                store.add_article(
                    Article(
                        id=f"x{n}",
                        text=BASE + texts[n],
                        published=published,
                        published_precision=precision,  # type: ignore[arg-type]
                        content_hash=f"hash{n}",
                    )
                )
        process(store)
        assert set(store.assignments()) == {"x0", "x1", "x2", "x3"}
        assert len(store.stories()) >= 1
        out = io.StringIO()
        assert write_json(store, out) == 4
        doc = json.loads(out.getvalue())
    dates = [d["value"] for a in doc["articles"] for d in a["dates"] if d["value"]]
    assert "9999-12-31" in dates and "0001-01-01" in dates  # saturated, not raised
