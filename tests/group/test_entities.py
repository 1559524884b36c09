"""Cross-document entity resolution on hand-made mentions (no NLP models needed)."""

from storyline.group.entities import EntityResolver
from storyline.model import EntityMention
from tests.group.conftest import make_article


def _resolve(resolver: EntityResolver, aid: str, text: str, ents, roles=None):  # type: ignore[no-untyped-def]
    article = make_article(aid, text, entities=ents, roles=roles)
    assert article.annotation is not None
    resolver.resolve(aid, article.annotation)
    return {m.text: m.entity_id for m in article.annotation.entities}


def test_surname_and_full_name_are_one_entity_across_documents():
    r = EntityResolver()
    a = _resolve(r, "a", "Президент Касым-Жомарт Токаев выступил.", [("Касым-Жомарт Токаев", "PER")])
    b = _resolve(r, "b", "Токаев заявил о победе.", [("Токаев", "PER")])
    assert a["Касым-Жомарт Токаев"] == b["Токаев"]
    entity = r.records[b["Токаев"]]
    assert entity.name == "Касым-Жомарт Токаев"


def test_surname_seen_first_is_merged_into_the_full_name_later():
    r = EntityResolver()
    early = _resolve(r, "a", "Токаев заявил о победе.", [("Токаев", "PER")])
    late = _resolve(r, "b", "Касым-Жомарт Токаев выступил.", [("Касым-Жомарт Токаев", "PER")])
    assert r.resolve_id(early["Токаев"]) == late["Касым-Жомарт Токаев"]
    assert r.rewrites == {early["Токаев"]: late["Касым-Жомарт Токаев"]}
    assert [e.name for e in r.entities() if e.type == "PER"] == ["Касым-Жомарт Токаев"]


def test_transliterated_spelling_resolves_to_the_cyrillic_entity():
    r = EntityResolver()
    a = _resolve(r, "a", "Касым-Жомарт Токаев выступил.", [("Касым-Жомарт Токаев", "PER")])
    b = _resolve(r, "b", "Kassym-Jomart Tokayev said.", [("Kassym-Jomart Tokayev", "PER")])
    assert a["Касым-Жомарт Токаев"] == b["Kassym-Jomart Tokayev"]


def test_two_people_sharing_a_surname_stay_apart_and_bare_surname_is_not_guessed():
    r = EntityResolver()
    text = "Садыр Жапаров и Акылбек Жапаров провели встречу. Жапаров сказал."
    ids = _resolve(r, "a", text, [("Садыр Жапаров", "PER"), ("Акылбек Жапаров", "PER"), ("Жапаров", "PER")])
    assert ids["Садыр Жапаров"] != ids["Акылбек Жапаров"]
    assert ids["Жапаров"] not in (ids["Садыр Жапаров"], ids["Акылбек Жапаров"])
    # Another article: a bare "Жапаров" with two candidates and no role stays unresolved.
    other = _resolve(r, "b", "Жапаров прибыл в Бишкек.", [("Жапаров", "PER")])
    assert other["Жапаров"] not in (ids["Садыр Жапаров"], ids["Акылбек Жапаров"])


def test_a_full_name_never_joins_a_namesake_with_another_first_name_through_the_surname():
    """Each article names its man in full once and then by surname: the surname key the
    first article left must not pull the second man into the first one's entity
    (bsnlp-ru: Nord Stream's Йенс Мюллер and the US prosecutor Роберт Мюллер)."""
    r = EntityResolver()
    first = _resolve(
        r, "a", "Йенс Мюллер сообщил о работах. Мюллер добавил.", [("Йенс Мюллер", "PER"), ("Мюллер", "PER")]
    )
    second = _resolve(
        r, "b", "Роберт Мюллер выступил. Мюллер ответил.", [("Роберт Мюллер", "PER"), ("Мюллер", "PER")]
    )
    assert first["Йенс Мюллер"] == first["Мюллер"] and second["Роберт Мюллер"] == second["Мюллер"]
    assert r.resolve_id(first["Йенс Мюллер"]) != r.resolve_id(second["Роберт Мюллер"])
    assert {r.records[r.resolve_id(i)].name for i in (first["Мюллер"], second["Мюллер"])} == {
        "Йенс Мюллер",
        "Роберт Мюллер",
    }
    # a short form of the same first name still meets the entity
    third = _resolve(r, "c", "Роб Мюллер промолчал.", [("Роб Мюллер", "PER")])
    assert r.resolve_id(third["Роб Мюллер"]) == r.resolve_id(second["Роберт Мюллер"])


def test_role_decides_between_namesakes():
    r = EntityResolver()
    _resolve(
        r,
        "a",
        "Президент Садыр Жапаров подписал указ.",
        [("Садыр Жапаров", "PER")],
        {"Садыр Жапаров": "президент Кыргызстана"},
    )
    _resolve(
        r,
        "b",
        "Глава кабмина Акылбек Жапаров выступил.",
        [("Акылбек Жапаров", "PER")],
        {"Акылбек Жапаров": "глава кабинета министров"},
    )
    sadyr = next(e.id for e in r.entities() if e.name == "Садыр Жапаров")
    bare = _resolve(
        r, "c", "Президент Жапаров подписал закон.", [("Жапаров", "PER")], {"Жапаров": "президент"}
    )
    assert bare["Жапаров"] == sadyr


def test_acronym_and_country_alias():
    r = EntityResolver()
    a = _resolve(
        r,
        "a",
        "Организация Договора о коллективной безопасности (ОДКБ) собралась.",
        [("Организация Договора о коллективной безопасности", "ORG"), ("ОДКБ", "ORG")],
    )
    assert a["ОДКБ"] == a["Организация Договора о коллективной безопасности"]
    b = _resolve(r, "b", "Миротворцы ОДКБ прибыли.", [("ОДКБ", "ORG")])
    assert b["ОДКБ"] == a["ОДКБ"]
    c = _resolve(r, "c", "Великобритания и Британия.", [("Великобритания", "LOC"), ("Британия", "LOC")])
    assert c["Великобритания"] == c["Британия"]


def test_state_round_trip_keeps_resolution():
    r = EntityResolver()
    a = _resolve(r, "a", "Касым-Жомарт Токаев выступил.", [("Касым-Жомарт Токаев", "PER")])
    loaded = EntityResolver()
    loaded.load([r.dump(i) for i in r.records], r.redirects, r.next_id)
    b = _resolve(loaded, "b", "Токаев заявил.", [("Токаев", "PER")])
    assert b["Токаев"] == a["Касым-Жомарт Токаев"]


def test_country_after_an_institution_is_spelled_one_way():
    r = EntityResolver()
    a = _resolve(r, "a", "Минэкономразвития РФ сообщило.", [("Минэкономразвития РФ", "ORG")])
    b = _resolve(r, "b", "Минэкономразвития России сообщило.", [("Минэкономразвития России", "ORG")])
    c = _resolve(r, "c", "МИД Российской Федерации заявил.", [("МИД Российской Федерации", "ORG")])
    d = _resolve(r, "d", "МИД России заявил.", [("МИД России", "ORG")])
    assert a["Минэкономразвития РФ"] == b["Минэкономразвития России"]
    assert c["МИД Российской Федерации"] == d["МИД России"]
    assert a["Минэкономразвития РФ"] != d["МИД России"]
    # Another country is another institution.
    e = _resolve(r, "e", "МИД Китая заявил.", [("МИД Китая", "ORG")])
    assert e["МИД Китая"] != d["МИД России"]


# ------------------------------------------------------------------ spelling variants and canonical names


def test_a_short_first_name_meets_the_full_one_but_not_another_relative():
    r = EntityResolver()
    joe = _resolve(r, "a", "Джо Байден выступил.", [("Джо Байден", "PER")])["Джо Байден"]
    hunter = _resolve(r, "b", "Хантер Байден ответил.", [("Хантер Байден", "PER")])["Хантер Байден"]
    joseph = _resolve(r, "c", "Джозеф Байден подписал указ.", [("Джозеф Байден", "PER")])["Джозеф Байден"]
    assert joseph == joe != hunter


def test_a_surname_one_letter_off_needs_a_shared_neighbour():
    laura = [("Лора Кюнсберг", "PER"), ("Тереза Мэй", "PER")]
    variant = [("Лора Кунсберг", "PER"), ("Тереза Мэй", "PER")]
    r = EntityResolver()
    first = _resolve(r, "a", "Лора Кюнсберг спросила, Тереза Мэй ответила.", laura)
    beside = _resolve(r, "b", "Лора Кунсберг спросила, Тереза Мэй промолчала.", variant)
    assert beside["Тереза Мэй"] == first["Тереза Мэй"]
    assert beside["Лора Кунсберг"] == first["Лора Кюнсберг"]
    # No neighbour in common: a stranger of a similar name stays apart.
    r = EntityResolver()
    first = _resolve(r, "a", "Лора Кюнсберг спросила, Тереза Мэй ответила.", laura)
    alone = _resolve(r, "b", "Лора Кунсберг приехала.", [("Лора Кунсберг", "PER")])
    assert alone["Лора Кунсберг"] != first["Лора Кюнсберг"]


def test_a_latin_acronym_meets_its_spelling_in_letter_names():
    r = EntityResolver()
    bbc = _resolve(r, "a", "Об этом сообщила BBC.", [("BBC", "ORG")])["BBC"]
    assert _resolve(r, "b", "Об этом сообщила Би-би-си.", [("Би-би-си", "ORG")])["Би-би-си"] == bbc
    assert _resolve(r, "c", "Об этом сообщила Бибиси.", [("Бибиси", "ORG")])["Бибиси"] == bbc
    assert _resolve(r, "d", "Об этом сообщила NBC.", [("NBC", "ORG")])["NBC"] != bbc


def test_the_type_of_an_entity_is_that_of_most_of_its_mentions():
    r = EntityResolver()
    for aid in "abc":
        _resolve(r, aid, "Заявление Даунинг-стрит.", [("Даунинг-стрит", "LOC")])
    odd = _resolve(r, "d", "Даунинг-стрит заявила.", [("Даунинг-стрит", "PER")])["Даунинг-стрит"]
    assert r.records[odd].type == "LOC"
    assert len([e for e in r.entities() if "Даунинг" in e.name]) == 1


def test_a_stump_compound_is_its_two_word_name():
    r = EntityResolver()
    full = _resolve(r, "a", "Европейская комиссия решила.", [("Европейская комиссия", "ORG")])
    short = _resolve(r, "b", "Еврокомиссия решила.", [("Еврокомиссия", "ORG")])
    assert short["Еврокомиссия"] == full["Европейская комиссия"]
    later = _resolve(r, "c", "Европарламент решил.", [("Европарламент", "ORG")])
    assert (
        _resolve(r, "d", "Европейский парламент решил.", [("Европейский парламент", "ORG")])[
            "Европейский парламент"
        ]
        == later["Европарламент"]
        != full["Европейская комиссия"]
    )


def test_full_first_name_wins_over_initials_and_a_whole_name_over_its_first_word():
    r = EntityResolver()
    for aid in "abc":
        _resolve(r, aid, "Заявил В.В. Путин.", [("В.В. Путин", "PER")])
    pid = _resolve(r, "d", "Заявил Владимир Путин.", [("Владимир Путин", "PER")])["Владимир Путин"]
    assert r.records[pid].name == "Владимир Путин"


def test_invisible_characters_do_not_make_a_new_entity():
    r = EntityResolver()
    a = _resolve(r, "a", "Тереза Мэй выступила.", [("Тереза Мэй", "PER")])["Тереза Мэй"]
    b = _resolve(r, "b", "Тереза\u200b\u200b Мэй выступила.", [("Тереза\u200b\u200b Мэй", "PER")])
    assert b["Тереза\u200b\u200b Мэй"] == a


def test_an_acronym_skips_one_letter_linking_particles():
    r = EntityResolver()
    a = _resolve(
        r, "a", "Партия Техрик-э-Лабаик Пакистан вышла на улицы.", [("Техрик-э-Лабаик Пакистан", "ORG")]
    )
    b = _resolve(r, "b", "Сторонники ТЛП перекрыли дороги.", [("ТЛП", "ORG")])
    assert b["ТЛП"] == a["Техрик-э-Лабаик Пакистан"]


def _story(r: EntityResolver, aid: str, names: list[str]) -> dict[str, str | None]:
    text = ", ".join(names) + "."
    return _resolve(
        r, aid, text, [(n, "PER" if " " in n or n.istitle() and n in PEOPLE else "LOC") for n in names]
    )


PEOPLE = {"Йенс Мюллер", "Мюллер", "Дональд Трамп", "Трамп"}


def test_a_bare_surname_needs_a_little_known_full_names_company():
    """A bare surname beside none of a little-known namesake's neighbours gets an entity of
    its own; beside them it is that person, and a famous name is taken at its word."""
    r = EntityResolver()
    jens = _story(r, "a", ["Йенс Мюллер", "Финляндия", "Швеция", "Дания"])["Йенс Мюллер"]
    for i in range(4):
        _story(r, f"fill{i}", ["Трамп", "Дональд Трамп", "Вашингтон", "Флорида", "Огайо"])
    elsewhere = _story(r, "b", ["Мюллер", "Вашингтон", "Флорида", "Огайо"])["Мюллер"]
    assert elsewhere is not None and r.resolve_id(elsewhere) != jens
    again = _story(r, "c", ["Мюллер", "Вашингтон", "Огайо"])["Мюллер"]
    assert again == elsewhere  # one surname-only entity, not one per article
    beside = _story(r, "d", ["Мюллер", "Финляндия", "Дания"])["Мюллер"]
    assert r.resolve_id(beside or "") == jens
    famous = _story(r, "e", ["Трамп", "Финляндия", "Дания"])["Трамп"]
    assert famous == _story(r, "f", ["Дональд Трамп", "Огайо"])["Дональд Трамп"]


def test_a_place_spelled_one_letter_off_beside_a_shared_neighbour_is_the_same_place():
    """`_near_neighbour`: the nearby entities are gathered once an article; an entity the
    previous article added beside the neighbour is found (the gathering is not stale)."""
    r = EntityResolver()
    a = _resolve(r, "a", "Индия и Пенджаб.", [("Индия", "LOC"), ("Пенджаб", "LOC")])
    b = _resolve(r, "b", "Индия и Кашмир.", [("Индия", "LOC"), ("Кашмир", "LOC")])
    c = _resolve(
        r, "c", "Индия, Панджаб и Кашмер.", [("Индия", "LOC"), ("Панджаб", "LOC"), ("Кашмер", "LOC")]
    )
    assert c["Индия"] == a["Индия"] == b["Индия"]
    assert c["Панджаб"] == a["Пенджаб"]
    assert c["Кашмер"] == b["Кашмир"]
    assert c["Кашмер"] != c["Панджаб"]


# ------------------------------------------------------------------ an organisation named as its texts write it


def _record_of(text: str, full: str, short: str):  # type: ignore[no-untyped-def]
    """The entity of `full` and `short` in `text`, resolved as the annotate stage names them:
    every `short` carries the name `full` its article spells out (`_expand_acronyms`)."""
    r = EntityResolver()
    article = make_article("a", text)
    assert article.annotation is not None
    mentions = []
    for surface in (full, short):
        start = text.find(surface)
        while start >= 0:
            mentions.append(EntityMention(start, start + len(surface), surface, "ORG", full))
            start = text.find(surface, start + len(surface))
    article.annotation.entities = sorted(mentions, key=lambda m: m.start)
    r.resolve("a", article.annotation)
    (entity_id,) = {m.entity_id for m in article.annotation.entities}
    assert entity_id is not None
    return r.records[entity_id]


def test_an_organisation_written_mostly_as_its_acronym_is_named_by_it():
    # bsnlp us_election_2020 elections_ru_123 (RT) writes `ФБР` eight times, the long name three.
    text = (
        "ФБР и Агентство кибербезопасности и инфраструктурной безопасности (CISA) не выявили "
        "кибератак. Федеральное бюро расследований и Агентство кибербезопасности сообщили. "
        "При этом указывается, что ФБР и CISA активно сотрудничают с властями. Стоит отметить, "
        "что сообщение от ФБР и CISA было обнародовано. Республиканцам выгодно заявление ФБР."
    )
    rec = _record_of(text, "Федеральное бюро расследований", "ФБР")
    assert rec.name == "ФБР"
    assert "Федеральное бюро расследований" in rec.to_entity().aliases


def test_an_organisation_written_out_as_often_as_its_acronym_keeps_the_long_name():
    text = "Всемирная организация здравоохранения (ВОЗ) одобрила вакцину. Всемирная организация здравоохранения сообщила."
    assert _record_of(text, "Всемирная организация здравоохранения", "ВОЗ").name == (
        "Всемирная организация здравоохранения"
    )
    text += " ВОЗ рекомендует вторую дозу. Эксперты ВОЗ считают, что."
    assert _record_of(text, "Всемирная организация здравоохранения", "ВОЗ").name == "ВОЗ"
