from __future__ import annotations

import pytest

from storyline.ingest.dates import MAX_PUBLISHED_YEAR, MIN_PUBLISHED_YEAR, parse_published, read_published


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


# ------------------------------------------------------------------ the accepted years (issue #15)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("9999-12-31", "published date '9999-12-31' has year 9999, outside 1700-2100"),
        ("0001-01-01", "published date '0001-01-01' has year 1, outside 1700-2100"),
        ("0001", "published date '0001' has year 1, outside 1700-2100"),
        (1, "published date '1' has year 1, outside 1700-2100"),
        (1699, "published date '1699' has year 1699, outside 1700-2100"),
        ("2101-01-01", "published date '2101-01-01' has year 2101, outside 1700-2100"),
        ("31 декабря 9999 г.", "published date '31 декабря 9999 г.' has year 9999, outside 1700-2100"),
        (10**400, "unparsable published date '100000000000... (401 digits)'"),
        (-(10**400), "unparsable published date '-100000000000... (401 digits)'"),
        (10**5000, "unparsable published date 'an integer of more than 4300 digits'"),
        ("1" * 400, "unparsable published date '" + "1" * 77 + "...'"),
        (1e300, "unparsable published date '1e+300'"),
    ],
    ids=lambda v: str(v)[:20] if not isinstance(v, int) or v.bit_length() < 1000 else "huge-int",
)
def test_years_outside_the_range_are_rejected_with_the_reason(value: object, reason: str) -> None:
    parsed, why = read_published(value)
    assert parsed is None and why is not None and why.text == reason


@pytest.mark.parametrize("value", [1700, "1700-01-01", 2100, "2100-12-31", "Fri, 31 Dec 2100 10:00:00 +0000"])
def test_the_range_bounds_are_accepted(value: object) -> None:
    parsed, reason = read_published(value)
    assert parsed is not None and reason is None
    assert MIN_PUBLISHED_YEAR <= parsed.year <= MAX_PUBLISHED_YEAR
