"""Session 19 (quotes): dash dialogues and `Вопрос:`/`Ответ:` interviews whose answerer the
lead names, answers over several paragraphs, and `По словам X, <clause>: «…»` (issue #10).
Excerpts of bsnlp-ru us_election_2020 `elections_ru_96` (Meduza's interview of Michael
Tomasky) and `elections_ru_16` (Apostrof's of Vasyl Filipchuk), two texts in no gold, read
for these forms because no tuned-on gold holds them, and of FactRuEval-2016 devset book_142
(the spent gold session18-nerel-blind); the ones marked invented are not from a corpus."""

from __future__ import annotations

from storyline.annotate.nlp import NLP
from tests.annotate.quote_helpers import annotate, shown_words, the_quote

MEDUZA = (
    "О том, как работают праймериз, почему в США нет прямых выборов президента, и о том, сможет "
    "ли Клинтон победить Дональда Трампа, журналист «Медузы» Константин Бенюмов поговорил с "
    "американским журналистом и политологом Майклом Томаски.\n\n"
    "— Со стороны кажется, что главная проблема праймериз — сложность самих процедур. Внутри США "
    "больше обеспокоены их нерепрезентативностью и непрозрачностью.\n\n"
    "— Безусловно, это очень несовершенная система, но она позволяет людям участвовать в выборе "
    "кандидатов. Несовершенства в основном исторические — праймериз и кокусы в США проводились "
    "не всегда.\n\n"
    "Очень важная деталь: Конституция США оставляет за штатами право самостоятельно определять "
    "порядок и процедуру проведения выборов. И это, конечно, полный бардак.\n\n"
    "— Расскажите еще про делегатов. Как так выходит, что кандидат, получивший в штате больше "
    "половины голосов, может получить меньше половины делегатов?\n\n"
    "— Это еще одна большая странность. И сложностей тут еще больше.\n\n"
    "Избиратели перед голосованием на праймериз в Нью-Джерси, 7 июня 2016 года Фото: Justine "
    "Lane / EPA / Scanpix / LETA\n\n"
    "— Как бы вы оценили шансы Трампа на победу?\n\n"
    "— Перспектива Трампа на посту президента меня ужасает! Он слишком непредсказуемый, слишком "
    "тщеславный и мелочный. Он говорит, что уничтожит «Исламское государство» за две недели."
)


def test_dash_answers_are_the_words_of_whom_the_lead_says_was_interviewed(nlp: NLP) -> None:
    quotes, _ = annotate(nlp, MEDUZA)
    for needle in ("это очень несовершенная система", "Это еще одна большая странность", "меня ужасает"):
        assert "томаски" in shown_words(the_quote(quotes, needle))


def test_dash_questions_are_no_quotes(nlp: NLP) -> None:
    quotes, _ = annotate(nlp, MEDUZA)
    assert not any("Расскажите еще" in q.text or "Со стороны кажется" in q.text for q in quotes)
    assert not any("шансы Трампа" in q.text for q in quotes)


def test_an_answer_runs_on_over_its_paragraphs_but_not_over_a_caption(nlp: NLP) -> None:
    quotes, _ = annotate(nlp, MEDUZA)
    assert "томаски" in shown_words(the_quote(quotes, "Конституция США оставляет за штатами"))
    assert not any("Фото" in q.text or "Нью-Джерси" in q.text for q in quotes)


def test_a_pronoun_inside_an_answer_is_not_the_answerer(nlp: NLP) -> None:
    quotes, _ = annotate(nlp, MEDUZA)
    assert "томаски" not in shown_words(the_quote(quotes, "уничтожит «Исламское государство»"))


def test_dashes_without_a_named_interviewee_give_no_quotes(nlp: NLP) -> None:
    # Invented: the same turns with a lead that names nobody interviewed.
    text = "Праймериз в США идут уже полгода.\n\n" + MEDUZA.split("\n\n", 1)[1]
    quotes, _ = annotate(nlp, text)
    assert not any("несовершенная система" in q.text for q in quotes)


def test_a_dash_list_is_no_dialogue(nlp: NLP) -> None:
    # Invented: a list of dashes with no questions.
    text = (
        "Министр Иван Петров побеседовал с журналистами.\n\n"
        "— рост цен на топливо составил 5%;\n\n— в регионе открыли три школы;\n\n"
        "— бюджет выполнен на 90%;\n\n— зарплаты выросли на 7%."
    )
    quotes, _ = annotate(nlp, text)
    assert not any("три школы" in q.text for q in quotes)


def test_labelled_answers_are_the_interviewees(nlp: NLP) -> None:
    # Invented layout of real words (elections_ru_96) with `Вопрос:` / `Ответ:` labels.
    text = (
        "Журналист «Медузы» Константин Бенюмов поговорил с политологом Майклом Томаски.\n\n"
        "Вопрос: Система непрямого голосования с участием коллегии выборщиков не кажется вам странной?\n\n"
        "Ответ: Очень даже кажется. Истоки этой системы тоже следует искать в Конституции.\n\n"
        "Вопрос: Она еще актуальна?\n\n"
        "Ответ: Актуальна или нет, но она существует, и у нас нет выбора, кроме как ею пользоваться."
    )
    quotes, _ = annotate(nlp, text)
    assert "томаски" in shown_words(the_quote(quotes, "Истоки этой системы"))
    assert "томаски" in shown_words(the_quote(quotes, "у нас нет выбора"))
    assert not any("не кажется вам странной" in q.text for q in quotes)


APOSTROF = (
    "Апостроф: Какие окна возможностей открываются перед Украиной, учитывая приход в Белый дом "
    "новой администрации и нового президента Соединенных Штатов Америки Джо Байдена?\n\n"
    "Василий Филипчук: Окна возможностей открываются и перед Соединенными Штатами, и перед "
    "Украиной, и перед всем миром. Давайте четко подытожим то, с кем мы попрощались.\n\n"
    "Поэтому в целом тот чрезвычайный оптимизм, который сейчас излучают европейские лидеры, "
    "вполне обоснован. Байден действительно опытный политик.\n\n"
    "— В чем же была проблема Трампа?\n\n"
    "— Был Трамп, и был Госдеп. Сейчас, слава Богу, это все меняется.\n\n"
    "— Что нам нужно от США? Чего мы хотим от Джо Байдена?\n\n"
    "— Это главный вопрос. Мы полностью потеряли активность в нашей внешней политике."
)


def test_a_named_answer_runs_on_to_the_next_turn_and_the_dashes_keep_its_answerer(nlp: NLP) -> None:
    quotes, _ = annotate(nlp, APOSTROF)
    assert "филипчук" in shown_words(the_quote(quotes, "чрезвычайный оптимизм"))
    assert "филипчук" in shown_words(the_quote(quotes, "Мы полностью потеряли активность"))
    assert not any("Чего мы хотим" in q.text for q in quotes)


def test_po_slovam_clause_before_a_colon_quote_is_reported_too(nlp: NLP) -> None:
    text = (
        "По словам приднестровского аналитика Романа Коноплева, Крым не единственный объект "
        "пристального интереса Анкары на постсоветском пространстве: «Турция наравне с Россией "
        "является стратегическим партнером Гагаузской автономии Молдавской республики», — сказал "
        "Роман Коноплев Русской службе «Голоса Америки»."
    )
    quotes, _ = annotate(nlp, text)
    reported = the_quote(quotes, "Крым не единственный объект")
    assert "коноплев" in shown_words(reported)
    assert "Турция" not in reported.text
    assert "коноплев" in shown_words(the_quote(quotes, "стратегическим партнером"))


def test_a_message_noun_with_its_author_reports_the_clause_with_no_speech_verb(nlp: NLP) -> None:
    # bsnlp-ru nord_stream Nord_Stream_2_extra.xml file_11 (half A of the tuned-on quote sets).
    text = (
        "В связи с очередными американскими угрозами в адрес европейских строительных компаний "
        "имеет смысл вспомнить совсем недавнее, предновогоднее, заявление еврокомиссара по бюджету "
        "Гюнтера Эттингера о том, что угрозы со стороны США не остановят строительство этого газопровода."
    )
    quotes, _ = annotate(nlp, text)
    assert "эттингер" in shown_words(the_quote(quotes, "не остановят строительство"))


def test_a_message_noun_without_a_person_or_body_reports_nothing(nlp: NLP) -> None:
    # Invented: the author of `статья` is a law, nobody who speaks.
    text = "В учебнике приведена статья закона о том, что выборы проводятся раз в пять лет."
    quotes, _ = annotate(nlp, text)
    assert not any("раз в пять лет" in q.text for q in quotes)


def test_an_adverb_may_open_a_trailing_frame(nlp: NLP) -> None:
    # bsnlp-ru nord_stream Nord_Stream_2_extra.xml file_699 (half A of the tuned-on quote sets).
    text = (
        "О том, что строительство газопровода — исключительно коммерческий проект, неоднократно "
        "заявляла и Москва, отмечая, что запуск «Северного потока — 2» не прервет транзит СПГ из "
        "России в Европу через Украину."
    )
    quotes, _ = annotate(nlp, text)
    claim = the_quote(quotes, "исключительно коммерческий проект")
    assert "москв" in shown_words(claim)
    assert "неоднократно" not in claim.text


def test_a_clause_that_frames_the_colon_quote_is_no_claim(nlp: NLP) -> None:
    # bsnlp-ru asia_bibi file_107 (in no gold; a new quote of the first form of the rule above,
    # found in the diff of every bsnlp-ru quote): the clause is the direct quote's frame.
    text = (
        "По словам обвинительницы, Биби ответила на эту фразу так: «Я верю в Иисуса Христа, "
        "который умер на кресте за грехи человечества»."
    )
    quotes, _ = annotate(nlp, text)
    assert not any(q.text.startswith("Биби ответила") for q in quotes)


def test_a_relative_adverb_opens_no_trailing_frame(nlp: NLP) -> None:
    # bsnlp-ru covid-19 coronavirus_ru_19 and us_election_2020 elections_ru_71 (in no gold),
    # found in the same diff: `, где указана …` and `— так прокомментировали` frame nothing new.
    text = (
        "Ни одна вакцинация в Республике Казахстан не предполагает никакого чипирования людей. "
        "Перед тем, как получить прививку, каждый человек сможет ознакомиться с инструкцией, где "
        "указана информация о составе вакцины.\n\n"
        "«Сегодняшний победитель? Кнопка „Отключить звук“ на вашем пульте от телевизора», — так "
        "прокомментировали итоги первых дебатов в эфире CNN."
    )
    quotes, _ = annotate(nlp, text)
    assert not any("ознакомиться с инструкцией" in q.text for q in quotes)
    assert len([q for q in quotes if "Отключить звук" in q.text]) == 1


def test_a_relay_verb_taking_someones_words_frames_unmarked_speech(nlp: NLP) -> None:
    # bsnlp-ru nord_stream Nord_Stream_2_extra.xml file_123 (half A of the tuned-on quote sets).
    text = (
        "Такое заявление сделал министр иностранных дел Украины Павел Климкин. Мы считаем, что "
        "будущий транзит должен основываться на прозрачных и эффективных правилах ЕС. Это, например, "
        "означает, что газ будет покупаться на восточной границе Украины, газовые тарифы будут "
        "исчисляться на основе европейской методологии, приводит слова Климкина."
    )
    quotes, _ = annotate(nlp, text)
    assert "климкин" in shown_words(the_quote(quotes, "газовые тарифы будут исчисляться"))


def test_the_genitive_after_slova_owns_the_words_not_the_outlet(nlp: NLP) -> None:
    # Invented from the sentence above: the outlet named after the words only carries them.
    text = (
        "Министр иностранных дел Украины Павел Климкин выступил в Брюсселе. Газ будет покупаться "
        "на восточной границе Украины, приводит слова Климкина агентство."
    )
    quotes, _ = annotate(nlp, text)
    assert "климкин" in shown_words(the_quote(quotes, "Газ будет покупаться"))


def test_a_relay_verb_that_leads_to_something_frames_nothing(nlp: NLP) -> None:
    # Invented: `приводит к` is a consequence, not words passed on.
    text = "Рост цен на газ приводит к инфляции в странах Европы, а это бьет по бедным."
    quotes, _ = annotate(nlp, text)
    assert quotes == []


def test_the_interviews_partner_wins_over_a_person_named_alone_before(nlp: NLP) -> None:
    # Invented lead before the Meduza turns: the first sentence of talking names one person
    # alone, the next the partner of the talk.
    text = (
        "Вопрос о праймериз неделю назад поднимал Барак Обама. Журналист «Медузы» Константин "
        "Бенюмов поговорил с американским журналистом и политологом Майклом Томаски.\n\n"
        + MEDUZA.split("\n\n", 1)[1]
    )
    quotes, _ = annotate(nlp, text)
    assert "томаски" in shown_words(the_quote(quotes, "это очень несовершенная система"))
