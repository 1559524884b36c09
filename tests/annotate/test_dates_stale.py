"""A crawl-stamped text with no dateline (`annotate/dates_dateline.STALE_GAP_DAYS`): its
lead tells a day long before the stamp and no day near it is named, so its weekdays and
"в этом году" are read against its latest day. Read off us-election-vote-count (tuned on);
naftogaz-blue-stream-arrest keeps its stored day (a lead with no day of its own)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from storyline.annotate.dates import extract_dates
from storyline.annotate.dates_dateline import STALE_GAP_DAYS
from storyline.annotate.segment import segment
from storyline.isodate import PartialDate

CRAWLED = PartialDate(2021, 2, 1)
# bsnlp-ru us_election_2020 elections_ru_2, cut (its sentences, and one with its 4 ноября)
ELECTION = (
    "В США завершилось голосование на выборах президента 3 ноября. По данным на 4 ноября, подсчет "
    "продолжается. В этом году избирательная кампания проходит в условиях пандемии, экономического "
    "кризиса и голосования по почте. Госсекретарь Пенсильвании Кэти Боквар заявила "
    "в среду вечером, что штат добился «отличного прогресса» в подсчете бюллетеней."
)
# bsnlp-ru nord_stream file_196 (2018-08-30), cut
ARREST = (
    'Окружной суд Амстердама по иску НАК "Натфогаз Украины" наложил арест на акции компании-оператора '
    'газопровода "Голубой поток". Указано, что арест был наложен еще 3 месяца назад.\n\n'
    '"30 мая 2018 года на акции организации наложен арест", — сказано в сообщении.'
)


def values(text: str, published: PartialDate) -> dict[str, str | None]:
    return {d.text: d.value for d in extract_dates(text, segment(text), published)}


def test_a_stale_stamp_gives_way_to_the_texts_latest_day() -> None:
    found = values(ELECTION, CRAWLED)
    assert found["в среду"] == "2020-11-04"
    assert found["В этом году"] == "2020"


def test_a_lead_with_no_day_keeps_the_stored_day() -> None:
    assert values(ARREST, PartialDate(2018, 8, 30))["3 месяца назад"] == "2018-05"


@given(st.integers(min_value=7, max_value=120))
def test_only_a_wide_gap_moves_the_reference(days_after: int) -> None:
    stored = date(2020, 11, 4) + timedelta(days=days_after)
    found = values(ELECTION, PartialDate(stored.year, stored.month, stored.day))
    # a week or more after the told day, "в среду" is that day only when the stamp is stale
    assert (found["в среду"] == "2020-11-04") == (days_after > STALE_GAP_DAYS)
