from storyline.group.names import acronym, fold, looks_like_acronym, skeleton, strip_initials, transliterate


def test_fold_case_yo_quotes_hyphens():
    assert fold("«Касым-Жомарт Токаев»") == "касым жомарт токаев"
    assert fold("Королёв") == fold("КОРОЛЕВ")


def test_transliteration_meets_russian_spelling():
    assert fold("Tokayev") == "токаев"
    assert skeleton(fold("Kassym-Jomart Tokayev")) == skeleton(fold("Касым-Жомарт Токаев"))
    assert skeleton(fold("Sadyr Japarov")) == skeleton(fold("Садыр Жапаров"))
    assert transliterate("москва") == "москва"  # Cyrillic untouched


def test_skeleton_keeps_different_names_apart():
    assert skeleton(fold("Садыр Жапаров")) != skeleton(fold("Акылбек Жапаров"))
    assert skeleton(fold("Токаев")) != skeleton(fold("Ташиев"))


def test_initials_and_acronyms():
    assert strip_initials(fold("Б. Джонсон")) == "джонсон"
    assert strip_initials(fold("Б.Джонсон")) == "джонсон"
    assert acronym(fold("Организация Договора о коллективной безопасности")) == "одкб"
    assert acronym(fold("Европейский союз")) == "ес"
    assert acronym("москва") is None
    assert looks_like_acronym("ОДКБ") and looks_like_acronym("МИД")
    assert not looks_like_acronym("Москва")
