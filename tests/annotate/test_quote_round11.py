"""Round-11 speaker rules (issue #10) on invented Russian text: a relative clause between a
subject and its speech verb, a text credited to its author and never to the outlet that
carried it, and a quote announced by `заявление X … звучало так:`."""

from __future__ import annotations

from storyline.annotate.nlp import NLP
from tests.annotate.quote_helpers import annotate, shown_words, the_quote

MAKER = "Президент США Джо Байден подписал в среду прокламацию. Текст документа распространил телеканал ABC. "
SAID = '"Сегодня мы празднуем триумф демократии после выборов", - говорится в заявлении.'
ANNOUNCED = (
    "По сообщению газеты The New York Times, Конгресс провел голосование, а заявление Дональда "
    "Трампа пришло через несколько минут и звучало так:\n\n"
    "«Хотя я полностью не согласен с результатом выборов, тем не менее произойдет "
    "упорядоченная передача власти 20 января»."
)


def test_a_name_inside_a_closed_relative_clause_is_not_the_speaker(nlp: NLP) -> None:
    text = "Посол Джон Смит, которого поддержал министр Иван Петров, заявил, что переговоры продолжатся."
    quote = the_quote(annotate(nlp, text)[0], "переговоры продолжатся")
    assert "смит" in shown_words(quote) and "петров" not in shown_words(quote)


def test_the_relative_clauses_own_speech_verb_keeps_its_subject(nlp: NLP) -> None:
    text = "Иван Петров, который вчера заявил, что переговоры продолжатся, уехал в Москву."
    quote = the_quote(annotate(nlp, text)[0], "переговоры продолжатся")
    assert "петров" in shown_words(quote)


def test_a_text_an_outlet_carried_is_its_makers(nlp: NLP) -> None:
    quote = the_quote(annotate(nlp, MAKER + SAID)[0], "празднуем триумф")
    assert "байден" in shown_words(quote) and "abc" not in shown_words(quote)


def test_an_outlet_that_only_carried_a_text_is_never_its_author(nlp: NLP) -> None:
    text = "Телеканал ABC показал репортаж о выборах. Текст документа распространил телеканал ABC. " + SAID
    quote = the_quote(annotate(nlp, text)[0], "празднуем триумф")
    assert "abc" not in shown_words(quote)


def test_an_organisation_that_published_its_own_report_still_speaks(nlp: NLP) -> None:
    text = 'Компания Shell опубликовала отчет. "Мы не признаем итоги голосования", - говорится в сообщении.'
    quote = the_quote(annotate(nlp, text)[0], "не признаем итоги")
    assert "shell" in shown_words(quote)


def test_an_impersonal_follow_on_of_a_carried_text_is_its_makers(nlp: NLP) -> None:
    text = MAKER + "В нем говорится, что 20 января станет национальным днем единства."
    quote = the_quote(annotate(nlp, text)[0], "национальным днем единства")
    assert "байден" in shown_words(quote) and "abc" not in shown_words(quote)


def test_a_text_named_with_its_author_is_the_authors(nlp: NLP) -> None:
    text = (
        "Газета The Washington Post опубликовала заявление Дональда Трампа. "
        "В нем говорится, что передача власти пройдет упорядоченно."
    )
    quote = the_quote(annotate(nlp, text)[0], "передача власти пройдет")
    assert "трамп" in shown_words(quote) and "washington" not in shown_words(quote)


def test_a_statement_announced_with_a_colon_is_its_authors_not_the_relaying_outlet(nlp: NLP) -> None:
    quote = the_quote(annotate(nlp, ANNOUNCED)[0], "не согласен с результатом")
    assert "трамп" in shown_words(quote) and "new york" not in shown_words(quote)


def test_a_colon_without_a_text_noun_keeps_the_relaying_source(nlp: NLP) -> None:
    text = ANNOUNCED.replace(
        "а заявление Дональда Трампа пришло через несколько минут и звучало так", "итоги утверждены"
    )
    quote = the_quote(annotate(nlp, text)[0], "не согласен с результатом")
    assert "new york" in shown_words(quote)
