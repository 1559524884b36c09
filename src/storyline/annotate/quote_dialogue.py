"""Interviews printed as a dialogue: dash turns (`— вопрос?` ⏎ `— ответ`) or labelled ones
(`Вопрос: …` ⏎ `Ответ: …`), with the answerer named only in the lead.

An interview of an outlet (`журналист «Медузы» … поговорил с … Майклом Томаски`) prints the
turns with no names: each paragraph opens with a dash, the interviewer's and the answerer's
turns alternating, or with `Вопрос:` / `Ответ:`. The turns of one side are mostly questions:
that side asks (as `quote_interview` tells the asker of `Name:` lines), the other answers,
and the answers are the words of the person the lead says was interviewed: the one named
after `с`/`у` in a sentence of talking (`поговорил с X`, `взял интервью у X`), or the only
person named in it (`В интервью «Медузе» X рассказал`), or the one who answers the `Name:`
lines the interview opened with (`quote_interview`). No such person, no quotes: nobody
would be shown. An answer runs on over the paragraphs up to the next turn (`quote_interview`).
"""

from __future__ import annotations

import re

from storyline.annotate.nlp import ParsedToken
from storyline.annotate.quote_interview import QUESTION_SHARE, InterviewSpeech, opens_turn
from storyline.annotate.speaker_kinds import Speaker
from storyline.model import EntityMention, QuoteMention

# A dialogue holds at least this many dash turns: two exchanges. Fewer is a list, or a dash
# direct quote of narration (`— Мы будем бороться, — сказал он`). Hand-set: the Meduza
# interview of bsnlp elections_ru_96 (read for the form, in no gold) holds 12.
MIN_DIALOGUE_TURNS = 4
# `Вопрос: …` / `Ответ: …` (also `Вопрос —`): the label names the side of the turn.
_LABELLED = re.compile(r"(вопрос|ответ)\s*[:—–]\s*", re.IGNORECASE)
ASKED_LABEL = "вопрос"
# Words of a sentence that tells of an interview (lemmas): `поговорил с`, `побеседовал с`,
# `в интервью`, `в беседе с`, `ответил на вопросы`.
INTERVIEW_CUES = frozenset("поговорить побеседовать беседовать интервью беседа разговор вопрос".split())
# Before the interviewee in such a sentence: `поговорил с X`, `взял интервью у X`.
PARTNER_PREPOSITIONS = frozenset({"с", "со", "у"})
# The preposition may stand this many words before the name it governs (`с американским
# журналистом и политологом Майклом`: five). Hand-set on elections_ru_96's lead.
PARTNER_REACH = 6

# paragraph start, words start, paragraph end, the side (True: asks, None: a dash turn's,
# unknown), and whether the paragraph holds a question mark
Turn = tuple[int, int, int, bool | None, bool]


class DialogueSpeech(InterviewSpeech):
    """Answers of dash or `Вопрос:`/`Ответ:` dialogues (see the module's docstring)."""

    def dialogues(self, quotes: list[QuoteMention]) -> list[QuoteMention]:
        """`quotes` with the answers of a dialogue added where no quote holds them."""
        turns = self._turns()
        answers = _answers(turns)
        if not answers:
            return quotes
        # (a Q&A may open with `Name:` lines and go on with dashes: the same answerer)
        interviewee = self.answerer or self._interviewee(turns[0][0])
        if interviewee is None:
            return quotes
        speaker = Speaker(interviewee.start, interviewee.end, interviewee.text, interviewee)
        taken = [(q.start, q.end) for q in quotes]
        added: list[QuoteMention] = []
        for k in answers:
            _, start, end, _, _ = turns[k]
            spans = [(start, end)]
            if k + 1 < len(turns):
                spans += self.continuation(end, turns[k + 1][0])
            added += self.answer_runs(spans, taken, speaker)
        return self.with_answers(quotes, added)

    def _turns(self) -> list[Turn]:
        """Every paragraph that opens with a dash and a space, or with a `Вопрос:`/`Ответ:`
        label; a dash turn's side is unknown (None), a labelled one's known."""
        out: list[Turn] = []
        for start, end in self.paragraphs(0, len(self.text)):
            line = self.text[start:end]
            if opens_turn(self.text, start):
                words = start + 1 + len(line[1:]) - len(line[1:].lstrip())
                out.append((start, words, end, None, "?" in line))
                continue
            label = _LABELLED.match(line)
            if label:
                asks = label.group(1).lower() == ASKED_LABEL
                out.append((start, start + label.end(), end, asks, "?" in line))
        return out

    def _interviewee(self, limit: int) -> EntityMention | None:
        """The person the text before the first turn says was interviewed, or None: the partner
        of a sentence of talking anywhere in the lead first (`поговорил с X`), then the only
        person of the first such sentence (`В интервью «Медузе» X рассказал`)."""
        sole: EntityMention | None = None
        pos = 0
        while pos < limit:
            stop = min(self.sentence_end(pos), limit)
            if stop <= pos:
                break
            tokens = self.tokens(pos, stop)
            if any(t.lemma in INTERVIEW_CUES for t in tokens):
                people = [m for m in self.speakers.mentions_in(pos, stop) if m.type == "PER"]
                for m in people:
                    before = [t for t in tokens if t.end <= m.start]
                    if before and before[-1].text.lower() in PARTNER_PREPOSITIONS:
                        return m
                    # `с американским журналистом и политологом Майклом Томаски`: the
                    # preposition governs the description before the name
                    near = before[-PARTNER_REACH:]
                    if any(t.text.lower() in PARTNER_PREPOSITIONS for t in near) and _oblique(m, tokens):
                        return m
                if sole is None and len({m.name for m in people}) == 1:
                    sole = people[0]
            pos = stop + 1
        return sole


def _oblique(mention: EntityMention, tokens: list[ParsedToken]) -> bool:
    """The name is in the instrumental or genitive case (`Майклом Томаски`, `у Ивана Петрова`)."""
    own = [t for t in tokens if mention.start <= t.start < mention.end]
    return any(t.feats.get("Case") in ("Ins", "Gen") for t in own)


def _answers(turns: list[Turn]) -> list[int]:
    """The indices of the answering side's turns: the labelled `Ответ:` turns when the text
    labels both sides, else, with MIN_DIALOGUE_TURNS dash turns or more, the alternate turns
    of the side whose turns are not mostly questions while the other's are."""
    labelled = [k for k, t in enumerate(turns) if t[3] is not None]
    if labelled:
        asked = {turns[k][3] for k in labelled}
        return [k for k in labelled if turns[k][3] is False] if asked == {True, False} else []
    dashed = [k for k, t in enumerate(turns) if t[3] is None]
    if len(dashed) < MIN_DIALOGUE_TURNS:
        return []
    sides = [dashed[0::2], dashed[1::2]]
    shares = [sum(1 for k in side if turns[k][4]) / len(side) for side in sides]
    for asks, answers in ((0, 1), (1, 0)):
        if shares[asks] > QUESTION_SHARE >= shares[answers]:
            return sides[answers]
    return []
