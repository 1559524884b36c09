"""What a figure counts: the item (normalised) and the action it is counted in.

"150 военных", "150 военнослужащих" and "личный состав из 150 человек" count
the same thing; "8 единиц бронетехники" counts бронетехника, not единицы; "26
убиты" and "18 ранены" count different things. The ledger groups figures by
subject and these keys, and shows a readable measure ("военнослужащие —
направят в Казахстан").
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.model import QuantityMention, Token
from storyline.story.features import CLAUSE_BREAKS, SentenceInfo, clause_of, governing_verb, token_index_at

# One lemma per counted kind; news uses these interchangeably.
ITEM_SYNONYMS = {
    "военный": "военнослужащий",
    "солдат": "военнослужащий",
    "боец": "военнослужащий",
    "миротворец": "военнослужащий",
    "авто": "автомобиль",
    "машина": "автомобиль",
    "люди": "человек",
    "убитый": "погибший",
    "жертва": "погибший",
    "раненый": "пострадавший",
    "раненный": "пострадавший",
    "травмированный": "пострадавший",
    "митингующий": "протестующий",
    "демонстрант": "протестующий",
    # currencies by their abbreviations and signs ("2,6 млрд долл." = "2,56 млрд долларов")
    "долл": "доллар",
    "дол": "доллар",
    "$": "доллар",
    "usd": "доллар",
    "€": "евро",
    "eur": "евро",
    "руб": "рубль",
    # units written as words or abbreviations ("55 млрд куб. м." = "55 млрд кубометров",
    # "30 км" = "30 километров", "10%" = "10 процентов"): one item, so the reports compare
    "куб": "кубометр",
    "м3": "кубометр",
    "м³": "кубометр",
    "километр": "км",
    "%": "процент",
    "нить": "нитка",
}
# Counting words whose head is the next noun: "8 единиц бронетехники".
CLASSIFIERS = frozenset({"единица", "штука", "ед", "шт", "экземпляр", "партия", "комплект"})
# Items that say only "people": merged into a more specific count of the same subject and action.
GENERIC_ITEMS = frozenset({"человек"})
# Figures that are spans of time, not counts of a happening's things.
TIME_ITEMS = frozenset({"год", "месяц", "неделя", "день", "сутки", "час", "минута", "секунда", "век"})
# One lemma per kind of action a figure is counted in.
ACTION_SYNONYMS = {
    "отправить": "направить",
    "послать": "направить",
    "перебросить": "направить",
    "выделить": "направить",
    "отправлять": "направить",
    "направлять": "направить",
    "ввести": "направить",
    "убить": "погибнуть",
    "гибнуть": "погибнуть",
    "ликвидировать": "погибнуть",
    "скончаться": "погибнуть",
    "ранить": "пострадать",
    "травмировать": "пострадать",
    "арестовать": "задержать",
    "задерживать": "задержать",
    "арестовывать": "задержать",
    "высказывать": "высказать",
    "согласиться": "высказать",
}
# Actions whose "в X" is a destination ("направят в Казахстан"), not a place ("погиб в Алматы").
MOTION_ACTIONS = frozenset(
    {"направить", "прибыть", "вернуться", "эвакуировать", "доставить", "вывести", "переехать"}
)
# Nouns that do not take a plural in a measure ("бронетехника", not "бронетехники").
MASS_ENDINGS = ("техника", "помощь", "продукция", "топливо", "газ", "нефть", "зерно", "вооружение")
INDECLINABLE = frozenset({"евро", "кофе", "метро", "кино", "такси", "пальто", "шоссе", "кафе", "интервью"})
IRREGULAR_PLURALS = {"человек": "люди", "ребенок": "дети", "год": "годы", "день": "дни", "друг": "друзья"}


def pluralise(lemma: str) -> str:
    """Nominative plural of a noun lemma, by the regular endings (no dictionary at this layer)."""
    if lemma in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[lemma]
    if lemma.endswith(MASS_ENDINGS) or lemma in INDECLINABLE:
        return lemma
    if len(lemma) <= 4 and not any(ch in "аеёиоуыэюя" for ch in lemma[-2:]):
        return lemma  # an abbreviation: "км", "млн", "долл", "%"
    hush = "гкхжшчщ"
    if lemma.endswith(("ый", "ой")):
        return lemma[:-2] + "ые"
    if lemma.endswith("ий"):
        return lemma[:-2] + "ие"
    if lemma.endswith("ец") and len(lemma) > 4:
        return lemma[:-2] + "цы"
    if lemma.endswith(("ь", "я", "й")):
        return lemma[:-1] + "и"
    if lemma.endswith("а"):
        return lemma[:-1] + ("и" if lemma[-2:-1] in hush else "ы")
    if lemma.endswith("о"):
        return lemma[:-1] + "а"
    if lemma.endswith("е"):
        return lemma[:-1] + "я"
    if lemma[-1:].isalpha():
        return lemma + ("и" if lemma[-1] in hush else "ы")
    return lemma


@dataclass
class Measure:
    item: str | None  # canonical item lemma
    action: str | None  # canonical action lemma
    action_text: str | None  # the verb as written ("направят")
    destination: str | None  # "в Казахстан"


def _norm(word: str | None) -> str | None:
    return word.lower().replace("ё", "е") if word else None


def item_of(q: QuantityMention, s: SentenceInfo) -> str | None:
    item = _norm(q.item)
    if item in CLASSIFIERS or item is None:
        i = token_index_at(s.tokens, q.end)
        if i is not None:
            for tok in s.tokens[i : i + 2]:
                if tok.pos == "NOUN" and tok.start >= q.end - 1:
                    return ITEM_SYNONYMS.get(_norm(tok.lemma) or "", _norm(tok.lemma))
        if item in CLASSIFIERS:
            return item
    return ITEM_SYNONYMS.get(item, item) if item else None


def _destination(tokens: list[Token], verb: Token, s: SentenceInfo) -> str | None:
    """ "в Казахстан" after a motion verb: a LOC name in the accusative ("в Казахстане" is a place, not a goal)."""
    for m in s.entities:
        if m.type != "LOC" or m.start < verb.start - 60:
            continue
        before = s.text[: m.start - s.start].rstrip().rsplit(" ", 1)[-1].lower()
        if before not in ("в", "во", "на"):
            continue
        surface = m.text.lower()
        name = (m.name or m.text).lower()
        if surface == name or surface.endswith(("ю", "у")):
            return f"{before} {m.text}"
    return None


def same_word(verb_lemma: str, item: str | None) -> bool:
    """ "задержать" and "задержанный" are one word (verb and its participle)."""
    if not item:
        return False
    stem = verb_lemma[:-3] if verb_lemma.endswith(("ать", "ять", "ить", "еть")) else verb_lemma
    return len(stem) >= 4 and item.startswith(stem)


def _parsed_governor(q: QuantityMention, s: SentenceInfo) -> Token | None:
    """The verb the dependency parse hangs the figure from, when the annotator parsed it."""
    if q.governor_start is None or any(q.start <= t.start < q.end and t.pos == "VERB" for t in s.tokens):
        return None  # "18 ранены": the figure's own participle says what it counts
    i = token_index_at(s.tokens, q.start)
    if i is None:
        return None
    # only inside the figure's clause: "убиты 26, 18 ранены" is two happenings
    return next((t for t in clause_of(s.tokens, i) if t.start == q.governor_start and t.pos == "VERB"), None)


# A verbless insertion between commas ("в общей сложности", "по данным полиции", "как
# минимум") is at most this many tokens; past it a comma-clause is an enumeration or
# an apposition of its own. Reasoned: the insertions seen in bsnlp-ru are two to four
# words, and a longer verbless clause before a figure is as often a list of places.
INSERTION_TOKENS = 4


def _verb_across_insertion(q: QuantityMention, s: SentenceInfo) -> Token | None:
    """The verb of the clause before a figure's verbless clause when only a short
    verbless insertion parts them: "были задержаны, в общей сложности, 221 член"."""
    tokens = s.tokens
    i = token_index_at(tokens, q.start)
    if i is None or any(q.start <= t.start < q.end and t.pos == "VERB" for t in tokens):
        return None  # "задержанных 221": the figure's own participle says what it counts
    lo = i
    while lo > 0 and tokens[lo - 1].text not in CLAUSE_BREAKS:
        lo -= 1
    if lo < 2 or tokens[lo - 1].text != ",":
        return None
    insertion = clause_of(tokens, lo - 2)
    start = tokens.index(insertion[0])
    if len(insertion) > INSERTION_TOKENS or any(t.pos == "VERB" for t in insertion) or start < 2:
        return None
    if tokens[start - 1].text != ",":
        return None
    before = clause_of(tokens, start - 2)
    return next((t for t in reversed(before) if t.pos == "VERB"), None)


def measure_of(q: QuantityMention, s: SentenceInfo) -> Measure:
    item = item_of(q, s)
    if item in ATTRIBUTE_ITEMS:  # "51-летняя Асия Биби": the clause's verb is not about her age
        return Measure(item, None, None, None)
    if q.governor_start is not None and q.governor_start == q.subject_start:
        # the parse hangs the figure from its owner's name ("матери четырех детей Азии
        # Биби"): a trait of the person, whatever the clause's verb ("вынес") did
        return Measure(item, None, None, None)
    # The nearest verb of the figure's clause first (it also finds the figure's own
    # participle, "18 ранены"); the parse's governor when the clause has none of its own.
    verb = (
        governing_verb(s.tokens, q.start, whole_sentence=False, skip=(q.start, q.end))
        or _parsed_governor(q, s)
        or _verb_across_insertion(q, s)
    )
    own: Token | None = (
        None  # a verb that is the counted thing itself: "18 ранены", "задержанных более 3 тысяч"
    )
    if verb is not None and same_word(_norm(verb.lemma) or "", _norm(q.item)):
        own, verb = verb, None
    if verb is None:
        own = own or next((t for t in s.tokens if q.start <= t.start < q.end and t.pos == "VERB"), None)
        if own is None or same_word(_norm(own.lemma) or "", item):
            return Measure(item, None, None, None)
        lemma = _norm(own.lemma) or ""
        return Measure(item, ACTION_SYNONYMS.get(lemma, lemma), None, None)
    lemma = _norm(verb.lemma) or ""
    action = ACTION_SYNONYMS.get(lemma, lemma)
    destination = _destination(s.tokens, verb, s) if action in MOTION_ACTIONS else None
    return Measure(item, action, verb.text.lower(), destination)


# Figures that describe someone rather than count what happened (annotate/ages.py's item).
ATTRIBUTE_ITEMS = frozenset({"возраст"})
# Measures named in the singular: "возраст" (of a person), not "возрасты".
SINGULAR_MEASURES = ATTRIBUTE_ITEMS


def measure_text(
    item: str | None, action_text: str | None, destination: str | None, plural: str | None = None
) -> str:
    """ "военнослужащие — направят в Казахстан"; `plural` is the annotator's inflection of
    the item (better than `pluralise`'s endings: "голоса", "комментарии")."""
    if item in SINGULAR_MEASURES:
        head = item
    else:
        head = (plural or pluralise(item)) if item else "количество"
    if not action_text:
        return head
    return f"{head} — {action_text}" + (f" {destination}" if destination else "")
