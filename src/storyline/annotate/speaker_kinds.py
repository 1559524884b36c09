"""Speaker kinds and candidates: the `Speaker` a quote is credited to, the scored
`Candidate` words of a speech frame, and the plain functions that weigh and filter them
(split out of `speakers.py`; the finding itself is `speakers.SpeakerFinder`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.annotate.dates_dateline import DATELINE_CHARS
from storyline.annotate.nlp import ParsedToken
from storyline.annotate.speech_lexicon import (
    LATTER_WORDS,
    is_org_word,
)
from storyline.model import EntityMention

# How much a candidate looks like the subject of a speech verb. Tuned by hand on
# the five seeds and the bsnlp-ru development sample of docs/annotation-quotes.md:
# speakers right for 6 of 7 direct quotes of the seeds, 36 of 40 sampled quotes;
# 35 of 38 on a held-out sample.
SCORE_NOM_PER = 5.0
SCORE_NOM_ORG = 4.0
SCORE_PRONOUN = 4.0
SCORE_PER = 3.5
SCORE_DESCRIPTION = 3.0
SCORE_IN_ORG = 2.5  # `в МИД сообщили`
SCORE_NOM_LOC = 2.0
SCORE_OTHER_NOUN = 1.0
# Candidate kinds that are people (for telling a subject from an addressee).
PERSON_KINDS = frozenset({"description", "pronoun", "name", "group", "latter"})

# `один из …`, `одна из …`: lemmas the tagger gives the numeral.
ONE_OF = frozenset({"один", "одна", "одно"})
# Verbs whose pronoun object is the one quoted (`— цитирует ее агентство`).
QUOTING_VERBS = frozenset({"цитировать", "процитировать"})
# Cases of a person spoken to or about. The tagger misreads surnames' case at times
# (`— задал вопрос Масалиев` as a dative), so they lose rank below a nominative
# description (`женщины сказали Биби`) instead of dropping out.
ADDRESSEE_CASES = frozenset({"Dat", "Ins", "Loc"})
ADDRESSEE = 1.5
AGREEMENT = 0.25  # a tie-breaker between words, never enough to outrank a better kind
# A description's noun phrase is searched this many words on for the person it names
# (`один из докладчиков относительно Brexit в парламенте Нидерландов Питер Омтзигт`: 7).
# Hand-set to a role, two prepositional modifiers and a two-word name.
APPOSED_WINDOW = 10
DEPENDENT = 0.5
# A person in the genitive right after a noun belongs to it; below a description
# so that `Муж и дочь Асии Биби говорят` and `британские СМИ напоминают` are not
# her words. Calibration: the bsnlp-ru sample of 50 read for docs/annotation-quotes.md
# (3 of its 7 wrong speakers were such genitives); the three golds are unchanged.
DEPENDENT_NAME = 1.0
# A feminine past-tense verb marks its subject: a man is still a candidate, but behind
# any agreeing one. Only this way round: the tagger often calls a foreign man's name
# feminine (`Сайфул Малук … заявил`), seldom a woman's masculine.
# Hand-set: more than the gap between a nominative person and a description (2.0).
GENDER_CLASH = 2.5


@dataclass
class Speaker:
    start: int
    end: int
    text: str
    entity: EntityMention | None
    # entity | name | pronoun | description | org_word | media | group | noun | place |
    # place_actor | thing; `place` (a LOC that is not the verb's agent) and `thing`
    # (`документ`, `Brexit`) hold the subject's slot but are never shown as speakers, nor is
    # an unresolved pronoun. A `place_actor` is a place acting as the body seated there
    # (`Кремль заявил`, `в Лондоне считают`): shown by the place's name, never linked to
    # the LOC entity (the reader sees an institution, not a location).
    kind: str = "entity"
    nominative: bool = True  # in the subject's case (or `в МИД` for an institution)
    place: EntityMention | None = None  # the LOC mention a `place_actor` speaks through


@dataclass
class Candidate:
    score: float
    start: int
    end: int
    kind: str  # as Speaker.kind
    entity: EntityMention | None = None
    token: ParsedToken | None = None
    nominative: bool = True
    actor: bool = False  # a place that is the agent of the speech verb (see Speaker.place)


# A clock time right before a name (`, 13:54 REGNUM 3 февраля …`): the name is the outlet
# of the text's dateline, the stamp of who filed it, not the subject of the sentence after.
_CLOCK_BEFORE = re.compile(r"\d{1,2}:\d{2}[\s\u00a0|,]*$")


def dateline_outlet(text: str, mention: EntityMention) -> bool:
    """The organisation is written right after a clock time in the text's dateline
    (within its first DATELINE_CHARS characters)."""
    return mention.start < DATELINE_CHARS and bool(_CLOCK_BEFORE.search(text[: mention.start]))


def is_dependent(word: ParsedToken, previous: ParsedToken | None) -> bool:
    """A genitive right after a noun depends on it (`Пресс-служба [аппарата]`): not the subject."""
    return (
        word.feats.get("Case") == "Gen"
        and previous is not None
        and (previous.pos in ("NOUN", "PROPN") or is_org_word(previous.lemma))
    )


def disagrees(word: ParsedToken, verb: ParsedToken | None) -> bool:
    """A past-tense verb and a pronoun of another gender or number cannot be subject and verb."""
    if verb is None:
        return False
    for feat in ("Gender", "Number"):
        if feat in verb.feats and feat in word.feats and verb.feats[feat] != word.feats[feat]:
            return True
    return False


def agreement_bonus(word: ParsedToken, verb: ParsedToken | None) -> float:
    """A past-tense verb agrees in gender with its subject (`Пресс-служба аппарата … сообщила`)."""
    if verb is None or "Gender" not in verb.feats or "Gender" not in word.feats:
        return 0.0
    return AGREEMENT if verb.feats["Gender"] == word.feats["Gender"] else -AGREEMENT


def finite_like(tok: ParsedToken) -> bool:
    """A predicate word (`VerbForm=Fin` or a short participle): the noun phrase ended."""
    return tok.feats.get("VerbForm") == "Fin" or tok.feats.get("Variant") == "Short"


def head_noun_before(before: ParsedToken | None, start: int) -> bool:
    """A noun inside the source phrase right before a mention: the mention depends on it."""
    return before is not None and before.start >= start and before.pos == "NOUN"


def one_of_candidate(tokens: list[ParsedToken], k: int) -> Candidate | None:
    """`один из демонстрантов`: an unnamed member of a group, a speaker as written."""
    tok = tokens[k]
    if tok.lemma not in ONE_OF or k + 2 >= len(tokens) or tokens[k + 1].text.lower() != "из":
        return None
    group = tokens[k + 2]
    if group.pos != "NOUN" or group.feats.get("Case") != "Gen":
        return None
    return Candidate(SCORE_DESCRIPTION, tok.start, group.end, "group", token=tok)


def latter_candidate(tokens: list[ParsedToken], k: int) -> Candidate | None:
    """`а последний заявил`: the substantivised adjective in the subject's case, with no
    noun after it (`последний раз` is an adverbial), singular (a group names nobody)."""
    tok = tokens[k]
    if tok.lemma not in LATTER_WORDS or tok.feats.get("Case") != "Nom" or tok.feats.get("Number") == "Plur":
        return None
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    if after is not None and after.pos in ("NOUN", "PROPN", "ADJ", "NUM"):
        return None
    return Candidate(SCORE_PRONOUN, tok.start, tok.end, "latter", token=tok)


def before_oblique(candidates: list[Candidate], tokens: list[ParsedToken], verb: int) -> list[Candidate]:
    """Drop candidates behind a preposition that follows the first subject after the verb."""
    subjects = sorted(
        (c for c in candidates if c.start > verb and c.nominative and c.score >= SCORE_DESCRIPTION),
        key=lambda c: c.start,
    )
    if not subjects:
        return candidates
    first = subjects[0]
    cut = next((t.start for t in tokens if t.start >= first.end and t.pos == "ADP"), None)
    return candidates if cut is None else [c for c in candidates if c.start < cut]


def outside_relative(
    candidates: list[Candidate], tokens: list[ParsedToken], verb: ParsedToken | None
) -> list[Candidate]:
    """Drop candidates inside a relative clause between a subject and its speech verb
    (`Майк Пенс, которого … Трамп просил не допустить …, заявил`): the clause runs from
    `, который` (or `, среди которых`: a preposition may come first) to its closing comma,
    or to the verb when the text leaves the comma out; only when a subject candidate stands
    before it (`Противники этой стратегии, среди которых и … Борис Джонсон, считают`)."""
    if verb is None:
        return candidates
    for k, tok in enumerate(tokens):
        if tok.start >= verb.start:
            break
        if tok.lemma != "который" or k == 0:
            continue
        comma = k - 2 if tokens[k - 1].pos == "ADP" and k >= 2 else k - 1
        if tokens[comma].text != ",":
            continue
        lo = tokens[comma].start
        hi = next((t.start for t in tokens[k + 1 :] if t.text == "," and t.start < verb.start), verb.start)
        if any(c.start < lo and c.nominative for c in candidates):
            candidates = [c for c in candidates if not lo <= c.start < hi]
    return candidates


def without_addressee(candidates: list[Candidate]) -> list[Candidate]:
    """`— рассказал РБК эксперт Джеймс Шерр`: an organisation right after the verb with a
    person as subject after it is the one spoken to (quoted names carry no reliable case)."""
    people = [
        c
        for c in candidates
        if c.nominative and (c.kind in PERSON_KINDS or (c.entity is not None and c.entity.type == "PER"))
    ]
    if not people:
        return candidates
    first_person = min(c.start for c in people)
    return [
        c
        for c in candidates
        if not (
            c.kind == "entity" and c.entity is not None and c.entity.type == "ORG" and c.start < first_person
        )
    ]
