"""Canonical nominative names for entity mentions and roles, with pymorphy2.

natasha's own `span.normalize` needs the syntax parser for organisations,
which would cost about as much as the whole NER pass; we normalise from the
morphology tagger's case and gender instead. The tagger says which case a
token is in; pymorphy2 then gives the analysis with that case (preferring
name-like readings for persons and places) and inflects it to the nominative.

* Persons: every word is inflected on its own ("Касыма-Жомарта Токаева" ->
  "Касым-Жомарт Токаев"); hyphenated parts are inflected part by part when
  the whole word has no reading.
* Places and organisations: the leading adjectives and the first noun (the
  head) are inflected, everything after the head (dependent genitives,
  quoted names) is kept: "Министерства иностранных дел Кыргызстана" ->
  "Министерство иностранных дел Кыргызстана".
* Words pymorphy2 cannot place (foreign names, "Кенеша" read as a feminine
  name) fall back to stripping a masculine case ending when the tagger says
  the word is masculine.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyline.annotate.nlp import NLP, ParsedToken

CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
EXTRA_CASES = {"gent": {"gen2"}, "loct": {"loc2"}, "accs": {"acc2"}}
GENDERS = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}
PERSON_TAGS = frozenset({"Name", "Surn", "Patr"})
PLACE_TAGS = frozenset({"Geox"})
ORG_TAGS = frozenset({"Orgn", "Abbr"})
ADJECTIVE_POS = frozenset({"ADJF", "PRTF", "NUMR"})
NOUN_POS = frozenset({"NOUN"})
WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*")
# Masculine case endings of the second declension, stripped when pymorphy2 has
# no reading in the tagger's case ("Кенеше" -> "Кенеш", "Бекешеву" -> "Бекешев").
MASC_ENDINGS = {"Gen": ("а",), "Dat": ("у",), "Ins": ("ом", "ем", "ём"), "Loc": ("е",)}


def match_case(original: str, new: str) -> str:
    """Give `new` the capitalisation of `original` (per hyphenated part) and drop a ё it added."""
    if "ё" not in original.lower():
        new = new.replace("ё", "е").replace("Ё", "Е")
    if original.isupper() and len(original) > 1:
        return new.upper()
    old_parts, new_parts = original.split("-"), new.split("-")
    if len(old_parts) == len(new_parts):
        return "-".join(_case_like(o, n) for o, n in zip(old_parts, new_parts, strict=True))
    return _case_like(original, new)


def _case_like(original: str, new: str) -> str:
    if original[:1].isupper():
        return new[:1].upper() + new[1:].lower()
    return new.lower()


def _best_analysis(
    nlp: NLP, word: str, feats: dict[str, str], prefer: frozenset[str]
) -> frozenset[str] | None:
    case = CASES.get(feats.get("Case", ""))
    if case is None:
        return None
    allowed = {case} | EXTRA_CASES.get(case, set())
    gender = GENDERS.get(feats.get("Gender", ""))
    forms = nlp.word_forms(word)
    if prefer & PERSON_TAGS and any(f.tags & PERSON_TAGS for f in forms):
        # A word that can be a name is read as one: "Токаев" is not the plural of "токай".
        forms = [f for f in forms if f.tags & PERSON_TAGS]
    best: tuple[float, frozenset[str]] | None = None
    number = {"Sing": "sing", "Plur": "plur"}.get(feats.get("Number", ""))
    for form in forms:
        if not form.tags & allowed:
            continue
        if number and form.tags & {"sing", "plur"} and number not in form.tags:
            continue
        if (
            gender
            and form.tags & {"masc", "femn", "neut"}
            and gender not in form.tags
            and "ms-f" not in form.tags
        ):
            continue
        score = form.score + (1.0 if form.tags & prefer else 0.0)
        if best is None or score > best[0]:
            best = (score, form.tags)
    return None if best is None else best[1]


def _to_nominative(nlp: NLP, word: str, analysis: frozenset[str], feats: dict[str, str]) -> str | None:
    if "nomn" in analysis or "Fixd" in analysis:
        return word
    wanted = {"nomn"}
    if feats.get("Number") == "Sing" and "plur" in analysis and "Pltm" not in analysis:
        wanted.add("sing")
    form = nlp.inflect_form(word.lower(), analysis, frozenset(wanted))
    if form is None and "sing" in wanted:
        form = nlp.inflect_form(word.lower(), analysis, frozenset({"nomn"}))
    return form


def _strip_masculine_ending(word: str, feats: dict[str, str]) -> str | None:
    if feats.get("Gender") != "Masc" or feats.get("Number") == "Plur":
        return None
    for ending in MASC_ENDINGS.get(feats.get("Case", ""), ()):
        if word.lower().endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return None


def nominative_word(nlp: NLP, word: str, feats: dict[str, str], prefer: frozenset[str] = frozenset()) -> str:
    """One word in the nominative, read in the tagger's case; unchanged when that is unknown."""
    if not WORD.fullmatch(word) or word.isupper() or feats.get("Case") in (None, "Nom"):
        return word
    analysis = _best_analysis(nlp, word, feats, prefer)
    if analysis is not None and (not prefer or analysis & prefer or "-" not in word):
        form = _to_nominative(nlp, word, analysis, feats)
        if form is not None:
            return match_case(word, form)
    if "-" in word and prefer & PERSON_TAGS:
        return "-".join(nominative_word(nlp, part, feats, prefer) for part in word.split("-"))
    stripped = _strip_masculine_ending(word, feats) if word[:1].isupper() else None
    return stripped or word


def _join(tokens: Sequence[ParsedToken], words: Sequence[str], text: str) -> str:
    out = []
    for i, (token, word) in enumerate(zip(tokens, words, strict=True)):
        if i:
            out.append(text[tokens[i - 1].end : token.start])
        out.append(word)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def person_name(nlp: NLP, tokens: Sequence[ParsedToken], text: str) -> str:
    words = [nominative_word(nlp, t.text, t.feats, PERSON_TAGS) for t in tokens]
    return _join(tokens, words, text)


def head_phrase(
    nlp: NLP, tokens: Sequence[ParsedToken], text: str, prefer: frozenset[str] = frozenset()
) -> str:
    """Inflect leading adjectives and the head noun; keep the dependents after the head."""
    words = [t.text for t in tokens]
    for i, token in enumerate(tokens):
        word = token.text
        if not WORD.fullmatch(word):
            break  # a quote, a bracket, a number: a name, keep it whole
        if word.isupper() and len(word) > 1:
            break  # an abbreviation heads the phrase and does not inflect
        if token.feats.get("Case") in (None, "Nom"):
            break
        analysis = _best_analysis(nlp, word, token.feats, prefer)
        if analysis is None:
            stripped = _strip_masculine_ending(word, token.feats) if token.pos == "PROPN" else None
            if stripped is not None and i == len(tokens) - 1:
                words[i] = stripped
            continue  # unknown word ("Жогорку"): keep it and look further for the head
        form = _to_nominative(nlp, word, analysis, token.feats)
        if form is not None:
            words[i] = match_case(word, form)
        if not analysis & ADJECTIVE_POS:
            break
    return _join(tokens, words, text)


def canonical_name(nlp: NLP, tokens: Sequence[ParsedToken], text: str, kind: str) -> str:
    """The nominative name of a PER/ORG/LOC mention made of `tokens`."""
    if kind == "PER":
        return person_name(nlp, tokens, text)
    return head_phrase(nlp, tokens, text, PLACE_TAGS if kind == "LOC" else ORG_TAGS)


def role_phrase(nlp: NLP, tokens: Sequence[ParsedToken], text: str) -> str:
    """A role ("президента Казахстана и председателя ОДКБ") in the nominative, per conjunct."""
    parts: list[list[ParsedToken]] = [[]]
    for token in tokens:
        if token.pos == "CCONJ":
            parts.append([])
        else:
            parts[-1].append(token)
    normal = [head_phrase(nlp, part, text) for part in parts if part]
    return " и ".join(normal)
