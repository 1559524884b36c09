"""Round-11c (quotes) mechanisms (issue #10) on invented Russian text, each both ways: a recap
whose outlet cites a named source (`сообщает «Известия» со ссылкой на РИА Новости`), a recap opened
by an opinion noun (`Такое мнение … высказал X`), `С его слов` as `по его словам`, a page on a
platform that is where the speaker wrote, not who (`на своей странице в Facebook`), and a speaker
apposed after the claim with a participle phrase after the name (`…, отметил профессор Иван
Петров, специализирующийся на …`)."""

from __future__ import annotations

from storyline.annotate.nlp import NLP
from tests.annotate.quote_helpers import annotate, shown_words, the_quote

CLAIM = "Правительство Казахстана утвердило новый бюджет на следующий год. "


def test_a_recaps_cited_named_source_is_the_speaker(nlp: NLP) -> None:
    text = CLAIM + "Об этом сообщает газета «Известия» со ссылкой на РИА Новости."
    quote = the_quote(annotate(nlp, text)[0], "утвердило новый бюджет")
    assert "риа" in shown_words(quote)
    assert "известия" not in shown_words(quote)


def test_a_recaps_unnamed_cited_source_leaves_the_outlet(nlp: NLP) -> None:
    text = CLAIM + "Об этом сообщает газета «Известия» со ссылкой на источник в правительстве."
    quote = the_quote(annotate(nlp, text)[0], "утвердило новый бюджет")
    assert "известия" in shown_words(quote)


def test_an_opinion_noun_recap_credits_the_sentence_before(nlp: NLP) -> None:
    text = (
        "Отставка министра финансов станет началом большой реформы в правительстве. Такое мнение "
        "в беседе с журналистами высказал политолог Андрей Смирнов."
    )
    quote = the_quote(annotate(nlp, text)[0], "началом большой реформы")
    assert quote.speaker == "Андрей Смирнов"


def test_an_opinion_noun_without_a_speech_verb_is_no_recap(nlp: NLP) -> None:
    text = (
        "Отставка министра финансов станет началом большой реформы в правительстве. Такое мнение "
        "широко распространено среди депутатов."
    )
    quotes = annotate(nlp, text)[0]
    assert not [q for q in quotes if "началом большой реформы" in q.text]


def test_s_ego_slov_reads_as_po_ego_slovam(nlp: NLP) -> None:
    text = (
        "Депутат Алексей Поляков покинул заседание фракции. С его слов, он не собирается "
        "переходить в другую партию."
    )
    quote = the_quote(annotate(nlp, text)[0], "не собирается переходить")
    assert quote.speaker == "Алексей Поляков"


def test_so_slovami_is_no_attribution(nlp: NLP) -> None:
    text = (
        "Депутат Алексей Поляков покинул заседание фракции. Со словами благодарности коллегам он "
        "вышел из зала."
    )
    quotes = annotate(nlp, text)[0]
    assert not [q for q in quotes if "вышел из зала" in q.text]


EMBASSY = "Посольство России в США выступило с заявлением. "


def test_a_platform_after_the_subjects_own_page_is_not_the_speaker(nlp: NLP) -> None:
    text = EMBASSY + (
        "Диппредставительство на своей странице в Facebook подчеркивает, что премия присуждена за "
        "ложные материалы."
    )
    quote = the_quote(annotate(nlp, text)[0], "премия присуждена")
    assert "facebook" not in shown_words(quote)
    assert quote.speaker == "Посольство России"


def test_a_message_noun_without_svoy_keeps_its_author(nlp: NLP) -> None:
    text = EMBASSY + "В заявлении МИД Франции говорится, что премия присуждена за ложные материалы."
    quote = the_quote(annotate(nlp, text)[0], "премия присуждена")
    assert "мид франции" in shown_words(quote)


DIET_CLAIM = "Даже небольшие изменения в рационе могут вызвать обострение симптомов, отметила диетолог, "


def test_a_second_description_with_a_participle_after_the_name_is_the_speaker(nlp: NLP) -> None:
    text = DIET_CLAIM + "профессор Карен Мэдсен, специализирующаяся на заболеваниях кишечника."
    quote = the_quote(annotate(nlp, text)[0], "небольшие изменения в рационе")
    assert quote.speaker == "Карен Мэдсен"


def test_a_participle_after_a_lone_description_names_nobody_else(nlp: NLP) -> None:
    text = DIET_CLAIM + "специализирующаяся на заболеваниях кишечника."
    quote = the_quote(annotate(nlp, text)[0], "небольшие изменения в рационе")
    assert quote.speaker is None
    assert "диетолог" in shown_words(quote)
