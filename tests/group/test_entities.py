"""Cross-document entity resolution on hand-made mentions (no NLP models needed)."""

from storyline.group.entities import EntityResolver
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


def test_role_decides_between_namesakes():
    r = EntityResolver()
    _resolve(r, "a", "Президент Садыр Жапаров подписал указ.", [("Садыр Жапаров", "PER")], {"Садыр Жапаров": "президент Кыргызстана"})
    _resolve(r, "b", "Глава кабмина Акылбек Жапаров выступил.", [("Акылбек Жапаров", "PER")], {"Акылбек Жапаров": "глава кабинета министров"})
    sadyr = next(e.id for e in r.entities() if e.name == "Садыр Жапаров")
    bare = _resolve(r, "c", "Президент Жапаров подписал закон.", [("Жапаров", "PER")], {"Жапаров": "президент"})
    assert bare["Жапаров"] == sadyr


def test_acronym_and_country_alias():
    r = EntityResolver()
    a = _resolve(
        r, "a", "Организация Договора о коллективной безопасности (ОДКБ) собралась.",
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
