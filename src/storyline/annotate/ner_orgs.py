"""Organisation repairs of slovnet's spans (part of ner_rules.repair): an institution
head with the place it governs ("правительство Казахстана"), the "по ..." complement,
legal forms before a quoted name, aliases in brackets."""

from __future__ import annotations

import re

from storyline.annotate.ner_spans import Span, Tokens, _is_word
from storyline.annotate.nlp import is_dictionary_word, word_grammemes

# Heads of organisations named after the place they govern or serve: with a
# genitive place right after them they name an organisation ("правительство
# Казахстана", "полиция Нью-Йорка"), as both FactRuEval and NEREL mark it.
INSTITUTION_HEADS = frozenset(
    """
    правительство администрация мэрия парламент полиция милиция министерство посольство консульство
    генконсульство прокуратура генпрокуратура армия кабмин минобороны минздрав минфин госдеп
    госдепартамент сенат конгресс пресс-служба суд руководство командование сборная
    """.split()
)
# Heads that also take an organisation after them ("пресс-служба МВД Киргизии"): NEREL train
# even half, 7 of 7 such pairs are one gold ORG ("управление" 3 of 8: left out).
SUBDIVISION_HEADS = frozenset({"пресс-служба", "пресс-центр"})
# Heads named by a genitive noun before the place ("министерство здравоохранения США",
# "департамент здравоохранения Нью-Йорка"): NEREL train even half 6 of 7 one gold ORG.
NAMED_BY_DOMAIN = frozenset({"министерство", "департамент"})
LEGAL_FORMS = frozenset(
    {"ООО", "ЗАО", "ОАО", "ПАО", "АО", "НП", "УК", "ГУП", "ФГУП", "МУП", "АНО", "НКО", "ИП", "ТОО"}
)
MAX_PO_PHRASE = 5


def institutions(spans: list[Span], toks: Tokens) -> list[Span]:
    """Join an institution head and the genitive place after it into one ORG."""
    by_start = {s.start: s for s in spans}
    covered = bytearray(len(toks.text) + 1)  # characters inside a span: one lookup per head (issue #15)
    for span in spans:
        covered[span.start : span.end] = b"\x01" * (span.end - span.start)
    out = []
    consumed: set[int] = set()
    for i, token in enumerate(toks.tokens):
        lemma = token.lemma
        if lemma not in INSTITUTION_HEADS and lemma not in NAMED_BY_DOMAIN or i + 1 >= len(toks.tokens):
            continue
        k = i + 1
        domain = toks.tokens[k]
        if (
            lemma in NAMED_BY_DOMAIN
            and k + 1 < len(toks.tokens)
            and domain.text.islower()
            and domain.pos == "NOUN"
            and domain.feats.get("Case") == "Gen"
            and toks.text[token.end : domain.start] == " "
        ):
            k += 1  # "министерство здравоохранения" + the place
        elif lemma not in INSTITUTION_HEADS:
            continue
        nxt = toks.tokens[k]
        place = by_start.get(nxt.start)
        kinds = ("LOC", "ORG") if lemma in SUBDIVISION_HEADS else ("LOC",)
        if place is None or place.type not in kinds or toks.text[toks.tokens[k - 1].end : nxt.start] != " ":
            continue
        if nxt.feats.get("Case") != "Gen" and not nxt.text.isupper() and not _indeclinable(nxt.text):
            continue
        if covered[token.start]:
            continue
        consumed.add(place.start)
        out.append(Span(token.start, place.end, "ORG"))
    return sorted([s for s in spans if s.start not in consumed] + out, key=lambda s: s.start)


def _indeclinable(word: str) -> bool:
    analyses = word_grammemes(word)
    return not is_dictionary_word(word) or any("Fixd" in a for a in analyses)


def extend_po(spans: list[Span], toks: Tokens) -> list[Span]:
    """Extend an ORG over its "по ..." complement ("Европейский суд по правам человека")."""
    for span in spans:
        if span.type != "ORG":
            continue
        i = toks.index_at(span.end)
        while i < len(toks.tokens) and toks.tokens[i].start < span.end:
            i += 1
        if (
            i >= len(toks.tokens)
            or toks.tokens[i].text != "по"
            or not toks.same_sentence(span.start, toks.tokens[i].start)
        ):
            continue
        j, last = i + 1, None
        while j < len(toks.tokens) and j - i <= MAX_PO_PHRASE:
            token = toks.tokens[j]
            if token.pos in ("NOUN", "PROPN") and token.feats.get("Case") in ("Dat", "Loc", "Gen"):
                last = j
            elif not (token.pos == "ADJ" or token.text in ("и",)):
                break
            j += 1
        if last is not None and toks.tokens[last].pos in ("NOUN", "PROPN"):
            span.end = toks.tokens[last].end
    return spans


def strip_legal_form(spans: list[Span], toks: Tokens) -> list[Span]:
    """Keep the quoted name after legal-form abbreviations: "ООО УК «Металлоинвест»" -> "Металлоинвест"."""
    for span in spans:
        if span.type != "ORG":
            continue
        tokens = toks.inside(span.start, span.end)
        k = 0
        while k < len(tokens) and tokens[k].text in LEGAL_FORMS:
            k += 1
        if k and k + 2 < len(tokens) and tokens[k].text == "«" and tokens[-1].text == "»":
            span.start, span.end = tokens[k + 1].start, tokens[-2].end
    return spans


LATIN_NAME = re.compile(r"[A-Z][\w&.'’-]*(?: [\w&.'’-]+){0,5}")
ABBREVIATION = re.compile(r"[A-ZА-ЯЁ][A-ZА-ЯЁ0-9&-]{1,9}")


def parenthetical_aliases(spans: list[Span], toks: Tokens) -> list[Span]:
    """A name followed by its original or its abbreviation in brackets names the same thing.

    "«Фольксваген» (Volkswagen)", "Хмельницкой атомной электростанции (ХАЭС)":
    the tagger usually catches the first and misses the bracket.
    """
    text = toks.text
    taken = {(s.start, s.end): s for s in spans}
    added = []
    for span in spans:
        j = span.end
        if j < len(text) and text[j] == "»":
            j += 1
        if not text.startswith(" (", j):
            continue
        close = text.find(")", j + 2, j + 80)
        if close < 0:
            continue
        inner = text[j + 2 : close]
        if not (LATIN_NAME.fullmatch(inner) or ABBREVIATION.fullmatch(inner)):
            continue
        start, end = j + 2, close
        kind = "ORG" if _abbreviates_more_than(span, inner, toks) else span.type
        if (start, end) in taken:
            if kind == "ORG":
                taken[(start, end)].type = kind
        elif not any(s.start < end and start < s.end for s in spans):
            added.append(Span(start, end, kind))
    return sorted(spans + added, key=lambda s: s.start)


def _abbreviates_more_than(span: Span, inner: str, toks: Tokens) -> bool:
    """An abbreviation in brackets after a place in the genitive that it does not spell
    stands for the phrase the place completes: "Конституционный суд Молдавии (КС)",
    "антидопинговое агентство США (USADA)" name an organisation, not Молдавия or США.
    (NEREL train even half: 6 such aliases the tagger or the copy typed LOC, all gold ORG.)"""
    if span.type != "LOC" or not ABBREVIATION.fullmatch(inner) or not inner.isupper():
        return False
    words = [t for t in toks.inside(span.start, span.end) if _is_word(t.text)]
    if not words or words[0].feats.get("Case") != "Gen" or words[0].text.isupper():
        return False
    return inner[0].upper() != words[0].text[0].upper()
