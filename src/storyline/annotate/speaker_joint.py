"""A joint statement by two bodies or people (`ФБР и CISA заявили`) credits the first named.

A quote has one speaker. News names the lead party of a joint act first (`ФБР и
Агентство кибербезопасности (CISA) не выявили …`), and resolution landing on whichever
member was named last (CISA) makes the credit depend on word order inside the subject.
So when the resolved speaker is a member of a coordinated subject whose verb is plural
(the group acted together), the quote goes to the first member, consistently. The
second is kept for a reader in the speaker words: a group named in the frame itself
shows as its whole span (`speaker_text` = `ФБР и CISA`); a plural word standing for it
(`в заявлении ведомств`) keeps its own words.
"""

from __future__ import annotations

from storyline.annotate.nlp import ParsedToken
from storyline.annotate.speaker_view import ArticleView
from storyline.model import EntityMention, QuoteMention

# Links between members of a coordinated subject.
CONJUNCTIONS = frozenset({"и", ","})

# After a group's last member, its plural verb comes within this many tokens (a closing
# bracket, an adverb or two: `(CISA) не выявили`, `и CISA в среду заявили`). Hand-set.
VERB_AFTER_GROUP = 4


class JointSpeakers:
    """The post-pass over one article's quotes (see the module's docstring)."""

    def __init__(self, view: ArticleView) -> None:
        self.view = view
        self._by_end = {m.end: m for m in view.antecedents}

    def apply(self, quotes: list[QuoteMention]) -> list[QuoteMention]:
        for quote in quotes:
            member = self._resolved_mention(quote)
            if member is None:
                continue
            group = self._group(member)
            if len(group) < 2 or len({m.name for m in group}) < 2 or not self._acts_together(group):
                continue
            first = group[0]
            if first.name == quote.speaker:
                continue
            if quote.speaker_start == member.start:  # the group is named in the frame itself
                end = self._span_end(group[-1])
                quote.speaker_start, quote.speaker_end = first.start, end
                quote.speaker_text = self.view.text[first.start : end]
            quote.speaker = quote.speaker_label = first.name
        return quotes

    def _resolved_mention(self, quote: QuoteMention) -> EntityMention | None:
        """The mention the speaker was resolved to: the one the speaker words are, else the
        latest of that name before them."""
        if quote.speaker is None or quote.speaker_start is None:
            return None
        view = self.view
        for m in view.antecedents:
            if m.start == quote.speaker_start and m.name == quote.speaker:
                return m
        anchor = quote.speaker_start
        latest = None
        for m in view.antecedents:
            if m.start >= anchor:
                break
            if m.name == quote.speaker and m.type in ("ORG", "PER"):
                latest = m
        return latest

    def _left_member(self, mention: EntityMention) -> EntityMention | None:
        """The mention coordinated just before `mention` (`X и mention`, `X, mention`), over an
        apposed acronym in brackets (`Агентство … (CISA)`)."""
        view = self.view
        link = view._token_before(mention.start)
        if link is None:
            return None
        if link.text == "(":  # `(CISA)` stands for the name before it: step over it
            before = view._token_before(link.start)
            named = self._by_end.get(before.end) if before is not None else None
            if named is None or named.type != mention.type:
                return None
            return self._left_member(named)
        if link.text.lower() not in CONJUNCTIONS:
            return None
        before = view._token_before(link.start)
        left = self._by_end.get(before.end) if before is not None else None
        return left if left is not None and left.type == mention.type else None

    def _group(self, mention: EntityMention) -> list[EntityMention]:
        """The members of the coordination `mention` closes or sits in, first named first."""
        if mention.type not in ("ORG", "PER"):
            return [mention]
        group = [mention]
        inner = self._bracketed_head(mention)
        current = inner or mention
        if inner is not None:
            group = [inner, mention]
        while (left := self._left_member(current)) is not None and len(group) < 8:
            group.insert(0, left)
            current = left
        # members after it (`ФБР и CISA`: resolution may land on ФБР, which is first already)
        return group

    def _bracketed_head(self, mention: EntityMention) -> EntityMention | None:
        """The name an acronym in brackets stands for (`Агентство … (CISA)`)."""
        view = self.view
        link = view._token_before(mention.start)
        if link is None or link.text != "(":
            return None
        before = view._token_before(link.start)
        named = self._by_end.get(before.end) if before is not None else None
        return named if named is not None and named.type == mention.type else None

    def _span_end(self, mention: EntityMention) -> int:
        """Where the member ends, past its acronym in brackets (`Агентство … (CISA)`) or the
        bracket that closes it (`CISA)`)."""
        view = self.view
        i = view.token_index(mention.end)
        tokens = view.tokens
        if i < len(tokens) and tokens[i].text == ")":
            return tokens[i].end
        if i + 2 < len(tokens) and tokens[i].text == "(" and tokens[i + 2].text == ")":
            return tokens[i + 2].end
        return mention.end

    def _acts_together(self, group: list[EntityMention]) -> bool:
        """A plural finite verb (or short participle) follows the group's last member."""
        view = self.view
        i = view.token_index(self._span_end(group[-1]))
        for tok in view.tokens[i : i + VERB_AFTER_GROUP]:
            if _plural_predicate(tok):
                return True
            if tok.text in ".!?;":
                return False
        return False


def _plural_predicate(tok: ParsedToken) -> bool:
    return (
        tok.pos in ("VERB", "AUX")
        and tok.feats.get("VerbForm") in ("Fin", "Part")
        and tok.feats.get("Number") == "Plur"
    )
