"""Bodies as speakers (issue #10), on invented Russian text: a seat of power (`в Кремле
заявили`), a place that is where and not who, a place adjective, institution words
(`представитель ведомства`, `представительство`), and a joint statement of two bodies."""

from __future__ import annotations

from storyline.annotate.nlp import NLP
from tests.annotate.quote_helpers import annotate, shown_words, the_quote


def test_a_representation_speaks_as_an_institution(nlp: NLP) -> None:
    text = "«Это самый высокий показатель загрузки», — сообщили в представительстве оператора."
    quote = the_quote(annotate(nlp, text)[0], "самый высокий показатель")
    assert "представительств" in shown_words(quote)


def test_a_seat_is_labelled_never_linked(nlp: NLP) -> None:
    """`в Кремле заявили`: the reader sees `Кремль`, and no LOC entity becomes the speaker."""
    quotes, entities = annotate(nlp, "В Кремле заявили, что визит президента пройдет по плану.")
    quote = the_quote(quotes, "визит президента")
    assert quote.speaker is None
    assert quote.speaker_label == "Кремль"
    assert any(m.type == "LOC" and m.name == "Кремль" for m in entities)


def test_a_place_that_is_no_agent_is_not_shown(nlp: NLP) -> None:
    """`сообщил о ситуации в Германии`: the place is where, not who."""
    quotes, _ = annotate(nlp, "Посол сообщил, что ситуация в Германии остается сложной.")
    quote = the_quote(quotes, "ситуация в Германии")
    assert "герман" not in shown_words(quote)


def test_a_place_adjective_is_not_a_texts_author(nlp: NLP) -> None:
    """`в отчете российской компании`: the company wrote it, not Russia."""
    quotes, _ = annotate(
        nlp, "Акции компании арестованы по решению суда, говорится в отчете российской компании."
    )
    quote = the_quote(quotes, "арестованы по решению суда")
    assert "росси" not in shown_words(quote)


def test_a_place_adjective_is_no_seat(nlp: NLP) -> None:
    """`Российская сторона заявила`: the side speaks, shown as written with its adjective
    (round 7); the adjective's place is never shown as a seat speaking (`Россия`, `Русь`)."""
    quotes, _ = annotate(nlp, "Российская сторона заявила, что проект является коммерческим.")
    quote = the_quote(quotes, "проект является коммерческим")
    assert (quote.speaker_label or "").lower() == "российская сторона"
    assert quote.speaker is None


def test_a_spokesperson_of_a_named_institution(nlp: NLP) -> None:
    """`сообщила пресс-служба Минфина … — сказал представитель ведомства`: the body that spoke."""
    quotes, _ = annotate(
        nlp,
        "Министерство финансов Канады сообщило о новом займе. «Долг снизится», — сказал представитель ведомства.",
    )
    quote = the_quote(quotes, "Долг снизится")
    assert "представитель ведомства" in shown_words(quote)


def test_no_institution_is_guessed(nlp: NLP) -> None:
    """`Компания Shell закрыла завод. «…», — сказал представитель ведомства`: no ministry is
    named and none spoke, so the words stay as written, linked to nobody."""
    quotes, _ = annotate(nlp, "Компания Shell закрыла завод. «Мы уходим», — сказал представитель ведомства.")
    quote = the_quote(quotes, "Мы уходим")
    assert quote.speaker is None
    assert "ведомств" in shown_words(quote)


def test_a_joint_statement_credits_the_first_named(nlp: NLP) -> None:
    text = "Минздрав и Роспотребнадзор заявили, что новых вспышек гриппа в регионе не выявлено."
    quote = the_quote(annotate(nlp, text)[0], "новых вспышек")
    assert quote.speaker is not None and quote.speaker.startswith("Минздрав")
    # the second body is kept in the speaker words the reader sees
    assert quote.speaker_text is not None and "Роспотребнадзор" in quote.speaker_text
    assert quote.speaker_text == text[quote.speaker_start : quote.speaker_end]


def test_a_joint_body_over_an_acronym_in_brackets(nlp: NLP) -> None:
    text = (
        "Министерство обороны и Федеральная служба безопасности (ФСБ) провели совместную проверку. "
        "Об этом говорится в совместном заявлении ведомств."
    )
    quotes, _ = annotate(nlp, text)
    quote = the_quote(quotes, "провели совместную проверку")
    assert quote.speaker is not None and quote.speaker.lower().startswith("министерств")


def test_one_of_two_people_met_is_not_a_joint_speaker(nlp: NLP) -> None:
    text = "Иван Петров и Сергей Смирнов встретились в Москве. Смирнов заявил, что переговоры прошли успешно."
    quote = the_quote(annotate(nlp, text)[0], "переговоры прошли")
    assert quote.speaker is not None and "Смирнов" in quote.speaker


# ---- the kind of body an institution word names (session 14 quotes3) ----


def test_a_company_word_skips_a_ministry_named_later(nlp: NLP) -> None:
    """`заявляет компания` is the concern named first, not the ministry named last."""
    text = (
        "Концерн Siemens поставил турбины в Крым. Министерство энергетики Германии начало "
        "проверку. «Мы соблюдали все правила», — заявляет компания."
    )
    quote = the_quote(annotate(nlp, text)[0], "соблюдали все правила")
    assert "siemens" in shown_words(quote)
    assert "министерств" not in shown_words(quote)


def test_a_company_word_takes_the_nearest_body_of_no_known_kind(nlp: NLP) -> None:
    """Counter-case: a company named last without a company word is still the one meant."""
    text = (
        "Министерство финансов повысило пошлину. Газпром оспорил решение. «Пошлина "
        "несправедлива», — заявили в компании."
    )
    quote = the_quote(annotate(nlp, text)[0], "Пошлина")
    assert "газпром" in shown_words(quote)


def test_a_ministry_word_skips_a_company_named_later(nlp: NLP) -> None:
    """`в ведомстве` is the security service, not the firm named after it."""
    text = (
        "Федеральная служба безопасности задержала судно. ООО «Морской путь» сообщило о "
        "задержании. «Мы соблюдали все правила», — заявили в ведомстве."
    )
    quote = the_quote(annotate(nlp, text)[0], "соблюдали все правила")
    assert "федеральная служба" in shown_words(quote)
    assert "морской" not in shown_words(quote)


def test_a_ministry_word_takes_the_ministry_named_last(nlp: NLP) -> None:
    """Counter-case: with a ministry named last, that ministry is meant."""
    text = (
        "ООО «Морской путь» сообщило о задержании судна. Министерство транспорта начало "
        "проверку. «Нарушений нет», — заявили в ведомстве."
    )
    quote = the_quote(annotate(nlp, text)[0], "Нарушений нет")
    assert "министерство транспорта" in shown_words(quote)
