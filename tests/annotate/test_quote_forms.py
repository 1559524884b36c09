"""Every common Russian form of direct and reported speech, through the real entities stage,
and the invariant that a speaker shown is always a person or an organisation."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.annotate.nlp import NLP
from storyline.model import QuoteMention
from tests.annotate.quote_helpers import annotate

PRONOUNS = frozenset("он она оно они его ее её их".split())


def shown(quote: QuoteMention) -> str | None:
    """The speaker a reader is shown."""
    return quote.speaker or quote.speaker_label or quote.speaker_text


# (text, needle inside the quote span, kind, what the reader is shown as speaker or None)
FORMS = [
    # по словам X
    (
        "По словам министра финансов Антона Силуанова, бюджет будет исполнен в срок.",
        "бюджет будет исполнен",
        "indirect",
        "Антон Силуанов",
    ),
    # как заявил X
    (
        "Глава МИД Сергей Лавров прибыл в Анкару. Как заявил Лавров, переговоры идут трудно.",
        "переговоры идут трудно",
        "indirect",
        "Сергей Лавров",
    ),
    # X отметил/заявил/сообщил, что …
    (
        "Премьер-министр Великобритании Тереза Мэй отметила, что сделка с ЕС возможна.",
        "сделка с ЕС возможна",
        "indirect",
        "Тереза Мэй",
    ),
    # «…», — сказал он
    (
        "Тереза Мэй выступила в парламенте. «Мы выйдем из ЕС в срок», — сказала она.",
        "Мы выйдем из ЕС в срок",
        "direct",
        "Тереза Мэй",
    ),
    # «…», — отметили в ведомстве (an unnamed institution named before)
    (
        "Пресс-служба главы государства сообщила об этом накануне. «Президент держит связь с кабмином»,"
        " — отметили в ведомстве.",
        "Президент держит связь",
        "direct",
        "пресс-служба главы государства",
    ),
    # в сообщении компании говорится, что …
    (
        "Авиакомпания «Аэрофлот» отменила рейсы. В сообщении компании говорится, что пассажиры получат"
        " компенсацию.",
        "пассажиры получат компенсацию",
        "indirect",
        "Авиакомпания «Аэрофлот»",
    ),
    # … пообещали в авиакомпании
    (
        "Авиакомпания «Победа» отменила рейсы. Вернуть деньги всем пассажирам пообещали в авиакомпании.",
        "Вернуть деньги всем пассажирам",
        "indirect",
        "Авиакомпания «Победа»",
    ),
    # X: «…»
    (
        "Официальный представитель МИД России Мария Захарова: «Это очередная провокация Лондона».",
        "Это очередная провокация",
        "direct",
        "Мария Захарова",
    ),
    # no quotation marks, attributed by a trailing verb after a comma
    (
        "Потребовалось два года, чтобы достичь компромисса, и два дня, чтобы он развалился, негодовал"
        " лидер лейбористов Джереми Корбин.",
        "Потребовалось два года",
        "indirect",
        "Джереми Корбин",
    ),
    # … and after a comma and a dash, with a pronoun
    (
        "Джереми Корбин выступил в парламенте. Правительство не может договориться даже с собой, —"
        " добавил он.",
        "Правительство не может договориться",
        "indirect",
        "Джереми Корбин",
    ),
    # a closing mark whose opener the copy lost
    (
        "Мария Захарова ответила журналистам. Вот сейчас это правительственный кризис, и его надо"
        " комментировать», — заявила Мария Захарова.",
        "это правительственный кризис",
        "direct",
        "Мария Захарова",
    ),
    # a speech verb right before the quote, the subject a pronoun for the last subject
    (
        "Лидер партии Хадим Ризви заявил, что судьи ошиблись, и призвал премьера Имрана Хана уйти."
        " Еще до вердикта он обещал «парализовать страну за несколько часов».",
        "парализовать страну",
        "direct",
        "Хадим Ризви",
    ),
    # a speech noun right before the quote
    (
        "Ашик Масих обратился к лидерам трех стран с просьбой «помочь им и дать свободу».",
        "помочь им и дать свободу",
        "direct",
        "Ашик Масих",
    ),
    # a frame inside the quote without a space before the dash
    (
        "Сенатор Константин Косачев настроен оптимистично. «Шанс исправить ситуацию появляется,— написал"
        " он на своей странице. — Захотят ли им воспользоваться в Лондоне?»",
        "Шанс исправить ситуацию появляется",
        "direct",
        "Константин Косачев",
    ),
    # an unnamed member of a group
    (
        "Протестующие перекрыли дороги. «Мы готовы стоять до конца», — сказал изданию один из демонстрантов.",
        "Мы готовы стоять до конца",
        "direct",
        "один из демонстрантов",
    ),
    # a media outlet named in quotes
    (
        '"Правительство капитулировало перед экстремистами", - пишет либеральная газета "The Dawn".',
        "Правительство капитулировало",
        "direct",
        "The Dawn",
    ),
    # the subject right after the verb, not a name behind a preposition
    (
        "«Курс Лондона не изменится», — заявил сенатор в беседе с председателем комитета Константином"
        " Косачевым.",
        "Курс Лондона не изменится",
        "direct",
        "сенатор",
    ),
    # a spokesperson speaks for the organisation
    (
        "Асия Биби покинула тюрьму. Представитель TLP заявил Reuters, что освобождение христианки"
        " нарушает договоренность.",
        "освобождение христианки",
        "indirect",
        "TLP",
    ),
    # a country as the agent of speech is its government (round 6): shown by its name,
    # never linked to the LOC entity
    ("Россия заявила, что не признает итоги выборов.", "не признает итоги выборов", "indirect", "Россия"),
    # and a place standing for an office is the office
    (
        "Москва и Пекин подписали соглашение о поставках газа, заявили в Кремле.",
        "подписали соглашение",
        "indirect",
        "Кремль",
    ),
    # nor a pronoun with nobody to point at
    ("По их словам, переговоры зашли в тупик.", "переговоры зашли в тупик", "indirect", None),
    # a statement, then `Об этом заявил X` (round 5)
    (
        "Цены на электричество вырастут на пять процентов с июля. Об этом в пятницу сообщил "
        "министр энергетики Николай Шульгинов.",
        "Цены на электричество вырастут",
        "indirect",
        "Николай Шульгинов",
    ),
    # a pronoun frame after the speaker's own words passes over the names in them
    (
        "Канцлер Олаф Шольц выступил в Бундестаге. Решение далось нелегко. "
        "Я лично обсудил это с Эммануэлем Макроном, сказал он.",
        "Я лично обсудил это",
        "indirect",
        "Олаф Шольц",
    ),
    # по словам <role> <body>: the role's holder, not the body
    (
        "Официальный представитель Минобороны Игорь Конашенков провёл брифинг. По словам "
        "руководителя управления пресс-службы Минобороны, учения завершатся в срок.",
        "учения завершатся в срок",
        "indirect",
        "Игорь Конашенков",
    ),
    # в <body> with a plural speech verb
    (
        "В полиции заявили, что задержаны двое подозреваемых.",
        "задержаны двое подозреваемых",
        "indirect",
        "полиция",
    ),
    # a source with a participle, and the text named again
    (
        "Как сообщается в заявлении, размещённом на сайте компании Boeing, поставки возобновятся. "
        "В документе также говорится, что заказов стало больше.",
        "заказов стало больше",
        "indirect",
        "Boeing",
    ),
    # an unnamed source stays unnamed
    (
        "Министр Олег Кузнецов уехал в отпуск. Источник сообщил, что его отставка уже подписана.",
        "его отставка уже подписана",
        "indirect",
        "источник",
    ),
    # `дать понять, что`
    (
        "Посол Джон Салливан встретился с журналистами. Он дал понять, что визит отложен.",
        "визит отложен",
        "indirect",
        "Джон Салливан",
    ),
    # a sentence-initial role noun the tagger reads as a name
    (
        "Экономист Сергей Гуриев выступил в Париже. Эксперт считает, что рост цен замедлится.",
        "рост цен замедлится",
        "indirect",
        "Сергей Гуриев",
    ),
    # a media word named again is the outlet it named before
    (
        "Об отставке первым сообщило издание The Guardian. Как пишет издание, указ уже подписан.",
        "указ уже подписан",
        "indirect",
        "The Guardian",
    ),
    # a pronoun with no recent subject takes the last speaker, not the nearest name
    (
        "Губернатор Андрей Петров заявил, что дороги отремонтируют к осени. Встреча с Иваном "
        "Сидоровым прошла в Кремле. Все вопросы решены, сказал он журналистам.",
        "Все вопросы решены",
        "indirect",
        "Андрей Петров",
    ),
    # `цитирует ее X`: the pronoun object is who is quoted
    (
        "Премьер-министр Юлия Свириденко выступила в Раде. «Бюджет будет пересмотрен "
        "в марте», — цитирует ее агентство.",
        "Бюджет будет пересмотрен",
        "direct",
        "Юлия Свириденко",
    ),
    # a spokesperson of a body named after a genitive phrase
    (
        "Издание приводит слова представителя правозащитной организации Amnesty International: "
        '"Задержанных надо освободить немедленно".',
        "Задержанных надо освободить",
        "direct",
        "Amnesty International",
    ),
    # `в «Компании» сообщили`: a quoted name after the preposition
    (
        "В «Укрэнерго» сообщили, что подача электричества восстановлена.",
        "подача электричества восстановлена",
        "indirect",
        "Укрэнерго",
    ),
    # a text named again is the report named last
    (
        "Прибыль выросла вдвое, следует из годового отчета «Лукойла». Выручка тоже выросла. "
        "«Дивиденды будут выплачены в июле», — говорится в документе.",
        "Дивиденды будут выплачены",
        "direct",
        "Лукойл",
    ),
    # a place named as a text's author is the body seated there; no other organisation is guessed
    (
        "Слова министра цитирует агентство Reuters. В пресс-релизе на сайте Кремля сообщается, "
        "что переговоры прошли успешно.",
        "переговоры прошли успешно",
        "indirect",
        "Кремль",
    ),
    # a relaying outlet credits the relayed words to an earlier speaker only
    (
        "Вчера Сечин подписал соглашение, в котором пообещал снизить цены, передает агентство Reuters.",
        "Сечин подписал соглашение",
        "indirect",
        "Reuters",
    ),
]


@pytest.mark.parametrize(("text", "needle", "kind", "speaker"), FORMS, ids=[f[1][:30] for f in FORMS])
def test_speech_form(nlp: NLP, text: str, needle: str, kind: str, speaker: str | None) -> None:
    quotes, _ = annotate(nlp, text)
    hits = [q for q in quotes if needle in q.text]
    assert hits, f"no quote holds {needle!r}: {[q.text for q in quotes]}"
    quote = hits[0]
    assert quote.kind == kind
    assert shown(quote) == speaker


@pytest.mark.parametrize(
    "text",
    [
        "Твит вызвал скандал. «Это было ошибкой», — говорится в твите.",
        "Brexit заявил о себе в полную силу. «Всё изменится», — сказал он.",
        "Улица Пушкина перекрыта. «Проезда нет», — сообщили они.",
    ],
)
def test_non_speakers_are_never_shown(nlp: NLP, text: str) -> None:
    quotes, _ = annotate(nlp, text)
    for quote in quotes:
        assert shown(quote) is None, quote


def test_remarks_outside_speech_are_not_quotes(nlp: NLP) -> None:
    """A quoted name after a speech verb is the addressee, and a bare noun phrase no report."""
    text = "Об этом сообщил «Интерфаксу» депутат. Новость о его отставке подтвердили в МВД."
    quotes, _ = annotate(nlp, text)
    assert [q.text for q in quotes] == []


# --------------------------------------------------------------------------- invariant

NAMES = [
    "Тереза Мэй",
    "Борис Джонсон",
    "МИД России",
    "компания «Газпром»",
    "Москва",
    "Пакистан",
    "улица Пушкина",
    "Brexit",
    "твит",
    "документ",
]
SUBJECTS = NAMES + ["он", "она", "они", "министр", "эксперт", "в ведомстве", "в Кремле", "один из депутатов"]
VERBS = ["заявил", "сказала", "сообщили", "отметил", "добавила", "подчеркнули", "пишет", "говорится в"]
CLAUSES = [
    "все будет хорошо",
    "сделка невозможна",
    "переговоры продолжатся завтра",
    "решение принято окончательно",
]


@st.composite
def sentence(draw: st.DrawFn) -> str:
    subject, verb = draw(st.sampled_from(SUBJECTS)), draw(st.sampled_from(VERBS))
    clause = draw(st.sampled_from(CLAUSES))
    form = draw(st.integers(0, 5))
    if form == 0:
        return f"«{clause.capitalize()}», — {verb} {subject}."
    if form == 1:
        return f"{subject.capitalize()} {verb}, что {clause}."
    if form == 2:
        return f"{clause.capitalize()}, {verb} {subject}."
    if form == 3:
        return f"{subject.capitalize()}: «{clause.capitalize()}»."
    if form == 4:
        return f"По словам {subject}, {clause}."
    return f"{draw(st.sampled_from(NAMES)).capitalize()} прибыл в город."


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(sentence(), min_size=1, max_size=5))
def test_a_shown_speaker_is_a_person_or_an_organisation(nlp: NLP, sentences: list[str]) -> None:
    text = " ".join(sentences)
    quotes, entities = annotate(nlp, text)
    types: dict[str, set[str]] = {}
    for m in entities:
        types.setdefault(m.name, set()).add(m.type)
    places = {m.name.lower() for m in entities if m.type not in ("PER", "ORG")}
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
        if quote.speaker_text is not None:
            assert quote.speaker_start is not None and quote.speaker_end is not None
            assert text[quote.speaker_start : quote.speaker_end] == quote.speaker_text
        who = shown(quote)
        if who is None:
            continue
        assert who.lower() not in PRONOUNS, quote
        if quote.speaker is not None:
            assert types.get(quote.speaker, set()) & {"PER", "ORG"}, (quote, types.get(quote.speaker))
        elif who.lower() in places:
            # a place is shown only as the agent of the speech, the body seated there
            # (`в Кремле`, `заявил Москва`): its mention lies in the speaker's words
            lo, hi = quote.speaker_start or 0, quote.speaker_end or 0
            assert any(
                m.type not in ("PER", "ORG")
                and m.name.lower() == who.lower()
                and lo <= m.start
                and m.end <= hi
                for m in entities
            ), quote
