"""What a number counts and whose it is, read from the tokens around it.

Item: the head noun after the number ("150 российских военных" -> военный);
through a classifier to what is counted ("8 единиц бронетехники" ->
бронетехника, more useful to the fact ledger than "единица"); else a
substantivised participle ("18 ранены" -> раненный, "задержанных более 3
тысяч" -> задержанный); else, for an elliptical figure ("Россия — 1400"), the
item of the previous figure of the sentence.

Subject, conservatively (null rather than wrong): "Россия — 1400",
"Армения (70 военных)", or a LOC/ORG that is the grammatical subject of the
clause ("Кыргызстан направит ... 150 военных", "от Кыргызстана ... направят ...
150 человек"). PER is never a subject: a person beside a figure is usually the
source, not the owner.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from storyline.annotate.nlp import NLP, ParsedText, ParsedToken, analyse_word
from storyline.annotate.number_words import ROUND
from storyline.annotate.numbers import NumberMatch
from storyline.model import EntityMention, QuantityMention, Sentence

# Nouns that only measure out what follows them in the genitive.
# Words whose number reading is kept across texts (`normal_number`). Each text already
# asks once per token form; across bsnlp-ru's texts the same forms recur, and the look-up
# was 2.2 % of an annotation worker's samples (py-spy, round 10). 100k forms, a few MB,
# holds the ~11.5k distinct forms of 330 bsnlp-ru articles many times over.
NORMAL_NUMBER_CACHE = 100_000


@lru_cache(maxsize=NORMAL_NUMBER_CACHE)
def normal_number(word: str) -> str | None:
    """`Context.normal_number`: a pure look-up in pymorphy2's analyses (`analyse_word`,
    which `NLP.word_forms` lists), so one answer serves every text."""
    forms = analyse_word(word)
    for form in forms:
        if "NUMR" in form.tags or "Anum" in form.tags:
            return form.normal
    return next((form.normal for form in forms if "NOUN" in form.tags and form.normal in ROUND), None)


CLASSIFIERS = frozenset({"единица", "штука", "ед", "шт", "экземпляр", "тип", "вид", "партия"})
_NOUNS = ("NOUN", "PROPN")
COUNT_NOUNS = frozenset({"число", "количество", "численность"})
# Verbs a bare figure after them is the amount of ("таких случаев насчитывается 165",
# "жертв уже насчитывалось 20"), and how many tokens before the verb the counted genitive
# plural may stand ("таких случаев": the noun and a modifier, or "уже").
AMOUNT_VERBS = frozenset({"насчитываться", "насчитывать", "набираться", "набраться"})
AMOUNT_NOUN_REACH = 3
# Prepositions that make a figure a place ("в 23 штатах", "на 40 участках") and how far
# before the figure to look for one (the preposition and its space).
LOCATIVE_PREPOSITIONS = frozenset({"в", "во", "на"})
LOCATIVE_REACH = 4
_MODIFIERS = ("ADJ", "DET")
# Possessives between a figure and what it counts ("227 их голосов"); the tagger may
# call "их" a pronoun, not a determiner, and it is never the counted thing.
POSSESSIVE_PRONOUNS = frozenset({"их", "его", "ее", "её"})
_SUBJECT_TYPES = ("LOC", "ORG")
# How far before a figure its subject entity may start (characters). Only a
# bound for run-on "sentences" (tables, lists glued together): without it each
# figure re-read its whole sentence, quadratic in a 1 MB one (issue #15). A
# news sentence with the subject 1,000 characters before its figure is rare; the
# subject and quantity goldens on the seeds are unchanged by it.
SUBJECT_REACH = 1000
# Text between an entity and a figure that makes the figure the entity's own.
_DASH_LINK = re.compile(
    r"[\s\u00a0]*(?:[—–:]|-(?=[\s\u00a0]))[\s\u00a0]*(?:(?:от|около|более|до|почти|свыше)[\s\u00a0]+)?$"
)
_PAREN_LINK = re.compile(r"[\s\u00a0]*\([\s\u00a0]*(?:(?:от|около|более|до|почти|свыше)[\s\u00a0]+)?$")
# A clause boundary between an entity and a figure breaks the subject relation.
_BOUNDARY = re.compile(
    r"[;()«»\"]|(?<![\w])(?:что|чтобы|котор\w+|если|когда|где|но|однако)(?![\w])|,[\s\u00a0]*(?:а|и)[\s\u00a0]",
    re.IGNORECASE,
)
_SIMPLE_WORD = re.compile(r"[\s\u00a0]+([^\W\d_]{2,})", re.UNICODE)
_STOP_WORDS = frozenset(
    {
        "and",
        "or",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "a",
        "an",
        "и",
        "или",
        "в",
        "на",
        "с",
        "по",
        "до",
        "из",
        "от",
        "за",
        "к",
        "а",
        "но",
    }
)


def _participle(token: ParsedToken) -> bool:
    """A participle, or a substantivised one the tagger calls a NOUN but lemmatises
    to its verb ("пострадавших" NOUN -> "пострадать")."""
    if token.pos in ("VERB", "AUX") and token.feats.get("VerbForm") == "Part":
        return True
    return token.pos == "NOUN" and _INFINITIVE.search(token.lemma) is not None


_INFINITIVE = re.compile(r"(?:ть|ться|чь|чься|ти|тись)$")


def _agrees(subject: ParsedToken, verb: ParsedToken) -> bool:
    """A finite verb agrees with its subject in number (and gender in the singular
    past): "между селами ... и Смидович столкнулись два автомобиля" is no subject."""
    if verb.feats.get("VerbForm") != "Fin":
        return True
    number = verb.feats.get("Number")
    if number and subject.feats.get("Number") and number != subject.feats["Number"]:
        return False
    gender = verb.feats.get("Gender")
    return not (gender and subject.feats.get("Gender") and gender != subject.feats["Gender"])


class Context:
    """The tokens and entities of one text, indexed for quick look-ups."""

    def __init__(
        self,
        text: str,
        sentences: list[Sentence],
        parsed: ParsedText | None,
        entities: list[EntityMention],
        nlp: NLP,
    ) -> None:
        self.text = text
        self.sentences = sentences
        self.sentence_starts = [s.start for s in sentences]
        self.tokens = parsed.tokens if parsed is not None else []
        self.token_starts = [t.start for t in self.tokens]
        self.entities = sorted(entities, key=lambda e: e.start)
        self.entity_starts = [e.start for e in self.entities]
        self.nlp = nlp
        self.head: ParsedToken | None = None  # head noun found by the last `item_after`

    def normal_number(self, word: str) -> str | None:
        """pymorphy2's normal form of a numeral ("двух" -> "два") or of a round noun
        ("квадриллионов" -> "квадриллион"), for number words."""
        return normal_number(word)

    def ordinal_use(self, number: NumberMatch) -> bool:
        """ "на 21 кинофестивале", "в своём 34 паркране": digits read as an ordinal.

        A cardinal not ending in 1 takes a plural noun in the oblique cases and a
        genitive after 2..4, so a singular dative/locative/instrumental head
        after such a number means the number is an ordinal."""
        head = self.head
        if head is None or number.value is None or number.value != int(number.value):
            return False
        value = int(number.value)
        if value % 10 == 1 and value % 100 != 11:
            return False
        return head.feats.get("Number") == "Sing" and head.feats.get("Case") in ("Dat", "Loc", "Ins")

    # ---- positions
    def sentence(self, offset: int) -> Sentence | None:
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        return self.sentences[i] if 0 <= i < len(self.sentences) else None

    def _sentence_index(self, offset: int) -> int:
        return bisect.bisect_right(self.sentence_starts, offset) - 1

    def _token_at_or_after(self, offset: int) -> int:
        return bisect.bisect_left(self.token_starts, offset)

    def _substantive(self, token: ParsedToken) -> str:
        """Nominative masculine singular of an adjective or participle used as a noun."""
        if _participle(token):
            # NLP.inflect speaks OpenCorpora grammemes; older adapters took UD feats.
            for tags in ({"sing", "masc", "nomn"}, {"Sing", "Masc", "Nom"}):
                try:
                    form = self.nlp.inflect(token.text.lower(), tags)
                except (KeyError, ValueError):
                    continue
                if form:
                    return form
        return token.lemma

    # ---- items
    def item_after(self, end: int, number: NumberMatch) -> tuple[str | None, int | None]:
        """The counted item after the number and where it ends; sets `self.head`."""
        self.head = None
        if number.unit is not None:
            return number.unit, None
        if not self.tokens:
            return self._raw_word_after(end)
        sentence = self.sentence(end - 1)
        limit = sentence.end if sentence else len(self.text)
        j = self._token_at_or_after(end)
        modifiers: list[ParsedToken] = []
        while j < len(self.tokens) and self.tokens[j].start < limit and len(modifiers) < 4:
            tok = self.tokens[j]
            if tok.pos in _NOUNS and not _participle(tok):
                nxt = self.tokens[j + 1] if j + 1 < len(self.tokens) else None
                if (
                    tok.lemma in CLASSIFIERS
                    and nxt is not None
                    and nxt.pos == "NOUN"
                    and nxt.feats.get("Case") == "Gen"
                    and nxt.start < limit
                ):
                    self.head = tok
                    return nxt.lemma, nxt.end
                self.head = tok
                return tok.lemma, tok.end
            if tok.pos == "SYM" and tok.text == "%":
                return "%", tok.end
            if tok.pos in _MODIFIERS or _participle(tok) or tok.text.lower() in POSSESSIVE_PRONOUNS:
                modifiers.append(tok)
                j += 1
                continue
            break
        if modifiers:
            self.head = modifiers[-1]
            return self._substantive(modifiers[-1]), modifiers[-1].end
        return None, None

    def _raw_word_after(self, end: int) -> tuple[str | None, int | None]:
        """Without morphology: the next word, lower-cased, if it is not a function word."""
        m = _SIMPLE_WORD.match(self.text, end)
        if m is None or m.group(1).lower() in _STOP_WORDS:
            return None, None
        return m.group(1).lower(), m.end()

    def item_before(self, start: int) -> str | None:
        """ "задержанных более 3 тысяч", "погибших — 26": a genitive plural right before."""
        if not self.tokens:
            return None
        j = self._token_at_or_after(start) - 1
        if j >= 0 and self.tokens[j].text in ("—", "–", ":"):
            j -= 1
        if j < 0:
            return None
        tok = self.tokens[j]
        sentence = self.sentence(start)
        if sentence is not None and tok.start < sentence.start:
            return None
        if (
            tok.feats.get("Case") == "Gen"
            and tok.feats.get("Number") == "Plur"
            and (tok.pos == "NOUN" or tok.pos == "ADJ" or _participle(tok))
        ):
            return self._substantive(tok)
        return None

    def item_before_count_verb(self, start: int) -> str | None:
        """ "таких случаев насчитывается 165": a bare figure right after a verb of amounting
        counts the genitive plural noun before that verb in its clause."""
        sentence = self.sentence(start)
        if not self.tokens or sentence is None:
            return None
        j = self._token_at_or_after(start) - 1
        if j >= 0 and self.tokens[j].lemma == "уже":  # "насчитывается уже 20"
            j -= 1
        if j < 0 or self.tokens[j].start < sentence.start or self.tokens[j].lemma not in AMOUNT_VERBS:
            return None
        for k in range(j - 1, max(-1, j - 1 - AMOUNT_NOUN_REACH), -1):
            tok = self.tokens[k]
            if tok.start < sentence.start or _BOUNDARY.match(tok.text):
                return None
            if (
                tok.feats.get("Case") == "Gen"
                and tok.feats.get("Number") == "Plur"
                and (tok.pos == "NOUN" or _participle(tok))
            ):
                return self._substantive(tok)
        return None

    def item_of_count_noun(self, start: int) -> str | None:
        """ "Число погибших выросло до 164": what "число/количество" counts, earlier in the clause."""
        sentence = self.sentence(start)
        if not self.tokens or sentence is None:
            return None
        j = self._token_at_or_after(start) - 1
        while j >= 0 and self.tokens[j].start >= sentence.start:
            tok = self.tokens[j]
            if tok.lemma in COUNT_NOUNS and j + 1 < len(self.tokens):
                nxt = self.tokens[j + 1]
                if nxt.feats.get("Case") == "Gen" and (nxt.pos in ("NOUN", "ADJ") or _participle(nxt)):
                    return self._substantive(nxt) if nxt.pos != "NOUN" or _participle(nxt) else nxt.lemma
                return None
            if _BOUNDARY.match(tok.text) or tok.lemma in ("что", "который"):
                return None
            j -= 1
        return None

    def inherited_item(
        self, start: int, previous: list[QuantityMention], *, subject_found: bool
    ) -> str | None:
        """An elliptical figure counts what the previous figure counted ("Россия — 1400").

        Within the sentence always; from the previous sentence only when the figure is
        plainly an entry of a list ("Беларусь — 300" starting a new sentence)."""
        here = self._sentence_index(start)
        for q in reversed(previous):
            if q.item is None or q.item == "%" or self._locative(q):
                continue
            there = self._sentence_index(q.start)
            if there == here or (subject_found and there == here - 1):
                return q.item
            return None
        return None

    def _locative(self, q: QuantityMention) -> bool:
        """The figure says where ("набрал 253 голоса в 23 штатах, — у Трампа их 214"):
        an elliptical figure after it counts what the clause counted, not the places."""
        before = self.text[max(0, q.start - LOCATIVE_REACH) : q.start].split()
        return bool(before) and before[-1].lower() in LOCATIVE_PREPOSITIONS

    # ---- subject
    def subject(self, number_start: int, span_start: int) -> str | None:
        sentence = self.sentence(span_start)
        lo = max(sentence.start if sentence else 0, span_start - SUBJECT_REACH)
        first = bisect.bisect_left(self.entity_starts, lo)
        last_index = bisect.bisect_left(self.entity_starts, span_start)
        candidates = [e for e in self.entities[first:last_index] if e.end <= span_start]
        if not candidates:
            return None
        last = candidates[-1]
        between = self.text[last.end : number_start]
        if last.type in _SUBJECT_TYPES and (_DASH_LINK.fullmatch(between) or _PAREN_LINK.fullmatch(between)):
            return last.name
        if not self.tokens:
            return None
        for e in reversed(candidates):
            if e.type == "PER" and self._is_clause_subject(e, span_start):
                # "в штатах Индиана и Нью-Гемпшир: Дональд Трамп получил 11 голосов": the
                # person is the clause's subject, and a place before him is no owner (the
                # parse names the person)
                return None
            if e.type not in _SUBJECT_TYPES:
                continue
            between = self.text[e.end : span_start]
            if _BOUNDARY.search(between):
                return None
            if self._is_clause_subject(e, span_start):
                return e.name
        return None

    def _is_clause_subject(self, entity: EntityMention, until: int) -> bool:
        j = self._token_at_or_after(entity.start)
        if j >= len(self.tokens):
            return False
        head = self.tokens[j]
        before = self.tokens[j - 1] if j > 0 else None
        from_source = before is not None and before.lemma == "от"
        nominative = head.feats.get("Case") == "Nom" and (before is None or before.pos != "ADP")
        if not (nominative or from_source):
            return False
        if j >= 2 and self.tokens[j - 2].lemma == "как" and before is not None and before.pos == "VERB":
            return False  # "как сообщает Укравтопром, ...": a source, not an owner
        k = j + 1
        while k < len(self.tokens) and self.tokens[k].start < until:
            tok = self.tokens[k]
            if tok.pos in ("VERB", "AUX") and tok.feats.get("VerbForm") in ("Fin", "Inf"):
                return from_source or _agrees(head, tok)
            k += 1
        return False
