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
from storyline.annotate.quantity_context import COUNT_NOUNS
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
# Relations by which a name stands beside a common noun ("концерн OMV").
_NAME_RELS = ("appos", "flat", "flat:name", "flat:foreign")
# The relative pronoun whose clause is about the noun it hangs from ("Байден, который набрал").
RELATIVE_LEMMA = "который"
# A subject phrase read off the parse: the head and at most this many dependents
# ("курс фунта стерлингов"); longer phrases are cut (a subject is a name, not a clause).
MAX_SUBJECT_TOKENS = 4
# Pronouns that refer back to one person.
PERSON_PRONOUNS = frozenset({"он", "она"})
# How far back a pronoun's person may be named: about two news sentences.
ANTECEDENT_CHARS = 300
# Clauses climbed for a subject: a conjoined verb to its first conjunct.
MAX_CLAUSE_STEPS = 2
# A participle's figure belongs to the noun it describes (`_modified_noun`).
_PARTICIPLE_FORMS = ("Part", "Fin")
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
        e = self.entity_at(head) or self.name_in_apposition(head)
        if e is not None:
            return e.name, e.start, e.end
        return self.phrase(head)

    def name_in_apposition(self, head: int) -> EntityMention | None:
        """ "концерн OMV", "монополист «Газпром»", "президента Дональда Трампа": a common
        noun whose apposition is a named organisation or person stands for that name."""
        if self.tokens[head].pos != "NOUN":
            return None
        for k in self.children(head):
            if self.tokens[k].rel in _NAME_RELS:
                e = self.entity_at(k)
                if e is not None and e.type in _HOLDER_TYPES:
                    return e
        return None

    def adjective_entities(self, head: int) -> set[str]:
        """Names of the entities read off the adjectives of a noun ("Австрийский концерн"
        → Австрия): the word-window reading can take such a place for the owner."""
        out = set()
        for k in self.children(head):
            e = self.entity_at(k)
            if self.tokens[k].rel == "amod" and e is not None:
                out.add(e.name)
        return out

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

    def person_in_phrase(self, chain: list[int]) -> tuple[str, int, int] | None:
        """A person named inside the counted noun phrase: "матери четырех детей Азии
        Биби" (the name depends on it). The phrase says whose the figure is more
        closely than the clause around it ("Верховный суд вынес …" is not the mother)."""
        for node in chain:
            for k in self.children(node):
                e = self.entity_at(k)
                if e is not None and e.type == "PER" and self.tokens[k].rel in ("nmod", "appos", "flat:name"):
                    return e.name, e.start, e.end
        return None

    def owner_in_chain(self, chain: list[int]) -> tuple[str, int, int] | None:
        """A person the counted noun phrase is said of: "Асия Биби, мать пятерых детей"
        (the phrase is an apposition to the name) or "матери четырех детей Азии Биби"
        (the name depends on it)."""
        tokens = self.tokens
        inside = self.person_in_phrase(chain)
        if inside is not None:
            return inside
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
        for _ in range(MAX_CLAUSE_STEPS):
            if node is None:
                break
            kids = self.children(node)
            for k in kids:
                if (
                    tokens[k].rel in _SUBJECT_RELS
                    and k != item
                    and tokens[k].pos in ("NOUN", "PROPN", "PRON")
                ):
                    if tokens[k].lemma == RELATIVE_LEMMA:
                        return None if self._where(item) else self._relative_antecedent(node)
                    if tokens[k].pos == "PRON":
                        return self.antecedent(k)  # "Она мать пятерых детей": the person just named
                    if self.entity_at(k) is None and tokens[k].feats.get("Case") != "Nom":
                        return None  # "нет разногласий": a genitive of negation names no owner
                    if tokens[k].lemma in COUNT_NOUNS:
                        return None  # "их количество достигнет 28": the count itself, no owner
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
                holder = self._holder(kids, item)
                if holder is not None:
                    return holder
            modified = None if self._where(item) else self._modified_noun(node, item)
            if modified is not None:
                return modified
            if not self._shares_subject(node):
                break
            node = tokens[node].head
        return None

    def _where(self, item: int) -> bool:
        """The figure says where it happened ("набрал 253 голоса в 23 штатах"): a locative
        adjunct, owned by nobody through a relative clause or a participle (vote-count,
        tuned on: Байден's "23 штатах" had become an update of "лидерство в двух штатах")."""
        t = self.tokens[item]
        return t.rel == "obl" and t.feats.get("Case") == "Loc"

    def _relative_antecedent(self, verb: int) -> tuple[str, int, int] | None:
        """ "Байден, который набрал 253 голоса": the noun the relative clause is about."""
        head = self.tokens[verb].head
        if (
            self.tokens[verb].rel != "acl:relcl"
            or head is None
            or self.tokens[head].pos not in ("NOUN", "PROPN")
        ):
            return None
        return self.named(head)

    def _modified_noun(self, verb: int, item: int) -> tuple[str, int, int] | None:
        """ "Курс фунта, поднимавшийся … на 0,5%": a participle's figure is of the noun the
        participle describes (when that noun is not the counted thing itself)."""
        t = self.tokens[verb]
        head = t.head
        if t.rel != "acl" or t.feats.get("VerbForm") not in _PARTICIPLE_FORMS or head is None or head == item:
            return None
        if self.tokens[head].pos not in ("NOUN", "PROPN") or self.tokens[head].lemma in COUNT_NOUNS:
            return None
        return self.named(head)

    def _shares_subject(self, verb: int) -> bool:
        """A conjoined verb shares its first conjunct's subject. (A converb shares its
        verb's too, but "Британцы …, поддержав его 52 процентами" then no longer joins
        "с результатом 51,9% одержали противники" of the same vote: left out.)"""
        t = self.tokens[verb]
        return t.head is not None and t.rel == "conj"

    def possessor(self, noun: int) -> tuple[str, int, int] | None:
        """ "у Трампа", "у него", "у президента Дональда Трампа": the person or
        organisation a "у" phrase names (a pronoun resolved to the person just named)."""
        if not any(
            self.tokens[c].rel == "case" and self.tokens[c].lemma.lower() == "у" for c in self.children(noun)
        ):
            return None
        if self.tokens[noun].pos == "PRON":
            return self.antecedent(noun)
        e = self.entity_at(noun) or self.name_in_apposition(noun)
        if e is None or e.type not in _HOLDER_TYPES:
            return None
        return e.name, e.start, e.end

    def figure_possessor(self, number: int) -> tuple[str, int, int] | None:
        """ "У Байдена 135, у Трампа 97": a bare figure the parse hangs straight from a "у"
        phrase (as its `nummod` or `appos`) is that phrase's. In a coordination of such
        clauses each figure has its own "у X"; climbing from "Трампа" (a `conj` of
        "Байдена") to the first conjunct would give every figure the first possessor."""
        head = self.tokens[number].head
        if head is None or self.tokens[number].rel not in (*_NUMBER_RELS, "appos"):
            return None
        return self.possessor(head)

    def gapped_owner(self, number: int) -> tuple[tuple[str, int, int] | None, int | None]:
        """A figure whose verb is left out ("а Трамп — 213", "у Дональда Трампа — 232"):
        the parse hangs it from the remnant (`orphan`); the remnant names the owner and
        the remnant's head is the verb said once for both."""
        head = self.tokens[number].head
        if self.tokens[number].rel != "orphan" or head is None:
            return None, None
        owner = self.possessor(head)
        if owner is None and self.tokens[head].rel in (*_SUBJECT_RELS, "conj"):
            e = self.entity_at(head) or self.name_in_apposition(head)
            if e is not None and e.type in _HOLDER_TYPES:
                owner = e.name, e.start, e.end
        return owner, self.tokens[head].head

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

    def _holder(self, kids: list[int], item: int) -> tuple[str, int, int] | None:
        """ "На Allseas лежит 90% работ", "у Газпрома 50 процентов": when the figure is the
        clause's subject, an organisation or person it is "на" or "у" holds it."""
        tokens = self.tokens
        # "у него оказалось 306 голосов, у Трампа — 232": the "у" phrase nearest before
        # the figure (the later one is the gapped clause's, `gapped_owner`)
        before = [k for k in kids if k < item and tokens[k].rel == "obl"]
        for k in reversed(before):
            owner = self.possessor(k)
            if owner is not None:
                return owner
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
        own = tree.figure_possessor(n)
        if own is not None:  # the parse ties the figure to its "у" phrase: that outranks the window
            q.subject, q.subject_start, q.subject_end = own
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
        if item == n and tokens[n].rel == "orphan":
            remnant, verb = tree.gapped_owner(n)
            if verb is not None:
                q.governor_start = tokens[verb].start
            if remnant is not None and q.subject is None:
                q.subject, q.subject_start, q.subject_end = remnant
            continue
        node, chain = item, [item]
        while len(chain) <= MAX_CLIMB and tokens[node].rel == "nmod" and tokens[node].head is not None:
            node = tokens[node].head  # type: ignore[assignment]
            chain.append(node)
        # a person named inside the counted phrase outranks the word-window owner
        inside = tree.person_in_phrase(chain)
        person = inside or (tree.owner_in_chain(chain) if q.subject is None else None)
        if person is not None:
            q.subject, q.subject_start, q.subject_end = person
        if inside is not None:
            # "матери четырех детей Азии Биби": a trait of the person, not what the verb
            # did; the figure hangs from the person (`story.measure` then gives no action)
            q.governor_start = inside[1]
            continue
        governor = tokens[node].head
        if governor is None or tokens[node].rel not in _ARGUMENT_RELS:
            continue
        q.governor_start = tokens[governor].start
        if person is not None or tokens[governor].lemma in SPEECH_LEMMAS:
            continue
        if q.subject is not None and not _window_adjective(tree, governor, q.subject):
            continue
        found = tree.subject_of(governor, node)
        if found is not None:
            q.subject, q.subject_start, q.subject_end = found


def _window_adjective(tree: _Tree, verb: int, subject: str) -> bool:
    """True when the word-window owner is only an adjective of the clause's subject
    ("Австрийский концерн OMV направил": Австрия is not who paid), so the parse decides."""
    return any(
        tree.tokens[k].rel in _SUBJECT_RELS and subject in tree.adjective_entities(k)
        for k in tree.children(verb)
    )
