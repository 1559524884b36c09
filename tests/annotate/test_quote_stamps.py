"""Marks, stamps and headings around quotes (issue #10), on invented Russian text: straight
quotation marks, a feed's time stamps and `подробнее` links, a dateline with a source label,
a heading glued to a quote, a clock time, and a full stop the NER took into a name."""

from __future__ import annotations

from storyline.annotate.nlp import NLP
from storyline.annotate.quote_marks import quoted_spans
from storyline.annotate.segment import segment
from storyline.annotate.speaker_resolve import ArticleView
from storyline.model import EntityMention
from tests.annotate.quote_helpers import annotate, shown_words, the_quote

FEED = (
    "31.01, 20:56 В Минобороны заявили, что учения на полигоне завершились успешно. подробнее "
    "31.01, 20:45 Учения прошли без происшествий, заверил представитель Минобороны Игорь Иванов. "
    "подробнее"
)


def test_a_feed_stamp_is_cut_out_of_a_trailing_frame_quote(nlp: NLP) -> None:
    quotes, _ = annotate(nlp, FEED)
    quote = the_quote(quotes, "Учения прошли без происшествий")
    assert quote.text == "Учения прошли без происшествий"
    assert "иванов" in shown_words(quote)
    assert FEED[quote.start : quote.end] == quote.text


def test_a_clause_stops_before_the_next_items_stamp(nlp: NLP) -> None:
    quotes, _ = annotate(nlp, FEED)
    quote = the_quote(quotes, "учения на полигоне завершились успешно")
    assert "20:45" not in quote.text and "подробнее" not in quote.text
    assert "минобороны" in shown_words(quote)


def test_a_dateline_with_a_source_label_opens_no_quote(nlp: NLP) -> None:
    text = (
        "14:00 08.11.2018 Источник: Правительство решило продлить программу льготной ипотеки до "
        "конца года, сообщил министр финансов Антон Силуанов."
    )
    quote = the_quote(annotate(nlp, text)[0], "продлить программу")
    assert quote.text.startswith("Правительство решило")
    assert "силуанов" in shown_words(quote)


def test_a_date_in_words_stays_in_the_words(nlp: NLP) -> None:
    text = "«9 июля министр подал в отставку, и это было ожидаемо», — сказал политолог Иван Петров."
    quote = the_quote(annotate(nlp, text)[0], "подал в отставку")
    assert quote.text.startswith("9 июля")


def test_a_heading_glued_to_a_quote_is_not_its_words(nlp: NLP) -> None:
    text = (
        'Шансы республиканцев разбирало РИА Новости.Трамп против мошенников"Кто знает, какая '
        'будет администрация, но эта локдауна не допустит", — заявил Дональд Трамп журналистам.'
    )
    quote = the_quote(annotate(nlp, text)[0], "Кто знает")
    assert quote.text.startswith("Кто знает")
    assert "трамп" in shown_words(quote)


def test_a_closing_straight_mark_before_a_capital_still_closes(nlp: NLP) -> None:
    text = 'Министр сказал: "Переговоры идут хорошо"Россия и Китай договорились о поставках.'
    segments = [text[s.start : s.end] for s in segment(text)]
    assert segments == [text]


def test_a_feed_stamp_after_a_lower_case_word_opens_an_item() -> None:
    text = (
        "31.01, 20:56 В Минобороны заявили, что учения завершились успешно. подробнее "
        "31.01, 20:45 Учения прошли без происшествий, заверил представитель Минобороны."
    )
    segments = [text[s.start : s.end] for s in segment(text)]
    assert segments[-1].startswith("31.01, 20:45 Учения")


def test_a_clock_time_alone_opens_nothing() -> None:
    text = "Заседание началось в 14:00 Москва ждала решения весь день."
    assert len(segment(text)) == 1


def test_straight_closer_after_a_space() -> None:
    text = '"Мы не уступим, сказал он мне. Не было никого жестче, чем Смит ", - сказал министр.'
    assert [text[a : b + 1] for a, b in quoted_spans(text)] == [
        '"Мы не уступим, сказал он мне. Не было никого жестче, чем Смит "'
    ]
    # an opener after a space is still an opener
    names = 'компании "Газпром" и "Нафтогаз".'
    assert [names[a : b + 1] for a, b in quoted_spans(names)] == ['"Газпром"', '"Нафтогаз"']


def test_a_name_keeps_its_full_stop_out(nlp: NLP) -> None:
    """The NER may take a sentence's full stop into a name (`Би-би-си.`); the speaker finder
    reads the name without it."""
    text = "Не исключалось, что министры подадут в отставку, сообщает Би-би-си."
    parsed = nlp.parse(text, segment(text))
    glued = EntityMention(text.index("Би-би-си"), len(text), "Би-би-си.", "ORG", "Би-би-си")
    view = ArticleView(parsed, [glued], [])
    assert [m.text for m in view.entities] == ["Би-би-си"]
