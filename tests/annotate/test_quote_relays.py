"""Outlets that pass words on (issue #10), on invented Russian text: the relayed speaker is
credited and never the agency (`…, сообщает агентство Рейтер`, `цитирует РИА Новости Собянина`,
`Как напоминает RT`); a text an outlet carried is its makers'; an outlet speaks only for words
it wrote itself."""

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

CLAIM = "Правительство Казахстана утвердило новый бюджет на следующий год. "


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


def test_a_statement_announced_with_a_colon_is_its_authors_not_the_relaying_outlet(nlp: NLP) -> None:
    quote = the_quote(annotate(nlp, ANNOUNCED)[0], "не согласен с результатом")
    assert "трамп" in shown_words(quote) and "new york" not in shown_words(quote)


def test_a_colon_without_a_text_noun_keeps_the_relaying_source(nlp: NLP) -> None:
    text = ANNOUNCED.replace(
        "а заявление Дональда Трампа пришло через несколько минут и звучало так", "итоги утверждены"
    )
    quote = the_quote(annotate(nlp, text)[0], "не согласен с результатом")
    assert "new york" in shown_words(quote)


def test_a_relay_aside_with_any_speech_verb_leaves_the_clause_to_its_subject(nlp: NLP) -> None:
    text = (
        "Как напоминает RT, источник немецкой газеты Die Welt проинформировал, что Вашингтон "
        "готовит новые санкции против европейских компаний."
    )
    quote = the_quote(annotate(nlp, text)[0], "готовит новые санкции")
    assert "источник" in shown_words(quote)
    assert "rt" not in shown_words(quote).split()


def test_a_relay_aside_alone_still_credits_the_outlet(nlp: NLP) -> None:
    text = "Как напоминает RT, Вашингтон готовит новые санкции против европейских компаний."
    quote = the_quote(annotate(nlp, text)[0], "готовит новые санкции")
    assert "rt" in shown_words(quote)


def test_words_of_a_person_noun_are_that_persons(nlp: NLP) -> None:
    text = (
        "Замминистра Александр Грушко выступил на форуме. «Любой государственный деятель должен "
        "руководствоваться экономическими соображениями», — приводит слова дипломата издание."
    )
    quote = the_quote(annotate(nlp, text)[0], "руководствоваться экономическими")
    assert quote.speaker == "Александр Грушко"


def test_words_without_a_person_noun_stay_the_outlets(nlp: NLP) -> None:
    text = (
        "Замминистра Александр Грушко выступил на форуме. «Любой государственный деятель должен "
        "руководствоваться экономическими соображениями», — приводит слова из доклада издание."
    )
    quote = the_quote(annotate(nlp, text)[0], "руководствоваться экономическими")
    assert quote.speaker != "Александр Грушко"


def test_a_recaps_cited_named_source_is_the_speaker(nlp: NLP) -> None:
    text = CLAIM + "Об этом сообщает газета «Известия» со ссылкой на РИА Новости."
    quote = the_quote(annotate(nlp, text)[0], "утвердило новый бюджет")
    assert "риа" in shown_words(quote)
    assert "известия" not in shown_words(quote)


def test_a_recaps_unnamed_cited_source_leaves_the_outlet(nlp: NLP) -> None:
    text = CLAIM + "Об этом сообщает газета «Известия» со ссылкой на источник в правительстве."
    quote = the_quote(annotate(nlp, text)[0], "утвердило новый бюджет")
    assert "известия" in shown_words(quote)


def test_a_frame_relayed_by_a_trailing_frame(nlp: NLP) -> None:
    """`…, заявил министр Антон Силуанов, сообщает агентство Рейтер`: the minister's words,
    passed on by the agency; a clause whose main verb speaks (`, ответила оскорблениями …`) is
    no frame (round 7, from the 50 quotes read by hand)."""
    quotes, _ = annotate(
        nlp,
        "Власти Канады проводят переговоры по делу о пошлинах, заявил министр финансов Антон Силуанов, "
        "сообщает агентство Рейтер.",
    )
    assert "силуанов" in shown_words(the_quote(quotes, "проводят переговоры"))
    assert len([q for q in quotes if "проводят переговоры" in q.text]) == 1
    quotes, _ = annotate(
        nlp,
        "Соседки предложили ей уйти, на что она, по утверждению обвинения, ответила оскорблениями соседкам.",
    )
    assert [q for q in quotes if "ответила оскорблениями" in q.text]


def test_a_relaying_outlet_is_not_the_author(nlp: NLP) -> None:
    """`…, передает Reuters. «…», говорится в сообщении`: the agency passed the message on."""
    quotes, _ = annotate(
        nlp,
        'Об этом сообщает офис премьер-министра Канады, передает Reuters. "Мы готовы к переговорам", '
        "говорится в сообщении.",
    )
    assert "reuters" not in shown_words(the_quote(quotes, "Мы готовы к переговорам"))
    assert not any(q.text.startswith("Об этом") for q in quotes)


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


def test_an_outlet_citing_a_named_source_passes_its_words_on(nlp: NLP) -> None:
    """`ссылаясь на X` / `сославшись на X` / `со ссылкой на X` after an outlet's speech verb: X
    spoke, in a recap and in a trailing or dashed frame alike."""
    texts = (
        "Завод остановят на ремонт до весны. Об этом пишет газета «Ведомости», ссылаясь на министра "
        "промышленности Ивана Петрова.",
        "Завод остановят на ремонт до весны, сообщила газета «Ведомости», сославшись на министра "
        "промышленности Ивана Петрова.",
        "«Завод остановят на ремонт до весны», — пишет газета «Ведомости» со ссылкой на министра "
        "промышленности Ивана Петрова.",
    )
    for text in texts:
        shown = shown_words(the_quote(annotate(nlp, text)[0], "остановят на ремонт"))
        assert "петров" in shown and "ведомост" not in shown, text


def test_an_outlet_citing_unnamed_sources_keeps_the_words(nlp: NLP) -> None:
    """Counter-case: `ссылаясь на собственные источники` names nobody; the outlet is shown."""
    text = "Завод остановят на ремонт до весны, пишет газета «Ведомости», ссылаясь на собственные источники."
    assert "ведомост" in shown_words(the_quote(annotate(nlp, text)[0], "остановят на ремонт"))


def test_an_outlet_of_latin_words_after_a_trailing_frame_only_relays(nlp: NLP) -> None:
    """`…, заявил X, сообщает Arab News`: a Latin name of two words (tagged foreign, no case) is
    the relaying outlet's subject; the words before are X's, not the outlet's."""
    text = "Судьи верховного суда заслуживают наказания, заявил Сергей Смирнов, сообщает Arab News."
    quotes, _ = annotate(nlp, text)
    shown = shown_words(the_quote(quotes, "заслуживают наказания"))
    assert "смирнов" in shown and "arab" not in shown
    assert not any("сообщает" in q.text for q in quotes)


def test_an_outlet_of_one_latin_word_after_a_trailing_frame_only_relays(nlp: NLP) -> None:
    """Counter-case, as before: a one-word outlet (`Reuters`, tagged a proper noun)."""
    text = "Судьи верховного суда заслуживают наказания, заявил Сергей Смирнов, сообщает Reuters."
    assert "смирнов" in shown_words(the_quote(annotate(nlp, text)[0], "заслуживают наказания"))
