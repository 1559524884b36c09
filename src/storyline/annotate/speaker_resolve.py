"""Resolving a speaker as written ("он", "депутат", "в ведомстве") to an entity mention.

The three kinds of reference are resolved to the most recent fitting entity
mention before the quote, skipping mentions inside quoted speech (a name a
speaker utters is not an antecedent for the narrator's `он`). `ArticleView`
holds the token and mention look-ups the finder and the resolver share.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import replace
from itertools import takewhile

from storyline.annotate.nlp import ParsedText, ParsedToken
from storyline.annotate.quote_clauses import sentence_ends
from storyline.annotate.roles import QUOTE_MARKS, ROLE_HEADS
from storyline.annotate.speech_lexicon import (
    KINSHIP_WORDS,
    PERSONAL_PRONOUNS,
    POSSESSIVE_GENDER,
    SOURCE_NOUNS,
    SPEECH_VERBS,
    SPOKESPERSON_WORDS,
    UNNAMED_SOURCES,
    is_org_word,
)
from storyline.model import EntityMention

# A person this many tokens from a speech verb (same sentence) counts as having
# spoken. Hand-set: with the verb-gender filter it turned two of the development
# sample's 40 speakers right (`хозяин Белого дома шутил`, `дипломат отметила`)
# and none wrong.
SPEECH_WINDOW = 10

# A pronoun looks for a subject antecedent in its own and this many sentences before
# (then takes the nearest fitting person). Calibration on the two BSNLP golds and the
# seeds: 1 (the pronoun's sentence only) and 2 give the same speakers but for a03 of
# asia-bibi, which needs 2; 3 starts to skip a nearer subject's reply.
PRONOUN_SENTENCES = 2

# Past that, a pronoun takes the person who last spoke this many sentences back at most
# before the nearest person of its gender. Hand-set: 4 reaches over a quoted paragraph of
# two or three sentences; the round-5 tuning golds score the same with 3 to 6 (the case
# is rarer than a recent subject).
PRONOUN_SPEAKER_SENTENCES = 4

# A description with no role match and no speaking person falls back to a person who
# was a subject this many sentences back at most. Calibration: on brexit-chequers
# 3 keeps `дипломат подчеркнул` (Джонсон, 2 sentences back) and `констатировала
# премьер` (Мэй, 2 back) right; an unlimited fallback to the latest person named
# credited `Представитель TLP` to Асия Биби on bsnlp asia_bibi.
DESCRIPTION_SENTENCES = 3

# The person an attribution names (`по словам главы МИД Сергея Лаврова`) starts within this
# many tokens after its noun. Hand-set: a role, a body and a two-word name.
SOURCE_NAME_TOKENS = 6

# An institution word looks this many tokens back for the last institution that
# spoke (`Пресс-служба … сообщила … «…», — отметили в ведомстве`): about three
# news sentences.
SOURCE_LOOKBACK = 80

# A description before anyone is named (`«…», — подчеркнул политик` opening a text) points to
# the first person who speaks within this many sentences after it. Hand-set: a scraped lead
# quote, one more quote and the sentence naming the speaker.
DESCRIPTION_AHEAD_SENTENCES = 3

# Description resolution looks for the role word among this many tokens just
# before a mention (`депутат Дастан Бекешев`, `глава кабинета министров Акылбек Жапаров`).
ROLE_WINDOW = 4


def _trimmed(mention: EntityMention, token_ends: set[int]) -> EntityMention:
    """The mention without a sentence's full stop the NER took into it (`сообщает Би-би-си.`),
    when the tokens end the name before it; else the mention itself."""
    if len(mention.text) > 2 and mention.text[-1] in ".," and mention.end - 1 in token_ends:
        return replace(mention, end=mention.end - 1, text=mention.text[:-1])
    return mention


class ArticleView:
    """Tokens, entity mentions and quoted stretches of one parsed article, with look-ups."""

    def __init__(
        self, parsed: ParsedText, entities: list[EntityMention], quoted: list[tuple[int, int]]
    ) -> None:
        self.text = parsed.text
        self.tokens = parsed.tokens
        self.starts = [t.start for t in parsed.tokens]
        self.sentence_ends = sentence_ends(parsed)
        self.quoted = sorted(quoted)
        self.quoted_starts = [qs for qs, _ in self.quoted]
        # Top-level quote contents never overlap; then only the last one opening
        # at or before a span can hold it (bisection, not a scan: issue #15).
        self.quoted_disjoint = all(a[1] <= b[0] for a, b in zip(self.quoted, self.quoted[1:], strict=False))
        # A pronoun the NER tagged as a name (`Они также полагают`) is a pronoun here.
        ends = {t.end for t in parsed.tokens}
        named = [_trimmed(m, ends) for m in entities if m.text.lower() not in PERSONAL_PRONOUNS]
        self.entities = sorted(named, key=lambda m: m.start)
        self.entity_starts = [m.start for m in self.entities]
        self.antecedents = [m for m in self.entities if not self._inside_quote(m.start, m.end)]
        self.antecedent_starts = [m.start for m in self.antecedents]
        self._starting_at = {m.start: m for m in self.antecedents}
        self._roles: dict[str, set[str]] | None = None
        self._speaking: set[int] | None = None
        self.sentence_spans = [(s.start, s.end) for s in parsed.sentences]
        self.use_syntax = False  # set by the caller when speech sentences were parsed

    def sentence_bounds(self, offset: int) -> tuple[int, int]:
        """(start, end) of the parsed sentence holding `offset`."""
        i = bisect_right(self.sentence_ends, offset)
        if i < len(self.sentence_spans):
            return self.sentence_spans[i]
        return (self.sentence_ends[-1] if self.sentence_ends else 0, len(self.text))

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
            for m in self.entities[
                bisect_left(self.entity_starts, start) : bisect_left(self.entity_starts, end)
            ]
            if m.end <= end and not self._inside_quote(m.start, m.end, (start, end))
        ]

    def _token_before(self, offset: int) -> ParsedToken | None:
        i = self.token_index(offset)
        return self.tokens[i - 1] if i > 0 else None

    def _word_before(self, offset: int) -> ParsedToken | None:
        """The token before `offset`, past the quotation marks of a quoted name."""
        i = self.token_index(offset)
        while i > 0 and self.tokens[i - 1].text in QUOTE_MARKS:
            i -= 1
        return self.tokens[i - 1] if i > 0 else None


class Resolver(ArticleView):
    """Antecedents for pronouns, surnames, role words and institution words."""

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
        fitting = [
            m for m in self._before(anchor, "PER") if gender is None or self.gender(m) in (None, gender)
        ]
        if not fitting:
            return None
        # The subject of a recent sentence outranks a nearer object (`Ризви заявил … призвал
        # премьера Имрана Хана уйти. … он обещал` is Ризви): centering's subject preference.
        horizon = self.sentence_start_before(anchor, PRONOUN_SENTENCES)
        for mention in fitting:
            if mention.start < horizon:
                break
            if self.is_subject(mention):
                return self._nearer_org_subject(mention, gender, anchor) or mention
        # No subject that recent: the person who spoke last is who the narrator continues
        # with (`Маас отметил, что … . … . Я заявил об этом Помпео, сказал он`), before
        # the nearest name, which is often someone the speaker talked about.
        speakers = self._speech_people()
        wider = self.sentence_start_before(anchor, PRONOUN_SPEAKER_SENTENCES)
        for mention in fitting:
            if mention.start < wider:
                break
            if mention.start in speakers:
                return mention
        return fitting[0]

    def resolve_latter(
        self, word: ParsedToken, verb: ParsedToken | None, anchor: int
    ) -> EntityMention | None:
        """`а последний заявил`: the person named last before the word (outside quoted
        speech), of the verb's gender when it has one."""
        gender = word.feats.get("Gender") or (verb.feats.get("Gender") if verb else None)
        return next(
            (
                m
                for m in self._before(min(anchor, word.start), "PER")
                if gender is None or self.gender(m) in (None, gender)
            ),
            None,
        )

    def unnamed_antecedent(
        self, pronoun: ParsedToken, verb: ParsedToken | None, anchor: int
    ) -> tuple[ParsedToken, EntityMention | None] | None:
        """The unnamed speaker a pronoun that found no named person points back to: the last
        speaker (`разъяснил собеседник издания. Он подчеркнул …`; a spokesperson brings the
        organisation: `заявил представитель МИД страны. Он подчеркнул …`), or for `они` the
        nearest plural person noun in the subject's case (`Авторами выступили послы США …
        написали они`); as (head word, organisation or None)."""
        horizon = self.sentence_start_before(anchor, PRONOUN_SENTENCES)
        plural = pronoun.lemma == "они" or pronoun.feats.get("Number") == "Plur"
        gender = (
            None if plural else (pronoun.feats.get("Gender") or (verb.feats.get("Gender") if verb else None))
        )
        kind, source, head = self._last_speaker(anchor)
        if (
            head is not None
            and head.start >= horizon
            and head.pos == "NOUN"
            and (source is None or source.type == "ORG")
        ):
            number_fits = (head.feats.get("Number") == "Plur") == plural
            gender_fits = plural or gender is None or head.feats.get("Gender") in (None, gender)
            if number_fits and gender_fits and (kind == "person" or source is not None):
                return head, source
        if not plural:
            return None
        for tok in reversed(self.tokens[self.token_index(horizon) : self.token_index(anchor)]):
            before = self._token_before(tok.start)
            if (
                tok.pos == "NOUN"
                and tok.feats.get("Case") == "Nom"
                and tok.feats.get("Number") == "Plur"
                # `Источники Reuters рассказали … Они отметили`: the tagger calls sources inanimate
                and (tok.feats.get("Animacy") == "Anim" or tok.lemma in UNNAMED_SOURCES)
                and not (before is not None and before.pos == "ADP")
                and not self._inside_quote(tok.start, tok.end)
            ):
                return tok, None
        return None

    def _nearer_org_subject(
        self, person: EntityMention, gender: str | None, anchor: int
    ) -> EntityMention | None:
        """An organisation that is the subject of a later sentence than `person` and agrees
        in gender (`Минюст США обвинил … По его данным, …` is the ministry's data)."""
        if gender is None:
            return None
        for org in self._before(anchor, "ORG"):
            if org.start <= person.end:
                return None
            if self.sentence_start_before(org.start, 1) > person.start and self.is_subject(org):
                head = self.tokens_between(org.start, org.end)[:1]
                if head and head[0].feats.get("Gender") == gender and head[0].pos in ("NOUN", "PROPN"):
                    return org
        return None

    def possessor_of_noun(self, mention: EntityMention) -> bool:
        """A person named in the genitive right after a person noun: `представитель Гренелла`,
        `юрист Саифа-ул-Мулука`, `муж Биби`. The tagger often calls a foreign name nominative,
        so the case is read off the form: a last word that differs from every word of the
        canonical (nominative) name is inflected; after a kinship noun any name is a possessor
        (`министр Лавров` is an apposition, `муж Лавров` almost never)."""
        before = self._token_before(mention.start)
        if (
            before is None
            or before.pos != "NOUN"
            or before.feats.get("Case") != "Nom"
            or before.feats.get("Animacy") != "Anim"
        ):
            return False
        return before.lemma in KINSHIP_WORDS or self.inflected(mention)

    def swallowed_name(self, mention: EntityMention) -> tuple[ParsedToken, EntityMention] | None:
        """A person span the NER ran over two people (`к Мэй Джонсон предупредил`): its first
        words are a word of one other person's name and the rest a word of another's. Then
        (the first token of the second person, that person's latest mention before)."""
        words = self.tokens_between(mention.start, mention.end)
        if len(words) < 2 or mention.type != "PER":
            return None
        others: dict[str, EntityMention] = {}
        for m in self.antecedents:  # in text order: the latest mention before wins, else the first after
            if m.type != "PER" or m.name == mention.name:
                continue
            for w in m.name.lower().replace("ё", "е").split():
                if m.start < mention.start or w not in others:
                    others[w] = m
        for k in range(1, len(words)):
            head = [w.text.lower().replace("ё", "е") for w in words[:k]]
            tail = [w.text.lower().replace("ё", "е") for w in words[k:]]
            first, second = others.get(head[-1]), others.get(tail[-1])
            if first is not None and second is not None and first.name != second.name:
                return words[k], second
        return None

    def apposed_case(self, mention: EntityMention) -> str | None:
        """The case of the person noun a name stands in apposition to (`министру внутренних
        дел Саджиду Джавиду` is dative): the nearest animate noun before the name, over its
        genitive dependents and adjectives. A foreign name's own case is often misread, the
        role noun's seldom. None when no such noun is there."""
        i = self.token_index(mention.start)
        for tok in reversed(self.tokens[max(0, i - ROLE_WINDOW - 2) : i]):
            if tok.pos == "NOUN" and tok.feats.get("Animacy") == "Anim":
                return tok.feats.get("Case")
            if not (
                tok.pos in ("ADJ", "DET") or (tok.pos in ("NOUN", "PROPN") and tok.feats.get("Case") == "Gen")
            ):
                return None
        return None

    @staticmethod
    def any_word_inflected(mention: EntityMention) -> bool:
        """Some written word is not a word of the canonical nominative name (`Асии` of
        `Асия Биби`): the mention is in an oblique case."""
        canonical = set(mention.name.lower().replace("ё", "е").replace("-", " ").split())
        written = mention.text.lower().replace("ё", "е").replace("-", " ").split()
        return bool(written) and any(w not in canonical for w in written)

    @staticmethod
    def inflected(mention: EntityMention) -> bool:
        """The mention's last word is not a word of its canonical nominative name
        (`Гренелла` of `Ричард Гренелл`): an oblique case, whatever the tagger says."""
        written = mention.text.lower().replace("ё", "е").replace("-", " ").split()
        canonical = mention.name.lower().replace("ё", "е").replace("-", " ").split()
        return bool(written) and written[-1] not in canonical

    def is_subject(self, mention: EntityMention) -> bool:
        """In the nominative and not after a preposition."""
        before = self._token_before(mention.start)
        if before is not None and before.pos == "ADP":
            return False
        if mention.type == "PER" and self.apposed_case(mention) in ("Dat", "Ins", "Loc"):
            return False  # `к … министру внутренних дел Саджиду Джавиду`
        if mention.type == "PER" and self.any_word_inflected(mention):
            return False  # `освобождение Асии Биби`: the tagger may call the indeclinable `Биби` Nom
        return any(t.feats.get("Case") == "Nom" for t in self.tokens_between(mention.start, mention.end))

    def sentence_start_before(self, offset: int, sentences: int) -> int:
        """Start of the sentence `sentences - 1` sentences before the one holding `offset`."""
        i = bisect_right(self.sentence_ends, offset) - sentences
        return self.sentence_ends[i] if i >= 0 else 0

    def sentence_end_after(self, offset: int, sentences: int) -> int:
        """End of the sentence `sentences` sentences after the one holding `offset`."""
        i = bisect_right(self.sentence_ends, offset) + sentences
        return self.sentence_ends[i] if i < len(self.sentence_ends) else len(self.text)

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
            if stem in m.text.lower() or self._named_with(m, word):
                return m
        kind, source, _ = self._last_speaker(anchor)
        if kind == "institution":
            return source
        return next(self._before(anchor, "ORG"), None)

    def _named_with(self, mention: EntityMention, word: str) -> bool:
        """The mention follows the institution word, right after it or past one apposed noun
        (`компания Shell`, `компания-оператор Nord Stream AG`, `компания оператор Nord Stream AG`)."""
        before = self._word_before(mention.start)
        if before is None:
            return False
        if before.lemma == word or before.lemma.startswith(word + "-"):
            return True
        further = self._word_before(before.start)
        return before.pos == "NOUN" and further is not None and further.lemma == word

    def named_institution(self, word: str, anchor: int) -> EntityMention | None:
        """The organisation an institution word stands for when the text names it: an ORG
        named with that word (`ведомство` ~ `Федеральное ведомство …`) or the institution
        that spoke last (`сообщила пресс-служба Минфина. Представитель ведомства …`); never
        merely the last organisation named, nor a recent subject: `Правительство Германии …
        сообщил представитель министерства экономики` is not what `ведомство` means then."""
        stem = word[:-1] if len(word) > 3 else word
        for m in self._before(anchor, "ORG"):
            before = self._token_before(m.start)
            if stem in m.text.lower() or (before is not None and before.lemma == word):
                return m
        kind, source, _ = self._last_speaker(anchor)
        return source if kind == "institution" and source is not None and source.type == "ORG" else None

    def last_person_speaking(self, anchor: int) -> EntityMention | None:
        """The named person who spoke through the last speech verb before `anchor`."""
        kind, source, _ = self._last_speaker(anchor)
        return source if kind == "person" and source is not None and source.type == "PER" else None

    def unnamed_institution(self, anchor: int) -> ParsedToken | None:
        """The head of an unnamed institution that spoke last (`Пресс-служба главы государства
        сообщила …`), the antecedent of a later `в ведомстве`; None if the last speaker was another."""
        kind, source, head = self._last_speaker(anchor)
        return head if kind == "institution" and source is None else None

    def named_after(self, head: ParsedToken) -> EntityMention | None:
        """The person a description introduces: a PER mention after it within ROLE_WINDOW + 4
        tokens of nouns and adjectives (`член правления компании OMV Манфред Ляйтнер`)."""
        i = self.token_index(head.end)
        for tok in self.tokens[i : i + ROLE_WINDOW + 4]:
            found = self._starting_at.get(tok.start)
            if found is not None and found.type == "PER":
                return found
            if found is None and tok.pos not in ("NOUN", "ADJ", "PROPN"):
                return None
        return None

    def phrase_end(self, head: ParsedToken) -> int:
        """End of a noun phrase over its genitive dependents: `Пресс-служба главы государства`."""
        end = head.end
        i = self.token_index(head.start)
        for tok in self.tokens[i + 1 : i + 6]:
            if tok.pos in ("NOUN", "PROPN", "ADJ") and tok.feats.get("Case") == "Gen":
                end = tok.end
            else:
                break
        return end

    def _last_speaker(self, anchor: int) -> tuple[str | None, EntityMention | None, ParsedToken | None]:
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
        return None, None, None

    def _subject_of(self, i: int, end: int) -> tuple[str | None, EntityMention | None, ParsedToken | None]:
        """Who speaks through the speech verb at token `i`: ("person" | "institution",
        the mention or None, the head word) or (None, None, None). After a comma or dash the subject
        follows the verb (`…, заявили в МИД Пакистана`), else it precedes it, or follows it
        when nothing before names anyone (`Об этом объявил … Манфред Ляйтнер`)."""
        previous = self.tokens[i - 1] if i > 0 else None
        after = self.tokens[i + 1 : min(end, i + 1 + SPEECH_WINDOW)]
        following = list(takewhile(lambda t: t.text not in ".!?;,:", after))
        if previous is not None and previous.text in (",", "—", "–", "―", "-"):
            return self._subject_in(following)
        preceding = reversed(self.tokens[max(0, i - SPEECH_WINDOW) : i])
        found = self._subject_in(list(takewhile(lambda t: t.text not in ".!?;:", preceding)))  # nearest first
        return found if found[0] is not None else self._subject_in(following)

    def _subject_in(
        self, window: list[ParsedToken]
    ) -> tuple[str | None, EntityMention | None, ParsedToken | None]:
        """The first speaker-like word of `window` (see `_subject_of`)."""
        if not window:
            return None, None, None
        lo, hi = min(t.start for t in window), max(t.end for t in window)
        by_token = {t.start: m for m in self.mentions_in(lo, hi) for t in self.tokens_between(m.start, m.end)}
        for tok in window:  # nearest the verb first
            before = self._token_before(tok.start)
            after_in = before is not None and before.lemma in ("в", "во", "из")
            nominative = tok.feats.get("Case") == "Nom"
            mention = by_token.get(tok.start)
            if mention is not None:
                if mention.type == "PER" and nominative:
                    return "person", mention, tok
                # Not after another preposition (`по данным МИД`); the case is not asked:
                # the tagger often reads an indeclinable `МИД` as a genitive.
                oblique = before is not None and before.pos == "ADP" and not after_in
                if mention.type == "ORG" and not oblique:
                    return "institution", mention, tok
            elif is_org_word(tok.lemma) and (nominative or after_in):
                return "institution", None, tok
            elif tok.pos == "NOUN" and nominative and tok.feats.get("Animacy") == "Anim":
                # `представитель МИД Франции сказал`: the institution speaks through them.
                following = self.tokens[self.token_index(tok.end) : self.token_index(tok.end) + 3]
                for nxt in following:
                    org = self._starting_at.get(nxt.start)
                    if org is not None and org.type == "ORG" and nxt.feats.get("Case") == "Gen":
                        return "institution", org, tok
                    if org is None and is_org_word(nxt.lemma) and nxt.feats.get("Case") == "Gen":
                        # `Представитель немецкого ведомства прокомментировал`: the body named before
                        named = self.named_institution(nxt.lemma, tok.start)
                        if named is not None:
                            return "institution", named, tok
                return "person", None, tok
        return None, None, None

    def resolve_description(
        self,
        word: str,
        anchor: int,
        gender: str | None = None,
        exclude: frozenset[str] | set[str] = frozenset(),
    ) -> EntityMention | None:
        """A person just introduced as a subject, else the latest person given this role,
        else the latest person who spoke, else a recent subject.

        A past-tense verb's gender filters both (`дипломат отметила` is a woman,
        whatever the noun's grammatical gender). «…», — добавил эксперт usually means
        the expert quoted last, not the politician the expert talked about (roles are
        not compared: `сенатор` is the `зампред комитета Совфеда` quoted before, the
        `дипломат` the foreign minister). Else the latest person who was a sentence's
        subject shortly before; else it stays unresolved rather than landing on any name.
        """
        people = [
            m
            for m in self._before(anchor, "PER")
            if (gender is None or self.gender(m) in (None, gender)) and m.name not in exclude
        ]
        roles = self._role_words()
        fits = {m.name for m in people if any(w.startswith(word) for w in roles.get(m.name, ()))}
        # Roles the roles stage gave (`нынешний президент`), not just a noun near a mention
        # (`Дебаты кандидатов … Трампа и Байдена` names both).
        given = {
            m.name
            for m in people
            if m.role and any(w.strip(".,«»").lower().startswith(word) for w in m.role.split())
        }
        horizon = self.sentence_start_before(anchor, PRONOUN_SENTENCES)
        # Just introduced: `Похожей точки зрения придерживается и Владимир Васильев. По
        # словам эксперта, …` is Васильев, unless his known role is another one.
        for mention in people:
            if mention.start < horizon:
                break
            if self.is_subject(mention):
                known = {w for w in roles.get(mention.name, ()) if w in ROLE_HEADS}
                # A subject with no known role is the one meant unless another person was
                # given the role (`Байден занимал должность вице-президента. «…», — сказал
                # президент США` is Трамп, introduced as `нынешний президент`).
                if mention.name in (given or fits) or not (known or given):
                    return mention
                break
        for mention in people:
            if mention.name in fits:
                return mention
        speakers = self._speech_people()
        for mention in people:
            if mention.start in speakers:
                return mention
        if not people:
            # `Действующий президент США утверждает, что …` opening the text: nobody is named
            # yet, so the role points ahead to the first person a later sentence gives that
            # role (not one its own sentence names: `…, но обвиняет в этом Байдена`).
            after = self.sentence_start_before(anchor, 0)
            later = [
                m for m in self.antecedents if m.type == "PER" and m.start >= after and m.name not in exclude
            ]
            ahead = next((m for m in later if any(w.startswith(word) for w in roles.get(m.name, ()))), None)
            if ahead is not None:
                return ahead
            # `«…», — подчеркнул политик. … напомнил Грушко`: with no role to match, the first
            # person who speaks in the next few sentences is the one the text goes on to name.
            horizon = self.sentence_end_after(anchor, DESCRIPTION_AHEAD_SENTENCES)
            speakers = self._speech_people()
            return next(
                (
                    m
                    for m in later
                    if m.start < horizon
                    and m.start in speakers
                    and (gender is None or self.gender(m) in (None, gender))
                ),
                None,
            )
        recent = [m for m in people if m.start >= self.sentence_start_before(anchor, DESCRIPTION_SENTENCES)]
        subject = next((m for m in recent if self.is_subject(m)), None)
        # The verb's gender picks out one person well enough (`встретился с Марией Захаровой.
        # Так, дипломат отметила`), a subject is needed otherwise.
        return subject or (recent[0] if recent and gender else None)

    def spokesperson_org(self, head: ParsedToken) -> EntityMention | None:
        """`Представитель TLP`, `пресс-секретарь МИД`: the organisation named right after a
        spokesperson word, which is then who speaks."""
        if head.lemma not in SPOKESPERSON_WORDS:
            return None
        i = self.token_index(head.end)
        if i >= len(self.tokens):
            return None
        following = self.tokens[i]
        found = self._starting_at.get(following.start)
        return found if found is not None and found.type == "ORG" else None

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
                source = tok.text.lower() in SOURCE_NOUNS
                # the genitive right after an attribution (`По мнению Юрия Рогулёва`), not a
                # name inside the reported words (`По словам Рехмана, … освобождение Асии Биби`)
                source_end = self.tokens[min(i + SOURCE_NAME_TOKENS, len(self.tokens) - 1)].end
                near.update(
                    m.start
                    for m in self.mentions_in(self.tokens[lo].start, self.tokens[hi].end)
                    # the subject of a verb (not `уход Бориса Джонсона`), or the attribution's
                    if m.type == "PER"
                    and (self.is_subject(m) or (source and tok.start < m.start and m.end <= source_end))
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
