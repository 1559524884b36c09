"""The speaker a reader is shown, one table of invented Russian texts (issue #10): each row is
a text, a piece of one of its quotes, and a stem the speaker words shown for that quote must hold.
Below the table, a property over the table's sentences in any order."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.annotate.nlp import NLP
from tests.annotate.quote_helpers import annotate, shown_words, the_quote

# (text, needle in the quote, a stem of the speaker shown); an empty needle is a recap, whose
# quote is the sentence before its frame: the first quote with speaker words.
SPEAKER_CASES = [
    # --- seats, complement clauses, `как в свою очередь`, the latter, a lead role, authors described
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
    # --- a glued full stop, a dative addressee, a converb before the main clause
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
    # --- `В этом` recaps, a spaced hyphen, a Latin name as subject, role words through an attribution, `офис`
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
    # --- unnamed sources, a description before the name, a relayed text, promises, converbs, collective speakers
    # unnamed sources of an outlet speak, not the outlet
    ("Источники Reuters рассказали, что переговоры зашли в тупик.", "переговоры зашли в тупик", "источник"),
    ("По словам источника CNN, самолет вылетел в Лондон.", "самолет вылетел", "источник"),
    # `Они` after unnamed sources is them
    (
        "Источники Bloomberg сообщили, что сделка сорвалась. Они добавили, что переговоры продолжатся.",
        "переговоры продолжатся",
        "источник",
    ),
    # a description with prepositional modifiers, then the name
    (
        "Налоги вырастут в следующем году. "
        "Об этом сообщил один из докладчиков по бюджету в парламенте Канады Пол Мартин.",
        "",
        "мартин",
    ),
    # a relay verb whose object is an authored text
    (
        "Премьер выразил озабоченность ростом цен, цитирует заявление правительства Канады агентство Рейтер.",
        "выразил озабоченность",
        "правительств",
    ),
    # promises with an infinitive, including inside an attribution
    ("Так, местные власти пообещали пересмотреть тарифы до конца года.", "пересмотреть тарифы", "власти"),
    (
        "Министр финансов Анна Котова выступила в Думе. По сообщению СМИ, министр пообещала снизить налоги для малого бизнеса.",
        "снизить налоги",
        "котова",
    ),
    # a converb after a main clause whose verb frames no speech
    (
        "Сенатор Джон Смит покинул заседание, заявив, что бюджет будет пересмотрен.",
        "бюджет будет пересмотрен",
        "смит",
    ),
    # a collective speaker with its adjectives
    (
        "Канадская сторона неоднократно заявляла, что проект является коммерческим.",
        "проект является коммерческим",
        "канадская сторона",
    ),
    # --- a role two people hold, gender, monologues and dialogue dashes, reports named again, phase verbs, forecasts
    # a role two people hold: the one who spoke last
    (
        "Президент Франции Эммануэль Мартен позвонил президенту Бразилии Луису Сантосу. "
        "Президент Франции заявил, что торговля вырастет. По словам президента, пошлины снизят.",
        "пошлины снизят",
        "мартен",
    ),
    (
        "Министр иностранных дел Эстонии Петер Вальк провел брифинг с главой МИД Чехии Яном Новаком. "
        '"Наша позиция четкая", - сказал Вальк. "Газ будет покупаться на границе", - отметил глава МИД.',
        "Газ будет покупаться",
        "вальк",
    ),
    # `глава` fits a person holding a leading post (a prime minister heads the government)
    (
        "Премьер-министр Канады Джон Смит встретился в Оттаве с главой МИД Мексики Карлосом Ортегой. "
        "«Наши страны будут торговать больше», — сказал Смит. «Пошлины снизят в мае», — отметил глава правительства.",
        "Пошлины снизят в мае",
        "смит",
    ),
    # two people of one surname: the verb's gender tells them apart
    (
        "Бывший президент США Билл Клинтон и экс-госсекретарь Хиллари Клинтон приехали в Нью-Йорк. "
        "Клинтон заявила, что выборы были нечестными.",
        "выборы были нечестными",
        "хиллари",
    ),
    # a monologue closed by one frame starts at its first sentence in the first person
    (
        "Министр энергетики Иван Петров выступил на форуме. Мы работаем по планам, которые были "
        "утверждены заранее. Поставки начнутся в январе, заявил Петров.",
        "Мы работаем по планам",
        "петров",
    ),
    # a dialogue-dash paragraph is one turn up to its frame
    (
        "Желание привиться высказали 500 человек.\n\n— Вакцина поступает партиями. Это связано с тем, "
        "что идет наработка вакцины, — комментирует министр здравоохранения Светлана Леонтьева.",
        "Вакцина поступает партиями",
        "леонтьев",
    ),
    # speech after a colon frame without quotation marks, continued in the first person
    (
        "Глава компании Олег Смирнов выступил перед акционерами. Он заявил: Мы не будем продавать "
        "активы. Все наши долги будут погашены в срок.",
        "Все наши долги будут погашены",
        "смирнов",
    ),
    # a report named again is the company's, as the first one was
    (
        'Чистая прибыль "Роснефти" выросла на 10%, говорится в сообщении компании. '
        "Чистый долг вырос на 2%, говорится в отчетности.",
        "Чистый долг вырос",
        "роснефт",
    ),
    # an organisation named past an apposed noun
    (
        "Газопровод обеспечил рекордный объем поставок, сообщила компания оператор Nord Stream AG. "
        '"В 2018 году мы обеспечили доставку потребителям 58 миллиардов кубометров газа", сообщила компания.',
        "мы обеспечили доставку",
        "nord stream",
    ),
    # a phase verb with a speech infinitive reports speech
    (
        "Сенатор Джон Смит заявил, что покинет сенат. Он продолжает настаивать на том, что выборы были "
        "сфальсифицированы.",
        "выборы были сфальсифицированы",
        "смит",
    ),
    # a forecast is a report
    ("Экономист Иван Петров прогнозирует, что цены вырастут.", "цены вырастут", "петров"),
    # --- session 15: a verb's fixed object, an adjective before the role noun, a role's possessor
    # `обратила внимание X`: the name after the idiom's object is the subject, not its genitive
    (
        'Врач Ольга Ткачева выступила в Москве. "Результат очень неплохой", – обратила внимание Ткачева.',
        "Результат очень неплохой",
        "ткачев",
    ),
    # the noun heads the phrase, not the adjective the tagger calls a noun
    (
        "Как подчеркнула главный внештатный гериатр Минздрава, препарат эффективен.",
        "препарат эффективен",
        "гериатр",
    ),
    # the narrator's frame inside the marks of a split quote names the text's author
    (
        "Стороны обсудили выборы. «Президент ясно дал понять, что санкции останутся, — говорится "
        "в заявлении Белого дома. — Президенты договорились продолжить диалог».",
        "договорились продолжить диалог",
        "белый дом",
    ),
    # an institution word whose body is a bare institution word is the body that word stands for
    (
        "Компания «Совкомфлот» опровергла слухи. В пресс-службе компании сообщили, что танкер "
        "вышел из порта.",
        "танкер вышел из порта",
        "совкомфлот",
    ),
    # bodies of the state, shown with their adjectives
    (
        "Американские разведывательные органы сообщили, что хакеры атаковали сети.",
        "хакеры атаковали сети",
        "разведывательные органы",
    ),
    # the sides of a criminal case speak as bodies, and a forecast is a source
    ("По версии следствия, мужчина скрылся с места преступления.", "мужчина скрылся", "следстви"),
    ("Она, по утверждению обвинения, оскорбила соседей.", "оскорбила соседей", "обвинени"),
    ("По прогнозам аналитиков, цены на нефть вырастут.", "цены на нефть вырастут", "аналитик"),
    # a frame runs over a quoted outlet's name
    ("«Мы готовы помочь всем», — сообщил «Интерфаксу» министр Иван Петров.", "готовы помочь", "петров"),
    (
        "Министр Иван Петров выступил. «Мы готовы», — приводит «РИА Новости» слова официального "
        "представителя министерства.",
        "Мы готовы",
        "представител",
    ),
    # whose quotation an outlet passes on spoke, not the outlet
    (
        "Сама Асия Биби не поверила, когда узнала, что ее оправдали. «Они правда меня выпустят?» — "
        "приводит ее цитату издание.",
        "правда меня выпустят",
        "асия",
    ),
    # a text a judge cited is not who spoke
    (
        "Судья Сакиб Насир процитировал Коран в своем постановлении, заявив, что «толерантность - "
        "это основной принцип ислама».",
        "толерантность",
        "насир",
    ),
    # a role whose phrase names only whose it is stays the pronoun's antecedent
    (
        "Адвокат христианки Асии Биби покинул страну, сообщает агентство. Он отметил, что уехал "
        "ради безопасности семьи.",
        "уехал ради безопасности",
        "адвокат",
    ),
    # --- session 15 speakers2: a parenthetical frame inside an outlet's relayed sentence,
    # a statement's body named by a relational adjective, a role phrase after its speaker
    (
        "Суд отклонил жалобу год назад, однако теперь, отметил защитник, он ждет иного решения, "
        "сообщает Reuters.",
        "он ждет иного решения",
        "защитник",
    ),
    (
        "В Кремле обсудили продление договора. «Стороны завершат все процедуры в срок», — "
        "говорится в кремлевском заявлении.",
        "Стороны завершат все процедуры",
        "кремль",
    ),
    (
        "«Переговоры будут трудными», — говорится в британском заявлении.",
        "Переговоры будут трудными",
        "британ",
    ),
    (
        "Министр Олег Ковалев добавил, что прежний глава ведомства сделал многое. Новый министр "
        "сельского хозяйства страны видит свою задачу в поддержке фермеров. По его словам, закупки "
        "зерна вырастут уже осенью.",
        "закупки зерна вырастут",
        "ковалев",
    ),
    # a speech converb with `о том, что` takes the main clause's subject
    (
        "Посол Карл Шмидт предостерег участников проекта, говоря о том, что их ждут новые ограничения.",
        "их ждут новые ограничения",
        "шмидт",
    ),
]


@pytest.mark.parametrize(("text", "needle", "stem"), SPEAKER_CASES)
def test_the_speaker_shown(nlp: NLP, text: str, needle: str, stem: str) -> None:
    quotes, entities = annotate(nlp, text)
    if needle:
        quote = the_quote(quotes, needle)
    else:
        framed = [q for q in quotes if q.speaker_text]
        assert framed
        quote = framed[0]
    assert stem in shown_words(quote)
    if quote.speaker is not None:  # a speaker shown is a person or an organisation of the text
        assert any(m.name == quote.speaker and m.type in ("PER", "ORG") for m in entities)


# The table's sentences, to be shuffled into texts the rules were not written for.
SENTENCES = sorted(
    {
        p.strip() + "."
        for text, _, _ in SPEAKER_CASES
        for p in text.replace("\n", " ").split(". ")
        if p.strip()
    }
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=6))
def test_any_order_of_the_forms_keeps_quotes_sound(nlp: NLP, sentences: list[str]) -> None:
    """Whatever order the table's forms come in, a quote's text is its span, the speaker words
    are theirs, and a speaker shown is a person or an organisation of the text."""
    text = " ".join(sentences)
    quotes, entities = annotate(nlp, text)
    names = {m.name for m in entities if m.type in ("PER", "ORG")}
    for quote in quotes:
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text
        if quote.speaker_text is not None:
            assert text[quote.speaker_start : quote.speaker_end] == quote.speaker_text
        if quote.speaker is not None:
            assert quote.speaker in names
