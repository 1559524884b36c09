"""The resolver's fast paths give what the plain ones gave (round 11, speed).

`_near_neighbour` compares the nearby spellings bucketed by (digits, length) and keeps
each record's fuzzy forms while its keys stand still; the key helpers are cached. Each
is checked against the plain computation it replaced.
"""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from storyline.group.entities import EntityResolver
from storyline.group.entity_keys import MARKS, fuzzy_form, key_words, mention_keys, space_of
from storyline.group.entity_match import MIN_FUZZY_ORG
from storyline.group.entity_record import EntityRecord, Local
from storyline.group.names import within_one_edit, words
from storyline.model import EntityMention

# Few letters, so that keys one letter apart are common; a digit, so digits matter.
LETTERS = "абвгдкмор2 "
key_text = st.text(LETTERS, min_size=4, max_size=9).map(lambda s: " ".join(s.split())).filter(bool)


def plain_near_neighbour(r: EntityResolver, local: Local, neighbours: set[str]) -> str | None:
    """`_near_neighbour` as it was before round 11: every pair compared, forms rebuilt."""
    plain = [k for k in local.keys if not k.startswith(MARKS)]
    spellings = [f for f in {fuzzy_form(k) for k in plain} if len(f[0]) >= MIN_FUZZY_ORG]
    if not spellings:
        return None
    nearby = {c for n in neighbours if n in r.records for c in r.records[n].context}
    hits = set()
    for entity_id in sorted(nearby - neighbours):
        rec = r.records.get(r.resolve_id(entity_id))
        if rec is None or space_of(rec.type) != "G":
            continue
        theirs = {fuzzy_form(k) for k in rec.keys if not k.startswith(MARKS)}
        if any(
            abs(len(a) - len(b)) <= 1 and da == db and within_one_edit(a, b)
            for a, da in spellings
            for b, db in theirs
        ):
            hits.add(rec.id)
    return hits.pop() if len(hits) == 1 else None


def _resolver(nearby_keys: list[list[str]], types: list[str]) -> EntityResolver:
    """One neighbour entity ("ent-n") whose company is the generated records."""
    r = EntityResolver()
    hub = EntityRecord(id="ent-n", name="n", type="LOC", keys=["хаб"])
    for i, (keys, kind) in enumerate(zip(nearby_keys, types, strict=False)):
        rec = EntityRecord(id=f"ent-{i:03d}", name=keys[0], type=kind, keys=list(keys))
        r.records[rec.id] = rec
        hub.context[rec.id] = 1
    r.records[hub.id] = hub
    return r


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(key_text, min_size=1, max_size=3), min_size=0, max_size=4),
    st.lists(st.sampled_from(["ORG", "LOC", "PER"]), min_size=4, max_size=4),
    st.lists(key_text, min_size=1, max_size=3),
)
@example([["кабардор"]], ["LOC"] * 4, ["кабадор"])  # one letter dropped: lengths differ by one
@example([["кабадор"]], ["LOC"] * 4, ["кабардор"])  # one letter added
@example([["кабадор2", "морда"]], ["ORG"] * 4, ["кабадор"])  # digits differ: another name
def test_near_neighbour_finds_what_comparing_every_pair_found(
    nearby_keys: list[list[str]], types: list[str], mine: list[str]
) -> None:
    r = _resolver(nearby_keys, types)
    local = Local("ORG", keys=set(mine), mentions=[EntityMention(0, 1, "а", "ORG", "а")])
    plain = [k for k in local.keys if not k.startswith(MARKS)]
    assert r._near_neighbour(local, plain, {"ent-n"}) == plain_near_neighbour(r, local, {"ent-n"})


def test_forms_follow_a_record_that_gains_a_key() -> None:
    """The kept fuzzy forms must not outlive the key list they were made from."""
    r = _resolver([["пенджаб"]], ["LOC"])
    local = Local("LOC", keys={"кашмер"}, mentions=[EntityMention(0, 6, "Кашмер", "LOC", "Кашмер")])
    assert r._near_neighbour(local, ["кашмер"], {"ent-n"}) is None
    r._nearby = None  # as `resolve` does between articles
    r.records["ent-000"].keys.append("кашмир")  # `_absorb` appends a key another article gave
    assert r._near_neighbour(local, ["кашмер"], {"ent-n"}) == "ent-000"
    assert r._forms_of(r.records["ent-000"]) == {fuzzy_form("пенджаб"), fuzzy_form("кашмир")}


@given(key_text)
def test_kept_key_words_are_the_words(key: str) -> None:
    assert list(key_words(key)) == words(key)


def test_mention_keys_are_a_fresh_set_each_time() -> None:
    """The cache behind `mention_keys` must not hand out a set a caller can change."""
    m = EntityMention(0, 20, "Европейской комиссии", "ORG", "Европейская комиссия")
    first = mention_keys(m, "европейский комиссия")
    first.add("чужой")
    again = mention_keys(m, "европейский комиссия")
    assert "чужой" not in again
    assert "европейская комиссия" in again
