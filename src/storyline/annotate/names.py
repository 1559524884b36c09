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

from storyline.annotate.name_agreement import agreed_feats
from storyline.annotate.nlp import NLP, ParsedToken, is_dictionary_word

CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
EXTRA_CASES = {"gent": {"gen2"}, "loct": {"loc2"}, "accs": {"acc2"}}
GENDERS = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}
PERSON_TAGS = frozenset({"Name", "Surn", "Patr"})
PLACE_TAGS = frozenset({"Geox"})
ORG_TAGS = frozenset({"Orgn", "Abbr"})
ADJECTIVE_POS = frozenset({"ADJF", "PRTF", "NUMR"})
NOUN_POS = frozenset({"NOUN"})
WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*")
# A word with a number after a hyphen ("потока-2"): the word inflects, the number stays.
NUMBERED = re.compile(r"([А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*)(-\d+)")
# Masculine case endings of the second declension, stripped when pymorphy2 has
# no reading in the tagger's case ("Кенеше" -> "Кенеш", "Бекешеву" -> "Бекешев").
MASC_ENDINGS = {"Gen": ("а",), "Dat": ("у",), "Ins": ("ом", "ем", "ём"), "Loc": ("е",)}
# Soft-stem endings give back the stem's softness: "Скрипаля"/"Скрипалем" -> "Скрипаль",
# after a vowel "й" ("Андреем" -> "Андрей"); "ем" after a sibilant or "ц" is hard ("Абрамовичем");
# "-ия"/"-ию" is left alone: it is a woman's name as often ("Азия", "Азию" are not "Азий").
SOFT_ENDINGS = {"Gen": ("я",), "Dat": ("ю",), "Ins": ("ем", "ём")}
HARD_AFTER = frozenset("жшчщц")
# Singular endings of the first declension (-а/-я nouns) that no second-declension noun has.
FIRST_DECLENSION_ONLY = ("ой", "ей", "ою", "ею", "ы", "и")
VOWELS = frozenset("аеёиоуыэюя")


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
    nlp: NLP, word: str, feats: dict[str, str], prefer: frozenset[str], common_noun: bool = False
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
    if best is None and gender and (common_noun or prefer & PLACE_TAGS and is_dictionary_word(word)):
        # The tagger misreads the gender of common nouns at times ("христианку" as Masc) and of
        # places ("Братиславе" as Masc); with no form of that gender, the dictionary's is trusted.
        return _best_analysis(nlp, word, {k: v for k, v in feats.items() if k != "Gender"}, prefer)
    if best is None and gender == "masc" and prefer & PERSON_TAGS:
        # A man's name in -а/-я declines as a feminine noun: "Соботкой" -> "Соботка", read so
        # only by an ending no masculine noun of the second declension has ("Гренелле" is not).
        first_declension = (
            [
                f
                for f in forms
                if f.tags & allowed and {"femn", "sing"} <= f.tags and f.normal.endswith(("а", "я"))
            ]
            if word.lower().endswith(FIRST_DECLENSION_ONLY) and number != "plur"
            else []
        )
        if first_declension:
            return max(first_declension, key=lambda f: f.score).tags
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
    lower = word.lower()
    for ending in SOFT_ENDINGS.get(feats.get("Case", ""), ()):
        stem = lower[: -len(ending)]
        if lower.endswith(ending) and len(stem) >= 3 and stem[-1] not in HARD_AFTER | {"и"}:
            return word[: -len(ending)] + ("й" if stem[-1] in VOWELS else "ь")
    for ending in MASC_ENDINGS.get(feats.get("Case", ""), ()):
        if lower.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return None


# An abbreviation declined with a lower-case ending: "МИДа", "МИДе", "ЦИКом".
DECLINED_ABBREVIATION = re.compile(r"([А-ЯЁ]{2,})(а|у|е|ом|ой|ы|ам|ами|ах)")


def nominative_word(nlp: NLP, word: str, feats: dict[str, str], prefer: frozenset[str] = frozenset()) -> str:
    """One word in the nominative, read in the tagger's case; unchanged when that is unknown."""
    declined = DECLINED_ABBREVIATION.fullmatch(word)
    if declined:
        return declined.group(1)
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


# Feminine names in -ия ("Мария", "Асия") decline to -ии/-ией, endings no
# nominative singular has; the tagger often calls them nominative anyway.
FEMININE_IA = re.compile(r"(?<=[А-ЯЁа-яё]{2})(ии|ией)$")


def person_name(nlp: NLP, tokens: Sequence[ParsedToken], text: str) -> str:
    """Each word in the nominative, in the case and gender of the name's given name."""
    agreed = agreed_feats(nlp, tokens)
    words = []
    for t in tokens:
        feats = t.feats if agreed is None or not t.text.isalpha() else {**t.feats, **agreed}
        word = nominative_word(nlp, t.text, feats, PERSON_TAGS)
        if word == t.text and word[:1].isupper():
            word = FEMININE_IA.sub("ия", word)
        words.append(word)
    return _join(tokens, words, text)


def head_phrase(
    nlp: NLP, tokens: Sequence[ParsedToken], text: str, prefer: frozenset[str] = frozenset()
) -> str:
    """Inflect leading adjectives and the head noun; keep the dependents after the head."""
    words = [t.text for t in tokens]
    for i, token in enumerate(tokens):
        numbered = NUMBERED.fullmatch(token.text)
        word, suffix = (numbered.group(1), numbered.group(2)) if numbered else (token.text, "")
        if not WORD.fullmatch(word):
            break  # a quote, a bracket, a number: a name, keep it whole
        if word.isupper() and len(word) > 1:
            break  # an abbreviation heads the phrase and does not inflect
        declined = DECLINED_ABBREVIATION.fullmatch(word)
        if declined:
            words[i] = declined.group(1)
            break
        if token.feats.get("Case") in (None, "Nom"):
            break
        analysis = _best_analysis(nlp, word, token.feats, prefer, common_noun=token.pos == "NOUN")
        if analysis is None:
            stripped = _strip_masculine_ending(word, token.feats) if token.pos == "PROPN" else None
            if stripped is not None and i == len(tokens) - 1:
                words[i] = stripped
            continue  # unknown word ("Жогорку"): keep it and look further for the head
        form = _to_nominative(nlp, word, analysis, token.feats)
        if form is not None:
            words[i] = match_case(word, form) + suffix
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


# ------------------------------------------------------------------ the article as a dictionary

# Two forms are one word when they share a stem of three or more letters and
# differ only by a nominative ending on one side and a case ending on the other:
# "Асию"/"Асия", "Нисару"/"Нисар", "Алросе"/"Алроса" (but not "Асия"/"Асиф").
MIN_STEM_LEN = 3
NOMINATIVE_TAILS = frozenset({"", "а", "я", "й", "ь", "о", "ы", "и"})
OBLIQUE_TAILS = frozenset(
    "а я у ю е и ы ь ой ей ою ею ом ем ём ам ям ах ях ами ями ым им ого его ому ему ую юю".split()
)
# Endings no nominative singular has, for words pymorphy2 does not know and
# whose tagged case we therefore cannot check ("Асии", "Асию").
OBLIQUE_ONLY = ("ии", "ию", "ому", "ему", "ым")


def _same_word(oblique: str, nominative: str) -> bool:
    a, b = oblique.lower(), nominative.lower()
    if a == b:
        return False
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared >= MIN_STEM_LEN and b[shared:] in NOMINATIVE_TAILS and a[shared:] in OBLIQUE_TAILS


class NominativesSeen:
    """Words the article itself shows in the nominative, per entity type.

    pymorphy2 does not know most foreign names ("Асии Биби", "Сакибу Нисару")
    and the tagger's case for them is unreliable; when the normaliser leaves
    such a word unchanged, the article often spells the name in the nominative
    somewhere else. Measured against bsnlp-ru base forms: accuracy of
    canonical names 0.958 -> 0.970 on its first 150 articles (where this was
    developed) and 0.9870 -> 0.9874 on the other 511.
    """

    def __init__(self, nlp: NLP) -> None:
        self.nlp = nlp
        self.words: dict[str, dict[str, int]] = {}

    def looks_nominative(self, token: ParsedToken) -> bool:
        """Tagged nominative, and pymorphy2 agrees or cannot judge.

        pymorphy2 judges when it has readings in the tagged gender: then one of
        them must be nominative in the tagged number ("Фавада" is not). When it
        has none ("Асия" read only as the genitive of the man's name "Асий") or
        only guesses, the tagger is believed unless the ending cannot be a
        nominative singular ("Асии", "Асию")."""
        if token.feats.get("Case") != "Nom":
            return False
        gender = GENDERS.get(token.feats.get("Gender", ""))
        number = {"Sing": "sing", "Plur": "plur"}.get(token.feats.get("Number", ""))
        forms = [
            f
            for f in self.nlp.word_forms(token.text)
            if gender is None or gender in f.tags or not f.tags & {"masc", "femn", "neut"} or "ms-f" in f.tags
        ]
        if not forms or not is_dictionary_word(token.text):
            return not token.text.lower().endswith(OBLIQUE_ONLY)
        return any(
            "nomn" in f.tags and (number is None or number in f.tags or "Fixd" in f.tags) for f in forms
        )

    def add(self, kind: str, tokens: Sequence[ParsedToken]) -> None:
        for token in tokens:
            if WORD.fullmatch(token.text) and token.text[:1].isupper() and self.looks_nominative(token):
                counts = self.words.setdefault(kind, {})
                counts[token.text] = counts.get(token.text, 0) + 1

    def nominative(self, kind: str, word: str) -> str | None:
        candidates = [(n, w) for w, n in self.words.get(kind, {}).items() if _same_word(word, w)]
        candidates.sort(reverse=True)
        if not candidates or len(candidates) > 1 and candidates[0][0] == candidates[1][0]:
            return None
        return candidates[0][1]

    def repair(self, kind: str, tokens: Sequence[ParsedToken], name: str, text: str) -> str:
        """`name` with words left in an oblique case replaced by the article's nominative spelling."""
        words = [t for t in tokens if WORD.fullmatch(t.text)]
        parts = name.split(" ")
        if len(parts) != len(tokens) or len(words) != len(tokens):
            return name
        if kind != "PER" and len(tokens) != 1:
            return name
        changed = False
        for i, token in enumerate(tokens):
            if parts[i] != token.text or "Case" not in token.feats or self.looks_nominative(token):
                continue
            seen = self.nominative(kind, token.text)
            if seen is not None:
                parts[i] = seen
                changed = True
        return " ".join(parts) if changed else name
