"""Texts and outlets as sources: who issued a statement, which outlet a media word means.

`В заявлении МИД Франции говорится` is the ministry speaking, `пишет газета "The Dawn"`
the paper; a text or outlet named again (`В документе также говорится`, `пишет
издание`) is the one named last.
"""

from __future__ import annotations

import re

from storyline.annotate.nlp import ParsedToken
from storyline.annotate.roles import QUOTE_MARKS
from storyline.annotate.speaker_resolve import PRONOUN_SENTENCES, Resolver
from storyline.annotate.speech_lexicon import MESSAGE_WORDS, OUTLET_RELAY_VERBS, SPEECH_VERBS, is_org_word
from storyline.model import EntityMention

# A statement's author follows the message word within this many tokens
# (`пресс-релизе на сайте Кремля` is 3).
MESSAGE_AUTHOR_WINDOW = 4

# A participle between them (`пресс-релизе, опубликованном на сайте Белого дома`) adds
# its comma and itself to the window. Hand-set: exactly those two words.
PARTICIPLE_EXTRA = 2

# A site's address written as its name after a media word (`сайт kp.ru`, `портал Gazeta.Ru`):
# Latin labels joined by dots, ending in a top-level domain of letters.
SITE_NAME = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}\b")

# `кремлевском заявлении`: the endings of a relational adjective and the endings of the
# noun it is made from (`кремл-евский` -> `кремл-ь`, `британ-ский` -> `британ-ия`); a
# derivation counts only when the noun names a body or place of the article.
RELATIONAL_DERIVATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ийский", ("ия",)),
    ("евский", ("ь", "ев")),
    ("овский", ("ва", "ов")),
    ("анский", ("а", "ия", "ан")),
    ("ский", ("", "а", "ия", "ь")),
)
# A text named again (`в документе`) looks this many sentences back for the text named
# last. Hand-set: 3 reaches from a direct quote's frame over the quote's sentence and the
# one before it to the sentence naming the report.
TEXT_SENTENCES = 3


class SourceResolver(Resolver):
    """Authors of statements and the outlets media words point to."""

    def _quoted_name_after(self, head: ParsedToken) -> tuple[int, int] | None:
        """The name right after a media word, as (start, end - 1) of what to keep: a quoted span
        (`газета "The Dawn"`, opener to closer) or an ORG mention (`газета The Washington Post`)."""
        after = self.text[head.end : head.end + 2].lstrip()
        opener = head.end + (len(self.text[head.end : head.end + 2]) - len(after))
        quoted = next(((qs - 1, qe) for qs, qe in self.quoted if qs - 1 == opener), None)
        if quoted is not None:
            return quoted
        org = self._starting_at.get(opener)
        if org is not None and org.type == "ORG":
            return (opener - 1, org.end - 1)
        site = SITE_NAME.match(self.text, opener)  # `сайт kp.ru`: a site's own address names it
        return (opener - 1, site.end() - 1) if site is not None else None

    def message_author(self, word: ParsedToken, anchor: int) -> EntityMention | None:
        """Who issued a statement: a person, organisation or seat of power (`Белого дома`)
        named right after the message word (`заявлении МИД Франции`, `пресс-релизе на сайте Кремля`), else the
        organisation a recent sentence had as its subject (`Компания Shell опубликовала
        отчет. «…», — говорится в сообщении`)."""
        found = self._author_after(word) or self._adjective_author(word)
        if found is not None:
            # `в пресс-релизе на сайте Кремля`: a place named as the author is the body seated
            # there (the caller shows it as such); no other organisation is guessed.
            return found
        # `… из отчета «Газпрома». … «…», — говорится в документе`, `Как сообщается в
        # пресс-релизе … Белого дома, … . В документе также говорится`: a text named again
        # is the last one named, when its author was given.
        texts = self.sentence_start_before(anchor, TEXT_SENTENCES)
        for tok in reversed(self.tokens[self.token_index(texts) : self.token_index(word.start)]):
            if tok.lemma in MESSAGE_WORDS and not self._inside_quote(tok.start, tok.end):
                found = self._author_after(tok)
                if found is not None:
                    return found
                # `говорится в сообщении компании. … говорится в отчетности`: the institution
                # word the first text was named with stands for the same author.
                nxt = (
                    self.tokens[self.token_index(tok.end)]
                    if self.token_index(tok.end) < len(self.tokens)
                    else None
                )
                if nxt is not None and is_org_word(nxt.lemma) and nxt.start not in self._starting_at:
                    return self.resolve_org(nxt.lemma, nxt.start)
                # `Исследовательская служба конгресса подготовила доклад о … . «…», — отмечается
                # в документе`: the text was named with its maker as its sentence's subject
                maker = self._maker_of(tok)
                if maker is not None:
                    return maker
                break
        # `Компания X отчиталась … Как пишет РБК, в отчете говорится`: the outlet relaying the
        # report is not its author; the organisation that spoke before it is.
        kind, source, _ = self._last_speaker(min(anchor, word.start))
        if kind == "institution" and source is not None and source.type == "ORG" and not self.relays(source):
            if source.start >= self.sentence_start_before(anchor, TEXT_SENTENCES):
                role = self._person_of_body(source)
                return source if role is None else self.role_person(role, role.feats.get("Gender"))
        horizon = self.sentence_start_before(anchor, PRONOUN_SENTENCES)
        for org in self._before(min(anchor, word.start), "ORG"):
            if org.start < horizon:
                break
            if self.relays(org):
                continue
            if self.is_outlet(org):
                # `Байден подписал прокламацию. Текст документа распространил телеканал ABC.
                # «…», — говорится в заявлении`: the outlet carried the text; who made it, the
                # subject of the sentence before, wrote it, else nobody is shown.
                return self._maker_before(org.start)
            role = self._person_of_body(org)
            if role is not None:
                return self.role_person(role, role.feats.get("Gender"))
            before = self._token_before(org.start)
            cases = {t.feats.get("Case") for t in self.tokens_between(org.start, org.end)}
            if not (before is not None and before.pos == "ADP") and cases & {"Nom", None}:
                return org  # in the subject's case, or a Latin name with no case (`Компания Shell`)
        return None

    def _person_of_body(self, org: EntityMention) -> ParsedToken | None:
        """The person noun an organisation is named after (`Новый глава МИД написал в Twitter`):
        the body is whose the person is, so the person wrote the text (the caller resolves the
        role to whoever holds it, else shows nobody); None when no person noun stands there."""
        before = self._token_before(org.start)
        if before is not None and before.pos == "NOUN" and before.feats.get("Animacy") == "Anim":
            return before
        return None

    def _adjective_author(self, word: ParsedToken) -> EntityMention | None:
        """The body or place a relational adjective right before a message word is made from
        (`в кремлевском заявлении`, `британское заявление`): a place adjective's own LOC
        mention, else the organisation or place of the article whose name the adjective's
        stem derives (`Кремль`); None when the article names no such body."""
        adj = self._token_before(word.start)
        if adj is None or adj.pos != "ADJ" or adj.feats.get("Case") != word.feats.get("Case"):
            return None
        own = self._starting_at.get(adj.start)
        if own is not None:
            return own if own.type == "LOC" and own.end == adj.end else None
        lemma = adj.lemma.lower().replace("ё", "е")
        nouns = {
            lemma[: -len(ending)] + repl
            for ending, repls in RELATIONAL_DERIVATIONS
            if lemma.endswith(ending) and len(lemma) - len(ending) >= 2
            for repl in repls
        }
        return next(
            (
                m
                for m in reversed(self.antecedents)
                if m.type in ("ORG", "LOC") and m.name.lower().replace("ё", "е") in nouns
            ),
            None,
        )

    def _maker_of(self, text_word: ParsedToken) -> EntityMention | None:
        """The person or organisation in the subject's case before a message word in its own
        sentence (`Служба конгресса подготовила доклад`): who made that text."""
        start = self.sentence_start_before(text_word.start, 1)
        words = self.tokens[self.token_index(start) : self.token_index(text_word.start)]
        if any(t.lemma in SPEECH_VERBS for t in words):
            return None  # `Пресс-служба сообщила, что X подписал указ`: a report's words, not its maker
        return next(
            (
                m
                for m in self.mentions_in(start, text_word.start)
                if m.type in ("PER", "ORG") and self.is_subject(m) and not self.is_outlet(m)
            ),
            None,
        )

    def _maker_before(self, offset: int) -> EntityMention | None:
        """The person or organisation in the subject's case in the sentence before `offset`'s."""
        sentence = self.sentence_start_before(offset, 1)
        if sentence == 0:
            return None
        earlier = self.sentence_start_before(offset, 2)
        return next(
            (
                m
                for m in self.mentions_in(earlier, sentence)
                if m.type in ("PER", "ORG") and self.is_subject(m) and not self.is_outlet(m)
            ),
            None,
        )

    def relays(self, mention: EntityMention) -> bool:
        """An outlet named right after a relay verb that follows a comma, a dash or `как`
        (`…, передает Reuters`, `Как пишет РБК`): it passes on someone else's words."""
        verb = self._word_before(mention.start)
        if verb is None or verb.lemma not in OUTLET_RELAY_VERBS:
            return False
        before = self._token_before(verb.start)
        return before is None or before.text in (",", "—", "–", "―", "-") or before.lemma == "как"

    def _described_author(self, word: ParsedToken) -> ParsedToken | None:
        """A person noun in the genitive right after a message word, naming its authors
        without a name (`в комментарии дипломатов`, `заявление экспертов`)."""
        i = self.token_index(word.end)
        nxt = self.tokens[i] if i < len(self.tokens) else None
        if (
            nxt is not None
            and nxt.pos == "NOUN"
            and nxt.feats.get("Case") == "Gen"
            and nxt.feats.get("Animacy") == "Anim"
            and nxt.start not in self._starting_at
        ):
            return nxt
        return None

    def _author_after(self, word: ParsedToken) -> EntityMention | None:
        """The mention named right after a message word, over genitives, `на`/`в` and a
        participle (`пресс-релизе, опубликованном на сайте Белого дома`); any type."""
        i = self.token_index(word.end)
        window = MESSAGE_AUTHOR_WINDOW
        for k, tok in enumerate(self.tokens[i : i + MESSAGE_AUTHOR_WINDOW + PARTICIPLE_EXTRA + 2]):
            if k >= window:
                break
            found = self._starting_at.get(tok.start)
            if found is not None and not (found.type == "LOC" and tok.pos == "ADJ" and found.end == tok.end):
                return found
            # (`в отчете российской компании`: a place adjective qualifies the author, the
            # company; it is not the author.)
            if tok.text in QUOTE_MARKS:
                window += 1  # `отчета «Газпрома»`: the mark is not a word
                continue
            if k < 2 and (tok.text == "," or tok.feats.get("VerbForm") == "Part"):
                window = MESSAGE_AUTHOR_WINDOW + PARTICIPLE_EXTRA
                continue
            if tok.pos == "NOUN" and tok.feats.get("Animacy") == "Anim":
                break  # `Статья послов США`: the ambassadors wrote it, not their country
            if not (
                (tok.pos in ("NOUN", "ADJ") and tok.feats.get("Case") in ("Gen", "Loc"))
                or tok.lemma in ("на", "в")
            ):
                break
        return None

    def _member_of(self, end: int) -> EntityMention | None:
        """An organisation named right after `в`/`из` at `end` (`собеседник в МИД ФРГ`)."""
        i = self.token_index(end)
        if i + 1 >= len(self.tokens) or self.tokens[i].lemma not in ("в", "во", "из"):
            return None
        found = self._starting_at.get(self.tokens[i + 1].start)
        return found if found is not None and found.type == "ORG" else None

    def outlet_named_before(self, word: ParsedToken, anchor: int) -> EntityMention | None:
        """`пишет издание`: the outlet last introduced by the same media word with its name
        (`издание Guardian`, `газета "The Times"`); None when the word never named one."""
        for tok in reversed(self.tokens[: self.token_index(min(anchor, word.start))]):
            if tok.lemma != word.lemma or self._inside_quote(tok.start, tok.end):
                continue
            quoted = self._quoted_name_after(tok)
            if quoted is None:
                continue
            opener, closer = quoted
            return next(
                (m for m in self.entities if opener < m.start and m.end <= closer + 1 and m.type == "ORG"),
                None,
            )
        return None
