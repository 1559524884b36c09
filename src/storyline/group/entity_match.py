"""The entity table's lookups: the indexes over entity keys and how one local referent
finds its corpus entity (exact keys, a bare surname to its full name, stump compounds and
acronyms, spelling variants beside shared neighbours). `EntityResolver` adds the writes."""

from __future__ import annotations

import math
from collections import Counter

from storyline.group.entity_keys import (
    MARKS,
    MAX_COMPOUND_STEM,
    MIN_COMPOUND_STEM,
    SKELETON_MARK,
    SPELLED_MARK,
    compound_splits,
    firsts_of,
    fuzzy_form,
    is_bare,
    key_acronym,
    key_words,
    plain_keys,
    roles_match,
    space_of,
    surnames_of,
)
from storyline.group.entity_record import EntityRecord, Local
from storyline.group.names import (
    first_names_compatible,
    looks_like_acronym,
    skeleton,
    within_one_edit,
)

# A bare surname meets a little-known full name (fewer mentions than this so far) only
# beside its company: the article must name neighbours holding this share of the
# entity's co-occurrences, each weighed by its specificity. Read on bsnlp-ru (661
# articles, 11 bare names refused): 0.08 keeps the us_election "Мюллера" of two
# articles out of Nord Stream 2's Йенс Мюллер and "Ислам" out of Faisal Islam, and
# wrongly refuses "Меркель" in one brexit article and "Буш" in one us_election one;
# 0.15 refused Обама, Маск and Керри too. Famous names (10+ mentions) are taken at
# their word: "Джонсон" in a us_election article is Boris Johnson, whose usual company
# (brexit) it does not name. Entity B3 on the gold topics is unchanged by it.
MIN_CONTEXT_MASS = 0.08
MAX_OBSCURE_MENTIONS = 10
# A spelling variant of a surname is looked for only when the surname is this long:
# shorter surnames one letter apart are mostly different people ("Мэй" / "Май").
MIN_FUZZY_SURNAME = 5
# The same for organisation and place names, letters counted without spaces:
# below six, one letter apart is another name ("Мали" / "Бали", "Иран" / "Ирак").
MIN_FUZZY_ORG = 6

# What `_nearby_spellings` gathers: (entity id, its keys' fuzzy forms) in id order, and
# (digits, length) -> [(fuzzy form, entity id)] over the same forms.
Nearby = tuple[list[tuple[str, set[tuple[str, str]]]], dict[tuple[str, int], list[tuple[str, str]]]]


class EntityIndex:
    """Entity records and the indexes over their keys; read-only lookups."""

    def __init__(self) -> None:
        self.records: dict[str, EntityRecord] = {}
        self.by_key: dict[tuple[str, str], str] = {}
        self.by_surname: dict[str, list[str]] = {}  # surname -> full-name PER entity ids
        self.by_first: dict[str, list[str]] = {}  # first name -> full-name PER entity ids
        self.by_bare: dict[str, str] = {}  # key -> surname-only PER entity id
        self.by_acronym: dict[str, str] = {}  # acronym of a multiword ORG/LOC name -> id
        self.by_second: dict[str, list[tuple[str, str]]] = {}  # 2nd word of a 2-word ORG/LOC -> (1st, id)
        self.redirects: dict[str, str] = {}
        self.mentions = 0  # mentions resolved, all entities: the base of `_specificity`
        self.next_id = 1
        # (neighbours, what `_nearby_spellings` found for them): valid within one `resolve`
        self._nearby: tuple[frozenset[str], Nearby] | None = None
        # entity id -> ((key count, last key), its plain keys' fuzzy forms): `_forms_of`
        self._forms: dict[str, tuple[tuple[int, str], set[tuple[str, str]]]] = {}

    def _register(self, rec: EntityRecord) -> None:
        self.records[rec.id] = rec
        space = space_of(rec.type)
        for key in rec.keys:
            self.by_key.setdefault((space, key), rec.id)
            acr = (
                key_acronym(key)
                if space == "G" and not key.startswith((SKELETON_MARK, SPELLED_MARK))
                else None
            )
            if acr:
                self.by_acronym.setdefault(acr, rec.id)
                parts = key_words(key)
                if len(parts) == 2 and (parts[0], rec.id) not in self.by_second.get(parts[1], []):
                    self.by_second.setdefault(parts[1], []).append((parts[0], rec.id))
        if rec.type == "PER" and rec.surname_only:
            for key in rec.keys:
                self.by_bare.setdefault(key, rec.id)
        if rec.type == "PER" and not rec.surname_only:
            rec.surnames = sorted(set(rec.surnames) | surnames_of(rec.keys))
            for surname in rec.surnames:
                ids = self.by_surname.setdefault(surname, [])
                if rec.id not in ids:
                    ids.append(rec.id)
            for first in firsts_of(plain_keys(rec.keys)):
                ids = self.by_first.setdefault(first, [])
                if rec.id not in ids:
                    ids.append(rec.id)

    def resolve_id(self, entity_id: str) -> str:
        while entity_id in self.redirects:
            entity_id = self.redirects[entity_id]
        return entity_id

    def _find(self, local: Local) -> str | None:
        space = space_of(local.type)
        found = Counter(
            self.resolve_id(self.by_key[(space, k)]) for k in local.keys if (space, k) in self.by_key
        )
        bare_name = local.type == "PER" and is_bare(local.keys)
        if found and local.type == "PER" and not bare_name:
            # A surname key a namesake's record holds must not pull in a person whose
            # first name is another ("Роберт Мюллер" is not "Йенс Мюллер").
            mine = firsts_of(plain_keys(local.keys))
            found = Counter({i: n for i, n in found.items() if self._first_names_agree(i, mine)})
        if found:
            best = max(found, key=lambda i: (found[i], self.records[i].mention_count, i))
            rec = self.records[best]
            if not (bare_name and rec.surname_only):
                return best
        if bare_name:
            fulls = sorted({self.resolve_id(i) for k in local.keys for i in self.by_surname.get(k, [])})
            if len(fulls) > 1 and local.roles:
                fulls = [i for i in fulls if roles_match(local.roles, self.records[i].roles)]
            if len(fulls) == 1:
                return fulls[0]
            if found:
                return max(found, key=lambda i: (found[i], i))
            return None
        if space == "G":
            # A stump compound names one thing; an acronym ("ЕК", "EC") may stand for several.
            compound = self._compound(local)
            if compound:
                return compound
            for k in sorted(local.keys):
                if k.startswith((SKELETON_MARK, SPELLED_MARK)):
                    continue
                if k in self.by_acronym:
                    return self.resolve_id(self.by_acronym[k])
                acr = key_acronym(k)
                if acr and ("G", acr) in self.by_key:
                    return self.resolve_id(self.by_key[("G", acr)])
        return None

    def _compound(self, local: Local) -> str | None:
        """The one two-word name a one-word stump compound abbreviates ("Еврокомиссия" ->
        "Европейская комиссия")."""
        hits = set()
        for k in plain_keys(local.keys):
            parts = key_words(k)
            if len(parts) == 2:  # the full name after its compound: "Европейская комиссия"
                for n in range(MIN_COMPOUND_STEM, MAX_COMPOUND_STEM + 1):
                    stump = ("G", parts[0][:n] + parts[1])
                    if n < len(parts[0]) and stump in self.by_key:
                        hits.add(self.resolve_id(self.by_key[stump]))
                continue
            if len(parts) != 1:
                continue
            for stem, rest in compound_splits(k):
                for first, entity_id in self.by_second.get(rest, []):
                    if first.startswith(stem) and first != stem:
                        hits.add(self.resolve_id(entity_id))
        return hits.pop() if len(hits) == 1 else None

    def _find_variant(self, local: Local, neighbours: set[str]) -> str | None:
        """A spelling variant of a known name: the same referent under another spelling.

        ORG/LOC: a multiword name the tagger typed as a person elsewhere (or the
        reverse) is one referent by its exact key ("Даунинг-стрит"). PER with a
        full name: the one known person of that surname whose first name is
        compatible ("Джо" / "Джозеф"); when an article neighbour is shared, the one
        person of that surname whose first name is a letter off ("Хайко" /
        "Гайко"), or of that first name whose surname is ("Кюнсберг" / "Кунсберг")."""
        plain = plain_keys(local.keys)
        other = "G" if space_of(local.type) == "P" else "P"
        crossed = {
            self.resolve_id(self.by_key[(other, k)])
            for k in plain
            if len(key_words(k)) > 1 and (other, k) in self.by_key
        }
        if len(crossed) == 1:
            return crossed.pop()
        if local.type != "PER":
            return self._near_neighbour(local, plain, neighbours)
        if is_bare(local.keys):
            return None
        names = [key_words(k) for k in plain if len(key_words(k)) > 1]
        by_surname = {self.resolve_id(i) for parts in names for i in self.by_surname.get(parts[-1], [])}
        compatible = {i for i in by_surname if self._first_names_match(i, names)}
        if len(compatible) == 1:
            return compatible.pop()
        if compatible or not neighbours:
            return None
        # A first name one letter off ("Хайко" / "Гайко") needs a shared neighbour too.
        near = {
            i
            for i in by_surname
            if self._first_names_match(i, names, fuzzy=True) and neighbours & set(self.records[i].context)
        }
        if len(near) == 1:
            return near.pop()
        if near:
            return None
        variants = set()
        for parts in names:
            if len(parts[-1]) < MIN_FUZZY_SURNAME:
                continue
            for i in self.by_first.get(parts[0], []):
                rec = self.records.get(self.resolve_id(i))
                if rec is None or not neighbours & set(rec.context):
                    continue
                if any(within_one_edit(skeleton(parts[-1]), skeleton(s)) for s in rec.surnames):
                    variants.add(rec.id)
        return variants.pop() if len(variants) == 1 else None

    def _near_neighbour(self, local: Local, plain: list[str], neighbours: set[str]) -> str | None:
        """An organisation or place spelled one letter off ("Пенджаб" / "Панджаб") among the
        entities named beside the article's other names: the one such entity, else none."""
        if any(looks_like_acronym(w) for m in local.mentions for w in m.text.split()):
            return None  # acronyms one letter apart are other names ("BBC News" / "NBC News")
        spellings = [f for f in {fuzzy_form(k) for k in plain} if len(f[0]) >= MIN_FUZZY_ORG]
        if not spellings:
            return None
        # A pair can match only at equal digits and lengths at most one apart, so only
        # those buckets of the nearby spellings are compared (every pair was, before:
        # 1.6M comparisons on bsnlp-ru). The same set of hits: `tests/group/test_entity_nearby.py`.
        by_shape = self._nearby_spellings(neighbours)[1]
        hits: set[str] = set()
        for a, da in spellings:
            for size in (len(a) - 1, len(a), len(a) + 1):
                for b, rec_id in by_shape.get((da, size), ()):
                    if rec_id not in hits and within_one_edit(a, b):
                        hits.add(rec_id)
                        if len(hits) > 1:
                            return None
        return hits.pop() if len(hits) == 1 else None

    def _nearby_spellings(self, neighbours: set[str]) -> Nearby:
        """The organisations and places named beside the article's other names (not those
        names), in id order, each with its keys' fuzzy forms; and the same forms by (digits,
        length), each with its entity. Every name of one article that looks for a variant
        asks with the same neighbours while the records stand still (`resolve` drops this
        between articles), so they are gathered once an article, not once a name: the
        gathering was 3 % of the writer's CPU on bsnlp-ru (py-spy, round 10)."""
        key = frozenset(neighbours)
        if self._nearby is not None and self._nearby[0] == key:
            return self._nearby[1]
        nearby = {c for n in neighbours if n in self.records for c in self.records[n].context}
        found = []
        by_shape: dict[tuple[str, int], list[tuple[str, str]]] = {}
        for entity_id in sorted(nearby - neighbours):
            rec = self.records.get(self.resolve_id(entity_id))
            if rec is None or space_of(rec.type) != "G":
                continue
            forms = self._forms_of(rec)
            found.append((rec.id, forms))
            for b, db in forms:
                by_shape.setdefault((db, len(b)), []).append((b, rec.id))
        self._nearby = (key, (found, by_shape))
        return found, by_shape

    def _forms_of(self, rec: EntityRecord) -> set[tuple[str, str]]:
        """The fuzzy forms of a record's plain keys, kept while its key list stands still.
        Keys are only ever appended (`_absorb`, `_merge`), so an unchanged length and last
        key mean an unchanged list; rebuilding the forms of every nearby record for every
        article was most of `_nearby_spellings`' cost."""
        stamp = (len(rec.keys), rec.keys[-1] if rec.keys else "")
        kept = self._forms.get(rec.id)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        forms = {fuzzy_form(k) for k in rec.keys if not k.startswith(MARKS)}
        self._forms[rec.id] = (stamp, forms)
        return forms

    def _bare_to_full(self, local: Local, entity_id: str) -> bool:
        """A bare person name resolved to an entity that has a full name."""
        rec = self.records.get(self.resolve_id(entity_id))
        return local.type == "PER" and is_bare(local.keys) and rec is not None and not rec.surname_only

    def _bare_agrees(self, local: Local, entity_id: str, neighbours: set[str]) -> bool:
        """A bare name is its full-name entity unless its role is another one or the
        article's other names are not the entity's company."""
        return self._context_agrees(entity_id, neighbours)

    def _context_agrees(self, entity_id: str, neighbours: set[str]) -> bool:
        """Whether a bare name may be this entity judging by the article's other names.

        A well-known name is taken at its word; a little-known one must be named beside
        enough of its usual company, weighed by how often each was named with it (a
        country every story names weighs what it weighs in the entity's own articles)."""
        rec = self.records.get(self.resolve_id(entity_id))
        if rec is None or not neighbours or not rec.context or rec.mention_count >= MAX_OBSCURE_MENTIONS:
            return True
        weights = {self.resolve_id(other): n * self._specificity(other) for other, n in rec.context.items()}
        shared = sum(w for other, w in weights.items() if other in neighbours)
        return shared >= MIN_CONTEXT_MASS * sum(weights.values())

    def _specificity(self, entity_id: str) -> float:
        """log(all mentions / the entity's mentions): "США" says little, "Газпром" more."""
        rec = self.records.get(self.resolve_id(entity_id))
        return math.log((self.mentions + 1) / ((rec.mention_count if rec else 0) + 1))

    def _bare_fallback(self, local: Local) -> str | None:
        """The surname-only entity of a bare name refused its full-name namesake, if one exists."""
        ids = sorted({self.resolve_id(self.by_bare[k]) for k in local.keys if k in self.by_bare})
        return ids[0] if ids else None

    def _first_names_agree(self, entity_id: str, mine: set[str]) -> bool:
        """No first name on one side, or a pair of compatible ones ("Джо" / "Джозеф")."""
        theirs = firsts_of(plain_keys(self.records[entity_id].keys))
        if not mine or not theirs:
            return True
        return any(first_names_compatible(a, b) for a in mine for b in theirs)

    def _first_names_match(self, entity_id: str, names: list[tuple[str, ...]], fuzzy: bool = False) -> bool:
        rec = self.records.get(entity_id)
        if rec is None or rec.surname_only:
            return False
        firsts = firsts_of(plain_keys(rec.keys))
        return any(first_names_compatible(parts[0], f, fuzzy=fuzzy) for parts in names for f in firsts)
