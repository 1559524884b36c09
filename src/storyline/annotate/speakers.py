"""Who said it: finding the speaker of a quote and resolving it to an entity.

A quote's speaker is named in the text in one of four ways: by an entity
mention (`сказал Бекешев`), by a pronoun (`сказал он`), by a description
(`заключил депутат`) or by an institution word (`отметили в ведомстве`). The
last three are resolved to the most recent fitting entity mention before the
quote, skipping mentions inside quoted speech (a name a speaker utters is not
an antecedent for the narrator's `он`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from storyline.annotate.nlp import ParsedToken
from storyline.annotate.roles import ROLE_HEADS
from storyline.annotate.speaker_sources import SourceResolver
from storyline.annotate.speech_lexicon import (
    COLLECTIVE_SPEAKERS,
    GENERIC_SPEAKERS,
    LATTER_WORDS,
    MEDIA_WORDS,
    MESSAGE_WORDS,
    NOT_SPEAKERS,
    PERSONAL_PRONOUNS,
    POSSESSIVE_GENDER,
    RELAY_VERBS,
    SPOKESPERSON_WORDS,
    UNNAMED_SOURCES,
    is_org_word,
)
from storyline.model import EntityMention

# How much a candidate looks like the subject of a speech verb. Tuned by hand on
# the five seeds and the bsnlp-ru development sample of docs/annotation-quotes.md:
# speakers right for 6 of 7 direct quotes of the seeds, 36 of 40 sampled quotes;
# 35 of 38 on a held-out sample.
_SCORE_NOM_PER = 5.0
_SCORE_NOM_ORG = 4.0
_SCORE_PRONOUN = 4.0
_SCORE_PER = 3.5
_SCORE_DESCRIPTION = 3.0
_SCORE_IN_ORG = 2.5  # `в МИД сообщили`
_SCORE_NOM_LOC = 2.0
_SCORE_OTHER_NOUN = 1.0
# Bonus for the candidate the dependency parse makes the speech verb's subject (used only
# when `use_syntax` is set and the sentence was parsed). Hand-set: more than the gap
# between a nominative person and a description (2.0), less than name vs nothing.
SYNTAX_SUBJECT = 2.5
# Relations that make a word part of the subject it depends on (an apposed or flat name).
_SUBJECT_PARTS = frozenset({"appos", "flat", "flat:name", "flat:foreign", "nmod"})
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
_ADDRESSEE = 1.5
_AGREEMENT = 0.25  # a tie-breaker between words, never enough to outrank a better kind
# A description's noun phrase is searched this many words on for the person it names
# (`один из докладчиков относительно Brexit в парламенте Нидерландов Питер Омтзигт`: 7).
# Hand-set to a role, two prepositional modifiers and a two-word name.
APPOSED_WINDOW = 10
_DEPENDENT = 0.5
# A person in the genitive right after a noun belongs to it; below a description
# so that `Муж и дочь Асии Биби говорят` and `британские СМИ напоминают` are not
# her words. Calibration: the bsnlp-ru sample of 50 read for docs/annotation-quotes.md
# (3 of its 7 wrong speakers were such genitives); the three golds are unchanged.
_DEPENDENT_NAME = 1.0
# A feminine past-tense verb marks its subject: a man is still a candidate, but behind
# any agreeing one. Only this way round: the tagger often calls a foreign man's name
# feminine (`Сайфул Малук … заявил`), seldom a woman's masculine.
# Hand-set: more than the gap between a nominative person and a description (2.0).
_GENDER_CLASH = 2.5


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
class _Candidate:
    score: float
    start: int
    end: int
    kind: str  # as Speaker.kind
    entity: EntityMention | None = None
    token: ParsedToken | None = None
    nominative: bool = True
    actor: bool = False  # a place that is the agent of the speech verb (see Speaker.place)


def _dependent(word: ParsedToken, previous: ParsedToken | None) -> bool:
    """A genitive right after a noun depends on it (`Пресс-служба [аппарата]`): not the subject."""
    return (
        word.feats.get("Case") == "Gen"
        and previous is not None
        and (previous.pos in ("NOUN", "PROPN") or is_org_word(previous.lemma))
    )


def _disagrees(word: ParsedToken, verb: ParsedToken | None) -> bool:
    """A past-tense verb and a pronoun of another gender or number cannot be subject and verb."""
    if verb is None:
        return False
    for feat in ("Gender", "Number"):
        if feat in verb.feats and feat in word.feats and verb.feats[feat] != word.feats[feat]:
            return True
    return False


def _agreement(word: ParsedToken, verb: ParsedToken | None) -> float:
    """A past-tense verb agrees in gender with its subject (`Пресс-служба аппарата … сообщила`)."""
    if verb is None or "Gender" not in verb.feats or "Gender" not in word.feats:
        return 0.0
    return _AGREEMENT if verb.feats["Gender"] == word.feats["Gender"] else -_AGREEMENT


class SpeakerFinder(SourceResolver):
    """Speaker search over one parsed article; resolution is inherited from `Resolver`."""

    # ---- finding the speaker in a clause
    def find(
        self,
        tokens: list[ParsedToken],
        verb: ParsedToken | None,
        *,
        anchor: int,
        prefer_near: int | None = None,
        oblique: bool = False,
        after_verb: int | None = None,
    ) -> Speaker | None:
        """The speaker named in `tokens` (a speech frame), resolved against what precedes `anchor`.

        `prefer_near` breaks ties by closeness to that offset (the verb, for a subject before it).
        `oblique` marks a source phrase whose speaker is in the genitive (`по словам Ташиева`).
        `after_verb` marks a frame whose subject follows the verb at that offset (`— заявил
        сенатор в беседе с …`): what comes after a preposition past the subject is not it.
        """
        if not tokens:
            return None
        start, end = tokens[0].start, tokens[-1].end
        plural_verb = verb is not None and verb.feats.get("Number") == "Plur"
        candidates = list(self._entity_candidates(start, end, plural_verb, oblique, verb))
        # A mention's words are never candidates of their own (`Пушкина` in `улица Пушкина`).
        covered = [(m.start, m.end) for m in self.mentions_in(start, end)]
        previous: ParsedToken | None = None
        for k, tok in enumerate(tokens):
            if self._inside_quote(tok.start, tok.end, (start, end)) or any(
                s <= tok.start < e for s, e in covered
            ):
                previous = tok
                continue
            cand = _one_of(tokens, k) or _latter(tokens, k) or self._word_candidate(tok, oblique)
            if (
                cand is None
                and plural_verb
                and tok.lemma in COLLECTIVE_SPEAKERS
                and previous is not None
                and previous.lemma in ("в", "во")
            ):
                # `в полиции заявили`, `как отмечали в бундестаге`: the body speaks, as written
                cand = _Candidate(_SCORE_IN_ORG, tok.start, tok.end, "noun", token=tok)
            if cand is not None and cand.kind == "pronoun" and _disagrees(tok, verb):
                cand = None  # `заявила, что он покинул`: `он` is not who `заявила`
            if (
                cand is not None
                and cand.kind == "thing"
                and tok.lemma in MESSAGE_WORDS
                and previous is not None
                and previous.lemma in ("в", "во")
            ):
                cand.nominative = True  # `как сообщается в пресс-релизе`: the text is the source
            if cand is not None and cand.kind == "org_word" and previous is not None:
                # `в ведомстве`; `в заявлении офиса президента`, `в отчете российской компании`:
                # the body whose text it is (adjectives between are passed over)
                lead = next((t for t in reversed(tokens[:k]) if t.pos != "ADJ"), previous)
                cand.nominative = (
                    cand.nominative or previous.lemma in ("в", "во", "из") or lead.lemma in MESSAGE_WORDS
                )
            if cand is not None:
                cand.score += _agreement(tok, verb)
                if not oblique and _dependent(tok, previous):
                    cand.score -= _DEPENDENT
                candidates.append(cand)
            previous = tok
        relayed_text = self._relayed_text(tokens, verb)
        if relayed_text is not None:
            return relayed_text
        # `— цитирует ТАСС слова Пескова`: whoever's words they are spoke them.
        words_at = next((k for k, t in enumerate(tokens) if t.lemma == "слово" and t.pos == "NOUN"), None)
        if (
            words_at
            and tokens[words_at - 1].text.lower() in POSSESSIVE_GENDER
            and tokens[words_at].feats.get("Case") != "Dat"  # `по его словам` is an attribution of its own
        ):
            owner = tokens[words_at - 1]  # `— приводит его слова газета`
            entity = self.resolve_pronoun(owner, None, anchor)
            if entity is not None:
                return Speaker(owner.start, owner.end, owner.text, entity, "pronoun")
        # `— цитирует ее агентство`: the one quoted is the pronoun the verb takes.
        if verb is not None and verb.lemma in QUOTING_VERBS:
            at = next((j for j, t in enumerate(tokens) if t.start == verb.start), None)
            quoted = tokens[at + 1] if at is not None and at + 1 < len(tokens) else None
            if quoted is not None and quoted.text.lower() in POSSESSIVE_GENDER:
                entity = self.resolve_pronoun(quoted, None, anchor)
                if entity is not None:
                    return Speaker(quoted.start, quoted.end, quoted.text, entity, "pronoun")
            # `— процитировал Трампа его помощник`, `— цитирует РИА Новости Собянина`: the
            # person the verb takes as its object is the one quoted, the subject only relays.
            quoted_person = self._quoted_object(tokens, verb)
            if quoted_person is not None:
                return Speaker(quoted_person.start, quoted_person.end, quoted_person.text, quoted_person)
        # Only the words as the verb's object (`цитирует слова Пескова`), not `начинавшееся словами`.
        words_of = (
            tokens[words_at].end
            if words_at is not None and tokens[words_at].feats.get("Case") in (None, "Acc")
            else None
        )
        after_words = next((t for t in tokens if words_of is not None and t.start >= words_of), None)
        if (
            after_words is not None
            and after_words.pos == "NOUN"
            and after_words.feats.get("Case") == "Gen"
            and after_words.feats.get("Animacy") == "Anim"
            and not any(c.start <= after_words.start < c.end for c in candidates)
        ):
            # `— приводит слова дипломата издание`: the person noun whose words they are
            candidates.append(
                _Candidate(
                    _SCORE_DESCRIPTION, after_words.start, after_words.end, "description", token=after_words
                )
            )
        if words_of is not None and any(c.start >= words_of for c in candidates):
            candidates = [c for c in candidates if c.start >= words_of]
            for c in candidates:
                c.nominative = True
        candidates = _outside_relative(candidates, tokens, verb)
        if after_verb is not None:
            candidates = _without_addressee(_before_oblique(candidates, tokens, after_verb))
        if not candidates:
            return None
        self._prefer_subject(candidates, verb)
        near = prefer_near if prefer_near is not None else start
        best = max(candidates, key=lambda c: (c.score, -abs(c.start - near)))
        if verb is not None and verb.lemma in RELAY_VERBS and best.kind in ("entity", "media", "noun"):
            relayed = self.last_person_speaking(anchor)
            # Only a person who spoke before this sentence: a speech verb inside the relayed
            # words (`Гренелл разослал письма, в которых призвал …, передавала служба`) is
            # part of what the outlet reports, not someone it quotes.
            if relayed is not None and relayed.start < self.sentence_start_before(anchor, 1):
                # `Об этом сообщил Собянин. «…», - цитирует РИА Новости`
                return Speaker(relayed.start, relayed.end, relayed.text, relayed)
        speaker = self._resolve(best, tokens, verb, anchor)
        speaker.nominative = best.nominative
        return speaker

    def _quoted_object(self, tokens: list[ParsedToken], verb: ParsedToken) -> EntityMention | None:
        """A person named after a quoting verb in the accusative (`процитировал Трампа`): the
        first such mention of the frame after the verb, not in the nominative."""
        for m in self.mentions_in(verb.end, tokens[-1].end if tokens else verb.end):
            if m.type != "PER":
                continue
            head = self.tokens_between(m.start, m.end)[:1]
            if head and head[0].feats.get("Case") in ("Acc", "Gen"):
                return m
        return None

    def _relayed_text(self, tokens: list[ParsedToken], verb: ParsedToken | None) -> Speaker | None:
        """`…, цитирует заявление Белого дома агентство Франс пресс`: a relay verb whose object
        is a text with its author named; the author spoke, the outlet only passes it on."""
        if verb is None or verb.lemma not in RELAY_VERBS:
            return None
        after = [t for t in tokens if t.start > verb.start]
        if (
            not after
            or after[0].lemma not in MESSAGE_WORDS
            # (an inanimate neuter object reads as nominative just as well: `так передает
            # заявление Зеленского` is tagged so)
            or after[0].feats.get("Case") not in ("Acc", "Nom", None)
        ):
            return None
        author = self._author_after(after[0])
        if author is None:
            return None
        text = self.text[after[0].start : author.end]
        if author.type in ("PER", "ORG"):
            return Speaker(after[0].start, author.end, text, author, "org_word")
        return Speaker(after[0].start, author.end, text, None, "place_actor", place=author)

    def _prefer_subject(self, candidates: list[_Candidate], verb: ParsedToken | None) -> None:
        """When the verb's sentence was dependency-parsed, the candidate holding the verb's
        `nsubj` (or that subject's `appos`/`flat` words) gains SYNTAX_SUBJECT: the parser
        sees agreement and clause structure the scores only approximate."""
        if not self.use_syntax or verb is None or verb.rel is None:
            return
        at = self.token_index(verb.start)
        lo, hi = self.sentence_bounds(verb.start)
        first = self.token_index(lo)
        words = self.tokens[first : self.token_index(hi)]
        heads = {first + k for k, t in enumerate(words) if t.head == at and t.rel in ("nsubj", "nsubj:pass")}
        if not heads:
            return
        # `Представитель Еврокомиссии Маргаритис Схинас заявил`: the name in apposition is the subject too
        heads |= {first + k for k, t in enumerate(words) if t.head in heads and t.rel in _SUBJECT_PARTS}
        subjects = {self.tokens[i].start for i in heads}
        for c in candidates:
            if any(c.start <= s < c.end for s in subjects):
                c.score += SYNTAX_SUBJECT

    def last_speaker_since(self, anchor: int, since: int) -> Speaker | None:
        """Who spoke through the last speech verb between `since` and `anchor`, named by a
        mention or a person noun (`Об этом объявил … Манфред Ляйтнер`)."""
        kind, source, head = self._last_speaker(anchor)
        if head is None or head.start < since or kind is None:
            return None
        if source is None:
            source = self.named_after(head)  # `член правления компании Манфред Ляйтнер`
        if source is not None:
            return Speaker(source.start, source.end, source.text, source)
        end = self.phrase_end(head)
        return Speaker(head.start, end, self.text[head.start : end], None, "description")

    def _entity_candidates(
        self, start: int, end: int, plural_verb: bool, oblique: bool, verb: ParsedToken | None = None
    ) -> Iterable[_Candidate]:
        verb_gender = verb.feats.get("Gender") if verb is not None and not oblique else None
        for m in self.mentions_in(start, end):
            swallowed = self.swallowed_name(m)
            if swallowed is not None:
                # `к Мэй Джонсон предупредил`: the NER joined the addressee and the speaker
                first, other = swallowed
                if first.feats.get("Case") == "Nom":
                    yield _Candidate(_SCORE_NOM_PER, first.start, m.end, "entity", entity=other)
                continue
            actor = False
            head = self.tokens_between(m.start, m.end)
            cases = {t.feats.get("Case") for t in head}
            before = self._word_before(m.start)  # `в «Нафтогазе»`: the preposition before the mark
            after_adp = before is not None and before.pos == "ADP" and before.start >= start
            # A Latin name carries no case (`Как отмечает Reuters`): an organisation's is read
            # as the subject's unless a preposition governs it.
            # (After a media word the outlet phrase speaks as a whole: `издание Vlast.kz`.)
            caseless_org = (
                m.type == "ORG"
                and cases <= {None}
                and not (before is not None and before.lemma in MEDIA_WORDS)
            )
            nominative = ("Nom" in cases or oblique or caseless_org) and not after_adp
            if nominative and not oblique and m.type == "PER" and self.inflected(m):
                nominative = False  # `министру Саджиду Джавиду`: the tagger said Nom, the form says not
            if nominative and not oblique and m.type == "PER" and self.apposed_case(m) in ADDRESSEE_CASES:
                nominative = False  # `министру внутренних дел Саджиду Джавиду`: the role noun's case
            if m.type == "PER" and self.possessor_of_noun(m):
                continue  # `представитель Гренелла заявил`: the noun before the name speaks
            if m.type == "PER":
                score = _SCORE_NOM_PER if nominative else (0.0 if after_adp else _SCORE_PER)
                if not nominative and score and cases <= ADDRESSEE_CASES:
                    score -= _ADDRESSEE  # `женщины сказали Биби`: the one spoken to
                if not nominative and score and _dependent(head[0], before):
                    score -= _DEPENDENT_NAME  # `администрация Трампа`, `Муж и дочь Асии Биби`
                if score and verb_gender == "Fem" and self.gender(m) == "Masc":
                    score -= _GENDER_CLASH  # `Мэй … заявила`: not the man named nearer the verb
            elif m.type == "ORG":
                if nominative:
                    score = _SCORE_NOM_ORG
                elif after_adp and before is not None and before.lemma in ("в", "во", "из") and plural_verb:
                    score = _SCORE_IN_ORG
                else:
                    score = 0.0
            elif after_adp and before is not None and before.lemma in ("в", "во") and plural_verb:
                score = _SCORE_IN_ORG  # `заявили в Кремле`: a place standing for who works there
                actor = not (len(head) == 1 and head[0].pos == "ADJ")  # not `в российской столице`
            else:
                score = _SCORE_NOM_LOC if nominative else 0.0
                # `Кремль заявил`, `по мнению Вашингтона`: the agent of speech, in the
                # subject's case (or the source's genitive), is the body seated there.
                # A place adjective (`Русская сторона заявляла`) qualifies the noun that speaks.
                adjective = len(head) == 1 and head[0].pos == "ADJ"
                actor = nominative and (verb is not None or oblique) and not adjective
            if oblique and score and m.type != "PER" and _head_noun_before(before, start):
                # `по словам главы департамента печати МИД РФ`: the body after the source's
                # head noun is whose department it is; the head (a person noun) spoke.
                score -= _DEPENDENT_NAME + _DEPENDENT
            if score:
                kind = "entity" if m.type in ("PER", "ORG") else "place"
                subject = nominative or m.type != "PER"
                yield _Candidate(
                    score, m.start, m.end, kind, entity=m, nominative=subject, actor=actor and kind == "place"
                )

    def _word_candidate(self, tok: ParsedToken, oblique: bool) -> _Candidate | None:
        if tok.lemma in NOT_SPEAKERS:
            return None
        nominative = tok.feats.get("Case") == ("Gen" if oblique else "Nom")
        if nominative and tok.lemma in UNNAMED_SOURCES:
            # `Источники Reuters рассказали`, `по словам источника CNN`: the unnamed people
            # spoke, the outlet after the word only says whose sources they are.
            return _Candidate(_SCORE_DESCRIPTION, tok.start, tok.end, "noun", token=tok)
        if (
            nominative
            and (
                tok.lemma in GENERIC_SPEAKERS or tok.lemma in COLLECTIVE_SPEAKERS or tok.lemma in MEDIA_WORDS
            )
            and not self._quoted_name_after(tok)
        ):
            return _Candidate(_SCORE_DESCRIPTION, tok.start, tok.end, "noun", token=tok)
        if tok.text.lower() in PERSONAL_PRONOUNS and tok.pos != "PRON":
            return None  # `Они:` tagged as a name at a sentence start
        if tok.pos == "PRON" and tok.lemma in PERSONAL_PRONOUNS and nominative:
            return _Candidate(_SCORE_PRONOUN, tok.start, tok.end, "pronoun", token=tok)
        if is_org_word(tok.lemma) and tok.pos == "ADJ":
            pass  # the tagger calls `Пресс-служба` an adjective at times
        elif tok.pos not in ("NOUN", "PROPN"):
            return None
        if tok.pos == "PROPN" and tok.lemma in ROLE_HEADS and tok.text[1:].islower():
            # `Эксперт считает, что …`: a role noun the tagger took for a name at a sentence start
            if nominative:
                return _Candidate(_SCORE_DESCRIPTION, tok.start, tok.end, "description", token=tok)
            return None
        if tok.pos == "PROPN" and tok.feats.get("Animacy") == "Anim" and tok.text[:1].isupper():
            # A surname the NER missed (`Токаев заявил`): a name, resolved by its stem.
            return _Candidate(_SCORE_PER, tok.start, tok.end, "name", token=tok, nominative=nominative)
        if tok.lemma in MEDIA_WORDS and nominative and self._quoted_name_after(tok) is not None:
            return _Candidate(_SCORE_DESCRIPTION, tok.start, tok.end, "media", token=tok)
        if is_org_word(tok.lemma):
            score = _SCORE_DESCRIPTION if nominative else _SCORE_IN_ORG
            return _Candidate(score, tok.start, tok.end, "org_word", token=tok, nominative=nominative)
        if nominative and tok.feats.get("Animacy") == "Anim":
            return _Candidate(_SCORE_DESCRIPTION, tok.start, tok.end, "description", token=tok)
        if tok.lemma in MESSAGE_WORDS or nominative:
            return _Candidate(
                _SCORE_OTHER_NOUN, tok.start, tok.end, "thing", token=tok, nominative=nominative
            )
        return None

    # ---- resolution
    def _resolve(
        self, cand: _Candidate, clause: list[ParsedToken], verb: ParsedToken | None, anchor: int
    ) -> Speaker:
        if cand.kind == "entity":
            assert cand.entity is not None
            return Speaker(cand.start, cand.end, self.text[cand.start : cand.end], cand.entity)
        special = self._resolve_source(cand, clause, verb, anchor)
        if special is not None:
            return special
        if cand.kind in ("group", "description") and cand.token is not None:
            named = self._apposed_person(cand.end, clause, cand.token.feats.get("Case"))
            if named is not None:  # `сообщил один из докладчиков … в парламенте Нидерландов Питер Омтзигт`
                return Speaker(cand.start, named.end, self.text[cand.start : named.end], named, cand.kind)
        if cand.kind == "group":
            return Speaker(cand.start, cand.end, self.text[cand.start : cand.end], None, "group")
        tok = cand.token
        assert tok is not None
        if cand.kind == "media":
            return self._media(tok)
        end = self._phrase_end(tok, clause) if cand.kind not in ("pronoun", "name") else tok.end
        start, end = self._noun_span(cand, clause, end) if cand.kind == "noun" else (tok.start, end)
        text = self.text[start:end]
        entity: EntityMention | None = None
        if cand.kind == "pronoun":
            entity = self.resolve_pronoun(tok, verb, anchor)
            if entity is None:
                # `— разъяснил собеседник издания. Он подчеркнул, что …`: an unnamed speaker.
                found = self.unnamed_antecedent(tok, verb, anchor)
                if found is not None:
                    head, owner = found
                    end = self.phrase_end(head)
                    return Speaker(head.start, end, self.text[head.start : end], owner, "description")
                return Speaker(tok.start, tok.end, "", None, "pronoun")  # `он` alone names nobody
        elif cand.kind == "name":
            entity = self.resolve_name(tok.text, anchor)
        elif cand.kind == "org_word":
            owner = next((m for m in self.mentions_in(tok.end, end)), None)
            if owner is not None and owner.type == "ORG":
                return Speaker(tok.start, end, text, owner, cand.kind)  # `пресс-служба МИД` speaks for МИД
            named = self._named_right_after(end)
            if named is not None:  # `организации Amnesty International`: the name the word has
                return Speaker(tok.start, named.end, self.text[tok.start : named.end], named, cand.kind)
            if end > tok.end:
                # `администрация Трампа`, `канцелярия кабмина страны`: the phrase says whose
                # body it is; no other organisation is meant.
                return Speaker(tok.start, end, text, None, cand.kind)
            entity = self.resolve_org(tok.lemma, min(anchor, clause[0].start) if clause else anchor)
            if entity is None:
                unnamed = self.unnamed_institution(min(anchor, clause[0].start) if clause else anchor)
                if unnamed is not None:  # `Пресс-служба главы государства сообщила … — отметили в ведомстве`
                    end = self.phrase_end(unnamed)
                    return Speaker(unnamed.start, end, self.text[unnamed.start : end], None, cand.kind)
        elif cand.kind == "description":
            inside = self._member_of(end)
            if inside is not None:  # `собеседник в МИД ФРГ`: someone inside an institution
                return Speaker(tok.start, inside.end, self.text[tok.start : inside.end], inside, cand.kind)
            entity = self.spokesperson_org(tok)
            if entity is None and tok.lemma in SPOKESPERSON_WORDS and end > tok.end:
                spoken_for = self._spokesperson_body(tok, end, anchor)
                if spoken_for is not None:
                    return spoken_for
            if entity is None and tok.feats.get("Number") != "Plur":
                gender = verb.feats.get("Gender") if verb else None
                # `дочь Асии Биби`, `адвокат Биби`: someone related to the person named, not her.
                related = {m.name for m in self.mentions_in(tok.end, end) if m.type == "PER"}
                owner = (
                    self._starting_at.get(self.tokens[self.token_index(tok.end)].start)
                    if (self.token_index(tok.end) < len(self.tokens))
                    else None
                )
                if owner is not None and owner.type == "PER" and self.possessor_of_noun(owner):
                    related.add(owner.name)  # `юрист Саифа-ул-Мулука`: not Саиф-ул-Мулук himself
                    end = max(end, owner.end)  # shown with whose they are: `Адвокат Биби`
                    text = self.text[start:end]
                # Someone named only through the person they belong to is not whoever spoke
                # last: only a person given that role resolves it (`Адвокат Биби … сообщил`).
                entity = self.resolve_description(
                    tok.lemma, anchor, gender, exclude=related, role_only=bool(related)
                )
        elif cand.kind == "noun" and tok.lemma in MEDIA_WORDS and tok.feats.get("Number") != "Plur":
            entity = self.outlet_named_before(tok, anchor)  # `пишет издание`: the one named before
        return Speaker(start, end, text, entity, cand.kind)

    def _resolve_source(
        self, cand: _Candidate, clause: list[ParsedToken], verb: ParsedToken | None, anchor: int
    ) -> Speaker | None:
        """Texts, places and `последний`: a statement's author, a place acting as the body
        seated there, the latter; None for the other kinds (resolved by `_resolve`)."""
        if cand.kind == "thing" and cand.token is not None and cand.token.lemma in MESSAGE_WORDS:
            author = self.message_author(cand.token, anchor)
            if author is not None and author.type in ("PER", "ORG"):  # `В заявлении МИД Франции говорится`
                end = max(author.end, cand.end)
                return Speaker(cand.start, end, self.text[cand.start : end], author, "org_word")
            if author is not None:  # `в пресс-релизе на сайте Кремля`: the body seated there wrote it
                end = max(author.end, cand.end)
                return Speaker(
                    cand.start, end, self.text[cand.start : end], None, "place_actor", place=author
                )
        if cand.kind == "place" and cand.actor and cand.entity is not None:
            start = cand.start
            before = self._word_before(cand.start)
            if (
                before is not None
                and before.lemma in ("в", "во")
                and before.start >= (clause[0].start if clause else 0)
            ):
                start = before.start  # `в Кремле`, as written
            return Speaker(
                start, cand.end, self.text[start : cand.end], None, "place_actor", place=cand.entity
            )
        if cand.kind == "thing" and cand.token is not None and cand.token.lemma in MESSAGE_WORDS:
            writers = self._described_author(cand.token)
            if writers is not None:  # `говорится в комментарии дипломатов`: they wrote it
                in_clause = any(t.start == writers.start for t in clause)
                end = self._phrase_end(writers, clause) if in_clause else writers.end
                return Speaker(writers.start, end, self.text[writers.start : end], None, "description")
        if cand.kind in ("place", "thing"):
            return Speaker(cand.start, cand.end, "", None, cand.kind)
        if cand.kind == "latter":
            assert cand.token is not None
            latter = self.resolve_latter(cand.token, verb, anchor)
            return Speaker(cand.start, cand.end, cand.token.text if latter else "", latter, "pronoun")
        return None

    def _noun_span(self, cand: _Candidate, clause: list[ParsedToken], end: int) -> tuple[int, int]:
        """Where a speaker noun's words start and end as shown: a collective speaker with
        its adjectives (`пакистанские власти`, `Российская сторона`: whose body it is), an
        unnamed source with the outlet after it (`Источники Reuters`)."""
        tok = cand.token
        assert tok is not None
        start = tok.start
        if tok.lemma in COLLECTIVE_SPEAKERS and clause:
            at = next((k for k, t in enumerate(clause) if t.start == tok.start), 0)
            while (
                at > 0
                and clause[at - 1].pos == "ADJ"
                and clause[at - 1].feats.get("Case") == tok.feats.get("Case")
            ):
                at -= 1
            start = clause[at].start
        if tok.lemma in UNNAMED_SOURCES:
            outlet = self._quoted_name_after(tok)
            end = max(end, outlet[1] + 1) if outlet is not None else end
        return start, end

    def _spokesperson_body(self, tok: ParsedToken, end: int, anchor: int) -> Speaker | None:
        """A spokesperson's phrase linked to the body it names: an organisation right after
        it (`представитель католической благотворительной организации Missio`) or the body an
        institution word in it stands for (`представитель немецкого ведомства`), if named."""
        body = self._named_right_after(end)
        if body is not None:
            return Speaker(tok.start, body.end, self.text[tok.start : body.end], body, "description")
        word = next((t for t in self.tokens_between(tok.end, end) if is_org_word(t.lemma)), None)
        body = self.named_institution(word.lemma, anchor) if word is not None else None
        if body is not None:
            return Speaker(tok.start, end, self.text[tok.start : end], body, "description")
        return None

    def _apposed_person(
        self, end: int, clause: list[ParsedToken], case: str | None = None
    ) -> EntityMention | None:
        """A person named in the nominative later in a description's own noun phrase (the
        phrase may hold prepositional modifiers: `один из докладчиков относительно Brexit в
        парламенте Нидерландов Питер Омтзигт`); None past a verb, punctuation or
        APPOSED_WINDOW words, or when the name is in another case (`в беседе с Путиным`).
        A description in an oblique `case` takes a name in that case, over a second apposed
        noun after a comma (`По мнению политолога, эксперта по США Малека Дудакова`)."""
        after = [t for t in clause if t.start >= end][:APPOSED_WINDOW]
        oblique = case not in (None, "Nom")
        for k, tok in enumerate(after):
            found = self._starting_at.get(tok.start)
            if found is not None and found.type == "PER":
                words = self.tokens_between(found.start, found.end)
                cases = {t.feats.get("Case") for t in words}
                if oblique:
                    return found if case in cases and self.inflected(found) else None
                nominative = "Nom" in cases or cases <= {None}
                # (`Адвокат Биби, которого …`: a name only saying whose is not the description's)
                return (
                    found
                    if nominative and not self.inflected(found) and not self.possessor_of_noun(found)
                    else None
                )
            nxt = after[k + 1] if k + 1 < len(after) else None
            stacked = (
                oblique
                and tok.text == ","
                and nxt is not None
                and nxt.pos == "NOUN"
                and nxt.feats.get("Case") == case
            )
            if stacked:
                continue
            if tok.pos in ("VERB", "AUX", "PUNCT", "CCONJ", "SCONJ", "PRON") or finite_like(tok):
                return None
        return None

    def _named_right_after(self, end: int) -> EntityMention | None:
        """An organisation whose mention starts at the first token at or after `end`."""
        at = self.token_index(end)
        found = self._starting_at.get(self.tokens[at].start) if at < len(self.tokens) else None
        return found if found is not None and found.type == "ORG" else None

    def _media(self, head: ParsedToken) -> Speaker:
        """`газета "The Dawn"`: the outlet as written, linked to the ORG its quoted name is."""
        quoted = self._quoted_name_after(head)
        assert quoted is not None
        opener, closer = quoted
        entity = next(
            (m for m in self.entities if opener < m.start and m.end <= closer + 1 and m.type == "ORG"), None
        )
        return Speaker(head.start, closer + 1, self.text[head.start : closer + 1], entity, "media")

    def _phrase_end(self, head: ParsedToken, clause: list[ParsedToken]) -> int:
        """Extend a description over its genitive dependents: `глава Госкомитета национальной безопасности`."""
        end = head.end
        i = next(k for k, t in enumerate(clause) if t.start == head.start)
        for tok in clause[i + 1 : i + 6]:
            if tok.pos in ("NOUN", "PROPN", "ADJ") and tok.feats.get("Case") == "Gen":
                end = tok.end
            else:
                break
        return end


def finite_like(tok: ParsedToken) -> bool:
    """A predicate word (`VerbForm=Fin` or a short participle): the noun phrase ended."""
    return tok.feats.get("VerbForm") == "Fin" or tok.feats.get("Variant") == "Short"


def _head_noun_before(before: ParsedToken | None, start: int) -> bool:
    """A noun inside the source phrase right before a mention: the mention depends on it."""
    return before is not None and before.start >= start and before.pos == "NOUN"


def _one_of(tokens: list[ParsedToken], k: int) -> _Candidate | None:
    """`один из демонстрантов`: an unnamed member of a group, a speaker as written."""
    tok = tokens[k]
    if tok.lemma not in ONE_OF or k + 2 >= len(tokens) or tokens[k + 1].text.lower() != "из":
        return None
    group = tokens[k + 2]
    if group.pos != "NOUN" or group.feats.get("Case") != "Gen":
        return None
    return _Candidate(_SCORE_DESCRIPTION, tok.start, group.end, "group", token=tok)


def _latter(tokens: list[ParsedToken], k: int) -> _Candidate | None:
    """`а последний заявил`: the substantivised adjective in the subject's case, with no
    noun after it (`последний раз` is an adverbial), singular (a group names nobody)."""
    tok = tokens[k]
    if tok.lemma not in LATTER_WORDS or tok.feats.get("Case") != "Nom" or tok.feats.get("Number") == "Plur":
        return None
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    if after is not None and after.pos in ("NOUN", "PROPN", "ADJ", "NUM"):
        return None
    return _Candidate(_SCORE_PRONOUN, tok.start, tok.end, "latter", token=tok)


def _before_oblique(candidates: list[_Candidate], tokens: list[ParsedToken], verb: int) -> list[_Candidate]:
    """Drop candidates behind a preposition that follows the first subject after the verb."""
    subjects = sorted(
        (c for c in candidates if c.start > verb and c.nominative and c.score >= _SCORE_DESCRIPTION),
        key=lambda c: c.start,
    )
    if not subjects:
        return candidates
    first = subjects[0]
    cut = next((t.start for t in tokens if t.start >= first.end and t.pos == "ADP"), None)
    return candidates if cut is None else [c for c in candidates if c.start < cut]


def _outside_relative(
    candidates: list[_Candidate], tokens: list[ParsedToken], verb: ParsedToken | None
) -> list[_Candidate]:
    """Drop candidates inside a relative clause between a subject and its speech verb
    (`Майк Пенс, которого … Трамп просил не допустить …, заявил`): the clause runs from
    `, который` to its closing comma, or to the verb when the text leaves the comma out;
    only when a subject candidate stands before it."""
    if verb is None:
        return candidates
    for k, tok in enumerate(tokens):
        if tok.start >= verb.start:
            break
        if tok.lemma != "который" or k == 0 or tokens[k - 1].text != ",":
            continue
        lo = tokens[k - 1].start
        hi = next((t.start for t in tokens[k + 1 :] if t.text == "," and t.start < verb.start), verb.start)
        if any(c.start < lo and c.nominative for c in candidates):
            candidates = [c for c in candidates if not lo <= c.start < hi]
    return candidates


def _without_addressee(candidates: list[_Candidate]) -> list[_Candidate]:
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
