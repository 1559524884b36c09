"""Round-10 mechanisms (issue #10) on invented Russian text: a feed's stamp out of a quote,
impersonal follow-ons past four sentences and as an aside, a text named again with no
author, the person quoted last across a link teaser, an organisation named after `по`, and
speech whose speaker drops the first-person pronoun."""

from __future__ import annotations

from storyline.annotate.nlp import NLP
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


def test_an_impersonal_follow_on_continues_a_report_past_four_sentences(nlp: NLP) -> None:
    text = (
        "Министерство энергетики опубликовало доклад о рынке газа. В докладе говорится, что добыча "
        "в стране выросла на пятую часть. Цены на бирже держались весь год. Хранилища заполнены "
        "почти полностью. Зима обещает быть мягкой. Экспорт идет по трубопроводам. Танкеры стоят в "
        "портах. Сообщается также, что импорт сжиженного газа сократился вдвое."
    )
    quote = the_quote(annotate(nlp, text)[0], "импорт сжиженного газа")
    assert "министерство энергетики" in shown_words(quote)


def test_a_far_follow_on_after_another_person_is_not_taken(nlp: NLP) -> None:
    text = (
        "Министерство энергетики опубликовало доклад о рынке газа. В докладе говорится, что добыча "
        "в стране выросла на пятую часть. Цены на бирже держались весь год. Хранилища заполнены "
        "почти полностью. Зима обещает быть мягкой. Иван Петров уехал в отпуск. Танкеры стоят в "
        "портах. Сообщается также, что импорт сжиженного газа сократился вдвое."
    )
    quotes, _ = annotate(nlp, text)
    assert not any("импорт сжиженного газа" in q.text and "министерство" in shown_words(q) for q in quotes)


def test_an_impersonal_aside_continues_the_report(nlp: NLP) -> None:
    text = (
        "Министерство энергетики сообщило, что добыча газа выросла на пятую часть. "
        "Как уточняется, новые терминалы откроются только весной."
    )
    quote = the_quote(annotate(nlp, text)[0], "новые терминалы откроются")
    assert "министерство энергетики" in shown_words(quote)


def test_a_text_named_again_without_an_author_keeps_the_company(nlp: NLP) -> None:
    text = (
        "Выручка «Роснефти» по МСФО выросла на 8%, говорится в сообщении компании. "
        "Долг компании снизился на 3%, говорится в отчетности. "
        "«Снижение долга связано с досрочным погашением кредитов», говорится в сообщении. "
        "В отчете также говорится, что компания выплатит дивиденды в июле."
    )
    quotes, _ = annotate(nlp, text)
    for needle in ("Выручка", "Долг компании", "Снижение долга", "выплатит дивиденды"):
        assert "роснефть" in shown_words(the_quote(quotes, needle)), needle


def test_a_commentator_word_across_a_link_teaser_is_the_person_just_quoted(nlp: NLP) -> None:
    text = (
        "Своё мнение высказали политолог Андрей Смирнов и эксперт по энергетике Олег Кузнецов. "
        "Кузнецов полагает, что цены на газ скоро пойдут вниз. \n\n"
        "Правительство прилагает все усилия, чтобы удержать цены на бензин в..."
        " \n\n«Рынок уже перенасыщен, и поставщики будут снижать цены», — отметил эксперт."
    )
    quote = the_quote(annotate(nlp, text)[0], "Рынок уже перенасыщен")
    assert "кузнецов" in shown_words(quote)


def test_a_commentator_word_after_a_person_named_between_is_not_the_last_speaker(nlp: NLP) -> None:
    text = (
        "Кузнецов полагает, что цены на газ скоро пойдут вниз. "
        "С ним не согласен политолог Андрей Смирнов. "
        "«Рынок уже перенасыщен, и поставщики будут снижать цены», — отметил эксперт."
    )
    quote = the_quote(annotate(nlp, text)[0], "Рынок уже перенасыщен")
    assert "кузнецов" not in shown_words(quote)


def test_a_monologue_with_a_dropped_pronoun_joins_its_frame(nlp: NLP) -> None:
    text = (
        "Глава компании Игорь Сечин выступил на форуме в Петербурге. Надеемся, что спрос на нефть "
        "восстановится к осени. Прошу учитывать, что запасы сейчас минимальны. Рынок ждет "
        "стабилизации, заявил Сечин."
    )
    quote = the_quote(annotate(nlp, text)[0], "Рынок ждет стабилизации")
    assert quote.text.startswith("Надеемся, что спрос")
    assert "сечин" in shown_words(quote)


def test_the_narrators_aside_does_not_join_a_monologue(nlp: NLP) -> None:
    text = (
        "Глава компании Игорь Сечин выступил на форуме в Петербурге. Напомним, что в прошлом году "
        "добыча упала на десятую часть. Рынок ждет стабилизации, заявил Сечин."
    )
    quote = the_quote(annotate(nlp, text)[0], "Рынок ждет стабилизации")
    assert "Напомним" not in quote.text


def test_the_person_a_quoting_verb_takes_is_the_speaker(nlp: NLP) -> None:
    text = (
        "«Несмотря на то что я не согласен с итогами голосования, передача власти будет мирной», — "
        "процитировал Трампа в Twitter его помощник Дэн Скавино."
    )
    quote = the_quote(annotate(nlp, text)[0], "передача власти будет мирной")
    assert "трамп" in shown_words(quote) and "скавино" not in (quote.speaker or "").lower()


def test_an_outlet_that_quotes_someone_by_name_relays_them(nlp: NLP) -> None:
    text = (
        "Об этом сообщил мэр Москвы Сергей Собянин. «На сегодняшний день записалось около "
        "полумиллиона человек», - цитирует РИА Новости Собянина."
    )
    quote = the_quote(annotate(nlp, text)[0], "записалось около полумиллиона")
    assert "собянин" in shown_words(quote)


def test_a_relayed_statement_keeps_its_author_past_an_adverb(nlp: NLP) -> None:
    text = (
        "Агентство ТАСС так передает заявление Зеленского: «Нас вдохновляет стойкость старейшего "
        "демократического института в мире»."
    )
    quote = the_quote(annotate(nlp, text)[0], "Нас вдохновляет стойкость")
    assert "зеленск" in shown_words(quote)


def test_a_media_word_is_the_outlet_that_wrote_last(nlp: NLP) -> None:
    text = (
        "Посол США Ричард Гренелл снова раскритиковал проект. Bloomberg пишет, что в такой ситуации "
        "санкции против газопровода неизбежны. Тем не менее правительство США фактически блокирует "
        "поставки газа. В настоящий момент, уточняет издание, спрос на природный газ в Европе растет."
    )
    quote = the_quote(annotate(nlp, text)[0], "спрос на природный газ")
    assert quote.speaker == "Bloomberg"


def test_a_media_word_with_no_outlet_before_stays_as_written(nlp: NLP) -> None:
    text = (
        "Компания Газпром сообщила, что поставки газа выросли. "
        "В настоящий момент, уточняет издание, спрос на природный газ в Европе растет."
    )
    quote = the_quote(annotate(nlp, text)[0], "спрос на природный газ")
    assert quote.speaker != "Газпром"
