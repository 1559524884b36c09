from storyline.group.features import extract_features
from storyline.model import Annotation, Article, EntityMention


def _article(title: str, mentions: list[EntityMention]) -> Article:
    return Article(id="a", text="x", title=title, annotation=Annotation(lang="ru", full=True, entities=mentions))


def test_headline_actors_are_the_entities_that_open_a_headline_clause():
    mentions = [
        EntityMention(0, 4, "ОБСЕ", "ORG", "ОБСЕ", entity_id="ent-1"),
        EntityMention(5, 15, "Петровском", "LOC", "Петровское", entity_id="ent-2"),  # inside the clause: a place
        EntityMention(16, 30, "Мауленом Ашимбаевым", "PER", "Маулен Ашимбаев", entity_id="ent-3"),  # "Маулен" missing
        EntityMention(31, 40, "Совета Европы", "ORG", "Совет Европы", entity_id="ent-4"),  # not in the headline
        EntityMention(41, 50, "Слуги народа", "ORG", "Слуга народа", entity_id="ent-5"),  # opens the clause after ":"
    ]
    feats = extract_features(
        _article("ОБСЕ сообщила о переносе разведения сил в Петровском: Слуга народа против, Ашимбаев за", mentions)
    )
    assert feats.actors == {"ent-1", "ent-5"}
    assert feats.places == {"ent-2"}
    assert extract_features(_article("В Петровском ОБСЕ сообщила о переносе", mentions)).actors == set()
