"""Entity links: the grouping's entity ids live beside the annotation, not in it."""

from __future__ import annotations

from storyline.model import Annotation, EntityMention, QuantityMention, QuoteMention
from storyline.store import Store
from tests.store.contract.helpers import article


def annotated() -> Annotation:
    return Annotation(
        lang="ru",
        full=True,
        entities=[
            EntityMention(start=0, end=5, text="Текст", type="ORG", name="текст"),
            EntityMention(start=6, end=11, text="номер", type="PER", name="номер"),
        ],
        quantities=[QuantityMention(start=6, end=11, text="номер", value=1.0, subject="номер")],
        quotes=[QuoteMention(start=0, end=11, text="Текст номер", kind="direct", speaker="номер")],
        version="test",
    )


def stored(store: Store) -> Annotation:
    with store.transaction():
        store.add_article(article(1, "Текст номер 1."))
        store.save_annotation("a1", annotated())
    ann = store.get_article("a1").annotation
    assert ann is not None
    return ann


def test_links_are_read_with_the_annotation(store: Store) -> None:
    ann = stored(store)
    assert [m.entity_id for m in ann.entities] == [None, None]
    ann.entities[1].entity_id = "ent-000002"
    ann.quantities[0].subject_entity_id = "ent-000002"
    ann.quotes[0].speaker_entity_id = "ent-000002"
    with store.transaction():
        store.save_entity_links("a1", ann)
    again = store.get_article("a1").annotation
    assert again is not None
    assert [m.entity_id for m in again.entities] == [None, "ent-000002"]
    assert again.quantities[0].subject_entity_id == again.quotes[0].speaker_entity_id == "ent-000002"
    assert [a.annotation.entities[1].entity_id for a in store.iter_articles() if a.annotation] == [
        "ent-000002"
    ]


def test_a_merge_renames_every_link_and_a_new_annotation_drops_them(store: Store) -> None:
    ann = stored(store)
    ann.entities[0].entity_id = "ent-000001"
    ann.quotes[0].speaker_entity_id = "ent-000001"
    with store.transaction():
        store.save_entity_links("a1", ann)
        store.rename_entity_links({"ent-000001": "ent-000009"})
    merged = store.get_article("a1").annotation
    assert merged is not None
    assert merged.entities[0].entity_id == merged.quotes[0].speaker_entity_id == "ent-000009"
    with store.transaction():  # re-annotated: the old links pointed into the old lists
        store.save_annotation("a1", annotated())
    fresh = store.get_article("a1").annotation
    assert fresh is not None and all(m.entity_id is None for m in fresh.entities)


def test_an_annotation_given_already_encoded_is_stored_as_given(store: Store) -> None:
    """The annotation workers encode for the writer: those bytes are what the store keeps
    (`save_annotation(..., encoded)`), and they read back as the annotation."""
    from storyline.store import codec

    ann = annotated()
    blob = codec.annotation_dumps(ann)
    with store.transaction():
        store.add_article(article(1, "Текст номер 1."))
        store.save_annotation("a1", ann, blob)
    back = store.get_article("a1").annotation
    assert back is not None and back.to_dict() == ann.to_dict()
    with store.transaction():  # bytes of another annotation: stored as given, not re-encoded
        store.save_annotation(
            "a1", ann, codec.annotation_dumps(Annotation(lang="ru", full=True, version="test"))
        )
    again = store.get_article("a1").annotation
    assert again is not None and again.entities == [] and again.lang == "ru"
