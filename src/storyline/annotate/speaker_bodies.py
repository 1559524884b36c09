"""The kind of body an institution word stands for, and the kind of an organisation mention.

`заявляет компания` means a company, `в ведомстве` a ministry or agency: the word resolves to
the nearest organisation not of a clashing kind, not merely the last one named (`Служба
безопасности Украины заблокировала танкер … — заявляет компания` is never the security
service). Two kinds of word are told apart (and media outlets as bodies); a mention's kind is
read off its own words and the words written next to it; one of no known kind fits any word.
Preferring the nearest body of the word's own kind over a nearer one of no known kind scored
the same on the tuned-on sets (eval_quote_gold.py, 37 sets) and reached further back, so the
rule only rules out.
"""

from __future__ import annotations

from storyline.annotate.nlp import ParsedToken
from storyline.model import EntityMention

COMPANY = "company"
STATE = "state"
MEDIA = "media"

# Institution words (lemmas) that name a business.
COMPANY_WORDS = frozenset(
    {"компания", "концерн", "холдинг", "фирма", "оператор", "корпорация", "предприятие"}
)
# Compounds of those (`авиакомпания`, `госкорпорация`, `компания-оператор`).
COMPANY_ENDINGS = ("компания", "корпорация")
# Institution words that name a body of the state (a ministry, an agency, a mission abroad).
# `ведомство` is generic for a body that spoke last (speech_lexicon.GENERIC_ORG_WORDS) but is
# never a company's name for itself.
STATE_WORDS = frozenset(
    {
        "министерство",
        "ведомство",
        "мид",
        "мвд",
        "минобороны",
        "минздрав",
        "посольство",
        "консульство",
        "кабмин",
        "правительство",
        "прокуратура",
        "спецслужба",
    }
)
STATE_ENDINGS = ("министерство", "ведомство", "представительство")
# The first word of an organisation's own name that makes it a body of the state
# (`Служба безопасности Украины`, `Федеральное бюро расследований`, `Министерство финансов`).
STATE_HEADS = STATE_WORDS | {
    "служба",
    "бюро",
    "департамент",
    "управление",
    "комитет",
    "парламент",
    "сенат",
    "конгресс",
    "суд",
    "полиция",
    "администрация",
}
# Short names of ministries (`Минфин`, `Минюст`, `Минобороны`, `МИД`, `МВД`).
MINISTRY_PREFIXES = ("мин", "мид", "мвд")
# Legal forms written with a company's name.
LEGAL_FORMS = frozenset(
    {"ооо", "оао", "зао", "пао", "ао", "inc", "ltd", "llc", "ag", "gmbh", "corp", "plc", "se"}
)
# An apposition after a name (`«Танкер», которая является оператором судна`) is read this many
# tokens on. Hand-set: a comma, a relative word, its verb, the noun and a quotation mark.
APPOSITION_TOKENS = 5
APPOSITION_OPENERS = frozenset({"который", "являться", "являющийся", "—"})


def word_body(lemma: str) -> str | None:
    """The kind of body an institution word names, or None for a word of any kind."""
    if lemma in COMPANY_WORDS or lemma.endswith(COMPANY_ENDINGS):
        return COMPANY
    if lemma in STATE_WORDS or lemma.endswith(STATE_ENDINGS):
        return STATE
    return None


def own_words_body(words: list[ParsedToken]) -> str | None:
    """The kind an organisation's own words give it: a legal form, a state head or a ministry's
    short name."""
    if not words:
        return None
    lowered = {w.text.lower().strip('.,«»"') for w in words}
    if lowered & LEGAL_FORMS:
        return COMPANY
    # the first noun (`Федеральная служба безопасности`, `Федеральное бюро расследований`)
    head = next((w for w in words if w.pos in ("NOUN", "PROPN")), words[0])
    if head.lemma in STATE_HEADS or head.text.lower() in STATE_HEADS:
        return STATE
    if (
        len(words) == 1
        and head is words[0]
        and head.text[:1].isupper()
        and head.text.lower().startswith(MINISTRY_PREFIXES)
    ):
        return STATE
    return None


def context_body(before: list[ParsedToken], after: list[ParsedToken]) -> str | None:
    """The kind the words next to a mention give it: an institution word right before it
    (`компания Shell`, `ведомство X`, one apposed noun allowed) or in an apposition after it
    (`«Танкер», которая является оператором`)."""
    for word in before:
        kind = word_body(word.lemma)
        if kind is not None:
            return kind
    opened = False
    for word in after:
        if word.text in ".!?;":
            break
        opened = opened or word.lemma in APPOSITION_OPENERS or word.text in APPOSITION_OPENERS
        kind = word_body(word.lemma)
        if opened and kind is not None:
            return kind
    return None


def clashes(word_kind: str | None, body: str | None) -> bool:
    """A word of one kind cannot stand for a body of another (a media outlet is a company,
    never a ministry)."""
    if word_kind is None or body is None:
        return False
    if word_kind == COMPANY:
        return body == STATE
    return body in (COMPANY, MEDIA)


def pick_body(word_kind: str | None, bodies: list[tuple[EntityMention, str | None]]) -> EntityMention | None:
    """Of organisations nearest first with their kinds: the nearest that does not clash with
    the word's kind, else none."""
    return next((m for m, body in bodies if not clashes(word_kind, body)), None)
