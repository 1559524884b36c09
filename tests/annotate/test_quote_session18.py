"""Session 18 (speakers): a person's gender from the predicates agreeing with her name, a
role's relation to an indeclinable name, posts sought or left; invented Russian (issue #10)."""

from __future__ import annotations

import pytest

from storyline.annotate.entities import extract_entities
from storyline.annotate.nlp import NLP
from storyline.annotate.segment import segment
from storyline.annotate.speaker_gender import agreed_genders, predicate_gender
from tests.annotate.quote_helpers import annotate, shown_words, the_quote


def test_agreeing_predicates_tell_a_foreign_womans_gender(nlp: NLP) -> None:
    # The tagger calls `Асию Биби` masculine; `провела` and `— заявила` say otherwise.
    text = (
        "Суд оправдал Асию Биби. Асия Биби провела восемь лет в тюрьме. "
        "«Я благодарна судьям», — заявила Биби. Прокурор Ахмед Хан заявил, что обжалует решение."
    )
    parsed = nlp.parse(text, segment(text))
    entities = extract_entities(parsed, nlp)
    genders = agreed_genders(parsed.tokens, [t.start for t in parsed.tokens], entities)
    assert genders.get("Асия Биби") == "Fem"
    assert all(g == "Masc" for name, g in genders.items() if "Хан" in name)


def test_a_predicate_after_a_noun_is_the_nouns(nlp: NLP) -> None:
    # `Адвокат Биби сообщил`: the verb agrees with `адвокат`, so it is no vote for Биби.
    text = "Адвокат Асии Биби сообщил, что жалоба подана. Адвокат Биби сообщил, что суд назначен."
    parsed = nlp.parse(text, segment(text))
    entities = extract_entities(parsed, nlp)
    genders = agreed_genders(parsed.tokens, [t.start for t in parsed.tokens], entities)
    assert not any("Биби" in name for name in genders)


def test_he_is_not_the_woman_the_tagger_called_masculine(nlp: NLP) -> None:
    text = (
        "Суд в Пакистане оправдал Асию Биби. Асия Биби провела восемь лет в тюрьме. "
        "Адвокат Биби, которого охранял полицейский, сообщил журналистам, что он доволен "
        "вердиктом. Он отметил, что опасается за безопасность своей подзащитной."
    )
    quotes, _ = annotate(nlp, text)
    assert "адвокат" in shown_words(the_quote(quotes, "доволен вердиктом"))
    later = shown_words(the_quote(quotes, "опасается за безопасность"))
    assert "адвокат" in later and "биби" not in later


def test_a_bare_role_is_its_present_holders(nlp: NLP) -> None:
    # `кандидатов в президенты` gives neither man the post; a `предыдущий президент` left it.
    text = (
        "Прошли дебаты кандидатов в президенты США Трампа и Байдена. Нынешний президент Дональд "
        "Трамп раскритиковал администрацию предыдущего президента Барака Обамы, когда Байден "
        "занимал должность вице-президента. «Не было никого жестче к России, чем я», — сказал "
        "президент США."
    )
    quotes, _ = annotate(nlp, text)
    assert "трамп" in shown_words(the_quote(quotes, "никого жестче"))


@pytest.mark.parametrize(
    ("word", "gender"),
    [("провела", "Fem"), ("заявил", "Masc"), ("уверена", "Fem"), ("заявили", None), ("заявляет", None)],
)
def test_predicate_gender(nlp: NLP, word: str, gender: str | None) -> None:
    text = f"Она {word}."
    tok = nlp.parse(text, segment(text)).tokens[1]
    assert predicate_gender(tok) == gender


def test_a_text_opening_with_a_pronoun_points_ahead(nlp: NLP) -> None:
    # A text scraped from mid-story: nobody before `Он`, the next man who speaks is meant.
    text = (
        "Он отметил, что работа посла заключается в том, чтобы доносить позицию США. "
        "Евродепутаты призывают остановить проект. Американский посол в Германии Ричард "
        "Гренелл заявил, что письма не были угрозой."
    )
    quotes, _ = annotate(nlp, text)
    assert "гренелл" in shown_words(the_quote(quotes, "работа посла"))


def test_a_pronoun_ahead_keeps_its_gender(nlp: NLP) -> None:
    text = (
        "Она заявила, что вакцина безопасна. Министр Иван Петров сообщил, что закупки идут. "
        "Глава минздрава Мария Иванова добавила, что прививки бесплатны."
    )
    quotes, _ = annotate(nlp, text)
    shown = shown_words(the_quote(quotes, "вакцина безопасна"))
    assert "иванова" in shown and "петров" not in shown


def test_a_site_named_by_its_address_speaks(nlp: NLP) -> None:
    # The full stops of `kp.ru` are no sentence end: the source is the site, the words after it.
    text = "Как сообщал сайт kp.ru, немецкие компании получили письма от посла."
    quote = the_quote(annotate(nlp, text)[0], "компании получили")
    assert "kp.ru" in shown_words(quote)
    assert quote.text.startswith("немецкие")


@pytest.mark.parametrize(
    ("text", "needle", "speaker"),
    [
        # an aside between the speech verb and its `что`
        (
            "Научный сотрудник РАН Константин Блохин заявил, в свою очередь, что санкции не помогут.",
            "санкции не помогут",
            "блохин",
        ),
        (
            "Кандидат Джо Байден заявил, со своей стороны, что разведка не проводила брифинги.",
            "разведка не проводила",
            "байден",
        ),
        # a belief attributed as an opinion is (`по его убеждению` as `по его мнению`)
        (
            "Министр Павел Климкин выступил в Брюсселе. По его убеждению, Россия будет применять "
            "другие методы.",
            "Россия будет применять",
            "климкин",
        ),
        # the full stops of an abbreviated role (`и. о.`) do not end the source
        (
            "Как заявил и. о. главы Центра здоровья Игорь Кузин, на данный момент вакцина неизвестна.",
            "вакцина неизвестна",
            "кузин",
        ),
    ],
)
def test_forms_of_reported_speech(nlp: NLP, text: str, needle: str, speaker: str) -> None:
    quotes, _ = annotate(nlp, text)
    assert speaker in shown_words(the_quote(quotes, needle))


@pytest.mark.parametrize(
    ("text", "needle", "speaker"),
    [
        # a conviction after a comma is a trailing frame
        (
            "В дальнейшем это должно привести к отставке самой Терезы Мэй, уверено издание The Guardian.",
            "отставке самой",
            "guardian",
        ),
        (
            "Экономика восстановится через год, уверен министр финансов Антон Силуанов.",
            "Экономика",
            "силуанов",
        ),
        # an inanimate body after a present-tense frame verb, tagged as its object
        (
            "Некоторые из них могут повлиять на способность выполнять задачи, предупреждает Центр "
            "контроля заболеваний США.",
            "могут повлиять",
            "центр контроля",
        ),
    ],
)
def test_trailing_frames(nlp: NLP, text: str, needle: str, speaker: str) -> None:
    quotes, _ = annotate(nlp, text)
    assert speaker in shown_words(the_quote(quotes, needle))


def test_a_conviction_before_its_clause_stays_a_conviction(nlp: NLP) -> None:
    # `Она уверена, что …` is no trailing frame: no comma before the predicate
    quotes, _ = annotate(nlp, "Министр Иван Петров уверен, что сделка состоится.")
    assert all("Министр" not in q.text for q in quotes)


def test_a_negated_ruling_out_reports_a_view(nlp: NLP) -> None:
    quotes, _ = annotate(
        nlp, "Министр Иван Петров не исключил, что переговоры продолжатся. Суд исключил, что улики подделаны."
    )
    assert "петров" in shown_words(the_quote(quotes, "переговоры продолжатся"))
    assert not any("улики" in q.text for q in quotes)  # ruling out says nothing


def test_a_relayer_pronoun_before_the_cited_text(nlp: NLP) -> None:
    # `процитировал он заявление офиса Мэй`: the statement's author spoke, not the journalist
    text = (
        "Об отставке первым сообщил журналист BBC. «Сегодня днем премьер-министр приняла "
        "заявление Джонсона об уходе», — процитировал он заявление офиса Мэй."
    )
    shown = shown_words(the_quote(annotate(nlp, text)[0], "премьер-министр приняла"))
    assert "офиса мэй" in shown and "bbc" not in shown


def test_a_text_written_by_the_head_of_a_body_is_the_heads(nlp: NLP) -> None:
    text = (
        "Новым министром иностранных дел стал Джереми Хант. Новый глава МИД написал в Twitter, "
        "что это большая честь. «Самое время поддержать нашего премьер-министра», – сказано в твите."
    )
    assert "хант" in shown_words(the_quote(annotate(nlp, text)[0], "Самое время"))


def test_a_text_named_again_is_its_makers(nlp: NLP) -> None:
    # the body the report is about (`ГРУ`) did not write it; the subject that made it did
    text = (
        "В ноябре Исследовательская служба конгресса подготовила доклад о деятельности российской "
        "разведки, в котором ГРУ обвиняется в кибероперациях. «Эти операции зачастую проводятся "
        "агрессивно», — отмечается в документе."
    )
    shown = shown_words(the_quote(annotate(nlp, text)[0], "Эти операции"))
    assert "исследовательская служба" in shown and "гру" not in shown


def test_a_follow_on_of_an_unsourced_text_is_found(nlp: NLP) -> None:
    text = (
        "«Мы рекомендуем избирателям обращаться к надёжным источникам», — говорится в заявлении. "
        "Сообщается также, что особенно активно в СМИ будут освещаться случаи вмешательства."
    )
    the_quote(annotate(nlp, text)[0], "особенно активно")
    # opening a text it has nothing to continue
    alone = "Сообщается, что особенно активно в СМИ будут освещаться случаи вмешательства."
    assert not annotate(nlp, alone)[0]


def test_a_promise_with_a_time_phrase_before_its_infinitive(nlp: NLP) -> None:
    text = "В НАКе сообщили, что решение временное. В НАКе пообещали в ближайшее время подать суду пояснения."
    assert "нак" in shown_words(the_quote(annotate(nlp, text)[0], "подать суду"))


@pytest.mark.parametrize(
    ("text", "needle", "speaker"),
    [
        ("Однако Блохин обращает внимание на то, что в ФБР работают противники Трампа.", "в ФБР", "блохин"),
        (
            "Асия Биби подала апелляцию. Биби надеется, что Верховный суд отменит приговор.",
            "Верховный",
            "биби",
        ),
    ],
)
def test_a_remark_and_a_hope_report_a_view(nlp: NLP, text: str, needle: str, speaker: str) -> None:
    assert speaker in shown_words(the_quote(annotate(nlp, text)[0], needle))


def test_a_hope_needs_its_clause(nlp: NLP) -> None:
    assert not annotate(nlp, "Министр Иван Петров надеется на скорое решение суда.")[0]


def test_a_decisions_wording_is_its_makers(nlp: NLP) -> None:
    text = (
        "Как передает BBC, Верховный суд оправдал Асию Биби с формулировкой «обвинению "
        "категорически не удалось обосновать свою правоту»."
    )
    shown = shown_words(the_quote(annotate(nlp, text)[0], "обвинению категорически"))
    assert "суд" in shown and "bbc" not in shown
