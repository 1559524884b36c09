from storyline.annotate.readings import read_words
from storyline.group.features import extract_features, name_key
from storyline.model import Annotation, Article, EntityMention


def _article(title: str, mentions: list[EntityMention]) -> Article:
    # The annotate stage reads the headline's words; grouping only looks them up.
    annotation = Annotation(lang="ru", full=True, entities=mentions, readings=read_words(title, []))
    return Article(id="a", text="x", title=title, annotation=annotation)


def test_headline_actors_are_the_entities_that_open_a_headline_clause():
    mentions = [
        EntityMention(0, 4, "ОБСЕ", "ORG", "ОБСЕ", entity_id="ent-1"),
        EntityMention(
            5, 15, "Петровском", "LOC", "Петровское", entity_id="ent-2"
        ),  # inside the clause: a place
        EntityMention(
            16, 30, "Мауленом Ашимбаевым", "PER", "Маулен Ашимбаев", entity_id="ent-3"
        ),  # "Маулен" missing
        EntityMention(
            31, 40, "Совета Европы", "ORG", "Совет Европы", entity_id="ent-4"
        ),  # not in the headline
        EntityMention(
            41, 50, "Слуги народа", "ORG", "Слуга народа", entity_id="ent-5"
        ),  # opens the clause after ":"
    ]
    feats = extract_features(
        _article(
            "ОБСЕ сообщила о переносе разведения сил в Петровском: Слуга народа против, Ашимбаев за", mentions
        )
    )
    assert feats.actors == {"ent-1", "ent-5"}
    assert feats.places == {"ent-2"}
    assert extract_features(_article("В Петровском ОБСЕ сообщила о переносе", mentions)).actors == set()


def test_headline_subjects_are_people_the_headline_puts_in_the_nominative():
    mentions = [
        EntityMention(0, 15, "Маулен Ашимбаев", "PER", "Маулен Ашимбаев", entity_id="ent-1"),
        EntityMention(
            16, 26, "Казахстана", "LOC", "Казахстан", entity_id="ent-2"
        ),  # a place, never a subject
        EntityMention(
            27, 45, "Дариги Назарбаевой", "PER", "Дарига Назарбаева", entity_id="ent-3"
        ),  # genitive
        EntityMention(46, 50, "ЦИК", "ORG", "ЦИК", entity_id="ent-4"),  # organisations are not counted
        EntityMention(
            51, 65, "Boris Johnson", "PER", "Boris Johnson", entity_id="ent-5"
        ),  # Latin: no case to check
    ]
    feats = extract_features(
        _article(
            "ЦИК: новым председателем сената Казахстана вместо Дариги Назарбаевой стал Маулен Ашимбаев",
            mentions,
        )
    )
    assert feats.subjects == {"ent-1": "ашим"}
    assert extract_features(_article("Boris Johnson resigns", mentions)).subjects == {
        "ent-5": name_key("Johnson")
    }
    assert name_key("Brexit") == name_key("Брексит") == name_key("Брекзит") == "брек"


def test_verb_tenses_of_the_headline_and_lead():
    from storyline.group.features import verb_tenses

    def tenses(words: list[str]) -> set[str]:
        readings = {r.text: r for r in read_words(" ".join(words), [])}
        return verb_tenses(words, readings)

    assert tenses(["В", "Израиле", "заложат", "памятник"]) == {"заложить:futr"}
    assert tenses(["Кульминацией", "стала", "церемония"]) == {"стать:past"}
    # "будут показывать": the auxiliary carries no tense of the happening; present tense is not told apart.
    assert tenses(["будут", "показывать", "фильмы"]) == set()
    assert tenses(["Жители", "восхищаются"]) == set()
    # A word the annotate stage did not read is no verb: grouping never looks words up itself.
    assert verb_tenses(["заложат"], {}) == set()


def test_dated_events_pair_a_day_date_with_the_entities_of_its_sentence_and_quotes_key_by_speaker():
    from storyline.group.features import dated_events, quote_keys
    from storyline.model import Annotation, DateMention, EntityMention, QuoteMention, Sentence

    text = "Дэвис ушёл 9 июля. Мэй осталась."
    ann = Annotation(
        lang="ru",
        full=True,
        sentences=[Sentence(0, 18), Sentence(19, 32)],
        entities=[
            EntityMention(0, 5, "Дэвис", "PER", "Дэвис", entity_id="e1"),
            EntityMention(19, 22, "Мэй", "PER", "Мэй", entity_id="e2"),
        ],
        dates=[DateMention(11, 17, "9 июля", "2018-07-09", precision="day")],
        quotes=[
            QuoteMention(0, 30, "Мы выйдем из союза в марте", "direct", speaker_entity_id="e2"),
            QuoteMention(0, 10, "без говорящего", "direct"),
        ],
    )
    assert text[11:17] == "9 июля"
    assert dated_events(ann) == {"2018-07-09|e1"}  # Мэй is in another sentence
    assert quote_keys(ann) == {"e2|выйде союза марте"}  # runs of three stems, speaker known only
