"""Round-11 (quotes) mechanisms (issue #10) on invented Russian text, each both ways: a relay aside
(`Как напоминает RT, …`) before a clause with its own speaker, a relative clause that hangs
on the person noun and not on the name after it (`Адвокат Биби, которого …`)."""

from __future__ import annotations

from storyline.annotate.nlp import NLP
from storyline.annotate.segment import segment
from tests.annotate.quote_helpers import annotate, shown_words, the_quote


def test_a_relay_aside_with_any_speech_verb_leaves_the_clause_to_its_subject(nlp: NLP) -> None:
    text = (
        "Как напоминает RT, источник немецкой газеты Die Welt проинформировал, что Вашингтон "
        "готовит новые санкции против европейских компаний."
    )
    quote = the_quote(annotate(nlp, text)[0], "готовит новые санкции")
    assert "источник" in shown_words(quote)
    assert "rt" not in shown_words(quote).split()


def test_a_relay_aside_alone_still_credits_the_outlet(nlp: NLP) -> None:
    text = "Как напоминает RT, Вашингтон готовит новые санкции против европейских компаний."
    quote = the_quote(annotate(nlp, text)[0], "готовит новые санкции")
    assert "rt" in shown_words(quote)


def test_a_relative_clause_of_the_noun_keeps_the_name_a_possessor(nlp: NLP) -> None:
    text = (
        "Христианка Асия Биби вышла на свободу. Адвокат Биби, которого охранял полицейский, "
        "сообщил журналистам, что он доволен вынесенным вердиктом."
    )
    quote = the_quote(annotate(nlp, text)[0], "доволен вынесенным вердиктом")
    assert "адвокат" in shown_words(quote)
    assert quote.speaker != "Асия Биби"


def test_a_relative_clause_of_the_name_keeps_the_apposition(nlp: NLP) -> None:
    text = (
        "Христианка Асия Биби вышла на свободу. Адвокат Мария Петрова, которая защищала Биби, "
        "сообщила журналистам, что она довольна вынесенным вердиктом."
    )
    quote = the_quote(annotate(nlp, text)[0], "довольна вынесенным вердиктом")
    assert "петрова" in shown_words(quote)


def test_words_of_a_person_noun_are_that_persons(nlp: NLP) -> None:
    text = (
        "Замминистра Александр Грушко выступил на форуме. «Любой государственный деятель должен "
        "руководствоваться экономическими соображениями», — приводит слова дипломата издание."
    )
    quote = the_quote(annotate(nlp, text)[0], "руководствоваться экономическими")
    assert quote.speaker == "Александр Грушко"


def test_words_without_a_person_noun_stay_the_outlets(nlp: NLP) -> None:
    text = (
        "Замминистра Александр Грушко выступил на форуме. «Любой государственный деятель должен "
        "руководствоваться экономическими соображениями», — приводит слова из доклада издание."
    )
    quote = the_quote(annotate(nlp, text)[0], "руководствоваться экономическими")
    assert quote.speaker != "Александр Грушко"


def test_a_representation_speaks_as_an_institution(nlp: NLP) -> None:
    text = "«Это самый высокий показатель загрузки», — сообщили в представительстве оператора."
    quote = the_quote(annotate(nlp, text)[0], "самый высокий показатель")
    assert "представительств" in shown_words(quote)


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
