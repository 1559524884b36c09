"""Round-11b (quotes) mechanisms (issue #10) on invented Russian text, each both ways: a pronoun
whose antecedent is an unnamed role noun opening the sentence before (`Министр обороны Польши
выступил … Он сказал`), and a clause hung on a message noun (`отреагировали на заявления
Меркель о том, что …`), which is the message's author's and not the verb's subject's."""

from __future__ import annotations

from storyline.annotate.nlp import NLP
from tests.annotate.quote_helpers import annotate, shown_words, the_quote

ROLE_OPENING = "Министр обороны Польши выступил на брифинге в Варшаве. "


def test_a_pronoun_after_an_unnamed_role_subject_is_that_role(nlp: NLP) -> None:
    text = ROLE_OPENING + "Он сказал, что армия готова к учениям."
    quote = the_quote(annotate(nlp, text)[0], "армия готова к учениям")
    assert "министр" in shown_words(quote)


def test_a_nearer_unnamed_role_subject_outranks_an_older_named_one(nlp: NLP) -> None:
    text = "Дональд Трамп позвонил в Варшаву. " + ROLE_OPENING + "Он сказал, что армия готова к учениям."
    quote = the_quote(annotate(nlp, text)[0], "армия готова к учениям")
    assert "министр" in shown_words(quote)
    assert quote.speaker != "Дональд Трамп"


def test_a_role_given_to_a_named_person_resolves_to_that_person(nlp: NLP) -> None:
    text = (
        "Министр обороны Польши Мариуш Блащак прилетел в Вашингтон. Министр обороны выступил "
        "на брифинге. Он сказал, что армия готова к учениям."
    )
    quote = the_quote(annotate(nlp, text)[0], "армия готова к учениям")
    assert quote.speaker == "Мариуш Блащак"


def test_a_named_subject_keeps_the_pronoun_without_a_role_between(nlp: NLP) -> None:
    text = "Дональд Трамп выступил в Варшаве. Он сказал, что армия готова к учениям."
    quote = the_quote(annotate(nlp, text)[0], "армия готова к учениям")
    assert quote.speaker == "Дональд Трамп"


def test_a_role_as_object_is_no_antecedent(nlp: NLP) -> None:
    text = (
        "Дональд Трамп выступил в Варшаве. На встрече был и министр обороны Польши. "
        "Он сказал, что армия готова к учениям."
    )
    quote = the_quote(annotate(nlp, text)[0], "армия готова к учениям")
    assert quote.speaker == "Дональд Трамп"


def test_a_clause_on_a_message_noun_is_its_authors(nlp: NLP) -> None:
    text = (
        "Ангела Меркель выступила в Берлине. Таким образом, в РФ отреагировали на заявления "
        "Меркель о том, что Украина должна остаться транзитёром русского газа в Европу."
    )
    quote = the_quote(annotate(nlp, text)[0], "должна остаться транзитёром")
    assert quote.speaker == "Ангела Меркель"
    assert "рф" not in shown_words(quote).split()


def test_a_message_noun_without_an_author_keeps_the_subject(nlp: NLP) -> None:
    text = "Премьер Петр Иванов отреагировал на заявление о том, что цены на газ вырастут."
    quote = the_quote(annotate(nlp, text)[0], "цены на газ вырастут")
    assert quote.speaker == "Петр Иванов"


def test_po_ego_slovam_after_an_unnamed_role_subject_is_that_role(nlp: NLP) -> None:
    text = "Представитель авиакомпании отказался от комментариев. По его словам, рейсы отменены из-за погоды."
    quote = the_quote(annotate(nlp, text)[0], "рейсы отменены")
    assert "представитель авиакомпании" in shown_words(quote)


def test_po_ego_slovam_after_a_named_subject_stays_the_name(nlp: NLP) -> None:
    text = "Сергей Лавров отказался от комментариев. По его словам, рейсы отменены из-за погоды."
    quote = the_quote(annotate(nlp, text)[0], "рейсы отменены")
    assert quote.speaker == "Сергей Лавров"


def test_a_trailing_kak_frame_at_the_sentence_end_credits_the_words_before(nlp: NLP) -> None:
    text = "Газопровод будет достроен в этом году, как заявил глава «Газпрома» Алексей Миллер."
    quote = the_quote(annotate(nlp, text)[0], "будет достроен в этом году")
    assert quote.speaker == "Алексей Миллер"


def test_a_kak_frame_with_nothing_before_it_is_no_quote(nlp: NLP) -> None:
    text = "Как заявил глава «Газпрома» Алексей Миллер. Газопровод будет достроен."
    assert not any("достроен" in q.text for q in annotate(nlp, text)[0])


def test_a_source_between_subject_and_predicate_credits_the_sentence(nlp: NLP) -> None:
    text = "Санкции против России, по словам Сергея Лаврова, будут продлены."
    quote = the_quote(annotate(nlp, text)[0], "будут продлены")
    assert "Санкции против России" in quote.text
    assert quote.speaker == "Сергей Лавров"


def test_a_source_before_a_whole_clause_keeps_the_clause_alone(nlp: NLP) -> None:
    text = "Вчера в Москве, по словам Сергея Лаврова, санкции против России были продлены."
    quote = the_quote(annotate(nlp, text)[0], "были продлены")
    assert quote.speaker == "Сергей Лавров"
