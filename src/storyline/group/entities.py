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
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from storyline.group.names import (
    acronym,
    first_names_compatible,
    fold,
    looks_like_acronym,
    skeleton,
    spelled_key,
    strip_initials,
    within_one_edit,
    words,
)
from storyline.group.profile import compact_json
from storyline.model import Annotation, Entity, EntityMention

SKELETON_MARK = "~"  # prefixes a skeleton key, kept apart from exact keys
SPELLED_MARK = "#"  # prefixes a letter-name key ("BBC" / "Би-би-си"), ORG and LOC only
MAX_SURFACES = 50  # distinct written forms kept per entity (inflections, typos)
# Co-occurring entities kept per entity, the guard for spelling variants: a
# surname one letter off ("Кюнсберг" / "Кунсберг") is the same person only when
# the article shares a neighbour with her. 40 holds the neighbours named in
# several articles of a story.
MAX_CONTEXT = 40
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
# Keys whose fuzzy form (`_fuzzy_form`) is kept (LRU): a key and two short strings, a few
# hundred bytes an entry, so a bounded ~20 MB however large the entity table grows.
FUZZY_FORMS = 65_536
# A stump compound ("Еврокомиссия", "Минобороны", "Госдеп") opens with the first
# three to five letters of its full name's first word and ends in its second word.
MIN_COMPOUND_STEM = 3
MAX_COMPOUND_STEM = 5

# Names that are one referent under different spellings in Russian media. Small on
# purpose: general knowledge about countries and unions, not about any corpus.
COUNTRY_ALIASES = {
    "британия": "великобритания",
    "соединенное королевство": "великобритания",
    "сша": "соединенные штаты америки",
    "соединенные штаты": "соединенные штаты америки",
    "америка": "соединенные штаты америки",
    "штаты": "соединенные штаты америки",
    "рф": "россия",
    "российская федерация": "россия",
    "фрг": "германия",
    "кнр": "китай",
    "евросоюз": "европейский союз",
    "киргизия": "кыргызстан",
    "киргизская республика": "кыргызстан",
    "кыргызская республика": "кыргызстан",
    "республика казахстан": "казахстан",
}


# ORG and LOC are confused by NER for the same name ("Россия заявила" is ORG);
# they share one key space. PER never matches them.
def _space(kind: str) -> str:
    return "P" if kind == "PER" else "G"


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
class _Local:
    """Mentions of one referent inside one article."""

    type: str
    keys: set[str] = field(default_factory=set)
    mentions: list[EntityMention] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    lemma_keys: set[str] = field(default_factory=set)


# A country named after an institution, in the genitive: one spelling per country,
# so "Минэкономразвития РФ" meets "Минэкономразвития России" and "МИД КНР" "МИД Китая".
COUNTRY_GENITIVES = {
    "рф": "россии",
    "российской федерации": "россии",
    "соединенных штатов америки": "сша",
    "соединенных штатов": "сша",
    "кнр": "китая",
    "фрг": "германии",
    "киргизии": "кыргызстана",
    "киргизской республики": "кыргызстана",
    "кыргызской республики": "кыргызстана",
    "республики казахстан": "казахстана",
    "соединенного королевства": "великобритании",
    "британии": "великобритании",
}
_COUNTRY_SUFFIX = re.compile(" (" + "|".join(sorted(COUNTRY_GENITIVES, key=len, reverse=True)) + ")$")


def _key(raw: str) -> str:
    key = strip_initials(fold(raw))
    key = COUNTRY_ALIASES.get(key, key)
    return _COUNTRY_SUFFIX.sub(lambda m: " " + COUNTRY_GENITIVES[m.group(1)], key)


def _mention_keys(mention: EntityMention, lemma_form: str) -> set[str]:
    """Exact keys plus their skeletons ("~..."), which meet transliterated spellings, and for
    organisations and places a letter-name key ("#..."), which meets a spelled-out acronym."""
    keys = {k for k in (_key(mention.name), _key(mention.text), _key(lemma_form)) if k}
    out = keys | {SKELETON_MARK + skeleton(k) for k in keys}
    if mention.type != "PER":
        spelled = spelled_key(mention.text) if looks_like_acronym(mention.text) else spelled_key(mention.name)
        if spelled:
            out.add(SPELLED_MARK + spelled)
    return out


def _digits(text: str) -> str:
    """The numbers in a name: "Nord Stream 2" and "Nord Stream" are one letter apart, not one thing."""
    return "".join(c for c in text if c.isdigit())


_MARKS = (SKELETON_MARK, SPELLED_MARK)


@lru_cache(maxsize=FUZZY_FORMS)
def _fuzzy_form(key: str) -> tuple[str, str]:
    """A plain key's spelling for one-letter-off matching (its skeleton, spaces dropped) and
    its digits: `_near_neighbour` compares every nearby entity's keys with these, per
    article, and building them afresh each time was most of its cost."""
    form = skeleton(key.replace(" ", ""))
    return form, _digits(form)


def _compound_splits(word: str) -> list[tuple[str, str]]:
    """(stem, rest) readings of a one-word compound ("еврокомиссия" -> ("евро", "комиссия"))."""
    return [
        (word[:k], word[k:])
        for k in range(MIN_COMPOUND_STEM, MAX_COMPOUND_STEM + 1)
        if len(word) - k >= MIN_COMPOUND_STEM
    ]


def _plain(keys: set[str] | list[str]) -> list[str]:
    return [k for k in keys if not k.startswith((SKELETON_MARK, SPELLED_MARK))]


def _is_bare(keys: set[str] | list[str]) -> bool:
    return all(len(words(k)) == 1 for k in keys)


def _surnames(keys: set[str] | list[str]) -> set[str]:
    return {words(k)[-1] for k in keys if len(words(k)) > 1}


def _firsts(keys: set[str] | list[str]) -> set[str]:
    return {words(k)[0] for k in keys if len(words(k)) > 1}


_ROLE_NOISE = re.compile(r"[«»\"“”„]")


def _role_key(role: str | None) -> str | None:
    """A role as readers see it: lowercased, `ё`->`е`, quotes dropped, but hyphens kept
    ("премьер-министр", not the name key's "премьер министр")."""
    if not role:
        return None
    text = _ROLE_NOISE.sub("", role.lower().replace("ё", "е"))
    return " ".join(text.split()) or None


def _roles_match(roles: set[str], known: dict[str, int] | set[str]) -> bool:
    """A role matches when one contains the other's head word ("президент" ~ "президент кыргызстана")."""
    for role in roles:
        head = fold(role).split(" ")[0]
        for other in known:
            if head and head == fold(other).split(" ")[0]:
                return True
    return False


class EntityResolver:
    """Incremental corpus-level entity table. Deterministic for a given article order.

    `allocate` hands out entity numbers; the grouper passes the store's counter, so
    numbers never repeat across processes (without one, numbers count from 1 here).
    """

    def __init__(self, allocate: Callable[[], int] | None = None) -> None:
        self.allocate = allocate
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
        self.changed: set[str] = set()
        self.removed: set[str] = set()
        self.rewrites: dict[str, str] = {}  # merged id -> kept id, since the last drain
        # (neighbours, what `_nearby_spellings` found for them): valid within one `resolve`
        self._nearby: tuple[frozenset[str], list[tuple[str, set[tuple[str, str]]]]] | None = None

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

    def _register(self, rec: EntityRecord) -> None:
        self.records[rec.id] = rec
        space = _space(rec.type)
        for key in rec.keys:
            self.by_key.setdefault((space, key), rec.id)
            acr = acronym(key) if space == "G" and not key.startswith((SKELETON_MARK, SPELLED_MARK)) else None
            if acr:
                self.by_acronym.setdefault(acr, rec.id)
                parts = words(key)
                if len(parts) == 2 and (parts[0], rec.id) not in self.by_second.get(parts[1], []):
                    self.by_second.setdefault(parts[1], []).append((parts[0], rec.id))
        if rec.type == "PER" and rec.surname_only:
            for key in rec.keys:
                self.by_bare.setdefault(key, rec.id)
        if rec.type == "PER" and not rec.surname_only:
            rec.surnames = sorted(set(rec.surnames) | _surnames(rec.keys))
            for surname in rec.surnames:
                ids = self.by_surname.setdefault(surname, [])
                if rec.id not in ids:
                    ids.append(rec.id)
            for first in _firsts(_plain(rec.keys)):
                ids = self.by_first.setdefault(first, [])
                if rec.id not in ids:
                    ids.append(rec.id)

    def resolve_id(self, entity_id: str) -> str:
        while entity_id in self.redirects:
            entity_id = self.redirects[entity_id]
        return entity_id

    def entities(self) -> list[Entity]:
        return [self.records[i].to_entity() for i in sorted(self.records)]

    # ---- resolution
    def resolve(self, article_id: str, ann: Annotation) -> None:
        """Set `entity_id` on every mention (and on the figures and quotes naming them)."""
        locals_ = self._chain(ann)
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

    def _chain(self, ann: Annotation) -> list[_Local]:
        tokens = ann.tokens
        locals_: list[_Local] = []
        key_owner: dict[tuple[str, str], _Local] = {}
        pending_bare: list[tuple[EntityMention, set[str], str]] = []
        pending_acr: list[tuple[EntityMention, set[str], str]] = []
        ti = 0
        for m in sorted(ann.entities, key=lambda e: (e.start, e.end)):
            while ti < len(tokens) and tokens[ti].end <= m.start:
                ti += 1
            inside = []
            for t in tokens[ti:]:
                if t.start >= m.end:
                    break  # tokens are in text order: nothing further is inside the mention
                if t.start >= m.start and t.end <= m.end:
                    inside.append(t.lemma)
            lemma_form = " ".join(inside)
            keys = _mention_keys(m, lemma_form)
            if not keys:
                continue
            lemma_key = _key(lemma_form)
            space = _space(m.type)
            if m.type == "PER" and all(len(words(k)) == 1 for k in keys):
                pending_bare.append((m, keys, lemma_key))
                continue
            if space == "G" and looks_like_acronym(m.text):
                pending_acr.append((m, keys, lemma_key))
                continue
            owner = next((key_owner[(space, k)] for k in sorted(keys) if (space, k) in key_owner), None)
            if owner is None:
                owner = _Local(m.type)
                locals_.append(owner)
            owner.keys |= keys
            owner.mentions.append(m)
            if lemma_key:
                owner.lemma_keys.add(lemma_key)
            role = _role_key(m.role)
            if role:
                owner.roles.add(role)
            for k in keys:
                key_owner.setdefault((space, k), owner)
        # Acronyms: to the local expansion, else their own referent.
        for m, keys, lemma_key in pending_acr:
            target = next(
                (
                    lo
                    for lo in locals_
                    if lo.type != "PER" and any(acronym(k) in keys for k in _plain(lo.keys))
                ),
                None,
            )
            target = target or next(
                (key_owner.get(("G", k)) for k in sorted(keys) if ("G", k) in key_owner), None
            )
            if target is None:
                target = _Local(m.type)
                locals_.append(target)
                for k in keys:
                    key_owner.setdefault(("G", k), target)
            target.keys |= keys
            target.mentions.append(m)
            if lemma_key and looks_like_acronym(m.text) and not target.lemma_keys:
                target.lemma_keys.add(fold(m.text))
        # Bare person names: to the one full name they end (or start) in this article.
        for m, keys, lemma_key in pending_bare:
            role = _role_key(m.role)
            hits = [
                lo
                for lo in locals_
                if lo.type == "PER"
                and not _is_bare(lo.keys)
                and keys & (_surnames(lo.keys) | _firsts(lo.keys))
            ]
            if len(hits) > 1 and role:
                hits = [lo for lo in hits if _roles_match({role}, lo.roles)]
            if len(hits) == 1:
                hits[0].mentions.append(m)
                continue
            owner = next((key_owner.get(("P", k)) for k in sorted(keys) if ("P", k) in key_owner), None)
            if owner is None:
                owner = _Local("PER")
                locals_.append(owner)
                for k in keys:
                    key_owner.setdefault(("P", k), owner)
            owner.keys |= keys
            owner.mentions.append(m)
            if lemma_key:
                owner.lemma_keys.add(lemma_key)
            if role:
                owner.roles.add(role)
        return locals_

    def _find(self, local: _Local) -> str | None:
        space = _space(local.type)
        found = Counter(
            self.resolve_id(self.by_key[(space, k)]) for k in local.keys if (space, k) in self.by_key
        )
        is_bare = local.type == "PER" and _is_bare(local.keys)
        if found and local.type == "PER" and not is_bare:
            # A surname key a namesake's record holds must not pull in a person whose
            # first name is another ("Роберт Мюллер" is not "Йенс Мюллер").
            mine = _firsts(_plain(local.keys))
            found = Counter({i: n for i, n in found.items() if self._first_names_agree(i, mine)})
        if found:
            best = max(found, key=lambda i: (found[i], self.records[i].mention_count, i))
            rec = self.records[best]
            if not (is_bare and rec.surname_only):
                return best
        if is_bare:
            fulls = sorted({self.resolve_id(i) for k in local.keys for i in self.by_surname.get(k, [])})
            if len(fulls) > 1 and local.roles:
                fulls = [i for i in fulls if _roles_match(local.roles, self.records[i].roles)]
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
                acr = acronym(k)
                if acr and ("G", acr) in self.by_key:
                    return self.resolve_id(self.by_key[("G", acr)])
        return None

    def _compound(self, local: _Local) -> str | None:
        """The one two-word name a one-word stump compound abbreviates ("Еврокомиссия" ->
        "Европейская комиссия")."""
        hits = set()
        for k in _plain(local.keys):
            parts = words(k)
            if len(parts) == 2:  # the full name after its compound: "Европейская комиссия"
                for n in range(MIN_COMPOUND_STEM, MAX_COMPOUND_STEM + 1):
                    stump = ("G", parts[0][:n] + parts[1])
                    if n < len(parts[0]) and stump in self.by_key:
                        hits.add(self.resolve_id(self.by_key[stump]))
                continue
            if len(parts) != 1:
                continue
            for stem, rest in _compound_splits(k):
                for first, entity_id in self.by_second.get(rest, []):
                    if first.startswith(stem) and first != stem:
                        hits.add(self.resolve_id(entity_id))
        return hits.pop() if len(hits) == 1 else None

    def _find_variant(self, local: _Local, neighbours: set[str]) -> str | None:
        """A spelling variant of a known name: the same referent under another spelling.

        ORG/LOC: a multiword name the tagger typed as a person elsewhere (or the
        reverse) is one referent by its exact key ("Даунинг-стрит"). PER with a
        full name: the one known person of that surname whose first name is
        compatible ("Джо" / "Джозеф"); when an article neighbour is shared, the one
        person of that surname whose first name is a letter off ("Хайко" /
        "Гайко"), or of that first name whose surname is ("Кюнсберг" / "Кунсберг")."""
        plain = _plain(local.keys)
        other = "G" if _space(local.type) == "P" else "P"
        crossed = {
            self.resolve_id(self.by_key[(other, k)])
            for k in plain
            if len(words(k)) > 1 and (other, k) in self.by_key
        }
        if len(crossed) == 1:
            return crossed.pop()
        if local.type != "PER":
            return self._near_neighbour(local, plain, neighbours)
        if _is_bare(local.keys):
            return None
        names = [words(k) for k in plain if len(words(k)) > 1]
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

    def _near_neighbour(self, local: _Local, plain: list[str], neighbours: set[str]) -> str | None:
        """An organisation or place spelled one letter off ("Пенджаб" / "Панджаб") among the
        entities named beside the article's other names: the one such entity, else none."""
        if any(looks_like_acronym(w) for m in local.mentions for w in m.text.split()):
            return None  # acronyms one letter apart are other names ("BBC News" / "NBC News")
        spellings = [f for f in {_fuzzy_form(k) for k in plain} if len(f[0]) >= MIN_FUZZY_ORG]
        if not spellings:
            return None
        hits = set()
        for rec_id, theirs in self._nearby_spellings(neighbours):
            if any(
                abs(len(a) - len(b)) <= 1 and da == db and within_one_edit(a, b)
                for a, da in spellings
                for b, db in theirs
            ):
                hits.add(rec_id)
        return hits.pop() if len(hits) == 1 else None

    def _nearby_spellings(self, neighbours: set[str]) -> list[tuple[str, set[tuple[str, str]]]]:
        """The organisations and places named beside the article's other names (not those
        names), in id order, each with its keys' fuzzy forms. Every name of one article that
        looks for a variant asks with the same neighbours while the records stand still
        (`resolve` drops this between articles), so they are gathered once an article, not
        once a name: the gathering was 3 % of the writer's CPU on bsnlp-ru (py-spy, round 10)."""
        key = frozenset(neighbours)
        if self._nearby is not None and self._nearby[0] == key:
            return self._nearby[1]
        nearby = {c for n in neighbours if n in self.records for c in self.records[n].context}
        found = []
        for entity_id in sorted(nearby - neighbours):
            rec = self.records.get(self.resolve_id(entity_id))
            if rec is None or _space(rec.type) != "G":
                continue
            found.append((rec.id, {_fuzzy_form(k) for k in rec.keys if not k.startswith(_MARKS)}))
        self._nearby = (key, found)
        return found

    def _bare_to_full(self, local: _Local, entity_id: str) -> bool:
        """A bare person name resolved to an entity that has a full name."""
        rec = self.records.get(self.resolve_id(entity_id))
        return local.type == "PER" and _is_bare(local.keys) and rec is not None and not rec.surname_only

    def _bare_agrees(self, local: _Local, entity_id: str, neighbours: set[str]) -> bool:
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

    def _bare_fallback(self, local: _Local) -> str | None:
        """The surname-only entity of a bare name refused its full-name namesake, if one exists."""
        ids = sorted({self.resolve_id(self.by_bare[k]) for k in local.keys if k in self.by_bare})
        return ids[0] if ids else None

    def _first_names_agree(self, entity_id: str, mine: set[str]) -> bool:
        """No first name on one side, or a pair of compatible ones ("Джо" / "Джозеф")."""
        theirs = _firsts(_plain(self.records[entity_id].keys))
        if not mine or not theirs:
            return True
        return any(first_names_compatible(a, b) for a in mine for b in theirs)

    def _first_names_match(self, entity_id: str, names: list[list[str]], fuzzy: bool = False) -> bool:
        rec = self.records.get(entity_id)
        if rec is None or rec.surname_only:
            return False
        firsts = _firsts(_plain(rec.keys))
        return any(first_names_compatible(parts[0], f, fuzzy=fuzzy) for parts in names for f in firsts)

    def _note_context(self, ids: set[str]) -> None:
        """Each entity of the article counts the others as neighbours (the most frequent kept)."""
        if len(ids) < 2:
            return
        for entity_id in ids:
            rec = self.records.get(entity_id)
            if rec is None:
                continue
            for other in ids - {entity_id}:
                rec.context[other] = rec.context.get(other, 0) + 1
            if len(rec.context) > MAX_CONTEXT:
                kept = sorted(rec.context.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CONTEXT]
                rec.context = dict(kept)
            self.changed.add(entity_id)

    def _create(self, local: _Local) -> str:
        number = self.allocate() if self.allocate is not None else self.next_id
        self.next_id = number + 1
        entity_id = f"ent-{number:06d}"
        rec = EntityRecord(id=entity_id, name="", type=local.type)
        if local.type == "PER":
            rec.surname_only = _is_bare(local.keys)
            if not rec.surname_only:
                rec.surnames = sorted(_surnames(local.keys))
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

    def _absorb(self, rec: EntityRecord, local: _Local, article_id: str) -> None:
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
        for role in local.roles:
            rec.roles[role] = rec.roles.get(role, 0) + 1
        rec.mention_count += len(local.mentions)
        self.mentions += len(local.mentions)
        # Only a surname-only entity can be merged away later (and its mentions
        # rewritten); the others need no article list, which would grow with the corpus.
        if rec.surname_only and article_id not in rec.articles:
            rec.articles.append(article_id)
        rec.name = _canonical_name(rec)
        # The type most mentions carry ("BBC" tagged PER once is still an organisation).
        rec.type = max(rec.types, key=lambda t: (rec.types[t], t == rec.type)) if rec.types else rec.type
        self._register(rec)
        self.changed.add(rec.id)


def _canonical_name(rec: EntityRecord) -> str:
    """A person's longest name, words spelled out counting and initials not ("Владимир
    Путин" over "В.В. Путин"); otherwise the most used name. A nominative one (equal to
    its lemma key) wins ties, then the one of more words. The annotate stage gives
    nominative names; this only has to pick."""
    keyset = set(rec.lemma_keys)

    person = rec.type == "PER"

    def rank(name: str) -> tuple[int, int, int, int, int, str]:
        nominative = 1 if _key(name) in keyset else 0
        parts = words(fold(name))
        spelled = [w for w in parts if len(w) > 1]  # "В.В. Путин" has one word and two initials
        size = len(spelled) if person else 0
        # Initials count against a person's name only: in other names a one-letter word is
        # a linking particle ("Техрик-э-Лабаик Пакистан"), not an abbreviation.
        initials = len(spelled) - len(parts) if person else 0
        # Among equally used names, the spelled-out one ("Техрик-э-Лабаик Пакистан" over "TLP").
        return (size, initials, rec.names[name], nominative, len(parts), name)

    return max(rec.names, key=rank) if rec.names else ""
