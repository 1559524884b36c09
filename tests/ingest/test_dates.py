from __future__ import annotations

import pytest

from storyline.ingest.dates import parse_published


@pytest.mark.parametrize(
    ("value", "iso", "precision"),
    [
        ("2022", "2022", "year"),
        ("2022-01", "2022-01", "month"),
        ("2022-1", "2022-01", "month"),
        ("2022-01-07", "2022-01-07", "day"),
        ("2022-01-07T10:00:00Z", "2022-01-07", "day"),
        ("2022-01-07T23:30:00+06:00", "2022-01-07", "day"),  # the outlet's own date, not UTC's
        ("2022-01-07 10:00", "2022-01-07", "day"),
        ("2022-01-07T10:00:00.123456+0300", "2022-01-07", "day"),
        ("20220107", "2022-01-07", "day"),
        ("2022/01/07", "2022-01-07", "day"),
        ("07.01.2022", "2022-01-07", "day"),
        ("07.01.2022 10:00", "2022-01-07", "day"),
        ("7/1/2022", "2022-01-07", "day"),
        ("01.2022", "2022-01", "month"),
        ("Fri, 07 Jan 2022 10:00:00 +0300", "2022-01-07", "day"),
        ("Fri, 07 Jan 2022 23:30:00 -0500", "2022-01-07", "day"),
        ("7 января 2022", "2022-01-07", "day"),
        ("7 января 2022 г.", "2022-01-07", "day"),
        ("7 января 2022, 10:00", "2022-01-07", "day"),
        ("Пт, 07 янв 2022", "2022-01-07", "day"),
        ("январь 2022", "2022-01", "month"),
        ("января 2022 года", "2022-01", "month"),
        ("January 7, 2022", "2022-01-07", "day"),
        ("Jan 2022", "2022-01", "month"),
        ("  2022-01  ", "2022-01", "month"),
        (2022, "2022", "year"),
        (1641549600, "2022-01-07", "day"),
    ],
)
def test_parses_with_honest_precision(value: object, iso: str, precision: str) -> None:
    parsed = parse_published(value)
    assert parsed is not None
    assert (parsed.iso(), parsed.precision) == (iso, precision)


@pytest.mark.parametrize(
    "value",
    ["вчера", "2022-13", "2022-02-30", "32.01.2022", "Mon, 32 Jan 2022 10:00:00 GMT", "0000", "", "   ",
     "2022-01-07 и ещё", "тринадцатое", True, 12345, [2022], None, float("nan")],
)  # fmt: skip
def test_rejects_what_it_cannot_read(value: object) -> None:
    assert parse_published(value) is None
