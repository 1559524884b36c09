"""The speech mechanisms of round 6 (issue #10), each on invented Russian text: a place
acting as the body seated there, claims and convictions through a complement clause,
`как в свою очередь`, `а последний`, a role that points ahead from the lead sentence, a
straight closing mark after a space, and texts whose authors are described, not named."""

from __future__ import annotations

import pytest

from storyline.annotate.nlp import NLP
from storyline.annotate.quote_marks import quoted_spans
from storyline.annotate.quotes import extract_quotes
from storyline.annotate.segment import segment
from storyline.model import EntityMention
from tests.annotate.quote_helpers import annotate, the_quote
from tests.annotate.quote_helpers import shown_words as shown

# (text, needle in the quote, a stem of the speaker shown)
CASES = [
    # a seat of power as the subject, and after `в` with a plural verb
    ("Белый дом сообщил, что визит президента отложен до осени.", "визит президента отложен", "белый дом"),
    ("В Лондоне считают, что новые пошлины ударят по экспортерам.", "новые пошлины ударят", "лондон"),
    # a claim reported with `, что`
    (
        "Сенатор Джон Смит обвинил губернатора Пола Брауна, что тот скрыл данные о бюджете.",
        "скрыл данные о бюджете",
        "смит",
    ),
    # a conviction with `, что`
    (
        "Министр финансов Антон Силуанов выступил в Думе. Министр уверен, что бюджет будет исполнен.",
        "бюджет будет исполнен",
        "силуанов",
    ),
    # `как` a few words before a parenthetical verb
    (
        "Глава ведомства Ольга Петрова выступила на совещании. Как в свою очередь сообщил министр "
        "Иван Сидоров, запасы топлива достаточны до весны.",
        "запасы топлива достаточны",
        "сидоров",
    ),
    # the latter: the person named last
    (
        "Губернатор Пол Браун встретился с сенатором Джоном Смитом, а последний заявил, что "
        "соглашение будет подписано в мае.",
        "соглашение будет подписано",
        "смит",
    ),
    # a role in the lead sentence points to the first person a later sentence gives it
    (
        "Действующий премьер-министр страны утверждает, что налоги не вырастут.\n\n"
        "Премьер-министр Марк Ривз выступил в парламенте во вторник.",
        "налоги не вырастут",
        "ривз",
    ),
    # authors described, not named
    (
        "Санкции не помогут, а только ухудшат положение, говорится в комментарии экономистов.",
        "Санкции не помогут",
        "экономист",
    ),
]


@pytest.mark.parametrize(("text", "needle", "stem"), CASES)
def test_round6_speakers(nlp: NLP, text: str, needle: str, stem: str) -> None:
    quotes, _ = annotate(nlp, text)
    assert stem in shown(the_quote(quotes, needle))


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
    assert "герман" not in shown(quote)


def test_accusation_without_a_clause_is_no_quote(nlp: NLP) -> None:
    quotes, _ = annotate(nlp, "Сенатор Джон Смит обвинил губернатора Пола Брауна во лжи и растрате.")
    assert not [q for q in quotes if "лжи" in q.text]


def test_substantive_latter_only(nlp: NLP) -> None:
    """`последний раз` is an adverbial: no speaker from it."""
    quotes, _ = annotate(nlp, "Последний раз министр сказал, что реформа начнется в июле.")
    assert "последн" not in shown(the_quote(quotes, "реформа начнется"))


def test_straight_closer_after_a_space() -> None:
    text = '"Мы не уступим, сказал он мне. Не было никого жестче, чем Смит ", - сказал министр.'
    assert [text[a : b + 1] for a, b in quoted_spans(text)] == [
        '"Мы не уступим, сказал он мне. Не было никого жестче, чем Смит "'
    ]
    # an opener after a space is still an opener
    names = 'компании "Газпром" и "Нафтогаз".'
    assert [names[a : b + 1] for a, b in quoted_spans(names)] == ['"Газпром"', '"Нафтогаз"']


CASES_MORE = [
    # a full stop glued to the next sentence still ends the sentence
    (
        "Вице-премьер Ольга Петрова выступила в эфире телеканала.Как сообщила глава ведомства "
        "Анна Смирнова, запасы вакцины достаточны. Она отметила, что прививки будут бесплатными.",
        "прививки будут бесплатными",
        "смирнов",
    ),
    # a foreign name after a dative role noun is the addressee, not the speaker
    (
        "Бывший министр Борис Джонсон выступил в парламенте. В письме к министру внутренних дел "
        "Саджиду Джавиду он написал: «Мы не можем позволить угрозам остановить нас».",
        "Мы не можем позволить",
        "джонсон",
    ),
    # a converb's clause is said by the main clause's speaker, even when that one frames none
    (
        "Отметив, что Анна Смирнова «освобождена от всех обвинений решением суда», в "
        "Министерстве иностранных дел Франции заявили о полной свободе передвижения.",
        "освобождена от всех обвинений",
        "министерств",
    ),
]


@pytest.mark.parametrize(("text", "needle", "stem"), CASES_MORE)
def test_round6_more_speakers(nlp: NLP, text: str, needle: str, stem: str) -> None:
    quotes, _ = annotate(nlp, text)
    assert stem in shown(the_quote(quotes, needle))


def test_a_converb_quote_stops_before_the_main_clause(nlp: NLP) -> None:
    text = (
        "Отметив, что Анна Смирнова «освобождена от всех обвинений решением суда», в "
        "Министерстве иностранных дел Франции заявили о полной свободе передвижения."
    )
    quotes, _ = annotate(nlp, text)
    assert "заявили" not in the_quote(quotes, "освобождена").text


def test_a_span_over_two_people_gives_the_speaker_back(nlp: NLP) -> None:
    """`к Мэй Джонсон предупредил`: one NER span over the addressee and the speaker."""
    text = (
        "Премьер Тереза Мэй собрала кабинет. Министр Борис Джонсон ушел в отставку. "
        "В своем обращении к Мэй Джонсон предупредил, что страна станет колонией."
    )
    parsed = nlp.parse(text, segment(text))

    def mention(words: str, name: str) -> EntityMention:
        start = text.index(words, text.index("обращении") if words == "Мэй Джонсон" else 0)
        return EntityMention(start, start + len(words), words, "PER", name)

    entities = [
        mention("Тереза Мэй", "Тереза Мэй"),
        mention("Борис Джонсон", "Борис Джонсон"),
        mention("Мэй Джонсон", "Мэй Джонсон"),
    ]
    quote = the_quote(extract_quotes(parsed, entities, nlp), "страна станет колонией")
    assert quote.speaker == "Борис Джонсон"
    assert quote.speaker_text == "Джонсон"


CASES_AFTER_HELD_OUT = [
    # `В этом … заверила` recaps the sentence before, like `Об этом`
    (
        "Премьер Анна Смирнова намерена снизить налоги для малого бизнеса. В этом глава "
        "правительства заверила депутатов.",
        "намерена снизить налоги",
        "смирнов",
    ),
    # a spaced hyphen before a trailing frame is a dash
    (
        "Мы снизим налоги для всех малых предприятий уже весной, - сказала министр Анна Смирнова.",
        "Мы снизим налоги",
        "смирнов",
    ),
    # a Latin organisation name carries no case and is still the subject
    (
        "Как отмечает Reuters, в прошлую пятницу парламент единогласно принял постановление.",
        "парламент единогласно принял",
        "reuters",
    ),
    # a role word goes to who spoke through the attribution, not a name in the reported words
    (
        "Лидер оппозиции Фазлур Рехман выступил на митинге. По словам Рехмана, то, как Запад "
        "празднует освобождение Асии Биби, доказывает его правоту. По мнению политика, "
        "правительство уступило давлению.",
        "правительство уступило давлению",
        "рехман",
    ),
    # `офис` is an institution word
    (
        "Визит пройдет по плану, говорится в заявлении офиса президента.",
        "Визит пройдет по плану",
        "офис",
    ),
]


@pytest.mark.parametrize(("text", "needle", "stem"), CASES_AFTER_HELD_OUT)
def test_forms_added_after_the_held_out_score(nlp: NLP, text: str, needle: str, stem: str) -> None:
    quotes, _ = annotate(nlp, text)
    assert stem in shown(the_quote(quotes, needle))


def test_in_this_year_is_no_recap(nlp: NLP) -> None:
    text = "Завод выпустил сто тысяч машин. В этом году директор сообщил о новых планах."
    quotes, _ = annotate(nlp, text)
    assert not [q for q in quotes if "сто тысяч машин" in q.text]


def test_a_place_adjective_is_not_a_texts_author(nlp: NLP) -> None:
    """`в отчете российской компании`: the company wrote it, not Russia."""
    quotes, _ = annotate(
        nlp, "Акции компании арестованы по решению суда, говорится в отчете российской компании."
    )
    quote = the_quote(quotes, "арестованы по решению суда")
    assert "росси" not in shown(quote)


def test_a_place_adjective_is_no_seat(nlp: NLP) -> None:
    """`Российская сторона заявила`: the side speaks, shown as written with its adjective
    (round 7); the adjective's place is never shown as a seat speaking (`Россия`, `Русь`)."""
    quotes, _ = annotate(nlp, "Российская сторона заявила, что проект является коммерческим.")
    quote = the_quote(quotes, "проект является коммерческим")
    assert (quote.speaker_label or "").lower() == "российская сторона"
    assert quote.speaker is None
