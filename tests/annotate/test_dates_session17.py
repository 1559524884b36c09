"""Session 17: the day a crawl-stamped text was written, and weekdays read against it.

Invented sentences, real annotator. Each test failed before its rule:
- `Annotation.written` did not exist: the story stage could not tell a dateline's day
  from the crawl's stamp the article is stored under;
- a weekday counted from an explicit date told in the sentence before ("крайний срок -
  28 ноября. … во вторник" gave the Tuesday before 28 November), or from a month-precise
  one (no day at all);
- the verb nearest a weekday decided its tense across a comma ("будет опубликован в
  четверг, заявил …" read the Thursday as past);
- "Об этом он сегодня, 9 июля, заявил" in a text stored on 10 July left its other
  "сегодня" on the 10th.
"""

from __future__ import annotations

from typing import Any

from storyline.model import Article, DateMention

# 2018-07-10 is a Tuesday; 2021-02-01 (the crawl's stamp) a Monday.
PUBLISHED = "2018-07-10"


def _annotate(annotator: Any, text: str, published: str = PUBLISHED) -> Any:
    article = Article(
        id="a", text=text, published=published, published_precision="day", lang="ru", source="s"
    )
    return annotator.annotate_many([article])[0]


def _dates(annotator: Any, text: str, published: str = PUBLISHED) -> list[tuple[str, str | None]]:
    found: list[DateMention] = _annotate(annotator, text, published).dates
    return [(d.text, d.value) for d in found]


def test_a_dateline_long_before_the_stored_day_is_the_day_written(annotator: Any) -> None:
    text = "ВАШИНГТОН, 14 декабря. /ТАСС/. Выборщики штата Вермонт первыми проголосовали в понедельник."
    ann = _annotate(annotator, text, "2021-02-01")
    assert ann.written == "2020-12-14"
    assert ("в понедельник", "2020-12-14") in [(d.text, d.value) for d in ann.dates]


def test_a_text_of_its_stored_day_has_no_written_day(annotator: Any) -> None:
    ann = _annotate(annotator, "МОСКВА, 9 июля. Борис Джонсон подал в отставку в понедельник.", "2018-07-09")
    assert ann.written is None


def test_a_weekday_is_not_counted_from_a_deadline_told_before_it(annotator: Any) -> None:
    text = (
        "В Огайо крайний срок для этого - 28 ноября. "
        "В Пенсильвании почтовые бюллетени начали обрабатывать только во вторник, в день выборов."
    )
    # written 4 November 2020 (a Wednesday): the Tuesday is the 3rd, not the 24th
    assert ("во вторник", "2020-11-03") in _dates(annotator, text, "2020-11-04")


def test_a_weekday_after_a_month_is_of_the_writing_week(annotator: Any) -> None:
    text = "Дэвис стал министром в июле 2016 года. В воскресенье он отправил премьеру письмо об отставке."
    assert ("В воскресенье", "2018-07-08") in _dates(annotator, text, "2018-07-09")


def test_the_weekday_takes_the_tense_of_its_own_clause(annotator: Any) -> None:
    text = "Документ о будущих отношениях с ЕС будет опубликован в четверг, заявил представитель премьера."
    assert ("в четверг", "2018-07-12") in _dates(annotator, text)


def test_a_text_that_names_today_is_read_from_that_day(annotator: Any) -> None:
    text = (
        "Министр Борис Джонсон ушёл в отставку. Об этом он сегодня, 9 июля, заявил в парламенте. "
        "Ранее сегодня подал в отставку Дэвид Дэвис."
    )
    ann = _annotate(annotator, text, "2018-07-10")  # stored the morning after
    assert ann.written == "2018-07-09"
    assert ("сегодня", "2018-07-09") in [(d.text, d.value) for d in ann.dates]


def test_a_linked_report_lower_down_names_no_writing_day(annotator: Any) -> None:
    text = (
        "Правительство Великобритании определилось с новым министром по вопросам Brexit. "
        + "Доминик Рааб сменил Дэвида Дэвиса, который ушел в отставку в воскресенье. " * 5
        + "Читайте также: Президент Чехии Милош Земан сегодня, 6 июня, определился с кандидатом."
    )
    assert _annotate(annotator, text, "2018-07-09").written is None
