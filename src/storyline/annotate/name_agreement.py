"""A person's name agrees with its given name: one case, one gender for every word.

The tagger reads the case and gender of each word of a name on its own and gets
foreign surnames wrong often ("Сергея Скрипаля" with "Скрипаля" read as a nominative
feminine name, "Сакиба Нисара" read as a nominative). The given name is the word
pymorphy2 knows best: its Name readings fix the gender, and the case is the tagger's
when that is one of them, else the given name's best reading's case when the tagger calls a
dictionary given name a nominative it cannot be ("Сергея"); otherwise nothing is agreed.
Every word of the name is then put in the nominative as a word in that case and gender: "Захаровой" after "Марии" as a woman's surname
("Захарова"), "Захарова" after "Мария" stays as it is.

Words the dictionary does not know are read with pymorphy2's guesses in that case and
gender; when no guess fits, a masculine case ending is stripped, a soft-stem one
("Скрипаля", "Скрипалем") giving back its "ь" (or "й" after a vowel); otherwise the
word is kept as written.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.annotate.nlp import NLP, ParsedToken, is_dictionary_word

# OpenCorpora case and gender grammemes back to the tagger's (UD) feature values.
UD_CASES = {"nomn": "Nom", "gent": "Gen", "datv": "Dat", "accs": "Acc", "ablt": "Ins", "loct": "Loc"}
UD_GENDERS = {"masc": "Masc", "femn": "Fem"}
GIVEN_NAME = "Name"
# Cases a name takes without a preposition: a name the tagger calls nominative is only put in one of
# these ("Асии" has a locative reading alone, of the man's name "Асий", and no preposition before it).
UNMARKED_OBLIQUE = frozenset({"Gen", "Dat", "Acc", "Ins"})


def _given_name_reading(nlp: NLP, token: ParsedToken) -> tuple[str, set[str], str] | None:
    """(gender, cases, best case) of `token` read as a given name of one gender, singular."""
    forms = [f for f in nlp.word_forms(token.text) if GIVEN_NAME in f.tags and "sing" in f.tags]
    genders = {g for f in forms for g in f.tags & UD_GENDERS.keys()}
    if len(genders) != 1:
        return None
    gender = UD_GENDERS[genders.pop()]
    if token.feats.get("Gender") not in (None, gender):
        return None  # the tagger reads another gender ("Асии" as a woman): the dictionary lacks her
    cases = [c for f in forms for c in f.tags & UD_CASES.keys()]
    if not cases:
        return None
    return gender, {UD_CASES[c] for c in cases}, UD_CASES[cases[0]]


def _never_nominative(nlp: NLP, word: str) -> bool:
    """A dictionary word none of whose readings is a nominative singular ("Сергея"; not "Азия")."""
    forms = nlp.word_forms(word)
    return is_dictionary_word(word) and not any({"nomn", "sing"} <= f.tags for f in forms)


def agreed_feats(nlp: NLP, tokens: Sequence[ParsedToken]) -> dict[str, str] | None:
    """The case, gender and number every word of a multi-word person name takes, or None."""
    if len(tokens) < 2:
        return None
    for token in tokens:
        if not token.text.isalpha() or not token.text[:1].isupper():
            continue
        reading = _given_name_reading(nlp, token)
        if reading is None:
            continue
        gender, cases, best = reading
        tagged = token.feats.get("Case")
        if tagged in cases:
            case = tagged
        elif tagged == "Nom" and best in UNMARKED_OBLIQUE and _never_nominative(nlp, token.text):
            case = best  # "Сергея" read as a nominative: the dictionary knows it is not one
        else:
            return None  # the readings and the tagger disagree: each word keeps its own case
        return {"Case": case, "Gender": gender, "Number": "Sing"}
    return None
