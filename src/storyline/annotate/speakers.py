"""Who said it: finding the speaker of a quote and resolving it to an entity.

A quote's speaker is named in the text in one of four ways: by an entity
mention (`сказал Бекешев`), by a pronoun (`сказал он`), by a description
(`заключил депутат`) or by an institution word (`отметили в ведомстве`). The
last three are resolved to the most recent fitting entity mention before the
quote, skipping mentions inside quoted speech (a name a speaker utters is not
an antecedent for the narrator's `он`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import takewhile

from storyline.annotate.nlp import ParsedText, ParsedToken
from storyline.model import EntityMention

# Lemmas of verbs that introduce speech or a stated opinion. Perception and
# naming verbs (`назвать`, `узнать`) are deliberately absent: «террористами»
# after `назвал` is a word being named, not speech.
SPEECH_VERBS = frozenset(
    """
    сказать говорить говориться заявить заявлять сообщить сообщать сообщаться
    отметить отмечать подчеркнуть подчёркнуть подчеркивать добавить добавлять
    заключить ответить отвечать пояснить пояснять уточнить уточнять рассказать
    рассказывать считать повторять повторить признать признавать написать
    писать объяснить объяснять заметить замечать указать указывать напомнить
    напоминать констатировать утверждать заверить заверять предупредить
    предупреждать выразить подытожить резюмировать возразить спросить задать
    поделиться процитировать цитировать прокомментировать комментировать
    высказаться полагать уверять признаться сообщиться говорится
    передать передавать опровергнуть отрицать настаивать обещать пообещать
    пошутить шутить вспоминать вспомнить делиться признаваться предполагать
    проинформировать информировать кричать крикнуть воскликнуть восклицать
    приводить привести сетовать посетовать жаловаться пожаловаться возмущаться
    иронизировать парировать продолжить продолжать рассуждать убеждать призвать
    призывать объявить объявлять подтвердить подтверждать акцентировать
    отмечаться подчеркиваться указываться говорить твитнуть обращать обратить
    """.split()
)

# Speech verbs only inside a direct-quote frame (`— приводит слова министра «РИА Новости»`);
# with `, что` they mean something else (`привело к тому, что`, `продолжает, что`).
FRAME_ONLY_VERBS = frozenset({"приводить", "привести", "продолжить", "продолжать", "обращать", "обратить"})

# Nouns that stand for an institution: resolved to the most recent ORG mention.
ORG_WORDS = frozenset(
    """
    ведомство министерство пресс-служба служба мид мвд организация агентство
    департамент комитет аппарат правительство посольство консульство кабмин
    администрация штаб канцелярия минобороны минздрав прокуратура суд партия
    компания миссия управление совет
    """.split()
)

# Nouns naming a text rather than its author (`в сообщении ведомства`): the
# author, if given, is preferred; the text itself is only a last resort.
MESSAGE_WORDS = frozenset(
    "сообщение заявление документ пресс-релиз релиз письмо обращение указ публикация канал страница"
    " телеграм-канал telegram-канал твит пост статья".split()
)

PERSONAL_PRONOUNS = frozenset({"он", "она", "они"})
POSSESSIVE_GENDER = {"его": "Masc", "ее": "Fem", "её": "Fem"}  # the tagger leaves them without gender

# Unnamed groups (`многие говорят, что`): a speaker as written, never resolved.
GENERIC_SPEAKERS = frozenset({"многий", "многие", "некоторый", "некоторые", "большинство", "кто-то", "иной"})

# Nominative words the tagger may call nouns that never name a source (`Многое указывает на то, что`).
NOT_SPEAKERS = frozenset({"многое", "всё", "все", "это", "то", "что", "ничто", "никто", "кто", "сам"})

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
_AGREEMENT = 0.25  # a tie-breaker between words, never enough to outrank a better kind
_DEPENDENT = 0.5

# A person this many tokens from a speech verb (same sentence) counts as having
# spoken. Hand-set: with the verb-gender filter it turned two of the development
# sample's 40 speakers right (`хозяин Белого дома шутил`, `дипломат отметила`)
# and none wrong.
SPEECH_WINDOW = 10
SOURCE_NOUNS = frozenset({"словам", "мнению", "информации", "данным", "оценке", "сведениям"})

# An institution word looks this many tokens back for the last institution that
# spoke (`Пресс-служба … сообщила … «…», — отметили в ведомстве`): about three
# news sentences.
SOURCE_LOOKBACK = 80

# Description resolution looks for the role word among this many tokens just
# before a mention (`депутат Дастан Бекешев`, `глава кабинета министров Акылбек Жапаров`).
ROLE_WINDOW = 4


@dataclass
class Speaker:
    start: int
    end: int
    text: str
    entity: EntityMention | None
    kind: str = "entity"  # entity | name | pronoun | description | org_word | noun
    nominative: bool = True  # in the subject's case (or `в МИД` for an institution)


@dataclass
class _Candidate:
    score: float
    start: int
    end: int
    kind: str  # as Speaker.kind
    entity: EntityMention | None = None
    token: ParsedToken | None = None
    nominative: bool = True


def _dependent(word: ParsedToken, previous: ParsedToken | None) -> bool:
    """A genitive right after a noun depends on it (`Пресс-служба [аппарата]`): not the subject."""
    return (
        word.feats.get("Case") == "Gen"
        and previous is not None
        and (previous.pos in ("NOUN", "PROPN") or previous.lemma in ORG_WORDS)
    )


def _agreement(word: ParsedToken, verb: ParsedToken | None) -> float:
    """A past-tense verb agrees in gender with its subject (`Пресс-служба аппарата … сообщила`)."""
    if verb is None or "Gender" not in verb.feats or "Gender" not in word.feats:
        return 0.0
    return _AGREEMENT if verb.feats["Gender"] == word.feats["Gender"] else -_AGREEMENT


class SpeakerFinder:
    """Speaker search and resolution over one parsed article."""

    def __init__(
        self, parsed: ParsedText, entities: list[EntityMention], quoted: list[tuple[int, int]]
    ) -> None:
        self.text = parsed.text
        self.tokens = parsed.tokens
        self.starts = [t.start for t in parsed.tokens]
        self.quoted = sorted(quoted)
        self.quoted_starts = [qs for qs, _ in self.quoted]
        # Top-level quote contents never overlap; then only the last one opening
        # at or before a span can hold it (bisection, not a scan: issue #15).
        self.quoted_disjoint = all(a[1] <= b[0] for a, b in zip(self.quoted, self.quoted[1:], strict=False))
        self.entities = sorted(entities, key=lambda m: m.start)
        self.entity_starts = [m.start for m in self.entities]
        self.antecedents = [m for m in self.entities if not self._inside_quote(m.start, m.end)]
        self.antecedent_starts = [m.start for m in self.antecedents]
        self._starting_at = {m.start: m for m in self.antecedents}
        self._roles: dict[str, set[str]] | None = None
        self._speaking: set[int] | None = None

    # ---- token helpers
    def token_index(self, offset: int) -> int:
        """Index of the first token starting at or after `offset`."""
        return bisect_left(self.starts, offset)

    def tokens_between(self, start: int, end: int) -> list[ParsedToken]:
        i, j = self.token_index(start), self.token_index(end)
        return [t for t in self.tokens[i:j] if t.end <= end]

    def _inside_quote(self, start: int, end: int, within: tuple[int, int] | None = None) -> bool:
        """Inside quoted speech; a quoted name (`обиженный “Газпром” заявил`) is not speech, and
        neither is a frame inside the quote marks (`«…, — сказал Мамытов. — …»`) when `within` is it."""
        spans = self.quoted
        if self.quoted_disjoint:
            i = bisect_right(self.quoted_starts, start) - 1
            spans = self.quoted[i : i + 1] if i >= 0 else []
        for qs, qe in spans:
            if qs <= start and end <= qe and (qs, qe) != (start, end):
                if within is None or not (qs <= within[0] and within[1] <= qe):
                    return True
        return False

    def mentions_in(self, start: int, end: int) -> list[EntityMention]:
        return [
            m
            for m in self.entities[bisect_left(self.entity_starts, start) : bisect_left(self.entity_starts, end)]
            if m.end <= end and not self._inside_quote(m.start, m.end, (start, end))
        ]

    def _token_before(self, offset: int) -> ParsedToken | None:
        i = self.token_index(offset)
        return self.tokens[i - 1] if i > 0 else None

    # ---- finding the speaker in a clause
    def find(
        self,
        tokens: list[ParsedToken],
        verb: ParsedToken | None,
        *,
        anchor: int,
        prefer_near: int | None = None,
        oblique: bool = False,
    ) -> Speaker | None:
        """The speaker named in `tokens` (a speech frame), resolved against what precedes `anchor`.

        `prefer_near` breaks ties by closeness to that offset (the verb, for a subject before it).
        `oblique` marks a source phrase whose speaker is in the genitive (`по словам Ташиева`).
        """
        if not tokens:
            return None
        start, end = tokens[0].start, tokens[-1].end
        plural_verb = verb is not None and verb.feats.get("Number") == "Plur"
        candidates = list(self._entity_candidates(start, end, plural_verb, oblique))
        covered = [(c.start, c.end) for c in candidates]
        previous: ParsedToken | None = None
        for tok in tokens:
            if self._inside_quote(tok.start, tok.end, (start, end)) or any(
                s <= tok.start < e for s, e in covered
            ):
                previous = tok
                continue
            cand = self._word_candidate(tok, oblique)
            if cand is not None:
                cand.score += _agreement(tok, verb)
                if not oblique and _dependent(tok, previous):
                    cand.score -= _DEPENDENT
                candidates.append(cand)
            previous = tok
        # `— цитирует ТАСС слова Пескова`: whoever's words they are spoke them.
        words_of = next((t.end for t in tokens if t.lemma == "слово" and t.pos == "NOUN"), None)
        if words_of is not None and any(c.start >= words_of for c in candidates):
            candidates = [c for c in candidates if c.start >= words_of]
            for c in candidates:
                c.nominative = True
        if not candidates:
            return None
        near = prefer_near if prefer_near is not None else start
        best = max(candidates, key=lambda c: (c.score, -abs(c.start - near)))
        speaker = self._resolve(best, tokens, verb, anchor)
        speaker.nominative = best.nominative
        return speaker

    def _entity_candidates(
        self, start: int, end: int, plural_verb: bool, oblique: bool
    ) -> Iterable[_Candidate]:
        for m in self.mentions_in(start, end):
            head = self.tokens_between(m.start, m.end)
            cases = {t.feats.get("Case") for t in head}
            before = self._token_before(m.start)
            after_adp = before is not None and before.pos == "ADP" and before.start >= start
            nominative = ("Nom" in cases or oblique) and not after_adp
            if m.type == "PER":
                score = _SCORE_NOM_PER if nominative else (0.0 if after_adp else _SCORE_PER)
            elif m.type == "ORG":
                if nominative:
                    score = _SCORE_NOM_ORG
                elif after_adp and before is not None and before.lemma in ("в", "во", "из") and plural_verb:
                    score = _SCORE_IN_ORG
                else:
                    score = 0.0
            else:
                score = _SCORE_NOM_LOC if nominative else 0.0
            if score:
                yield _Candidate(score, m.start, m.end, "entity", entity=m, nominative=score != _SCORE_PER)

    def _word_candidate(self, tok: ParsedToken, oblique: bool) -> _Candidate | None:
        if tok.lemma in NOT_SPEAKERS:
            return None
        nominative = tok.feats.get("Case") == ("Gen" if oblique else "Nom")
        if tok.lemma in GENERIC_SPEAKERS and nominative:
            return _Candidate(_SCORE_OTHER_NOUN, tok.start, tok.end, "noun", token=tok)
        if tok.pos == "PRON" and tok.lemma in PERSONAL_PRONOUNS and nominative:
            return _Candidate(_SCORE_PRONOUN, tok.start, tok.end, "pronoun", token=tok)
        if tok.lemma in ORG_WORDS and tok.pos == "ADJ":
            pass  # the tagger calls `Пресс-служба` an adjective at times
        elif tok.pos not in ("NOUN", "PROPN"):
            return None
        if tok.pos == "PROPN" and tok.feats.get("Animacy") == "Anim" and tok.text[:1].isupper():
            # A surname the NER missed (`Токаев заявил`): a name, resolved by its stem.
            return _Candidate(_SCORE_PER, tok.start, tok.end, "name", token=tok, nominative=nominative)
        if tok.lemma in ORG_WORDS:
            score = _SCORE_DESCRIPTION if nominative else _SCORE_IN_ORG
            return _Candidate(score, tok.start, tok.end, "org_word", token=tok, nominative=nominative)
        if nominative and tok.feats.get("Animacy") == "Anim":
            return _Candidate(_SCORE_DESCRIPTION, tok.start, tok.end, "description", token=tok)
        if tok.lemma in MESSAGE_WORDS or nominative:
            return _Candidate(_SCORE_OTHER_NOUN, tok.start, tok.end, "noun", token=tok, nominative=nominative)
        return None

    # ---- resolution
    def _resolve(
        self, cand: _Candidate, clause: list[ParsedToken], verb: ParsedToken | None, anchor: int
    ) -> Speaker:
        if cand.kind == "entity":
            assert cand.entity is not None
            return Speaker(cand.start, cand.end, self.text[cand.start : cand.end], cand.entity)
        tok = cand.token
        assert tok is not None
        end = self._phrase_end(tok, clause) if cand.kind not in ("pronoun", "name") else tok.end
        text = self.text[tok.start : end]
        entity: EntityMention | None = None
        if cand.kind == "pronoun":
            entity = self.resolve_pronoun(tok, verb, anchor)
        elif cand.kind == "name":
            entity = self.resolve_name(tok.text, anchor)
        elif cand.kind == "org_word":
            entity = self.resolve_org(tok.lemma, min(anchor, clause[0].start) if clause else anchor)
        elif cand.kind == "description" and tok.feats.get("Number") != "Plur":
            entity = self.resolve_description(tok.lemma, anchor, verb.feats.get("Gender") if verb else None)
        return Speaker(tok.start, end, text, entity, cand.kind)

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

    def gender(self, mention: EntityMention) -> str | None:
        genders = {
            t.feats.get("Gender")
            for t in self.tokens_between(mention.start, mention.end)
            if t.pos in ("PROPN", "NOUN")
        }
        if "Fem" in genders:
            return "Fem"
        if "Masc" in genders:
            return "Masc"
        return None

    def _before(self, anchor: int, kind: str) -> Iterator[EntityMention]:
        """Mentions of `kind` ending before `anchor`, most recent first; lazily, from
        the anchor back, since most callers stop at the first fit (issue #15)."""
        for j in range(bisect_left(self.antecedent_starts, anchor) - 1, -1, -1):
            m = self.antecedents[j]
            if m.end <= anchor and m.type == kind:
                yield m

    def resolve_pronoun(
        self, pronoun: ParsedToken, verb: ParsedToken | None, anchor: int
    ) -> EntityMention | None:
        word = pronoun.text.lower()
        if pronoun.lemma == "они" or word == "их" or pronoun.feats.get("Number") == "Plur":
            return None  # a group: no single entity to name
        gender = (
            POSSESSIVE_GENDER.get(word)
            or pronoun.feats.get("Gender")
            or (verb.feats.get("Gender") if verb else None)
        )
        for mention in self._before(anchor, "PER"):
            found = self.gender(mention)
            if gender is None or found is None or found == gender:
                return mention
        return None

    def resolve_name(self, surname: str, anchor: int) -> EntityMention | None:
        """The most recent person mention sharing the surname's stem (`Ташиева` ~ `Камчыбек Ташиев`)."""
        stem = surname.lower()[: max(4, len(surname) - 2)]
        for mention in self._before(anchor, "PER"):
            if any(word.lower().startswith(stem) for word in mention.text.split()):
                return mention
        return None

    def resolve_org(self, word: str, anchor: int) -> EntityMention | None:
        """An institution word: an ORG named with that word (`МИД` in `МИД Пакистана`,
        `организация «Помощь Церкви в нужде»`), else the institution that spoke last,
        else the most recent ORG. An unnamed institution that spoke last
        (`Пресс-служба главы государства сообщила…`) leaves the word unresolved: the
        last organisation named is then usually someone else."""
        stem = word[:-1] if len(word) > 3 else word  # `партия` ~ `Республиканской партии`
        for m in self._before(anchor, "ORG"):
            before = self._token_before(m.start)
            if stem in m.text.lower() or (before is not None and before.lemma == word):
                return m
        kind, source = self._last_speaker(anchor)
        if kind == "institution":
            return source
        return next(self._before(anchor, "ORG"), None)

    def _last_speaker(self, anchor: int) -> tuple[str | None, EntityMention | None]:
        """The subject of the last speech verb before `anchor` outside quoted speech
        (see `_subject_of`); (None, None) when there is none within SOURCE_LOOKBACK."""
        end = self.token_index(anchor)
        for i in range(end - 1, max(-1, end - 1 - SOURCE_LOOKBACK), -1):
            verb = self.tokens[i]
            if verb.lemma not in SPEECH_VERBS or verb.pos not in ("VERB", "AUX"):
                continue
            if self._inside_quote(verb.start, verb.end):
                continue
            return self._subject_of(i, end)
        return None, None

    def _subject_of(self, i: int, end: int) -> tuple[str | None, EntityMention | None]:
        """Who speaks through the speech verb at token `i`: ("person" | "institution",
        the mention or None) or (None, None). After a comma or dash the subject
        follows the verb (`…, заявили в МИД Пакистана`), else it precedes it."""
        previous = self.tokens[i - 1] if i > 0 else None
        if previous is not None and previous.text in (",", "—", "–", "-"):
            after = self.tokens[i + 1 : min(end, i + 1 + SPEECH_WINDOW)]
            window = list(takewhile(lambda t: t.text not in ".!?;,:", after))
        else:
            preceding = reversed(self.tokens[max(0, i - SPEECH_WINDOW) : i])
            window = list(takewhile(lambda t: t.text not in ".!?;:", preceding))  # nearest first
        if not window:
            return None, None
        lo, hi = min(t.start for t in window), max(t.end for t in window)
        by_token = {t.start: m for m in self.mentions_in(lo, hi) for t in self.tokens_between(m.start, m.end)}
        for tok in window:  # nearest the verb first
            before = self._token_before(tok.start)
            after_in = before is not None and before.lemma in ("в", "во", "из")
            nominative = tok.feats.get("Case") == "Nom"
            mention = by_token.get(tok.start)
            if mention is not None:
                if mention.type == "PER" and nominative:
                    return "person", mention
                # Not after another preposition (`по данным МИД`); the case is not asked:
                # the tagger often reads an indeclinable `МИД` as a genitive.
                oblique = before is not None and before.pos == "ADP" and not after_in
                if mention.type == "ORG" and not oblique:
                    return "institution", mention
            elif tok.lemma in ORG_WORDS and (nominative or after_in):
                return "institution", None
            elif tok.pos == "NOUN" and nominative and tok.feats.get("Animacy") == "Anim":
                # `представитель МИД Франции сказал`: the institution speaks through them.
                following = self.tokens[self.token_index(tok.end) : self.token_index(tok.end) + 3]
                for nxt in following:
                    org = self._starting_at.get(nxt.start)
                    if org is not None and org.type == "ORG" and nxt.feats.get("Case") == "Gen":
                        return "institution", org
                return "person", None
        return None, None

    def resolve_description(self, word: str, anchor: int, gender: str | None = None) -> EntityMention | None:
        """The latest person given this role, else the latest person who spoke, else the latest person.

        A past-tense verb's gender filters all three (`дипломат отметила` is a woman,
        whatever the noun's grammatical gender). «…», — добавил эксперт usually means
        the expert quoted last, not the politician the expert talked about.
        """
        people = [
            m for m in self._before(anchor, "PER") if gender is None or self.gender(m) in (None, gender)
        ]
        roles = self._role_words()
        for mention in people:
            if any(w.startswith(word) for w in roles.get(mention.name, ())):
                return mention
        speakers = self._speech_people()
        for mention in people:
            if mention.start in speakers:
                return mention
        return people[0] if people else None

    def _speech_people(self) -> set[int]:
        """Starts of PER mentions next to a speech verb or an attribution (`по словам`)."""
        if self._speaking is None:
            near: set[int] = set()
            for i, tok in enumerate(self.tokens):
                if not (tok.lemma in SPEECH_VERBS or tok.text.lower() in SOURCE_NOUNS):
                    continue
                lo, hi = i, i
                while lo > 0 and i - lo < SPEECH_WINDOW and self.tokens[lo - 1].text not in ".!?;":
                    lo -= 1
                while (
                    hi + 1 < len(self.tokens)
                    and hi - i < SPEECH_WINDOW
                    and self.tokens[hi + 1].text not in ".!?;"
                ):
                    hi += 1
                near.update(
                    m.start
                    for m in self.mentions_in(self.tokens[lo].start, self.tokens[hi].end)
                    if m.type == "PER"
                )
            self._speaking = near
        return self._speaking

    def _role_words(self) -> dict[str, set[str]]:
        """Role words per canonical name: the stage-given role plus nouns just before each mention."""
        if self._roles is None:
            roles: dict[str, set[str]] = {}
            for m in self.entities:
                if m.type != "PER":
                    continue
                words = roles.setdefault(m.name, set())
                if m.role:  # surface words; a lemma is their prefix often enough (`депутата`)
                    words.update(w.strip(".,«»").lower() for w in m.role.split())
                i = self.token_index(m.start)
                for tok in reversed(self.tokens[max(0, i - ROLE_WINDOW) : i]):
                    if tok.pos == "PUNCT" and tok.text not in ("-",):
                        break
                    if tok.pos == "NOUN":
                        words.add(tok.lemma)
            self._roles = roles
        return self._roles
