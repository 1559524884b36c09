"""Whose figure it is and what happened to it, read from the dependency parse.

The word-window reading in `quantity_context` is cautious and often finds no
subject; the parse says who the clause is about even when the figure is the
grammatical subject itself:

* "Британия заплатит 39 млрд фунтов": the figure is the object of "заплатит",
  whose `nsubj` Британия is the subject;
* "в Германии отменено 250 рейсов": the figure is the (passive) subject, so the
  owner is the place or organisation the verb is located at (`obl` "в Германии");
* "44-летний Доминик Рааб": a figure that modifies a noun belongs to that noun.

The governor is the verb (or predicate word) the figure hangs from: the kind of
event it counts, whatever clause-level wording surrounds it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from storyline.annotate.nlp import ParsedText, ParsedToken
from storyline.model import EntityMention, QuantityMention

_SUBJECT_RELS = ("nsubj", "nsubj:pass")
# Relations by which a counted noun hangs from the word that says what happened to it.
_ARGUMENT_RELS = ("obj", "obl", "iobj", "xcomp", "nsubj", "nsubj:pass", "conj", "appos", "acl", "amod")
_NUMBER_RELS = ("nummod", "nummod:gov", "nummod:entity")
# Verbs of speech: their subject is the source of a figure, not its owner.
SPEECH_LEMMAS = frozenset(
    {
        "сказать",
        "заявить",
        "сообщить",
        "отметить",
        "подчеркнуть",
        "рассказать",
        "добавить",
        "пояснить",
        "уточнить",
        "написать",
        "передать",
        "сообщать",
        "заявлять",
        "говорить",
        "считать",
        "полагать",
        "признать",
        "напомнить",
        "подсчитать",
        "оценить",
    }
)
# Verbs of a vote: a figure of voters is the share of the one voted "за" (`_voted_for`).
VOTE_LEMMAS = frozenset({"голосовать", "проголосовать"})
# Places or organisations a happening is located at can own its figure ("в Германии").
_OWNER_TYPES = ("LOC", "ORG")
_PHRASE_RELS = ("nmod", "flat", "flat:name", "flat:foreign")
# A subject phrase read off the parse: the head and at most this many dependents
# ("курс фунта стерлингов"); longer phrases are cut (a subject is a name, not a clause).
MAX_SUBJECT_TOKENS = 4
# Pronouns that refer back to one person.
PERSON_PRONOUNS = frozenset({"он", "она"})
# How far back a pronoun's person may be named: about two news sentences.
ANTECEDENT_CHARS = 300
# Steps up the tree from the figure to its governor ("до 1,3327 доллара" -> доллара ->
# поднимался is two); more only climbs through noun chains that say nothing new.
MAX_CLIMB = 4


def _number_token(tokens: list[ParsedToken], starts: list[int], q: QuantityMention) -> int | None:
    inside = list(range(bisect_left(starts, q.start), bisect_left(starts, q.end)))
    for i in inside:
        t = tokens[i]
        if t.pos == "NUM" or any(ch.isdigit() for ch in t.text):
            return i
    return inside[0] if inside else None


class _Tree:
    """The parsed tokens of one document with their children lists."""

    def __init__(self, parsed: ParsedText, entities: list[EntityMention]) -> None:
        self.tokens = parsed.tokens
        self.entities = sorted(entities, key=lambda e: e.start)
        self.entity_starts = [e.start for e in self.entities]
        self.kids: dict[int, list[int]] = {}
        for i, t in enumerate(self.tokens):
            if t.head is not None:
                self.kids.setdefault(t.head, []).append(i)

    def children(self, head: int) -> list[int]:
        return self.kids.get(head, [])

    def entity_at(self, i: int) -> EntityMention | None:
        start = self.tokens[i].start
        k = bisect_right(self.entity_starts, start) - 1
        return self.entities[k] if k >= 0 and start < self.entities[k].end else None

    def phrase(self, head: int) -> tuple[str, int, int]:
        """The words of a noun phrase headed at `head`: the head, its genitive and name
        dependents, contiguous; a head not in the nominative is given as its lemma."""
        tokens = self.tokens
        keep = [head]
        frontier = [head]
        while frontier and len(keep) < MAX_SUBJECT_TOKENS:
            node = frontier.pop(0)
            for child in self.children(node):
                if tokens[child].rel in _PHRASE_RELS and child not in keep and len(keep) < MAX_SUBJECT_TOKENS:
                    keep.append(child)
                    frontier.append(child)
        keep.sort()
        span: list[int] = []
        for i in keep:  # contiguous around the head: a gap means the phrase is interrupted
            if span and i != span[-1] + 1:
                if i > head:
                    break
                span = []
            span.append(i)
        words = []
        for i in span:
            t = tokens[i]
            words.append(t.lemma if i == head and t.feats.get("Case") not in (None, "Nom") else t.text)
        return " ".join(words), tokens[span[0]].start, tokens[span[-1]].end

    def named(self, head: int) -> tuple[str, int, int]:
        e = self.entity_at(head)
        if e is not None:
            return e.name, e.start, e.end
        return self.phrase(head)

    def antecedent(self, pronoun: int) -> tuple[str, int, int] | None:
        """The person a singular personal pronoun ("он", "она") refers to: the last
        person named before it, when that is within `ANTECEDENT_CHARS` (about two
        sentences of news); anything else ("они", "это") is left unresolved."""
        token = self.tokens[pronoun]
        if token.lemma not in PERSON_PRONOUNS:
            return None
        k = bisect_right(self.entity_starts, token.start)
        person = next(
            (e for e in reversed(self.entities[:k]) if e.end <= token.start and e.type == "PER"), None
        )
        if person is None or token.start - person.end > ANTECEDENT_CHARS:
            return None
        return person.name, person.start, person.end

    def owner_in_chain(self, chain: list[int]) -> tuple[str, int, int] | None:
        """A person the counted noun phrase is said of: "Асия Биби, мать пятерых детей"
        (the phrase is an apposition to the name) or "матери четырех детей Азии Биби"
        (the name depends on it)."""
        tokens = self.tokens
        for node in chain:
            for k in self.children(node):
                e = self.entity_at(k)
                if e is not None and e.type == "PER" and tokens[k].rel in ("nmod", "appos", "flat:name"):
                    return e.name, e.start, e.end
        top = chain[-1]
        for k in self.children(top):  # "Она мать пятерых детей"
            if tokens[k].rel in _SUBJECT_RELS:
                e = self.entity_at(k)
                if e is not None and e.type == "PER":
                    return e.name, e.start, e.end
                if tokens[k].pos == "PRON":
                    return self.antecedent(k)
        head = tokens[top].head
        if head is None:
            return None
        if tokens[top].rel == "appos":  # "Асия Биби, мать …" / "католичка Асия Биби, мать …"
            for k in (head, *self.children(head)):
                e = self.entity_at(k)
                if e is not None and e.type == "PER" and (k == head or tokens[k].rel == "appos"):
                    return e.name, e.start, e.end
        if any(tokens[c].lemma == "у" and tokens[c].rel == "case" for c in self.children(head)):
            e = self.entity_at(head)  # "у нее трое детей", "у Биби пятеро детей": the possessor
            if e is not None and e.type == "PER":
                return e.name, e.start, e.end
            if tokens[head].pos == "PRON":
                return self.antecedent(head)
        return None

    def subject_of(self, verb: int, item: int) -> tuple[str, int, int] | None:
        """The clause's subject other than the counted item itself, or a place or
        organisation the happening is located at when the counted item is the subject."""
        tokens = self.tokens
        voted = self._voted_for(verb, item)
        if voted is not None:
            return voted
        node: int | None = verb
        for _ in range(2):  # a conjoined verb shares its first conjunct's subject
            if node is None:
                break
            kids = self.children(node)
            for k in kids:
                if (
                    tokens[k].rel in _SUBJECT_RELS
                    and k != item
                    and tokens[k].pos in ("NOUN", "PROPN", "PRON")
                ):
                    if tokens[k].pos == "PRON":
                        return self.antecedent(k)  # "Она мать пятерых детей": the person just named
                    if self.entity_at(k) is None and tokens[k].feats.get("Case") != "Nom":
                        return None  # "нет разногласий": a genitive of negation names no owner
                    return self.named(k)
            for k in kids:
                e = self.entity_at(k)
                # a place where it happened ("в Германии"), not a goal ("в Казахстан")
                if (
                    tokens[k].rel == "obl"
                    and e is not None
                    and e.type in _OWNER_TYPES
                    and tokens[k].feats.get("Case") == "Loc"
                ):
                    return e.name, e.start, e.end
            if tokens[item].rel in _SUBJECT_RELS:
                holder = self._holder(kids)
                if holder is not None:
                    return holder
            if tokens[node].rel != "conj":
                break
            node = tokens[node].head
        return None

    def _voted_for(self, verb: int, item: int) -> tuple[str, int, int] | None:
        """ "за консерваторов проголосовал 41% избирателей, за лейбористов 40%": a share of
        a vote is the one voted for, the "за" phrase of the voting verb nearest before
        the figure (the second figure's verb is left out, so it hangs from the first)."""
        tokens = self.tokens
        if tokens[verb].lemma.lower() not in VOTE_LEMMAS:
            return None
        before = [
            k
            for k in self.children(verb)
            if k < item
            and tokens[k].rel == "obl"
            and any(tokens[c].rel == "case" and tokens[c].lemma.lower() == "за" for c in self.children(k))
        ]
        return self.named(before[-1]) if before else None

    def _holder(self, kids: list[int]) -> tuple[str, int, int] | None:
        """ "На Allseas лежит 90% работ", "у Газпрома 50 процентов": when the figure is the
        clause's subject, an organisation or person it is "на" or "у" holds it."""
        tokens = self.tokens
        for k in kids:
            e = self.entity_at(k)
            if tokens[k].rel != "obl" or e is None or e.type not in _HOLDER_TYPES:
                continue
            if any(
                tokens[c].rel == "case" and tokens[c].lemma.lower() in _HOLDER_PREPOSITIONS
                for c in self.children(k)
            ):
                return e.name, e.start, e.end
        return None


# Who a figure that is its clause's subject can be "на" or "у": a bearer of a share
# or a burden, not a place ("на Украине" is a location, read by the `obl` Loc rule).
_HOLDER_TYPES = ("ORG", "PER")
_HOLDER_PREPOSITIONS = frozenset({"на", "у"})


def attach_syntax(
    quantities: list[QuantityMention], parsed: ParsedText, entities: list[EntityMention]
) -> None:
    """Fill `governor_start` and, where the word-window reading found none, `subject`
    of each figure whose sentence was parsed (see `NLP.parse_syntax`)."""
    tree = _Tree(parsed, entities)
    tokens = tree.tokens
    starts = [t.start for t in tokens]
    for q in quantities:
        n = _number_token(tokens, starts, q)
        if n is None or tokens[n].rel is None:
            continue
        item, steps = n, 0
        # climb through figures of figures ("39 миллиардов фунтов") to the counted noun;
        # bounded: the parser's heads can form a cycle
        while steps < MAX_CLIMB and tokens[item].rel in _NUMBER_RELS and tokens[item].head is not None:
            item, steps = tokens[item].head, steps + 1  # type: ignore[assignment]
        owner = tokens[n].head
        if tokens[n].rel == "amod" and owner is not None:
            if tokens[owner].pos == "PROPN":  # "44-летний Доминик Рааб": the figure is the name's
                if q.subject is None:
                    q.subject, q.subject_start, q.subject_end = tree.named(owner)
                continue
            item = owner  # "третьим министром": what the ordinal counts
        node, chain = item, [item]
        while len(chain) <= MAX_CLIMB and tokens[node].rel == "nmod" and tokens[node].head is not None:
            node = tokens[node].head  # type: ignore[assignment]
            chain.append(node)
        person = tree.owner_in_chain(chain) if q.subject is None else None
        if person is not None:
            q.subject, q.subject_start, q.subject_end = person
        governor = tokens[node].head
        if governor is None or tokens[node].rel not in _ARGUMENT_RELS:
            continue
        q.governor_start = tokens[governor].start
        if q.subject is not None or tokens[governor].lemma in SPEECH_LEMMAS:
            continue
        found = tree.subject_of(governor, node)
        if found is not None:
            q.subject, q.subject_start, q.subject_end = found
