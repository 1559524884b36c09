"""Round-8 follow-up mechanisms (issue #10) on invented Russian text: a joint statement by
two bodies, impersonal follow-ons of a report, a short claim before a trailing opinion
frame, and a report relayed by an outlet."""

from __future__ import annotations

from storyline.annotate.nlp import NLP
from tests.annotate.quote_helpers import annotate, the_quote


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


def test_impersonal_follow_ons_continue_the_last_report(nlp: NLP) -> None:
    text = (
        "Министерство финансов сообщило, что дефицит бюджета сократился вдвое. "
        "Указывается также, что доходы от экспорта нефти выросли на треть. "
        "Отмечается, что расходы на оборону остались прежними."
    )
    quotes, _ = annotate(nlp, text)
    for needle in ("доходы от экспорта", "расходы на оборону"):
        quote = the_quote(quotes, needle)
        assert quote.speaker is not None and quote.speaker.lower().startswith("министерство финансов")


def test_a_text_introduced_before_speaks_through_its_author(nlp: NLP) -> None:
    text = (
        "Компания Роснефть опубликовала годовой отчет. "
        "В нем сказано, что добыча на новых месторождениях выросла на пятую часть."
    )
    quote = the_quote(annotate(nlp, text)[0], "добыча на новых")
    assert quote.speaker is not None and "Роснефть" in quote.speaker


def test_an_impersonal_frame_with_no_report_before_is_not_taken(nlp: NLP) -> None:
    text = "Погода в столице испортилась. Сообщается, что снегопад продлится до пятницы."
    assert not any("снегопад" in q.text for q in annotate(nlp, text)[0])


def test_a_short_claim_before_a_trailing_frame_with_role_and_name(nlp: NLP) -> None:
    text = "Цены на квартиры растут третий год подряд. Рынок перегрет, считает аналитик банка Андрей Соколов."
    quote = the_quote(annotate(nlp, text)[0], "Рынок перегрет")
    assert quote.speaker is not None and "Соколов" in quote.speaker
    # without a name the two words are too little to take
    assert not annotate(nlp, "Рынок перегрет, считает он.")[0]


def test_a_relayed_report_goes_to_its_named_author(nlp: NLP) -> None:
    text = "Как пишет ТАСС, в докладе Счетной палаты говорится, что расходы на дороги выросли."
    quotes, _ = annotate(nlp, text)
    quote = the_quote(quotes, "расходы на дороги")
    assert quote.speaker is not None and "Счетн" in quote.speaker
    assert not any(q.speaker == "ТАСС" for q in quotes)


def test_a_relayed_report_without_an_author_is_not_the_outlets(nlp: NLP) -> None:
    text = "Как пишет РБК, в отчете говорится, что дефицит бюджета вырастет."
    quotes, _ = annotate(nlp, text)
    quote = the_quote(quotes, "дефицит бюджета")
    assert quote.speaker is None and quote.speaker_label is None
    assert not any(q.speaker == "РБК" for q in quotes)
