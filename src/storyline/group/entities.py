"""Cross-document entities: one corpus entity per real-world referent.

Resolution runs per article, in two steps:

1. *Within the article* mentions are chained into local referents: equal name
   keys, a bare surname to the one full name it ends ("Токаев" ->
   "Касым-Жомарт Токаев"), an acronym to its expansion ("ОДКБ"). A surname that
   two full names share in the article (Садыр and Акылбек Жапаров) goes to the one
   whose role the mention carries, or stays a surname-only referent.
2. *Across the corpus* each local referent finds its entity by any of its keys
   (case, inflection, `ё`, transliteration and a few country aliases folded). A
   bare surname goes to the single full-name entity with that surname, or by role
   when several share it, else to its own surname-only entity, never a guess.
   When a full name arrives later for a surname seen alone, the surname-only
   entity is merged into it (`redirects` keep the old id resolvable).

Modules: `entity_keys` (name keys), `entity_record` (records, the canonical name),
`entity_chain` (step 1), `entity_match` (the indexes and step 2's lookups); this one
holds the writes (create, absorb, merge, neighbours) and persistence.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from storyline.group.entity_chain import chain_mentions
from storyline.group.entity_keys import is_bare, surnames_of
from storyline.group.entity_match import EntityIndex
from storyline.group.entity_record import EntityRecord, Local, canonical_name
from storyline.group.names import fold
from storyline.group.profile import compact_json
from storyline.model import Annotation, Entity

MAX_SURFACES = 50  # distinct written forms kept per entity (inflections, typos)
# Co-occurring entities kept per entity, the guard for spelling variants: a
# surname one letter off ("Кюнсберг" / "Кунсберг") is the same person only when
# the article shares a neighbour with her. 40 holds the neighbours named in
# several articles of a story.
MAX_CONTEXT = 40


class EntityResolver(EntityIndex):
    """Incremental corpus-level entity table. Deterministic for a given article order.

    `allocate` hands out entity numbers; the grouper passes the store's counter, so
    numbers never repeat across processes (without one, numbers count from 1 here).
    """

    def __init__(self, allocate: Callable[[], int] | None = None) -> None:
        self.allocate = allocate
        super().__init__()
        self.changed: set[str] = set()
        self.removed: set[str] = set()
        self.rewrites: dict[str, str] = {}  # merged id -> kept id, since the last drain

    # ---- persistence
    def dump(self, entity_id: str) -> bytes:
        return compact_json(vars(self.records[entity_id]))

    def load(self, blobs: Iterable[bytes], redirects: dict[str, str], next_id: int) -> None:
        for blob in blobs:
            rec = EntityRecord(**json.loads(blob))
            self._register(rec)
            self.mentions += rec.mention_count
        self.redirects = dict(redirects)
        self.next_id = next_id

    def entities(self) -> list[Entity]:
        return [self.records[i].to_entity() for i in sorted(self.records)]

    # ---- resolution
    def resolve(self, article_id: str, ann: Annotation) -> None:
        """Set `entity_id` on every mention (and on the figures and quotes naming them)."""
        locals_ = chain_mentions(ann)
        by_name: dict[str, str] = {}
        found = [self._find(local) for local in locals_]
        # A bare surname meets a full name of another story only beside a shared
        # neighbour: the other names' entities are the evidence ("Мюллера" of the US
        # election is not Nord Stream 2's Йенс Мюллер).
        bare = [i is not None and self._bare_to_full(lo, i) for lo, i in zip(locals_, found, strict=True)]
        firm = {i for i, b in zip(found, bare, strict=True) if i and not b}
        found = [
            self._bare_fallback(lo) if b and i and not self._bare_agrees(lo, i, firm - {i}) else i
            for lo, i, b in zip(locals_, found, bare, strict=True)
        ]
        # Spelling variants are matched second, against what the article's other names found.
        neighbours = {i for i in found if i}
        self._nearby = None  # the records have changed since the last article
        found = [i or self._find_variant(lo, neighbours - {i}) for lo, i in zip(locals_, found, strict=True)]
        self._nearby = None
        resolved = []
        for local, entity_id in zip(locals_, found, strict=True):
            entity_id = self.resolve_id(entity_id) if entity_id else self._create(local)
            rec = self.records[entity_id]
            self._absorb(rec, local, article_id)
            resolved.append(entity_id)
            for m in local.mentions:
                m.entity_id = entity_id
                by_name.setdefault(fold(m.name), entity_id)
        self._note_context({self.resolve_id(i) for i in resolved})
        for q in ann.quantities:
            if q.subject:
                q.subject_entity_id = by_name.get(fold(q.subject))
        for quote in ann.quotes:
            if quote.speaker:
                quote.speaker_entity_id = by_name.get(fold(quote.speaker))

    def _note_context(self, ids: set[str]) -> None:
        """Each entity of the article counts the others as neighbours (the most frequent kept)."""
        if len(ids) < 2:
            return
        for entity_id in sorted(ids):
            rec = self.records.get(entity_id)
            if rec is None:
                continue
            for other in sorted(ids - {entity_id}):
                rec.context[other] = rec.context.get(other, 0) + 1
            if len(rec.context) > MAX_CONTEXT:
                kept = sorted(rec.context.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CONTEXT]
                rec.context = dict(kept)
            self.changed.add(entity_id)

    def _create(self, local: Local) -> str:
        number = self.allocate() if self.allocate is not None else self.next_id
        self.next_id = number + 1
        entity_id = f"ent-{number:06d}"
        rec = EntityRecord(id=entity_id, name="", type=local.type)
        if local.type == "PER":
            rec.surname_only = is_bare(local.keys)
            if not rec.surname_only:
                rec.surnames = sorted(surnames_of(local.keys))
        self.records[entity_id] = rec
        if rec.surnames:
            self._absorb_surname_only(rec)
        return entity_id

    def _absorb_surname_only(self, rec: EntityRecord) -> None:
        """A new full name takes over the surname-only entity of its surname, if it is the only
        one. No company is asked for: the full name is new, so it has none yet (a nord_stream
        report's bare "Обама" is the Барак Обама a later us_election report names)."""
        for surname in rec.surnames:
            others = [i for i in self.by_surname.get(surname, []) if self.resolve_id(i) != rec.id]
            lone = self.by_bare.get(surname) or self.by_key.get(("P", surname))
            if others or lone is None:
                continue
            old = self.records.get(self.resolve_id(lone))
            if old is not None and old.surname_only and old.id != rec.id:
                self._merge(rec, old)

    def _merge(self, kept: EntityRecord, gone: EntityRecord) -> None:
        for name, n in gone.names.items():
            kept.names[name] = kept.names.get(name, 0) + n
        for surface, n in gone.surfaces.items():
            kept.surfaces[surface] = kept.surfaces.get(surface, 0) + n
        for role, n in gone.roles.items():
            kept.roles[role] = kept.roles.get(role, 0) + n
        kept.mention_count += gone.mention_count
        kept.articles = sorted(set(kept.articles) | set(gone.articles))
        for k in gone.keys:
            if k not in kept.keys:
                kept.keys.append(k)
        for k in gone.lemma_keys:
            if k not in kept.lemma_keys:
                kept.lemma_keys.append(k)
        self.redirects[gone.id] = kept.id
        self.rewrites[gone.id] = kept.id
        del self.records[gone.id]
        self.removed.add(gone.id)
        self.changed.discard(gone.id)
        self.changed.add(kept.id)

    def _absorb(self, rec: EntityRecord, local: Local, article_id: str) -> None:
        for k in sorted(local.keys):
            if k not in rec.keys:
                rec.keys.append(k)
        for k in sorted(local.lemma_keys):
            if k not in rec.lemma_keys:
                rec.lemma_keys.append(k)
        for m in local.mentions:
            rec.types[m.type] = rec.types.get(m.type, 0) + 1
            # a place adjective ("британские" -> Британия) names its place by derivation,
            # not as any text writes it: it never outvotes a written name (count 0
            # keeps it only as the name of a place no text names outright)
            rec.names[m.name] = rec.names.get(m.name, 0) + (0 if m.derived else 1)
            surface = " ".join(m.text.split())
            if surface != m.name and (surface in rec.surfaces or len(rec.surfaces) < MAX_SURFACES):
                rec.surfaces[surface] = rec.surfaces.get(surface, 0) + 1
        for role in sorted(local.roles):
            rec.roles[role] = rec.roles.get(role, 0) + 1
        rec.mention_count += len(local.mentions)
        self.mentions += len(local.mentions)
        # Only a surname-only entity can be merged away later (and its mentions
        # rewritten); the others need no article list, which would grow with the corpus.
        if rec.surname_only and article_id not in rec.articles:
            rec.articles.append(article_id)
        rec.name = canonical_name(rec)
        # The type most mentions carry ("BBC" tagged PER once is still an organisation).
        rec.type = max(rec.types, key=lambda t: (rec.types[t], t == rec.type)) if rec.types else rec.type
        self._register(rec)
        self.changed.add(rec.id)
