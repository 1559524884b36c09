"""Attributed speech: a source phrase around the reported words.

`По словам X, …`, `по его словам, …`, `согласно данным X, …` and parenthetical
sources (`Между тем, отмечают в МИД, пункты работают`; `Пункты работают, отмечают
в МИД`): where the source is, how far it reaches and which side holds the words.
"""

from __future__ import annotations

import re

from storyline.annotate.nlp import ParsedToken
from storyline.annotate.quote_clauses import (
    MIN_CONTENT_TOKENS,
    TERMINAL,
    cited,
    finite,
    has_predicate,
    is_clause,
    is_statement,
    word_count,
)
from storyline.annotate.quote_scan import QuoteScanner
from storyline.annotate.speaker_kinds import Speaker
from storyline.annotate.speech_lexicon import SPEECH_IDIOMS, SPEECH_VERBS
from storyline.model import QuoteMention

# The source of `по словам X,` / `, отмечают в МИД,` is at most this many tokens
# long; a longer stretch before the comma is a clause of its own. Calibration on
# the 40 development documents: 8, 12 and 16 give the same 171 quotes; 12 leaves
# room for `главы департамента информации и печати МИД РФ` (7) and longer.
SOURCE_WINDOW = 12

# A claim this short (`Рынок перегрет`) is taken before a trailing frame only when the frame
# names who holds it. Hand-set: a subject and its predicate; three words are a clause anyway.
SHORT_CLAIM_WORDS = 2

# `по словам X`, `по данным X`, `согласно информации X`: the noun forms after the preposition.
ATTRIBUTION_NOUNS = frozenset(
    "словам информации данным мнению оценке оценкам сведениям утверждению утверждениям "
    "версии заявлению сообщению подсчетам подсчётам прогнозам расчетам расчётам "
    # (`По его убеждению, …`, `по заверению министра`: a belief or an assurance, as `мнению`)
    "убеждению заверению заверениям признанию".split()
)
# `С его слов, …`, `со слов очевидцев, …`: the genitive form after `с` reads as `по словам`.
GENITIVE_ATTRIBUTION = {"с": frozenset({"слов"}), "со": frozenset({"слов"})}
ATTRIBUTION_PREPOSITIONS = frozenset({"по", "согласно", *GENITIVE_ATTRIBUTION})
POSSESSIVES = frozenset({"его", "ее", "её", "их"})

_ASIDE = re.compile(r"[»”\"]\s+[—–―]\s+")  # «…» — так власти называют …: the narrator resumes


# An abbreviation's letters before a full stop inside a source (`и. о. главы центра`,
# `т. н.`): at most this many lower-case letters. Hand-set: Russian abbreviations of a role
# are one or two letters a part.
ABBREVIATION_LETTERS = 2


def _domain_dot(tokens: list[ParsedToken], k: int) -> bool:
    """The full stop at `k` is no end of the source: inside a site's name (`сайт kp.ru`,
    `портал Lenta.ru`: glued to a word before it and to a Latin word after it), or closing an
    abbreviation of lower-case letters that a lower-case word follows (`и. о. главы центра`)."""
    if k == 0 or k + 1 >= len(tokens) or tokens[k].text != ".":
        return False
    before, after = tokens[k - 1], tokens[k + 1]
    if before.end != tokens[k].start:
        return False
    if tokens[k].end == after.start and after.text.isascii() and after.text.isalpha():
        return True
    return (
        len(before.text) <= ABBREVIATION_LETTERS
        and before.text.isalpha()
        and before.text.islower()
        and not before.text.isascii()
        and after.text[:1].islower()
    )


class AttributedSpeech(QuoteScanner):
    """Source phrases (`по словам X`, parenthetical `отмечают в МИД`) and their words."""

    def _message_clause(self, i: int) -> QuoteMention | None:
        """`вспомнить … заявление еврокомиссара Гюнтера Эттингера о том, что угрозы … не
        остановят строительство`: a message noun, its author in the genitive and `о том, что`
        report the clause with no speech verb around them (one there frames it itself:
        `reported_speech._message_owner`). The author must be a person or a body."""
        tokens = self.speakers.tokens
        stop = min(len(tokens), i + 1 + SOURCE_WINDOW)
        about = next(
            (
                k
                for k in range(i + 1, stop - 3)
                if [t.text.lower() for t in tokens[k : k + 4]] == ["о", "том", ",", "что"]
            ),
            None,
        )
        if (
            about is None
            or about == i + 1
            or any(finite(t) or t.text in TERMINAL for t in tokens[i + 1 : about])
        ):
            return None
        found = self.speakers.find(tokens[i + 1 : about], None, anchor=tokens[i].start, oblique=True)
        if found is None or found.entity is None or found.entity.type not in ("PER", "ORG"):
            return None
        that = tokens[about + 3]
        end = self._before_trailing_frame(that.end, self.sentence_end(that.start))
        return self.mention(that.end, self._before_aside(that.end, end), "indirect", found)

    def _attribution(self, i: int) -> QuoteMention | None:
        """`По словам X, …` / `по его словам, …` / `согласно данным X, …`."""
        tokens = self.speakers.tokens
        j = i + 1
        pronoun = None
        if j < len(tokens) and tokens[j].text.lower() in POSSESSIVES:
            pronoun, j = tokens[j], j + 1
        nouns = GENITIVE_ATTRIBUTION.get(tokens[i].text.lower(), ATTRIBUTION_NOUNS)
        if j >= len(tokens) or tokens[j].text.lower() not in nouns:
            return None
        source_start = j + 1
        if pronoun is None and source_start < len(tokens) and tokens[source_start].text == ",":
            source_start += 1  # `По словам, Бекешева, …`: a stray comma before the source
        source = self._until_comma(source_start) if pronoun is None else []
        if source:
            source = self._stacked_apposition(source)
        if pronoun is not None:
            entity = self.speakers.resolve_pronoun(pronoun, None, pronoun.start)
            # `по их словам` with nobody to point at: the quote stands, the pronoun is not shown.
            speaker: Speaker | None = Speaker(
                pronoun.start, pronoun.end, pronoun.text if entity else "", entity, "pronoun"
            )
            unnamed = None if entity else self.speakers.unnamed_antecedent(pronoun, None, pronoun.start)
            if unnamed is not None:  # `Представитель авиакомпании отказался … По его словам, …`
                head, owner = unnamed
                end = self.speakers.phrase_end(head)
                speaker = Speaker(head.start, end, self.speakers.text[head.start : end], owner, "description")
            after = tokens[j].end
        else:
            if not source or any(finite(t) for t in source):
                return None  # no comma closes the source: `По сведениям изданий президент звонил …`
            source = cited(source)
            speaker = self.speakers.find(source, None, anchor=tokens[i].start, oblique=True)
            after = source[-1].end
        if speaker is None:
            return None
        return self._around(tokens[i].start, after, speaker)

    def _stacked_apposition(self, source: list[ParsedToken]) -> list[ParsedToken]:
        """`По мнению политолога, эксперта по США Малека Дудакова, …`: a second description in
        the source's case after the comma, naming a person before the next comma, is part
        of the source (the name is in it)."""
        tokens = self.speakers.tokens
        k = self.speakers.token_index(source[-1].end)
        head = source[-1]
        if not (
            k + 1 < len(tokens)
            and tokens[k].text == ","
            and head.pos == "NOUN"
            and tokens[k + 1].pos == "NOUN"
            and tokens[k + 1].feats.get("Case") == head.feats.get("Case") is not None
        ):
            return source
        more = self._until_comma(k + 1)
        if not more or any(finite(t) for t in more):
            return source
        if not any(m.type == "PER" for m in self.speakers.mentions_in(more[0].start, more[-1].end)):
            return source
        return [*source, tokens[k], *more]

    def _until_comma(self, j: int) -> list[ParsedToken] | None:
        found = self._source_span(j)
        return None if found is None else found[0]

    def _source_span(self, j: int) -> tuple[list[ParsedToken], int] | None:
        """Tokens from `j` to the next comma or sentence end, and the index of that stop;
        None past SOURCE_WINDOW words. A parenthesis is left out and not counted
        (`директор Общества (GfbV) Ульрих Делиус`)."""
        tokens = self.speakers.tokens
        out: list[ParsedToken] = []
        depth = 0
        for k in range(j, len(tokens)):
            tok = tokens[k]
            if tok.text == "(":
                depth += 1
            elif tok.text == ")" and depth:
                depth -= 1
            elif depth:
                continue
            elif tok.text == ":" or self.in_direct(tok.start):
                return None  # `заявил: «Мы знаем, что …»` is the direct quote's frame
            elif tok.text == "," or (tok.text in TERMINAL and not _domain_dot(tokens, k)):
                return out, k
            elif out and tokens[k - 1].end == tok.start and self.sentence_start(tok.start) > tokens[j].start:
                return out, k  # `… на Генассамблее ООНГрушко подчеркнул`: a sentence ends with no stop
            else:
                out.append(tok)
                cited = any(t.lemma == "ссылка" for t in out)  # `… со ссылкой на министра …`
                if len(out) > SOURCE_WINDOW * (2 if cited else 1):
                    return None
        return None

    def _around(self, frame_start: int, frame_end: int, speaker: Speaker) -> QuoteMention | None:
        """The reported content on the side of a parenthetical source that has a predicate.

        `Между тем, отмечают в МИД, пункты работают` reads forwards;
        `Пункты работают, отмечают в МИД` and `Как подготовиться, рассказал
        врач, кандидат наук Иван Петров` (an apposition after) read backwards.
        """
        sentence_start, sentence_end = self.sentence_start(frame_start), self.sentence_end(frame_start)
        start = self._skip_punct(frame_end)
        if self._whole_quote(start, sentence_end):
            return self.mention(start + 1, self._closing_mark(start), "direct", speaker)
        after, before = self.tokens(frame_end, sentence_end), self.tokens(sentence_start, frame_start)
        content_after = [t for t in after if t.pos != "PUNCT"]
        if content_after and content_after[0].feats.get("VerbForm") in ("Conv", "Part") and is_clause(before):
            # (a speech converb's own clause is a quote of its own: `_converb`)
            # `…, написали они, задавшись вопросом …`: the converb tells what the speaker did
            return self.mention(sentence_start, frame_start, "indirect", speaker)
        if self._only_frame(after) and is_statement(before):
            # `…, заявил премьер Джастин Трюдо, сообщает агентство Reuters`: what follows is
            # the outlet's frame, so the words are the ones before
            return self.mention(sentence_start, frame_start, "indirect", speaker)
        if is_clause(after) or (word_count(after) >= 2 and word_count(before) < MIN_CONTENT_TOKENS):
            # a sentence-initial source takes whatever follows (`По словам X, это их проблемы`),
            # up to an outlet's frame that closes the sentence (`…, подчеркнул адвокат, он
            # надеется на решение, сообщает BBC News`: the outlet's name is nobody's words)
            end = self._before_colon_quote(start, self._before_trailing_frame(start, sentence_end))
            return self.mention(start, self._before_aside(start, end), "indirect", speaker)
        if is_statement(before) or self._short_claim(before, frame_start, speaker):
            return self.mention(sentence_start, frame_start, "indirect", speaker)
        if (
            word_count(after) >= 2
            and has_predicate(after)
            and word_count(before)
            and not has_predicate(before)
        ):
            # `Санкции против России, по словам Сергея Лаврова, будут продлены`: a source between
            # the subject and its predicate; the claim is the whole sentence around it
            return self.mention(sentence_start, self._before_aside(start, sentence_end), "indirect", speaker)
        return None

    def _short_claim(self, before: list[ParsedToken], frame_start: int, speaker: Speaker) -> bool:
        """`Рынок перегрет, считает аналитик банка Михаил Кузнецов`: a two-word claim with a
        predicate is an opinion when the trailing frame names its holder (a person or a body
        named after the verb); with a bare pronoun or noun it is too little to take."""
        if word_count(before) != SHORT_CLAIM_WORDS or speaker.entity is None or speaker.start <= frame_start:
            return False
        if speaker.entity.type not in ("PER", "ORG"):
            return False
        return any(
            (t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") in ("Fin", "Part"))
            or t.feats.get("Variant") == "Short"
            for t in before
        )

    def _only_frame(self, after: list[ParsedToken]) -> bool:
        """The words after a parenthetical source are another source closing the sentence:
        a finite speech verb and, within SOURCE_WINDOW words with no other predicate, a subject
        in the nominative (`, сообщает британское агентство Reuters`), not a clause whose main
        verb speaks (`, ответила оскорблениями пророку`)."""
        words = [t for t in after if t.pos != "PUNCT"]
        if not words or words[0].lemma not in SPEECH_VERBS or not finite(words[0]):
            return False
        rest = words[1:]
        if not rest or len(rest) > SOURCE_WINDOW or any(finite(t) for t in rest):
            return False
        # (a Latin name of several words is tagged a foreign word with no case: `Arab News`)
        return any(t.pos in ("NOUN", "PROPN", "X") and t.feats.get("Case") in ("Nom", None) for t in rest)

    def _skip_punct(self, offset: int) -> int:
        while offset < len(self.text) and (self.text[offset].isspace() or self.text[offset] in ",:"):
            offset += 1
        return offset

    def _whole_quote(self, start: int, end: int) -> bool:
        """Does a quoted span open at `start` and close at the end of the sentence?"""
        for o, c in self.marks:
            if o == start:
                return not self.text[c + 1 : end].strip(" .!?…")
        return False

    def _closing_mark(self, opened: int) -> int:
        return next(c for o, c in self.marks if o == opened)

    def _before_trailing_frame(self, start: int, end: int) -> int:
        """Cut a reported clause before the source that closes its sentence: in `Мэй заявила,
        что готова уволить министров, сообщила газета The Times.` the Times is not Мэй's words."""
        tokens = self.tokens(start, end)
        for k, tok in enumerate(tokens[:-1]):
            verb = tokens[k + 1]
            if tok.text != "," or verb.lemma not in SPEECH_VERBS or not finite(verb):
                continue
            rest = [t for t in tokens[k + 2 :] if t.pos != "PUNCT"]
            if 0 < len(rest) <= SOURCE_WINDOW and not any(finite(t) for t in rest):
                return tok.start
        return end

    def _before_colon_quote(self, start: int, end: int) -> int:
        """Cut a reported clause at the colon that opens a direct quote of the same source:
        `По словам аналитика X, Крым не единственный объект …: «Турция …», — сказал X` reports
        the clause and then quotes; whole, the report would hold the quote and its frame and
        be dropped as a relay (`quotes._relays`). A clause with a speech verb before the colon
        (`По словам обвинительницы, Биби ответила на эту фразу так: «…»`) only frames the quote."""
        for tok in self.tokens(start, end):
            if tok.text == ":" and tok.start > start:
                after = self._skip_punct(tok.end)
                if after < end and self.in_direct(after + 1) and not self.in_direct(tok.start):
                    # (`По данным агентства, Маас заявил: «…»`: a clause that is itself the
                    # quote's frame says nothing of its own)
                    clause = self.tokens(start, tok.start)
                    framing = any(t.lemma in SPEECH_VERBS or t.lemma in SPEECH_IDIOMS for t in clause)
                    return end if framing else tok.start
        return end

    def _before_aside(self, start: int, end: int) -> int:
        """Cut a reported clause where the narrator's aside begins after a quoted fragment."""
        match = _ASIDE.search(self.text, start, end)
        return match.start() + 1 if match else end
