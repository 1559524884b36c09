"""The speech lexicon: which words introduce speech and which name a speaker.

Lemmas, not surface forms, so one entry covers every tense and person; the
lists are closed on purpose (see docs/annotation-quotes.md for what each one
was checked against).
"""

from __future__ import annotations

# Lemmas of verbs that introduce speech or a stated opinion. Perception and
# naming verbs (`назвать`, `узнать`) are deliberately absent: «террористами»
# after `назвал` is a word being named, not speech.
SPEECH_VERBS = frozenset(
    """
    сказать говорить говориться заявить заявлять сообщить сообщать сообщаться
    отметить отмечать подчеркнуть подчёркнуть подчеркивать добавить добавлять
    заключить ответить отвечать пояснить пояснять уточнить уточнять рассказать
    рассказывать считать повторять повторить признать признавать написать
    писать объяснить объяснять заметить замечать указать указывать напомнить
    напоминать констатировать утверждать заверить заверять предупредить
    предупреждать выразить подытожить резюмировать возразить спросить задать
    поделиться процитировать цитировать прокомментировать комментировать
    высказаться полагать уверять признаться сообщиться говорится
    передать передавать опровергнуть отрицать настаивать обещать пообещать
    пошутить шутить вспоминать вспомнить делиться признаваться предполагать
    проинформировать информировать кричать крикнуть воскликнуть восклицать
    приводить привести сетовать посетовать жаловаться пожаловаться возмущаться
    иронизировать парировать продолжить продолжать рассуждать убеждать призвать
    призывать объявить объявлять подтвердить подтверждать акцентировать
    отмечаться подчеркиваться указываться говорить твитнуть обращать обратить
    обратиться обращаться
    негодовать возмутиться сокрушаться удивляться удивиться недоумевать ворчать
    вздохнуть усмехнуться рассмеяться улыбнуться огрызнуться съязвить вторить
    добавлять уверить посетовать резюмировать сообщать предостеречь предостерегать
    заверить подчеркнуть отреагировать откликнуться отозваться писаться гласить
    разъяснить разъяснять постановить постановлять
    прогнозировать спрогнозировать предсказать предсказывать предрекать предречь
    """.split()
)

# Phase verbs whose speech infinitive is the speech act (`Он продолжает настаивать на том,
# что …`, `стал утверждать, что …`).
PHASE_VERBS = frozenset({"продолжать", "продолжить", "начать", "начинать", "стать"})

# Verbs that report a claim only with a complement clause: `обвинил Байдена, что он получил
# деньги` reports what was said; `обвинил Байдена во лжи` names an act, not words.
# (`Биби надеется, что …`: a hope stated, reported as a view is)
COMPLEMENT_ONLY_VERBS = frozenset({"обвинить", "обвинять", "надеяться"})

# Verbs that report a stated view with `, что` only when negated: `в Кремле не исключают, что
# …`, `министр не исключил, что …` (a plain `исключил` rules a thing out, says nothing).
NEGATED_COMPLEMENT_VERBS = frozenset({"исключать", "исключить"})

# Short adjectives of conviction that report a stated opinion with `, что`: `Кандидат
# убежден, что …`, `Министр уверен, что …` (the tagger lemmatises `уверена` as `уверить`).
OPINION_PREDICATES = frozenset({"убежденный", "убеждённый", "уверенный", "уверить", "убедить"})

# Substantivised `последний` (`а последний заявил`): the latter, the person named last.
LATTER_WORDS = frozenset({"последний"})

# Verb + infinitive idioms that report speech though neither word does alone (`дал
# понять, что …`; `понял, что` is a thought, `дал` a gift).
SPEECH_IDIOMS = {
    "дать": "понять",
    "давать": "понять",
    # `Блохин обращает внимание на то, что …`: a remark, as `отметил, что`
    "обратить": "внимание",
    "обращать": "внимание",
}

# Speech verbs with a fixed object (`— обратила внимание Ткачева`): the object is part of the
# verb, so the word after it is the verb's subject, not a genitive depending on the object
# (`Ткачева` reads as the genitive of `Ткачев` after a noun).
IDIOM_OBJECTS = {"обратить": "внимание", "обращать": "внимание"}

# Nouns that introduce the quoted words right after them (`с просьбой «помочь им»`,
# `со словами «…»`, `с призывом «…»`); the speaker is the subject of the clause.
# Commissive speech verbs whose report is an infinitive clause (`власти пообещали рассмотреть
# петицию`, `пригрозил ввести санкции`): the promise is what was said.
PROMISE_VERBS = frozenset({"обещать", "пообещать", "пригрозить", "грозить", "поклясться", "клясться"})

# (`оправдал Асию Биби с формулировкой «…»`: a decision's wording is its maker's words)
SPEECH_NOUNS = frozenset(
    "просьба призыв требование слово обещание предупреждение вопрос формулировка".split()
)

# Speech verbs only inside a direct-quote frame (`— приводит слова министра «РИА Новости»`);
# with `, что` they mean something else (`привело к тому, что`, `продолжает, что`).
FRAME_ONLY_VERBS = frozenset(
    {
        "приводить",
        "привести",
        "продолжить",
        "продолжать",
        "обращать",
        "обратить",
        # `«…», — обратился глава государства к протестующим`; never a report (`обратился с просьбой`)
        "обратиться",
        "обращаться",
        "задать",
        "задавать",
    }
)
# `— цитирует РИА Новости`, `— передает ТАСС`: an outlet relays the words of whoever spoke before.
RELAY_VERBS = frozenset({"цитировать", "процитировать", "передавать", "передать", "приводить", "привести"})

# Nouns that stand for an institution: resolved to the most recent ORG mention.
ORG_WORDS = frozenset(
    """
    ведомство министерство пресс-служба служба мид мвд организация агентство
    департамент комитет аппарат правительство посольство консульство кабмин
    администрация штаб канцелярия минобороны минздрав прокуратура суд партия
    компания миссия управление совет офис представительство
    """.split()
)

# Compounds name the same kind of body (`авиакомпания`, `госкорпорация`, `телекомпания`).
_ORG_ENDINGS = (
    "компания",
    "корпорация",
    "служба",
    "министерство",
    "агентство",
    "ведомство",
    "представительство",
)


def is_org_word(lemma: str) -> bool:
    """An institution noun, compounds included."""
    return lemma in ORG_WORDS or lemma.endswith(_ORG_ENDINGS)


# Institution nouns that name any kind of body, so they can take up whichever one spoke last
# (`Пресс-служба главы государства сообщила … — отметили в ведомстве`).
GENERIC_ORG_WORDS = frozenset("ведомство организация учреждение структура орган".split())


def same_kind_of_body(later: str, earlier: str) -> bool:
    """An institution word `later` can stand for a body first called `earlier`: the same noun,
    one a compound of the other (`пресс-служба` ~ `служба`, `авиакомпания` ~ `компания`), or a
    generic word; `в спецслужбе` after `в компании` is another body."""
    return (
        later == earlier or later in GENERIC_ORG_WORDS or later.endswith(earlier) or earlier.endswith(later)
    )


# Nouns naming a text rather than its author (`в сообщении ведомства`): the
# author, if given, is preferred; the text itself is only a last resort.
MESSAGE_WORDS = frozenset(
    "сообщение заявление документ пресс-релиз релиз письмо обращение указ публикация канал страница"
    " телеграм-канал telegram-канал твит пост статья отчет отчёт доклад комментарий"
    # a company's filings and a body's communiqués (`говорится в отчетности`)
    " отчетность отчётность коммюнике бюллетень".split()
)

# Present passives and neuter short participles that report a text's words with no
# subject (written forms: the tagger lemmatises the -ся forms unevenly).
IMPERSONAL_FRAMES = frozenset(
    "указывается отмечается сообщается говорится подчеркивается подчёркивается уточняется"
    " утверждается сказано указано отмечено подчеркнуто подчёркнуто уточнено".split()
)

# Verbs by which an outlet passes on what someone else said (`…, передает Reuters`, `Как пишет
# РБК, …`): the outlet after one is a relay, never the author of a text named later.
OUTLET_RELAY_VERBS = RELAY_VERBS | frozenset({"писать", "сообщать", "информировать"})

# Media outlets: a speaker when named (`пишет газета "The Dawn"`); the name follows in quotes.
MEDIA_WORDS = frozenset(
    "газета издание агентство информагентство телеканал журнал радиостанция портал таблоид еженедельник"
    " сайт".split()
)

# Inanimate nouns that still name a body of people (`власти сообщили`, `в полиции заявили`):
# shown as written, never resolved to a particular organisation.
COLLECTIVE_SPEAKERS = frozenset(
    "власть полиция руководство командование оппозиция сми пресса армия силовик спецслужба"
    # `правоохранительные органы сообщили`: bodies of the state, shown with their adjectives
    " орган"
    # the sides of a criminal case (`по утверждению обвинения`, `по версии следствия`)
    " обвинение следствие"
    # legislatures: one per country, so the word names the body (`как отмечали в бундестаге`)
    " парламент бундестаг бундесрат сенат конгресс дума госдума рада сейм кнессет меджлис"
    # a party to talks or a dispute, shown with its adjective (`Российская сторона заявляла`)
    " сторона".split()
)

# Unnamed sources (`Источник сообщил, что …`, `источник в правительстве`): shown as written,
# never resolved to a person named nearby (the point of the word is that it names nobody).
UNNAMED_SOURCES = frozenset({"источник", "источники"})

# People who speak for an organisation: `представитель TLP заявил` is TLP speaking.
SPOKESPERSON_WORDS = frozenset(
    "представитель представительница пресс-секретарь спикер сотрудник источник официальный".split()
)

# Nouns news uses for whoever it is quoting as a commentator, whatever their post: right
# after a quote, with nobody named between, they vary the name of the person just quoted
# (`Блохин уточняет, что … «…», — пояснил эксперт`), as a pronoun would; right after a
# person is introduced as a subject they name that person (`С ним не согласен политолог
# Смирнов. «…», — отметил эксперт`).
COMMENTATOR_WORDS = frozenset({"эксперт", "аналитик", "специалист", "собеседник"})

# Nouns for whoever wrote the piece being retold (`отмечает автор` in a press review): a
# person given the role, else the outlet or body whose piece it is, never any recent person.
AUTHOR_WORDS = frozenset({"автор"})

# Kinship nouns: a name right after one is whose relative is meant (`муж Биби признался`).
KINSHIP_WORDS = frozenset(
    "муж жена сын дочь мать отец брат сестра супруг супруга вдова родственник родственница"
    " племянник племянница внук внучка".split()
)

PERSONAL_PRONOUNS = frozenset({"он", "она", "они"})
POSSESSIVE_GENDER = {"его": "Masc", "ее": "Fem", "её": "Fem"}  # the tagger leaves them without gender

# Unnamed groups (`многие говорят, что`): a speaker as written, never resolved.
GENERIC_SPEAKERS = frozenset({"многий", "многие", "некоторый", "некоторые", "большинство", "кто-то", "иной"})

# Determiners that say a noun names someone the text does not identify (`некий осведомитель
# заявил`, `один из`, `какой-то чиновник`), or more than one body (`оба штаба заявили`): the
# noun is shown as written and never resolved to a person or body named before.
INDEFINITE_DETERMINERS = frozenset(
    "некий некоторый какой-то какой-нибудь неназванный анонимный неизвестный оба обе".split()
)

# Nominative words the tagger may call nouns that never name a source (`Многое указывает на то, что`).
NOT_SPEAKERS = frozenset({"многое", "всё", "все", "это", "то", "что", "ничто", "никто", "кто", "сам"})

SOURCE_NOUNS = frozenset({"словам", "мнению", "информации", "данным", "оценке", "сведениям"})

# First-person words: a news narrator does not speak of `мы` or `я`, so an unmarked sentence
# holding one next to someone's speech is more of that speech (`quote_spread`).
FIRST_PERSON_WORDS = frozenset(
    "я мне меня мной мы нам нас нами наш наша наше наши нашего нашей нашему нашим наших нашу"
    " нашими мой моя моё мое мои моего моей моему моим моих мою моими".split()
)

# Prepositions of a place standing for the body seated there (`в Кремле заявили`, `на
# Даунинг-стрит считают`, `на Украине заявили`): where the people who speak work.
SEAT_PREPOSITIONS = frozenset({"в", "во", "на"})
