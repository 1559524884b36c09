"""Candidate words of a speech frame and their resolution: entity mentions, pronouns,
descriptions, institution and media words, scored by how much each looks like the subject
of the speech verb, then resolved to an entity (part of `speakers.SpeakerFinder`)."""

from __future__ import annotations

from collections.abc import Iterable

from storyline.annotate.nlp import ParsedToken
from storyline.annotate.roles import ROLE_HEADS
from storyline.annotate.speaker_kinds import (
    ADDRESSEE,
    ADDRESSEE_CASES,
    DEPENDENT,
    DEPENDENT_NAME,
    GENDER_CLASH,
    SCORE_DESCRIPTION,
    SCORE_IN_ORG,
    SCORE_NOM_LOC,
    SCORE_NOM_ORG,
    SCORE_NOM_PER,
    SCORE_OTHER_NOUN,
    SCORE_PER,
    SCORE_PRONOUN,
    Candidate,
    Speaker,
    dateline_outlet,
    head_noun_before,
    is_dependent,
)
from storyline.annotate.speaker_phrase import SpeakerPhrase
from storyline.annotate.speech_lexicon import (
    COLLECTIVE_SPEAKERS,
    GENERIC_SPEAKERS,
    IDIOM_OBJECTS,
    INDEFINITE_DETERMINERS,
    MEDIA_WORDS,
    MESSAGE_WORDS,
    NOT_SPEAKERS,
    PERSONAL_PRONOUNS,
    SEAT_PREPOSITIONS,
    SPOKESPERSON_WORDS,
    UNNAMED_SOURCES,
    is_org_word,
)
from storyline.model import EntityMention

# What opens a trailing frame before its verb (`…, предупреждает Центр`, `», — заявил X`).
FRAME_COMMAS = frozenset({",", "—", "–", "-"})


class CandidateReader(SpeakerPhrase):
    """The scored candidates of a frame and their resolution to a `Speaker`."""

    def _entity_candidates(
        self, start: int, end: int, plural_verb: bool, oblique: bool, verb: ParsedToken | None = None
    ) -> Iterable[Candidate]:
        verb_gender = verb.feats.get("Gender") if verb is not None and not oblique else None
        for m in self.mentions_in(start, end):
            swallowed = self.swallowed_name(m)
            if swallowed is not None:
                # `к Мэй Джонсон предупредил`: the NER joined the addressee and the speaker
                first, other = swallowed
                if first.feats.get("Case") == "Nom":
                    yield Candidate(SCORE_NOM_PER, first.start, m.end, "entity", entity=other)
                continue
            actor = False
            head = self.tokens_between(m.start, m.end)
            cases = {t.feats.get("Case") for t in head}
            before = self._word_before(m.start)  # `в «Нафтогазе»`: the preposition before the mark
            idiom = before is not None and self.idiom_object(before)
            if idiom:
                before = None  # `обратила внимание Ткачева`: the name follows the verb itself
            if before is not None and before.pos == "ADJ" and m.type == "ORG" and len(cases) == 1:
                before = self.governing_word(m.start, next(iter(cases)))  # `в российском МИДе`
            after_adp = before is not None and before.pos == "ADP" and before.start >= start
            # A Latin name carries no case (`Как отмечает Reuters`): an organisation's is read
            # as the subject's unless a preposition governs it.
            # (After a media word the outlet phrase speaks as a whole: `издание Vlast.kz`.)
            caseless_org = (
                m.type == "ORG"
                and cases <= {None}
                and not (before is not None and before.lemma in MEDIA_WORDS)
            )
            nominative = (
                "Nom" in cases
                or oblique
                or caseless_org
                or idiom
                or self._trailing_object_form(m, head, verb)
            ) and not after_adp
            if nominative and not oblique and m.type == "PER" and self.inflected(m):
                nominative = False  # `министру Саджиду Джавиду`: the tagger said Nom, the form says not
            if nominative and not oblique and m.type == "PER" and self.apposed_case(m) in ADDRESSEE_CASES:
                nominative = False  # `министру внутренних дел Саджиду Джавиду`: the role noun's case
            if m.type == "ORG" and dateline_outlet(self.text, m):
                continue  # `, 13:54 REGNUM 3 февраля юрист … сообщил`: the dateline's outlet
            if m.type == "PER" and self.possessor_of_noun(m):
                continue  # `представитель Гренелла заявил`: the noun before the name speaks
            if m.type == "PER":
                score = SCORE_NOM_PER if nominative else (0.0 if after_adp else SCORE_PER)
                if not nominative and score and cases <= ADDRESSEE_CASES:
                    score -= ADDRESSEE  # `женщины сказали Биби`: the one spoken to
                elif not nominative and score and cases == {"Acc"} and self.any_word_inflected(m):
                    # `адвоката, защищавшего христианку Асию Биби, сообщил`: an object, its
                    # form (not only the tagger) says so; ranked as an addressee is
                    score -= ADDRESSEE
                if not nominative and score and is_dependent(head[0], before):
                    score -= DEPENDENT_NAME  # `администрация Трампа`, `Муж и дочь Асии Биби`
                if score and verb_gender == "Fem" and self.gender(m) == "Masc":
                    score -= GENDER_CLASH  # `Мэй … заявила`: not the man named nearer the verb
                elif score and verb_gender == "Masc" and self.agreed_gender(m) == "Fem":
                    # `Адвокат Биби сообщил`: a woman the text's own predicates call one
                    # (`Асия Биби провела`) is no subject of a masculine verb, whatever the tagger
                    score -= GENDER_CLASH
            elif m.type == "ORG":
                if nominative:
                    score = SCORE_NOM_ORG
                    # `глава правительства заверила британский парламент`: a lower-case head
                    # noun of another gender than the past-tense verb is its object, not its
                    # subject (the tagger reads the accusative as Nom). Session 16 ner.
                    nouns = [t for t in head if t.pos == "NOUN" and t.text.islower()]
                    noun_gender = nouns[-1].feats.get("Gender") if nouns else None
                    if verb_gender and noun_gender and noun_gender != verb_gender:
                        score -= GENDER_CLASH
                elif after_adp and before is not None and before.lemma in ("в", "во", "из") and plural_verb:
                    score = SCORE_IN_ORG
                else:
                    score = 0.0
            elif after_adp and before is not None and before.lemma in SEAT_PREPOSITIONS and plural_verb:
                # `заявили в Кремле`, `считают на Даунинг-стрит`: a place standing for who works there
                score = SCORE_IN_ORG
                actor = not (len(head) == 1 and head[0].pos == "ADJ")  # not `в российской столице`
            else:
                score = SCORE_NOM_LOC if nominative else 0.0
                # `Кремль заявил`, `по мнению Вашингтона`: the agent of speech, in the
                # subject's case (or the source's genitive), is the body seated there.
                # A place adjective (`Русская сторона заявляла`) qualifies the noun that speaks.
                adjective = len(head) == 1 and head[0].pos == "ADJ"
                actor = nominative and (verb is not None or oblique) and not adjective
            if oblique and score and m.type != "PER" and head_noun_before(before, start):
                # `по словам главы департамента печати МИД РФ`: the body after the source's
                # head noun is whose department it is; the head (a person noun) spoke.
                score -= DEPENDENT_NAME + DEPENDENT
            if score:
                kind = "entity" if m.type in ("PER", "ORG") else "place"
                subject = nominative or m.type != "PER"
                yield Candidate(
                    score, m.start, m.end, kind, entity=m, nominative=subject, actor=actor and kind == "place"
                )

    def _trailing_object_form(
        self, m: EntityMention, head: list[ParsedToken], verb: ParsedToken | None
    ) -> bool:
        """`…, предупреждает Центр контроля заболеваний`: an organisation right after the speech
        verb of a trailing frame (`, VERB X`), whose head noun the tagger read as an object
        though the form is its nominative (an inanimate noun's accusative is written alike):
        the frame's subject, as after a past-tense verb (`…, заявил Центр`)."""
        if m.type != "ORG" or verb is None or not head:
            return False
        at = self.token_index(m.start)
        if at < 2 or self.tokens[at - 1] is not verb or self.tokens[at - 2].text not in FRAME_COMMAS:
            return False
        noun = head[0]
        return (
            noun.pos in ("NOUN", "PROPN")
            and noun.feats.get("Case") == "Acc"
            and noun.feats.get("Animacy") == "Inan"
            and noun.text.lower() == noun.lemma
        )

    def idiom_object(self, tok: ParsedToken) -> bool:
        """`внимание` in `обратила внимание`: a speech verb's fixed object (`IDIOM_OBJECTS`)."""
        before = self._word_before(tok.start)
        return before is not None and IDIOM_OBJECTS.get(before.lemma) == tok.lemma

    def _word_candidate(self, tok: ParsedToken, oblique: bool) -> Candidate | None:
        if tok.lemma in NOT_SPEAKERS or self.idiom_object(tok):
            return None
        nominative = tok.feats.get("Case") == ("Gen" if oblique else "Nom")
        if nominative and tok.lemma in UNNAMED_SOURCES:
            # `Источники Reuters рассказали`, `по словам источника CNN`: the unnamed people
            # spoke, the outlet after the word only says whose sources they are.
            return Candidate(SCORE_DESCRIPTION, tok.start, tok.end, "noun", token=tok)
        if (
            nominative
            and (
                tok.lemma in GENERIC_SPEAKERS or tok.lemma in COLLECTIVE_SPEAKERS or tok.lemma in MEDIA_WORDS
            )
            and not self._quoted_name_after(tok)
        ):
            return Candidate(SCORE_DESCRIPTION, tok.start, tok.end, "noun", token=tok)
        if tok.text.lower() in PERSONAL_PRONOUNS and tok.pos != "PRON":
            return None  # `Они:` tagged as a name at a sentence start
        if tok.pos == "PRON" and tok.lemma in PERSONAL_PRONOUNS and nominative:
            return Candidate(SCORE_PRONOUN, tok.start, tok.end, "pronoun", token=tok)
        if is_org_word(tok.lemma) and tok.pos == "ADJ":
            pass  # the tagger calls `Пресс-служба` an adjective at times
        elif tok.pos not in ("NOUN", "PROPN"):
            return None
        if tok.pos == "PROPN" and tok.lemma in ROLE_HEADS and tok.text[1:].islower():
            # `Эксперт считает, что …`: a role noun the tagger took for a name at a sentence start
            if nominative:
                return Candidate(SCORE_DESCRIPTION, tok.start, tok.end, "description", token=tok)
            return None
        if tok.pos == "PROPN" and tok.feats.get("Animacy") == "Anim" and tok.text[:1].isupper():
            # A surname the NER missed (`Токаев заявил`): a name, resolved by its stem.
            return Candidate(SCORE_PER, tok.start, tok.end, "name", token=tok, nominative=nominative)
        if tok.lemma in MEDIA_WORDS and nominative and self._quoted_name_after(tok) is not None:
            return Candidate(SCORE_DESCRIPTION, tok.start, tok.end, "media", token=tok)
        if is_org_word(tok.lemma):
            score = SCORE_DESCRIPTION if nominative else SCORE_IN_ORG
            return Candidate(score, tok.start, tok.end, "org_word", token=tok, nominative=nominative)
        if nominative and tok.feats.get("Animacy") == "Anim":
            return Candidate(SCORE_DESCRIPTION, tok.start, tok.end, "description", token=tok)
        if tok.lemma in MESSAGE_WORDS or nominative:
            return Candidate(SCORE_OTHER_NOUN, tok.start, tok.end, "thing", token=tok, nominative=nominative)
        return None

    def _indefinite(self, tok: ParsedToken) -> bool:
        """An indefinite or dual determiner (`INDEFINITE_DETERMINERS`) before noun `tok`, over
        adjectives between (`оба президентских штаба`)."""
        at = self.token_index(tok.start) - 1
        while (
            at >= 0 and self.tokens[at].pos == "ADJ" and self.tokens[at].lemma not in INDEFINITE_DETERMINERS
        ):
            at -= 1
        return at >= 0 and self.tokens[at].lemma in INDEFINITE_DETERMINERS

    def _bare_institution(self, tok: ParsedToken, end: int) -> ParsedToken | None:
        """The one word after institution word `tok` in its phrase when it is itself a bare
        institution word in the genitive (`пресс-служба компании`, `в пресс-службе
        министерства`): no name, adjective or further word says which body it is."""
        words = self.tokens_between(tok.end, end)
        if len(words) != 1 or self.mentions_in(tok.end, end):
            return None
        word = words[0]
        return word if is_org_word(word.lemma) and word.feats.get("Case") == "Gen" else None

    def _spokesperson_speaker(
        self, tok: ParsedToken, span: tuple[int, int], verb: ParsedToken | None, anchor: int
    ) -> Speaker:
        """A spokesperson's phrase naming a body (`представитель немецкого ведомства`,
        `пресс-секретарь британского парламента`): linked to that body when it is named
        (`_spokesperson_body`), else to the latest person given any spokesperson's post
        (`пресс-секретарь президента Дмитрий Песков … — добавил представитель Кремля`), never
        to whoever was named last (`министр Дэвис`)."""
        start, end = span
        spoken_for = self._spokesperson_body(tok, end, anchor)
        if spoken_for is not None:
            return spoken_for
        gender = verb.feats.get("Gender") if verb else None
        found = [
            m
            for word in SPOKESPERSON_WORDS
            if (m := self.resolve_description(word, anchor, gender, role_only=True)) is not None
        ]
        person = max(found, key=lambda m: m.start, default=None)
        return Speaker(start, end, self.text[start:end], person, "description")

    # ---- resolution
    def _resolve(
        self, cand: Candidate, clause: list[ParsedToken], verb: ParsedToken | None, anchor: int
    ) -> Speaker:
        if cand.kind == "entity":
            assert cand.entity is not None
            return Speaker(cand.start, cand.end, self.text[cand.start : cand.end], cand.entity)
        special = self._resolve_source(cand, clause, verb, anchor)
        if special is not None:
            return special
        if (
            cand.kind in ("description", "org_word")
            and cand.token is not None
            and self._indefinite(cand.token)
        ):
            # `некий осведомитель, который заявил`, `оба президентских штаба настаивают`
            end = self._phrase_end(cand.token, clause)
            return Speaker(cand.start, end, self.text[cand.start : end], None, cand.kind)
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
                # `в пресс-службе компании`: the body is the one the second, bare institution
                # word stands for; `администрация Трампа`, `канцелярия кабмина страны`: the
                # phrase says whose body it is, and no other organisation is meant.
                inner = self._bare_institution(tok, end)
                scope = min(anchor, clause[0].start) if clause else anchor
                body = self.resolve_org(inner.lemma, scope) if inner is not None else None
                return Speaker(tok.start, end, text, body, cand.kind)
            entity = self.resolve_org(tok.lemma, min(anchor, clause[0].start) if clause else anchor)
            if entity is None:
                unnamed = self.unnamed_institution(
                    min(anchor, clause[0].start) if clause else anchor, tok.lemma
                )
                if unnamed is not None:  # `Пресс-служба главы государства сообщила … — отметили в ведомстве`
                    end = self.phrase_end(unnamed)
                    return Speaker(unnamed.start, end, self.text[unnamed.start : end], None, cand.kind)
        elif cand.kind == "description":
            inside = self._member_of(end)
            if inside is not None:  # `собеседник в МИД ФРГ`: someone inside an institution
                return Speaker(tok.start, inside.end, self.text[tok.start : inside.end], inside, cand.kind)
            entity = self.spokesperson_org(tok)
            if entity is None and tok.lemma in SPOKESPERSON_WORDS and end > tok.end:
                return self._spokesperson_speaker(tok, (start, end), verb, anchor)
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
                    tok.lemma,
                    anchor,
                    gender,
                    exclude=related,
                    role_only=bool(related),
                    qualifier=self.role_qualifier(tok, end),
                )
        elif cand.kind == "noun" and tok.lemma in MEDIA_WORDS and tok.feats.get("Number") != "Plur":
            entity = self.outlet_named_before(tok, anchor)  # `пишет издание`: the one named before
        return Speaker(start, end, text, entity, cand.kind)
