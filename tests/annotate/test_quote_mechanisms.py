"""The speech mechanisms added for unseen stories (issue #10), each on invented Russian text:
dashless frames, pronouns that point to unnamed speakers, speech converbs, relayed and
continued quotes, genitive names after a person noun, cited sources, people inside an
institution, and roles across a genitive name or in parentheses."""

from __future__ import annotations

import pytest

from storyline.annotate.nlp import NLP
from storyline.model import QuoteMention
from tests.annotate.quote_helpers import annotate, the_quote


def holding(quotes: list[QuoteMention], needle: str) -> list[QuoteMention]:
    return [q for q in quotes if needle in q.text]


def speaker_words(quote: QuoteMention) -> str:
    return f"{quote.speaker_text or ''} {quote.speaker or ''}".lower()


# (text, needle in the quote, a stem the speaker text or name must hold)
CASES = [
    # a closing mark, a comma and the verb, no dash
    (
        'Министр финансов Антон Силуанов выступил в Думе. "Бюджет будет исполнен в срок и без '
        'новых займов", сказал Силуанов.',
        "Бюджет будет исполнен в срок",
        "силуанов",
    ),
    # the U+2015 dash in a frame, and one guillemet closing two levels
    (
        "Представитель компании прокомментировал эту новость журналистам. «У нас нет сведений о "
        "продаже «Северной верфи», ― заявил он.",
        "У нас нет сведений о продаже",
        "представитель",
    ),
    # an unresolved pronoun takes the unnamed speaker before it
    (
        "«Мы не будем менять планы из-за слухов», — пояснил собеседник издания. Он подчеркнул, "
        "что переговоры продолжатся весной.",
        "переговоры продолжатся весной",
        "собеседник",
    ),
    # `они` takes a plural person noun in the subject's case
    (
        "Авторами письма стали послы Франции и Италии. Союз должен пересмотреть свои правила "
        "торговли, написали они, задавшись вопросом о сроках.",
        "Союз должен пересмотреть свои правила",
        "посл",
    ),
    # a speech converb's clause is said by the main clause's speaker
    (
        "Решение суда соответствует закону, указал премьер-министр Иван Петров, подчеркнув, что "
        "страна не потерпит угроз судьям.",
        "страна не потерпит угроз судьям",
        "петров",
    ),
    # a genitive name after a person noun: the noun's bearer speaks
    (
        "Посол Ричард Гренелл разослал письма компаниям. Со своей стороны представитель Гренелла "
        "заявил, что письмо следует читать как совет.",
        "письмо следует читать как совет",
        "представител",
    ),
    # an indirect report that holds another report with its frame only relays it
    (
        "Глава МИД Хайко Маас выступил в Берлине. По его словам, президент Владимир Путин заверил, "
        "что транзит газа будет продолжен.",
        "транзит газа будет продолжен",
        "путин",
    ),
    # a quoted sentence without a frame continues the speech before it
    (
        "Об этом объявил член правления компании Манфред Ляйтнер на пресс-конференции в Вене. "
        "«Власти страны никак не ограничены сроками, и это вносит неопределенность».",
        "Власти страны никак не ограничены",
        "ляйтнер",
    ),
    # `со ссылкой на`: whom the outlet cites spoke
    (
        "По сообщению агентства Dawn со ссылкой на министра информации Фавада Чаудхри, лидер "
        "партии был помещен под охрану.",
        "был помещен под охрану",
        "чаудхри",
    ),
    # a statement's author named after the message word
    (
        "В заявлении МИД Франции говорится, что Париж поддержит пересмотр директивы.",
        "Париж поддержит пересмотр директивы",
        "мид",
    ),
    # a statement with no author named: the organisation just before as subject
    (
        "Компания Shell опубликовала отчет. «Мы сократим добычу на десять процентов», — говорится в сообщении.",
        "Мы сократим добычу",
        "shell",
    ),
    # someone inside an institution speaks for it
    (
        "Адвокат Иван Сидоров вылетел в Берлин. «Мы находимся в диалоге с партнерами», — заявил "
        "изданию собеседник в МИД Германии.",
        "Мы находимся в диалоге",
        "мид",
    ),
]


@pytest.mark.parametrize(("text", "needle", "stem"), CASES, ids=[c[1][:30] for c in CASES])
def test_speech_mechanism(nlp: NLP, text: str, needle: str, stem: str) -> None:
    quote = the_quote(annotate(nlp, text)[0], needle)
    assert stem in speaker_words(quote), (quote.speaker_text, quote.speaker)


def test_a_quoted_title_alone_is_no_quote(nlp: NLP) -> None:
    """A sentence-long quote with no speech in the sentence before is not speech."""
    quotes, _ = annotate(nlp, "В Москве прошла выставка. «Искусство и город в эпоху перемен».")
    assert not holding(quotes, "Искусство и город")


def test_a_quoted_name_mid_sentence_gets_no_dashless_frame(nlp: NLP) -> None:
    text = 'Франция поддержит пересмотр директивы, которая затронет газопровод "Северный поток — 2", заявил представитель МИД.'
    quotes, _ = annotate(nlp, text)
    assert not [q for q in quotes if q.text.strip() == "Северный поток — 2"]


def test_a_woman_speaks_through_a_feminine_verb(nlp: NLP) -> None:
    text = (
        "Тереза Мэй ответила на письмо Дэвида Дэвиса, а также заявила, что правительство сможет "
        'выполнить обещания: "Парламент будет решать, поддерживать ли соглашения".'
    )
    quotes, _ = annotate(nlp, text)
    for quote in holding(quotes, "Парламент будет решать"):
        assert "мэй" in speaker_words(quote)


@pytest.mark.parametrize(
    ("text", "name", "stem"),
    [
        (
            "Советник президента США Дональда Трампа по нацбезопасности Джон Болтон прибыл в Осло.",
            "Болтон",
            "советник",
        ),
        ("Глава «Газпрома» Алексей Миллер отметил рост поставок.", "Миллер", "газпром"),
        ("Я говорил это Майку Помпео (госсекретарю США) не раз.", "Помпео", "госсекретар"),
        ("Как сообщил старший офицер полиции Тахир Махмуд, задержанных восемь.", "Махмуд", "офицер"),
    ],
)
def test_role_forms(nlp: NLP, text: str, name: str, stem: str) -> None:
    _, entities = annotate(nlp, text)
    person = [m for m in entities if m.type == "PER" and name in m.text]
    assert person and person[0].role and stem in person[0].role.lower(), [(m.text, m.role) for m in entities]
