"""Session 16 (speakers): the general mechanisms behind the misses of the first half of the
tuned-on quote sets, each on invented Russian (issue #10)."""

from __future__ import annotations

import pytest

from storyline.annotate.nlp import NLP
from storyline.annotate.quote_marks import quoted_spans
from storyline.annotate.segment import segment
from tests.annotate.quote_helpers import annotate, shown_words, the_quote

# (text, needle in the quote, a stem of the speaker shown)
CASES = [
    # a preposition governs the institution over an agreeing adjective (and quote marks)
    ("В российском МИДе заявили, что санкции незаконны.", "санкции незаконны", "мид"),
    (
        "Ранее в американском «Госдепартаменте» сообщили, что визит отложен до осени.",
        "визит отложен",
        "госдепартамент",
    ),
    # the institution first after an impersonal frame's text is its author, the person after it
    # only whose body it is
    (
        "«Министр назначен с одобрения парламента», — говорится в заявлении офиса Мэй.",
        "Министр назначен",
        "офис",
    ),
    # a seat of power after `на` stands for the body seated there, as `в Кремле` does
    ("«Переговоры продолжатся», — заявили на Даунинг-стрит.", "Переговоры продолжатся", "даунинг-стрит"),
    ("На Украине заявили, что транзит газа через страну продолжится.", "транзит газа", "украин"),
    # an additive particle before a source that follows its verb (`…, заявляла и Москва`)
    (
        "О том, что строительство газопровода будет завершено в срок, неоднократно заявляла и Москва.",
        "строительство газопровода",
        "москва",
    ),
    ("Вернуть деньги всем пассажирам пообещали также в авиакомпании.", "Вернуть деньги", "авиакомпан"),
]


@pytest.mark.parametrize(("text", "needle", "stem"), CASES)
def test_speaker_shown(nlp: NLP, text: str, needle: str, stem: str) -> None:
    quotes, _ = annotate(nlp, text)
    assert stem in shown_words(the_quote(quotes, needle))


def test_owner_of_a_body_is_not_the_author(nlp: NLP) -> None:
    """`в заявлении администрации Трампа`: the administration wrote it, not Trump himself
    (no link to the person), yet both are shown; `в заявлении Трампа` is his own."""
    quotes, _ = annotate(nlp, "«Пошлины отменят в мае», — говорится в заявлении администрации Трампа.")
    quote = the_quote(quotes, "Пошлины отменят")
    assert quote.speaker is None or "трамп" not in quote.speaker.lower()
    assert "администрац" in shown_words(quote) and "трамп" in shown_words(quote)
    quotes, _ = annotate(nlp, "«Пошлины отменят в мае», — говорится в заявлении Трампа.")
    assert the_quote(quotes, "Пошлины отменят").speaker == "Трамп"


def test_guillemet_closed_by_a_straight_quote_before_a_frame(nlp: NLP) -> None:
    """`«Если … правилам", - подчеркнул министр`: copy that mixes marks still quotes the
    whole sentence, the straight pair inside it included."""
    text = (
        "Министр Павел Климкин выступил в Брюсселе. «Если наша система будет подпадать под "
        'общие правила, то и "Северный поток" должен им соответствовать. Это позволит многое", '
        "- подчеркнул министр."
    )
    spans = quoted_spans(text)
    assert [(text[a], text[b]) for a, b in spans] == [("«", '"')]
    quotes, _ = annotate(nlp, text)
    assert "климкин" in shown_words(the_quote(quotes, "будет подпадать под общие правила"))


def test_a_name_loses_the_stop_the_tagger_took_in(nlp: NLP) -> None:
    """`сообщает «Би-би-си.»`: the sentence's full stop is no part of the outlet's name."""
    text = "Об этом сообщает «Би-би-си.» Премьер-министр Тереза Мэй уехала в Брюссель."
    _, entities = annotate(nlp, text)
    bbc = [e for e in entities if e.text.startswith("Би-би-си")]
    assert [(e.text, e.name) for e in bbc] == [("Би-би-си", "Би-би-си")]


GLUED = (
    "Короткая строка\n\nПостпред России при ООН Василий Небензя выступил в среду.\n\nЗахарова прокомментировала выговор "
    "Трампа на Генассамблее ООНГрушко подчеркнул, что политик должен руководиться экономическими "
    "соображениями. Замминистра Александр Грушко добавил, что газ дешевле."
)


def test_a_heading_glued_to_an_acronym_ends_its_sentence() -> None:
    """`на Генассамблее ООНГрушко подчеркнул`: a link lost its markup and its stop; both
    halves stand as words elsewhere in the text, so a sentence ends between them. A case
    ending or suffix on an acronym is never cut (`МИДа`, `НАТОвский`)."""
    starts = [GLUED[s.start : s.end] for s in segment(GLUED)]
    assert any(s.startswith("Грушко подчеркнул") for s in starts)
    assert any(s.endswith("Генассамблее ООН") for s in starts)
    text = "Представитель МИДа выступил. Речь шла о МИД и о генерале НАТО. НАТОвский генерал Овский ушел."
    assert [text[s.start : s.end] for s in segment(text)][0] == "Представитель МИДа выступил."
    assert not any(text[s.start : s.end].startswith("Овский генерал") for s in segment(text))


def test_a_source_phrase_stops_at_a_sentence_with_no_stop(nlp: NLP) -> None:
    """The frame `подчеркнул, что` is Грушко's: `Захарова прокомментировала` in the sentence
    before is not its subject."""
    quotes, _ = annotate(nlp, GLUED)
    assert "грушко" in shown_words(the_quote(quotes, "политик должен руководиться"))


def test_a_long_quoted_name_is_its_namer_s_words(nlp: NLP) -> None:
    """`назвал проект «троянским конем Кремля против европейской безопасности»` quotes the
    president; a one-word label (`«террористами»`) and a namer nobody is (`называют`) do not."""
    quotes, _ = annotate(
        nlp,
        "Президент Петр Порошенко назвал проект «троянским конем Кремля против европейской безопасности».",
    )
    assert "порошенко" in shown_words(the_quote(quotes, "троянским конем Кремля"))
    quotes, _ = annotate(nlp, "Министр назвал протестующих «террористами».")
    assert not quotes
    quotes, _ = annotate(
        nlp, "Этот проект называют «троянским конем Кремля против европейской безопасности»."
    )
    assert not quotes


def test_a_possessive_after_an_outlet_s_frame_is_the_outlet_s(nlp: NLP) -> None:
    """`«…», — сообщает агентство. По его данным, …`: `его` is the agency that just spoke
    (a neuter institution word), not the man named before the frame; `по его словам` after a
    minister's frame stays the minister's."""
    text = (
        "Как пишет агентство Reuters, хакеры взломали системы министерства. В Лос-Анджелесе "
        "арестовали гражданина РФ Егора Крючкова, сообщили в Министерстве юстиции США. «Источники "
        "опасаются, что взломы могут оказаться лишь верхушкой айсберга», — сообщает агентство. По "
        "его данным, масштабы взлома настолько серьёзны, что была проведена встреча совета."
    )
    quotes, _ = annotate(nlp, text)
    assert the_quote(quotes, "масштабы взлома").speaker == "Reuters"
    text = (
        "Министр Джон Смит выступил в сенате. «Хакеры действовали по приказу властей», — сказал "
        "министр. По его словам, взлом длился месяцами."
    )
    quotes, _ = annotate(nlp, text)
    assert the_quote(quotes, "взлом длился").speaker == "Джон Смит"


def test_a_speech_verb_the_tagger_read_as_a_noun_frames_the_quote(nlp: NLP) -> None:
    """`— резюмировали в Кремле`: slovnet tags the verb NOUN (with the verb's lemma); its
    past-tense ending still makes it the frame's plural verb, and it is no speaker itself."""
    text = "«В целом беседа лидеров носила деловой и откровенный характер», – резюмировали в Кремле."
    quotes, _ = annotate(nlp, text)
    quote = the_quote(quotes, "беседа лидеров носила")
    assert "кремл" in shown_words(quote) and "резюмировали" not in shown_words(quote)
