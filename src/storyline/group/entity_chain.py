"""Entities within one article: mentions chained into local referents before any of them
looks for its corpus entity (`EntityResolver.resolve`, step 1)."""

from __future__ import annotations

from storyline.group.entity_keys import (
    firsts_of,
    is_bare,
    key_acronym,
    key_words,
    mention_keys,
    name_key,
    plain_keys,
    role_key,
    roles_match,
    space_of,
    surnames_of,
)
from storyline.group.entity_record import Local
from storyline.group.names import fold, looks_like_acronym
from storyline.model import Annotation, EntityMention


def chain_mentions(ann: Annotation) -> list[Local]:
    """Step 1 of resolution: the article's mentions chained into local referents (equal
    keys; a bare surname to the one full name it ends; an acronym to its expansion)."""
    tokens = ann.tokens
    locals_: list[Local] = []
    key_owner: dict[tuple[str, str], Local] = {}
    pending_bare: list[tuple[EntityMention, set[str], str]] = []
    pending_acr: list[tuple[EntityMention, set[str], str]] = []
    ti = 0
    for m in sorted(ann.entities, key=lambda e: (e.start, e.end)):
        while ti < len(tokens) and tokens[ti].end <= m.start:
            ti += 1
        inside = []
        for tj in range(ti, len(tokens)):  # no slice: copying the tail per mention was quadratic
            t = tokens[tj]
            if t.start >= m.end:
                break  # tokens are in text order: nothing further is inside the mention
            if t.start >= m.start and t.end <= m.end:
                inside.append(t.lemma)
        lemma_form = " ".join(inside)
        keys = mention_keys(m, lemma_form)
        if not keys:
            continue
        lemma_key = name_key(lemma_form)
        space = space_of(m.type)
        if m.type == "PER" and all(len(key_words(k)) == 1 for k in keys):
            pending_bare.append((m, keys, lemma_key))
            continue
        if space == "G" and looks_like_acronym(m.text):
            pending_acr.append((m, keys, lemma_key))
            continue
        owner = next((key_owner[(space, k)] for k in sorted(keys) if (space, k) in key_owner), None)
        if owner is None:
            owner = Local(m.type)
            locals_.append(owner)
        owner.keys |= keys
        owner.mentions.append(m)
        if lemma_key:
            owner.lemma_keys.add(lemma_key)
        role = role_key(m.role)
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
                if lo.type != "PER" and any(key_acronym(k) in keys for k in plain_keys(lo.keys))
            ),
            None,
        )
        target = target or next(
            (key_owner.get(("G", k)) for k in sorted(keys) if ("G", k) in key_owner), None
        )
        if target is None:
            target = Local(m.type)
            locals_.append(target)
            for k in keys:
                key_owner.setdefault(("G", k), target)
        target.keys |= keys
        target.mentions.append(m)
        if lemma_key and looks_like_acronym(m.text) and not target.lemma_keys:
            target.lemma_keys.add(fold(m.text))
    # Bare person names: to the one full name they end (or start) in this article.
    for m, keys, lemma_key in pending_bare:
        role = role_key(m.role)
        hits = [
            lo
            for lo in locals_
            if lo.type == "PER"
            and not is_bare(lo.keys)
            and keys & (surnames_of(lo.keys) | firsts_of(lo.keys))
        ]
        if len(hits) > 1 and role:
            hits = [lo for lo in hits if roles_match({role}, lo.roles)]
        if len(hits) == 1:
            hits[0].mentions.append(m)
            continue
        owner = next((key_owner.get(("P", k)) for k in sorted(keys) if ("P", k) in key_owner), None)
        if owner is None:
            owner = Local("PER")
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
