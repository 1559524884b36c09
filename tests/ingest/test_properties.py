"""Robustness invariants: no input crashes ingest, and every input line is accounted for."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.ingest import IngestReport, ingest
from storyline.ingest.decode import looks_utf16
from storyline.store import open_store

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
field_values = st.one_of(
    st.none(), st.integers(), st.text(max_size=40), st.sampled_from(["2022-01", "07.01.2022", "вчера", "", " "]),
    json_values,
)  # fmt: skip
articles = st.fixed_dictionaries(
    {"text": field_values | st.text(min_size=1, max_size=300)},
    optional={"id": field_values | st.sampled_from(["a", "b", "1"]), "title": field_values,
              "published": field_values, "source": field_values, "url": field_values, "lang": field_values,
              "extra": json_values},
)  # fmt: skip
lines = st.lists(articles | json_values, min_size=1, max_size=25)

# STORYLINE_HYPOTHESIS_EXAMPLES=1000 for a longer hunt; 60 keeps the suite quick.
SETTINGS = settings(
    max_examples=int(os.environ.get("STORYLINE_HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def run(name: str, data: bytes, **kwargs: object) -> tuple[IngestReport, int, list[str]]:
    """Ingest one file into a fresh store: (report, near-duplicates stored, reasons)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        with open_store(Path(folder) / "db.sqlite") as store:
            report = ingest(store, [str(path)], batch_size=7, **kwargs)  # type: ignore[arg-type]
            assert store.count_articles() == report.accepted
            return report, store.count_duplicates(), [r.reason for r in store.rejections()]


def assert_accounted(report: IngestReport, near: int, reasons: list[str], records: int) -> None:
    exact = report.duplicates - near
    assert report.accepted + exact + report.rejected == records
    assert all(reason.strip() for reason in reasons)
    assert not any(reason.startswith("unexpected error") for reason in reasons), reasons


@SETTINGS
@given(lines, st.booleans())
def test_arbitrary_json_lines(values: list[object], ascii_only: bool) -> None:
    data = "\n".join(json.dumps(v, ensure_ascii=ascii_only) for v in values)
    report, near, reasons = run("x.jsonl", data.encode("utf-8", "surrogatepass"))
    assert_accounted(report, near, reasons, len(values))


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_as_jsonl(data: bytes) -> None:
    report, near, reasons = run("x.jsonl", data)
    records = sum(1 for line in data.split(b"\n") if line.strip())
    if looks_utf16(data) or records == 0:
        records = 1  # the file's own rejection: UTF-16, or no line at all
    assert_accounted(report, near, reasons, records)


@SETTINGS
@given(
    st.binary(max_size=2000),
    st.sampled_from(["x.txt", "x.csv", "x.html", "x.xml", "x.json", "x.bin", "x.jsonl.gz"]),
)
def test_arbitrary_bytes_never_crash(data: bytes, name: str) -> None:
    report, near, reasons = run(name, data, fetch=lambda url: b"")
    outcomes = report.accepted + report.rejected + report.duplicates - near
    assert outcomes >= 1  # any input, even an empty one, leaves a trace
    assert all(reason.strip() for reason in reasons)
    assert not any(reason.startswith("unexpected error") for reason in reasons), reasons


@SETTINGS
@given(st.lists(st.text(min_size=0, max_size=50), min_size=1, max_size=10))
def test_arbitrary_csv_cells(cells: list[str]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "text"])
    for i, cell in enumerate(cells):
        writer.writerow([str(i), cell])
    report, near, reasons = run("x.csv", out.getvalue().encode("utf-8", "surrogatepass"))
    # Every row has a non-blank id cell, so every row is a record.
    assert_accounted(report, near, reasons, len(cells))
