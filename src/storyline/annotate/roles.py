"""Roles of persons from appositions: "президент Казахстана Касым-Жомарт Токаев".

A role is a noun phrase right before a person's name (or right after it,
between commas) that starts with a role noun: "глава Госкомитета национальной
безопасности", "премьер-министр Армении и председатель ОДКБ". We walk from the
name outwards over nouns, adjectives, names of places and organisations, "и",
the prepositions of a role's complement ("министр по делам религии", "посол
России в США") and parentheses ("Общества защиты народов (GfbV)"), stop at
anything else (a verb, another preposition, punctuation, another person), and
keep the phrase from the outermost role noun on. The role noun
list is closed on purpose: an open rule ("any noun phrase before a name")
turned "заседании кабинета министров" and "обращение президента" into roles.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.annotate.ner_rules import Span, Tokens
from storyline.annotate.nlp import ParsedToken, word_grammemes

# Heads of roles in news text: offices, ranks, occupations that precede names.
# Coverage check: the head noun of 80% of NEREL dev PROFESSION spans is listed
# (was 66% before the second half of the list was added from that check); the
# rest are one-off occupations ("швея", "егерь") and adjectival heads.
ROLE_HEADS = frozenset(
    """
    президент премьер премьер-министр министр замминистра вице-премьер вице-президент канцлер
    глава председатель зампред заместитель спикер депутат сенатор член парламентарий
    губернатор мэр градоначальник аким посол генсек секретарь пресс-секретарь советник помощник
    представитель руководитель директор гендиректор замдиректора начальник командующий главком
    лидер основатель владелец совладелец управляющий президент-элект экс-президент экс-премьер
    король королева принц принцесса император императрица кронпринц монарх шейх эмир султан
    папа патриарх митрополит епископ архиепископ муфтий имам раввин священник
    генерал полковник подполковник майор капитан лейтенант адмирал маршал сержант
    прокурор генпрокурор судья адвокат следователь омбудсмен уполномоченный
    журналист корреспондент редактор главред обозреватель блогер публицист
    политик политолог аналитик экономист эксперт социолог историк юрист
    активист правозащитник оппозиционер лидер-оппозиционер
    писатель поэт режиссер режиссёр актер актёр актриса певец певица музыкант композитор художник
    тренер футболист хоккеист теннисист спортсмен чемпион игрок нападающий защитник вратарь
    бизнесмен предприниматель миллиардер банкир инвестор олигарх
    ученый учёный профессор академик врач главврач доктор инженер исследователь изобретатель психолог
    сотрудник чиновник офицер дипломат консул госсекретарь зампредседателя шеф менеджер босс
    полицейский пограничник солдат боец рядовой кардинал князь княгиня герцог герцогиня
    артист вокалист рэпер пианист дирижер дирижёр боксер боксёр гроссмейстер шахматист пилот астронавт космонавт
    переговорщик посредник переводчик комиссар еврокомиссар партнер партнёр
    христианин христианка мусульманин мусульманка гражданин гражданка уроженец уроженка
    инфекционист вирусолог эпидемиолог иммунолог
    конгрессмен конгрессвумен законодатель кандидат
    """.split()
)
# The last lines (negotiators, faith, citizenship) were added from the bsnlp-ru brexit
# and asia_bibi topics ("главный переговорщик ЕС Мишель Барнье", "христианку Асию Биби");
# the medical specialists from covid-19 ("украинский инфекционист … Федор Лапий"); the
# last line from us_election_2020 ("чернокожий конгрессмен Хаким Джеффрис").
# Kinship nouns name a role only with their relative between them and the name ("Муж
# Биби Ашок Крист", "Супруг христианки Ашик Масих") and in the name's own case: right
# before a name ("мужу Асии Биби") the name is the relative, and a mistagged case would
# hand the wife the husband's role (why they were first left out).
KINSHIP_HEADS = frozenset(
    """муж супруг супруга жена вдова вдовец сын дочь брат сестра отец мать
    зять невестка тесть теща тёща свекор свёкор свекровь внук внучка племянник племянница
    дядя тетя тётя дед дедушка бабушка""".split()
)  # the in-laws and the wider family: "зять президента Джаред Кушнер" (us_election_2020)

# Prepositions that open a role's complement ("министр по Brexit", "уполномоченный при
# президенте", "посол в США", "выходец из …"); never right before the name itself.
ROLE_PREPOSITIONS = frozenset({"по", "при", "в", "из", "с"})  # `уполномоченный … по сотрудничеству с Россией`
# Quote marks inside a role hold an organisation's name: `Глава «Газпрома» Алексей Миллер`.
QUOTE_MARKS = frozenset({"«", "»", '"', "„", "“", "”"})
# Pronominal adjectives never belong to a role: "Сам президент", "его советник".
PRONOMINAL = frozenset({"Apro", "NPRO"})
MAX_ROLE_TOKENS = 12


def _is_role_head(token: ParsedToken) -> bool:
    lemma = token.lemma.lower()
    if lemma in ROLE_HEADS or lemma in KINSHIP_HEADS:
        return True
    prefix, _, rest = lemma.partition("-")
    if rest and prefix in ROLE_HEADS:
        return True  # a compound on a role head: "врач-инфекционист", "юрист-международник"
    return bool(rest) and prefix in ("экс", "вице", "и.о", "врио") and rest in ROLE_HEADS


def _is_pronominal(token: ParsedToken) -> bool:
    return any(a & PRONOMINAL for a in word_grammemes(token.text.lower())[:1])


def _chain_member(token: ParsedToken) -> bool:
    if _is_pronominal(token):
        # a genitive determiner inside a complement ("патриарх Московский и всея Руси
        # Кирилл"); a role starts at its head, so one before the head is cut off anyway
        return token.pos == "DET" and token.feats.get("Case") == "Gen"
    return token.pos in ("NOUN", "ADJ", "PROPN") or token.pos == "CCONJ" and token.text.lower() == "и"


def role_before(span: Span, toks: Tokens, entity_at: dict[int, Span]) -> list[ParsedToken]:
    """Tokens of the role right before a person's name, or [] (a parenthesis is skipped,
    and `_join` later keeps its text: "директор Общества (GfbV)")."""
    i = toks.index_at(span.start) - 1
    chain: list[ParsedToken] = []
    while i >= 0 and len(chain) < MAX_ROLE_TOKENS:
        token = toks.tokens[i]
        if not toks.same_sentence(token.start, span.start):
            break
        if token.text == ")":
            opening = _parenthesis_start(toks, i)
            if opening is None:
                break
            i = opening - 1
            continue
        owner = entity_at.get(token.start)
        name = toks.inside(span.start, span.end)
        if owner is not None and owner.type == "PER":
            # `Советник президента США Дональда Трампа по нацбезопасности Джон Болтон`: a
            # person in the genitive before a name in another case is part of its role.
            inner = toks.inside(owner.start, owner.end)
            if not (inner and name and _genitive_dependent(inner[0], name[0])):
                break
            chain[:0] = inner
            i = toks.index_at(owner.start) - 1
            continue
        if token.text in QUOTE_MARKS:
            chain.insert(0, token)
            i -= 1
            continue
        if owner is None and not _chain_member(token) and not (chain and _role_preposition(token)):
            break
        chain.insert(0, token)
        i -= 1
    name = toks.inside(span.start, span.end)
    role = _strip_marks(_from_outermost_head(chain, name[0] if name else None))
    if role and role[0] is chain[0] and i >= 1 and toks.tokens[i].text == ",":
        role = _coordinated_role(toks, i, role, span) + role
    return role


def _coordinated_role(toks: Tokens, comma: int, role: list[ParsedToken], span: Span) -> list[ParsedToken]:
    """ "украинский инфекционист, бывший эксперт ГЭЦ при Минздраве Федор Лапий": a role
    ending right before the comma, its head in the case of the role after it, is the same
    person's first role (the tokens returned include the comma). Anything else before
    the comma ("встретился с президентом, министр …") is left alone."""
    head = next((t for t in role if _is_role_head(t)), None)
    before = toks.tokens[comma - 1]
    if (
        head is None
        or not _is_role_head(before)
        or before.lemma.lower() in KINSHIP_HEADS
        or before.feats.get("Case") != head.feats.get("Case")
        or before.feats.get("Number") == "Plur"
    ):
        return []
    k = comma - 1
    while (
        k > 0
        and comma - k < MAX_ROLE_TOKENS
        and toks.same_sentence(toks.tokens[k - 1].start, span.start)
        and _agreeing_adjective(toks.tokens[k - 1], before)
    ):
        k -= 1
    return list(toks.tokens[k : comma + 1])


def _genitive_dependent(word: ParsedToken, name: ParsedToken) -> bool:
    return word.feats.get("Case") == "Gen" and name.feats.get("Case") not in (None, "Gen")


def _strip_marks(chain: list[ParsedToken]) -> list[ParsedToken]:
    """No unpaired quote mark at a role's edges."""
    while chain and chain[0].text in QUOTE_MARKS:
        chain = chain[1:]
    while chain and chain[-1].text in QUOTE_MARKS and sum(t.text in QUOTE_MARKS for t in chain) % 2:
        chain = chain[:-1]
    return chain


def _role_preposition(token: ParsedToken) -> bool:
    return token.pos == "ADP" and token.text.lower() in ROLE_PREPOSITIONS


def _parenthesis_start(toks: Tokens, close: int) -> int | None:
    """Index of the `(` that the `)` at `close` closes, within a few tokens."""
    for k in range(close - 1, max(-1, close - MAX_ROLE_TOKENS), -1):
        if toks.tokens[k].text == "(":
            return k
        if toks.tokens[k].text in (")", ".", "!", "?"):
            return None
    return None


def role_after(span: Span, toks: Tokens, entity_at: dict[int, Span]) -> list[ParsedToken]:
    """Tokens of a role in commas right after a name ("Никол Пашинян, премьер-министр Армении,")."""
    i = toks.index_at(span.end)
    while i < len(toks.tokens) and toks.tokens[i].start < span.end:
        i += 1
    capacity = _capacity_words(toks.tokens, i)
    if capacity:
        return _capacity_role(span, toks, entity_at, i + capacity)
    if i + 1 >= len(toks.tokens) or toks.tokens[i].text not in (",", "("):
        return []
    j = i + 1 + _office_words(toks.tokens, i + 1)
    if j >= len(toks.tokens) or not _is_role_head(toks.tokens[j]):
        return []  # `Никол Пашинян, премьер-министр …,` or `Майку Помпео (госсекретарю США)`
    bracketed = toks.tokens[i].text == "("
    chain: list[ParsedToken] = []
    while j < len(toks.tokens) and len(chain) < MAX_ROLE_TOKENS:
        token = toks.tokens[j]
        if not toks.same_sentence(token.start, span.start):
            break
        owner = entity_at.get(token.start)
        if owner is not None and owner.type == "PER":
            relative = _relative_after(chain, toks, owner)
            if not relative:
                break
            chain.extend(relative)  # "Эрик Трамп, сын Дональда Трампа.": the kin's relative
            j += len(relative)
            continue
        if owner is None and not _chain_member(token) and not (chain and _role_preposition(token)):
            break  # a complement may hold a preposition: "глава отдела … в Министерстве здравоохранения"
        chain.append(token)
        j += 1
    if j < len(toks.tokens) and toks.tokens[j].text not in (
        (")",) if bracketed else (",", ".", ")", "—", ";", "»")
    ):
        return []  # the phrase runs into a clause: "…, глава которого заявил"
    while chain and chain[-1].pos in ("CCONJ", "ADP"):
        chain.pop()
    return chain


def _relative_after(chain: Sequence[ParsedToken], toks: Tokens, owner: Span) -> list[ParsedToken]:
    """The tokens of a person in the genitive right after a lone kinship head ("сын
    Дональда Трампа"): that relative is the role's complement. [] for anyone else."""
    if len(chain) != 1 or chain[0].lemma.lower() not in KINSHIP_HEADS:
        return []
    inner = toks.inside(owner.start, owner.end)
    return inner if inner and inner[0].feats.get("Case") == "Gen" else []


# "поддержали Камалу Харрис в качестве следующего вице-президента": the office a person
# is named to after "в качестве" is that person's role (adjectives before its head,
# "следующего", "нового", are left out of it).
CAPACITY_PREPOSITION = "в"
CAPACITY_NOUN = "качество"
# Adjectives between "в качестве" and the role's head: "в качестве нового главы".
MAX_CAPACITY_ADJECTIVES = 2


def _capacity_words(tokens: Sequence[ParsedToken], k: int) -> int:
    """2 when tokens[k:] open with "в качестве", else 0."""
    if (
        k + 1 < len(tokens)
        and tokens[k].text.lower() == CAPACITY_PREPOSITION
        and tokens[k + 1].lemma.lower() == CAPACITY_NOUN
    ):
        return 2
    return 0


def _capacity_role(span: Span, toks: Tokens, entity_at: dict[int, Span], j: int) -> list[ParsedToken]:
    """The role after "NAME в качестве": its head (past a few adjectives) and the head's complement."""
    skipped = 0
    while j < len(toks.tokens) and toks.tokens[j].pos == "ADJ" and skipped < MAX_CAPACITY_ADJECTIVES:
        j, skipped = j + 1, skipped + 1
    if j >= len(toks.tokens) or not _is_role_head(toks.tokens[j]):
        return []
    chain: list[ParsedToken] = []
    while j < len(toks.tokens) and len(chain) < MAX_ROLE_TOKENS:
        token = toks.tokens[j]
        owner = entity_at.get(token.start)
        if not toks.same_sentence(token.start, span.start) or (owner is not None and owner.type == "PER"):
            break
        if owner is None and not _chain_member(token):
            break
        chain.append(token)
        j += 1
    while chain and chain[-1].pos == "CCONJ":
        chain.pop()
    return chain


# pymorphy2's mark of a word spelt alike in every case ("Нэнси", "Биби").
INDECLINABLE = "Fixd"
# UD case names and pymorphy2's, for a name the tagger gave the wrong case.
PYMORPHY_CASE = {"Nom": "nomn", "Gen": "gent", "Acc": "accs", "Dat": "datv", "Ins": "ablt", "Loc": "loct"}


# "Джереми Хант, ранее занимавший пост министра здравоохранения,": the office after
# "занимать пост / должность" is the person's role (a former one, as the text says).
OFFICE_VERBS = frozenset({"занимать", "занять"})
OFFICE_NOUNS = frozenset({"пост", "должность"})


def _office_words(tokens: Sequence[ParsedToken], k: int) -> int:
    """How many tokens from `k` say "(ранее) занимавший пост": 0 when they do not."""
    n = 1 if k < len(tokens) and tokens[k].pos == "ADV" else 0
    if (
        k + n + 1 < len(tokens)
        and tokens[k + n].lemma.lower() in OFFICE_VERBS
        and tokens[k + n + 1].lemma.lower() in OFFICE_NOUNS
    ):
        return n + 2
    return 0


def _agrees_with_name(head: ParsedToken, name: ParsedToken | None) -> bool:
    """An apposition agrees with the name in case: "кабинета министров Садыр Жапаров" gives no role.
    The tagger's case of a foreign or animate name is often the wrong one of its forms
    ("на министра … Фавада Чаудхри" tagged Nom, "главу … Дитера Кемпфа" tagged Gen: an
    animate accusative is spelt as the genitive), so a person's reading of the name in
    the head's case also agrees."""
    if name is None or "Case" not in name.feats or "Case" not in head.feats:
        return True
    if head.feats.get("Number") == "Plur":
        return False
    if head.feats["Case"] == name.feats["Case"]:
        return True
    readings = [
        t for t in word_grammemes(name.text.lower()) if ("anim" in t or "Name" in t) and "plur" not in t
    ]
    case, tagged = PYMORPHY_CASE.get(head.feats["Case"]), PYMORPHY_CASE.get(name.feats["Case"])
    if not any(case in t for t in readings):
        return False
    if any(INDECLINABLE in t for t in readings):
        return (
            True  # "под спикером нижней палаты Нэнси Пелоси": the tagger's case of a fixed form says nothing
        )
    # the tagger's case is none of the name's readings, or it is the genitive an animate
    # accusative is spelt as; a case the name can have ("адвокату Асии Биби") stands
    return not any(tagged in t for t in readings) or {case, tagged} == {"accs", "gent"}


def _from_outermost_head(chain: Sequence[ParsedToken], name: ParsedToken | None) -> list[ParsedToken]:
    heads = [
        k
        for k, t in enumerate(chain)
        if _is_role_head(t) and _agrees_with_name(t, name) and _kin_ok(chain, k, name)
    ]
    if not heads:
        return []
    k = heads[0]
    while k > 0 and _agreeing_adjective(chain[k - 1], chain[heads[0]]):
        k -= 1
    out = list(chain[k:])
    if out and out[-1].pos == "ADP":
        return []  # "встретился президент с …": the name is the preposition's object
    while out and out[-1].pos == "CCONJ":
        out.pop()
    return out


def _kin_ok(chain: Sequence[ParsedToken], k: int, name: ParsedToken | None) -> bool:
    """A kinship head needs its relative after it in the chain and the name's exact case."""
    head = chain[k]
    if head.lemma.lower() not in KINSHIP_HEADS:
        return True
    return (
        k < len(chain) - 1
        and name is not None
        and head.feats.get("Case") is not None
        and head.feats.get("Case") == name.feats.get("Case")
    )


def _agreeing_adjective(token: ParsedToken, head: ParsedToken) -> bool:
    """An adjective in the head's case that pymorphy2 also reads as one ("первого президента")."""
    if token.pos != "ADJ" or token.feats.get("Case") != head.feats.get("Case"):
        return False
    return any(a & {"ADJF", "PRTF"} for a in word_grammemes(token.text.lower()))


def role_head_lemmas(tokens: Sequence[ParsedToken]) -> set[str]:
    return {t.lemma.lower() for t in tokens if _is_role_head(t)}
