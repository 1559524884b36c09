"""A speaker's noun phrase: texts, places and `последний` as sources, the span of a
description, the person apposed to a role, a spokesperson's body and the outlet of a
media word (part of `speakers.SpeakerFinder`; split out of `speakers.py`)."""

from __future__ import annotations

from storyline.annotate.nlp import ParsedToken
from storyline.annotate.speaker_kinds import (
    APPOSED_WINDOW,
    Candidate,
    Speaker,
    finite_like,
)
from storyline.annotate.speaker_sources import SourceResolver
from storyline.annotate.speech_lexicon import (
    COLLECTIVE_SPEAKERS,
    MESSAGE_WORDS,
    SEAT_PREPOSITIONS,
    UNNAMED_SOURCES,
    is_org_word,
)
from storyline.model import EntityMention


class SpeakerPhrase(SourceResolver):
    """The noun phrase of a speaker: its span, its source, the person it names."""

    def _resolve_source(
        self, cand: Candidate, clause: list[ParsedToken], verb: ParsedToken | None, anchor: int
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
                and before.lemma in SEAT_PREPOSITIONS
                and before.start >= (clause[0].start if clause else 0)
            ):
                start = before.start  # `в Кремле`, `на Даунинг-стрит`, as written
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

    def _noun_span(self, cand: Candidate, clause: list[ParsedToken], end: int) -> tuple[int, int]:
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
