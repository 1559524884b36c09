"""Entities PER/ORG/LOC with canonical names, roles and in-article resolution.

slovnet's spans are repaired by `ner_rules`, named in the nominative by
`names`, given roles from appositions by `roles`, and resolved within the
article here: a bare surname takes the full name it belongs to, unless two
full names share it (Садыр and Акылбек Жапаров), in which case only a role
next to the mention can pick one; otherwise it keeps the surname alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyline.annotate.names import NominativesSeen, canonical_name, role_phrase
from storyline.annotate.ner_institutions import place_adjective_institutions, retype_organisation_heads
from storyline.annotate.ner_rules import Span, Tokens, repair_with_pieces
from storyline.annotate.ner_vehicles import drop_vehicles
from storyline.annotate.nested import nested_mentions
from storyline.annotate.nlp import NLP, ParsedText, ParsedToken
from storyline.annotate.place_adjectives import place_adjectives
from storyline.annotate.roles import _is_role_head, role_after, role_before, role_head_lemmas
from storyline.model import EntityMention

# Case endings stripped to compare a surname across forms the normaliser could
# not bring to the nominative ("Бекешева" read as a feminine surname).
ENDINGS = re.compile(r"(ого|ому|ым|ом|ой|ей|ую|ая|а|у|е|ы|и|ю|я)$")
MIN_STEM = 4


@dataclass
class _Person:
    span: Span
    name: str
    role: str | None
    role_heads: set[str] = field(default_factory=set)
    context_heads: set[str] = field(default_factory=set)


def _stem(word: str) -> str:
    lower = word.lower().replace("ё", "е")
    stem = ENDINGS.sub("", lower)
    return stem if len(stem) >= MIN_STEM else lower


def _role_text(nlp: NLP, tokens: list[ParsedToken], text: str) -> str | None:
    if not tokens:
        return None
    role = role_phrase(nlp, tokens, text)
    first = tokens[0].text
    if first[:1].isupper() and not first.isupper():
        role = role[:1].lower() + role[1:]
    return role


def _resolve(persons: list[_Person]) -> None:
    """Give bare surnames (and lone first names) the full name they stand for."""
    full = {p.name: p for p in persons if len(p.name.split()) > 1}
    by_last: dict[str, set[str]] = {}
    by_first: dict[str, set[str]] = {}
    for name in full:
        words = name.split()
        by_last.setdefault(_stem(words[-1]), set()).add(name)
        by_first.setdefault(_stem(words[0]), set()).add(name)
    roles: dict[str, set[str]] = {}
    for p in persons:
        if p.name in full:
            roles.setdefault(p.name, set()).update(p.role_heads)
    for p in persons:
        if len(p.name.split()) > 1:
            continue
        key = _stem(p.name)
        candidates = by_last.get(key) or by_first.get(key) or set()
        if len(candidates) > 1:
            heads = p.role_heads or p.context_heads
            candidates = {c for c in candidates if heads and roles.get(c, set()) & heads}
        if len(candidates) == 1:
            p.name = next(iter(candidates))


def _share_roles(persons: list[_Person]) -> None:
    first_role: dict[str, str] = {}
    for p in persons:
        if p.role and p.name not in first_role:
            first_role[p.name] = p.role
    for p in persons:
        if p.role is None:
            p.role = first_role.get(p.name)


# Words an acronym skips: "Организация Договора о коллективной безопасности" -> ОДКБ.
ACRONYM_SKIPS = frozenset({"и", "о", "об", "по", "при", "в", "на", "для", "of", "and", "the", "for"})
MIN_ACRONYM = 2


def _content_words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in ACRONYM_SKIPS]


def _abbreviates(acronym: str, name: str) -> bool:
    """The acronym spells the initials of the name's first content words, and any words
    left over are a capitalised complement ("МИД" / "Министерство иностранных дел Кыргызстана")."""
    words = _content_words(name)
    if len(words) < len(acronym):
        return False
    initials = "".join(w[0].upper() for w in words[: len(acronym)])
    return initials == acronym and all(w[:1].isupper() for w in words[len(acronym) :])


def _expand_acronyms(named: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Short ORG/LOC mentions take the full name they stand for in the same article.

    An acronym takes the name it abbreviates, a name the one longer name it
    opens; only a unique match counts."""
    full: dict[str, set[str]] = {}
    for span, name in named:
        if span.type != "PER" and len(_content_words(name)) >= MIN_ACRONYM:
            full.setdefault(span.type, set()).add(name)
    for span, name in named:
        # An acronym typed LOC that spells an organisation of the article and no place is
        # that organisation: "ЕС" beside "Европейский союз" (FactRuEval devset even half).
        if span.type == "LOC" and not span.derived and name.isupper() and name.isalpha():
            spelled = {kind for kind, names in full.items() for c in names if _abbreviates(name, c)}
            if spelled == {"ORG"}:
                span.type = "ORG"
    out = []
    for span, name in named:
        if span.type != "PER" and name.isupper() and name.isalpha() and len(name) >= MIN_ACRONYM:
            matches = {c for c in full.get(span.type, set()) if _abbreviates(name, c)}
            if len(matches) == 1:
                name = matches.pop()
        if span.type != "PER":
            # A name that opens exactly one longer name of the article: "МВД" / "МВД Казахстана".
            longer = {c for c in full.get(span.type, set()) if c.startswith(name + " ")}
            if len(longer) == 1:
                name = longer.pop()
        out.append((span, name))
    return out


def _retype_surnames(named: list[tuple[Span, str]]) -> None:
    """A one-word place or organisation that is the surname of a person the article names in
    full is that person: the tagger reads "Маас" as a river beside "Хайко Маас"."""
    surnames = {
        _stem(name.split()[-1]) for span, name in named if span.type == "PER" and len(name.split()) > 1
    }
    for span, name in named:
        if span.type == "PER" or span.nested or " " in name or "-" in name or name.isupper():
            continue
        if name[:1].isupper() and _stem(name) in surnames:
            span.type = "PER"


# Punctuation tokens a tagger span may take in at its end (`сообщает «Би-би-си.»`): a
# sentence's stop or a list's comma, split off by the tokenizer, is never part of a name.
TRAILING_STOPS = frozenset({".", ",", ";", ":"})


def _without_stop(span: Span, toks: Tokens) -> Span:
    """The span without the punctuation tokens it ends on (the name's words stay)."""
    inside = toks.inside(span.start, span.end)
    while len(inside) > 1 and inside[-1].text in TRAILING_STOPS:
        inside.pop()
    if inside and inside[-1].end < span.end:
        span.end = inside[-1].end
    return span


def mention_names(parsed: ParsedText, nlp: NLP, toks: Tokens | None = None) -> list[tuple[Span, str]]:
    """Repaired spans with the nominative name of each mention on its own (before resolution)."""
    toks = toks or Tokens(parsed)
    flat, pieces = repair_with_pieces(parsed, nlp)
    flat = [_without_stop(span, toks) for span in flat]
    flat = place_adjective_institutions(retype_organisation_heads(drop_vehicles(flat, toks), toks), toks)
    spans = sorted(flat + nested_mentions(flat, pieces, toks, nlp), key=lambda s: (s.start, -s.end))
    seen = NominativesSeen(nlp)
    for span in spans:
        seen.add(span.type, toks.inside(span.start, span.end))
    out = []
    for span in spans:
        tokens = toks.inside(span.start, span.end)
        name = canonical_name(nlp, tokens, parsed.text, span.type)
        out.append((span, seen.repair(span.type, tokens, name, parsed.text)))
    out.extend(place_adjectives(spans, toks))
    return sorted(out, key=lambda sn: (sn[0].start, -sn[0].end))


def extract_entities(parsed: ParsedText, nlp: NLP) -> list[EntityMention]:
    """PER/ORG/LOC mentions of one article, in text order."""
    toks = Tokens(parsed)
    text = parsed.text
    named = mention_names(parsed, nlp, toks)
    _retype_surnames(named)
    named = _expand_acronyms(named)
    entity_at = {t.start: s for s, _ in named if not s.nested for t in toks.inside(s.start, s.end)}
    persons: list[_Person] = []
    for span, name in named:
        if span.type != "PER":
            continue
        if span.nested:  # "фонд Михаила Прохорова": the words around it name the fund, not his role
            persons.append(_Person(span, name, None))
            continue
        role_tokens = role_before(span, toks, entity_at) or role_after(span, toks, entity_at)
        person = _Person(span, name, _role_text(nlp, role_tokens, text), role_head_lemmas(role_tokens))
        sentence_before = toks.tokens[
            toks.index_at(toks.sentence_start(span.start)) : toks.index_at(span.start)
        ]
        person.context_heads = {t.lemma.lower() for t in sentence_before if _is_role_head(t)}
        persons.append(person)
    _resolve(persons)
    _share_roles(persons)
    person_at = {(p.span.start, p.span.end): p for p in persons}
    out = []
    for span, name in named:
        found = person_at.get((span.start, span.end))
        out.append(
            EntityMention(
                span.start,
                span.end,
                text[span.start : span.end],
                span.type,
                found.name if found else name,
                found.role if found else None,
                nested=span.nested,
                derived=span.derived,
            )
        )
    return out
