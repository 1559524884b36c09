"""Reader-typed view options: comma lists, repeats, dates, and one-line mistakes."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.errors import InputError
from storyline.query.story_view import DEFAULT_TOP, ViewOptions


def test_sections_repeat_or_comma_list_in_view_order() -> None:
    options = ViewOptions.parse(["quotes, timeline", "facts", "timeline"], 5, None)
    assert options.sections == ("timeline", "facts", "quotes") and options.top == 5


def test_no_sections_means_all_and_defaults() -> None:
    assert ViewOptions.parse(None, DEFAULT_TOP, None) == ViewOptions()


@pytest.mark.parametrize(("text", "day"), [("2022-01-07", date(2022, 1, 7)), (" 2022-01 ", date(2022, 1, 1))])
def test_since_is_a_day_or_a_month(text: str, day: date) -> None:
    assert ViewOptions.parse(None, 10, text).since == day


@pytest.mark.parametrize(
    ("sections", "top", "since", "message"),
    [
        (["timeline,everything"], 10, None, "unknown section 'everything'"),
        (None, -3, None, "--top -3"),
        (None, 10, "2022-13-01", "is not a date"),
        (None, 10, "вчера", "is not a date"),
    ],
)
def test_mistakes_are_input_errors_of_one_line(
    sections: list[str] | None, top: int, since: str | None, message: str
) -> None:
    with pytest.raises(InputError, match=message) as caught:
        ViewOptions.parse(sections, top, since)
    assert "\n" not in str(caught.value)
