"""Who spoke through the speech verbs before a quote, and the roles people were given.

`SpeechHistory` reads the subjects of earlier speech verbs (`сообщила пресс-служба
Минфина`, `представитель МИД Франции сказал`) and attributions (`по словам`), which the
resolver uses when a quote's speaker is only a role word, a pronoun or an institution word.
"""

from __future__ import annotations

from itertools import takewhile

from storyline.annotate.nlp import ParsedToken
from storyline.annotate.speaker_view import ROLE_WINDOW, ArticleView
from storyline.annotate.speech_lexicon import (
    SOURCE_NOUNS,
    SPEECH_VERBS,
    SPOKESPERSON_WORDS,
    is_org_word,
    same_kind_of_body,
)
from storyline.model import EntityMention

# A person this many tokens from a speech verb (same sentence) counts as having
# spoken. Hand-set: with the verb-gender filter it turned two of the development
# sample's 40 speakers right (`хозяин Белого дома шутил`, `дипломат отметила`)
# and none wrong.
SPEECH_WINDOW = 10

# The person an attribution names (`по словам главы МИД Сергея Лаврова`) starts within this
# many tokens after its noun. Hand-set: a role, a body and a two-word name.
SOURCE_NAME_TOKENS = 6

# An institution word looks this many tokens back for the last institution that
# spoke (`Пресс-служба … сообщила … «…», — отметили в ведомстве`): about three
# news sentences.
SOURCE_LOOKBACK = 80


class SpeechHistory(ArticleView):
    """The speakers of earlier speech verbs and attributions, and the role words per person."""

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

    def unnamed_institution(self, anchor: int, word: str) -> ParsedToken | None:
        """The head of an unnamed institution that spoke last (`Пресс-служба главы государства
        сообщила …`), the antecedent of a later `в ведомстве`; None if the last speaker was
        another, or a body of another kind than the institution word `word` names (`В компании
        считают … , пояснили в спецслужбе, что …` is the security service)."""
        kind, source, head = self._last_speaker(anchor)
        if kind != "institution" or source is not None or head is None:
            return None
        return head if same_kind_of_body(word, head.lemma) else None

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

    def _ends_sentence(self, k: int) -> bool:
        """Token `k` is a full stop, `!`, `?` or `;`, but not the point of an initial (`сказал
        С. Сквернялис`: one capital letter before it)."""
        tok = self.tokens[k]
        if tok.text not in ".!?;":
            return False
        before = self.tokens[k - 1] if k > 0 else None
        return not (
            tok.text == "." and before is not None and len(before.text) == 1 and before.text.isupper()
        )

    def _speech_people(self) -> set[int]:
        """Starts of PER mentions next to a speech verb or an attribution (`по словам`)."""
        if self._speaking is None:
            near: set[int] = set()
            for i, tok in enumerate(self.tokens):
                if not (tok.lemma in SPEECH_VERBS or tok.text.lower() in SOURCE_NOUNS):
                    continue
                lo, hi = i, i
                while lo > 0 and i - lo < SPEECH_WINDOW and not self._ends_sentence(lo - 1):
                    lo -= 1
                while (
                    hi + 1 < len(self.tokens) and hi - i < SPEECH_WINDOW and not self._ends_sentence(hi + 1)
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
                    # own genitive only (`По мнению Р. Бизяева, вряд ли … Гончарук будет полезен`:
                    # the subject of the reported words is not who spoke)
                    if m.type == "PER"
                    and ((tok.start < m.start and m.end <= source_end) if source else self.is_subject(m))
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
                for k in range(i - 1, max(-1, i - 1 - ROLE_WINDOW), -1):
                    tok = self.tokens[k]
                    if tok.pos == "PUNCT" and tok.text not in ("-",):
                        break
                    # (`кандидат в президенты от демократов Байден`: a post after a
                    # preposition is one sought or left, not the one the person holds)
                    if tok.pos == "NOUN" and not (k > 0 and self.tokens[k - 1].pos == "ADP"):
                        words.add(tok.lemma)
            self._roles = roles
        return self._roles
