"""The records of cross-document entities: one `EntityRecord` per corpus entity (what is
stored), one `Local` per referent inside one article, and the pick of an entity's name."""

from __future__ import annotations

from dataclasses import dataclass, field

from storyline.group.entity_keys import name_key
from storyline.group.names import acronym, fold, looks_like_acronym, words
from storyline.model import Entity, EntityMention


@dataclass
class EntityRecord:
    id: str
    name: str
    type: str
    keys: list[str] = field(default_factory=list)
    names: dict[str, int] = field(default_factory=dict)  # surface names -> count
    roles: dict[str, int] = field(default_factory=dict)
    surnames: list[str] = field(default_factory=list)  # PER with a full name: last words of its keys
    surname_only: bool = False
    mention_count: int = 0
    articles: list[str] = field(default_factory=list)  # kept for surname-only entities
    lemma_keys: list[str] = field(default_factory=list)  # keys made from lemmas (nominative)
    surfaces: dict[str, int] = field(default_factory=dict)  # text as written ("Токаева"), for aliases
    types: dict[str, int] = field(default_factory=dict)  # mentions per NER type: the majority names it
    context: dict[str, int] = field(default_factory=dict)  # co-occurring entity ids -> articles

    def to_entity(self) -> Entity:
        seen: dict[str, int] = dict(self.surfaces)
        for name, n in self.names.items():
            seen[name] = seen.get(name, 0) + n
        aliases = sorted((n for n in seen if n != self.name), key=lambda n: (-seen[n], n))
        roles = sorted(self.roles, key=lambda r: (-self.roles[r], r))
        return Entity(self.id, self.name, self.type, aliases[:30], roles[:10], self.mention_count)


@dataclass
class Local:
    """Mentions of one referent inside one article."""

    type: str
    keys: set[str] = field(default_factory=set)
    mentions: list[EntityMention] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    lemma_keys: set[str] = field(default_factory=set)


def canonical_name(rec: EntityRecord) -> str:
    """A person's longest name, words spelled out counting and initials not ("Владимир
    Путин" over "В.В. Путин"); otherwise the most used name. A nominative one (equal to
    its lemma key) wins ties, then the one of more words. The annotate stage gives
    nominative names; this only has to pick."""
    keyset = set(rec.lemma_keys)

    person = rec.type == "PER"

    def rank(name: str) -> tuple[int, int, int, int, int, str]:
        nominative = 1 if name_key(name) in keyset else 0
        parts = words(fold(name))
        spelled = [w for w in parts if len(w) > 1]  # "В.В. Путин" has one word and two initials
        size = len(spelled) if person else 0
        # Initials count against a person's name only: in other names a one-letter word is
        # a linking particle ("Техрик-э-Лабаик Пакистан"), not an abbreviation.
        initials = len(spelled) - len(parts) if person else 0
        # Among equally used names, the spelled-out one ("Техрик-э-Лабаик Пакистан" over "TLP").
        return (size, initials, rec.names[name], nominative, len(parts), name)

    best = max(rec.names, key=rank) if rec.names else ""
    return best if person else _written_acronym(rec, best) or best


def _written_acronym(rec: EntityRecord, name: str) -> str | None:
    """The acronym of an organisation's `name` when the texts write it more often than the
    name itself (`ФБР` eight times beside three `Федеральное бюро расследований`): the
    annotate stage names an acronym by the expansion its article spells out, so `names`
    counts every `ФБР` under the long name; its written forms (`surfaces`) tell them apart.
    A reader names the body as the text does most (a tie keeps the spelled-out name)."""
    short = acronym(fold(name))
    if short is None:
        return None
    written = {s: n for s, n in rec.surfaces.items() if looks_like_acronym(s) and fold(s) == short}
    if not written:
        return None
    shown = max(written, key=lambda s: (written[s], s))
    uses = sum(written.values())
    # `names[name]` holds the acronym's uses; a nominative acronym no article expanded
    # counts under its own name (`names["ФБР"]`).
    spelled = rec.names.get(name, 0) - uses
    return shown if uses + rec.names.get(shown, 0) > spelled else None
