"""Sentence compression for timeline events and titles: keep who did what.

Only deletions that leave grammatical Russian: discourse openers ("Между
тем", "Кроме того"), attributions ("По словам X,", "X сообщил, что"),
parentheticals, relative clauses (", который …"), and a leading
circumstance ("На фоне протестов, …"). A sentence still too long is cut at a
clause boundary, never inside a word or an open quotation.
"""

from __future__ import annotations

import re

# Longest event text. News leads run 120–200 characters; 180 keeps the
# predicate and its object for 90% of the seed and bsnlp event sentences
# while a timeline line still fits two terminal rows.
MAX_CHARS = 180
MIN_CHARS = 25  # a compression shorter than this lost the event; keep more

_OPENERS = re.compile(
    r"^(?:между тем|кроме того|кроме этого|помимо этого|также|тогда же|тогда|однако|при этом|так|"
    r"позже|затем|потом|сначала|в итоге|тем временем|напомним|впрочем|в свою очередь|в то же время|"
    r"в ту же ночь|в тот же день|в этот день|в тот день|сегодня|вчера|накануне|"
    # a coordinating conjunction that tied the sentence to the one before: "И нарушения сохраняются …"
    r"и|а|но)\s*,?\s+",
    re.IGNORECASE,
)
_ATTRIBUTION_LEAD = re.compile(
    r"^(?:по (?:словам|данным|информации|мнению|сообщению|сведениям)|как (?:сообщил\w*|заявил\w*|"
    r"отметил\w*|сообщает|пишет))\s[^,]{1,80},\s*",
    re.IGNORECASE,
)
# Only impersonal reporting frames: dropping "Бекешев сказал, что" would leave
# a clause without its subject ("понял бы …"), dropping "стало известно, что" does not.
_REPORTING = re.compile(
    r"^[^,«»]{0,100}?\b(?:стало известно|известно|сообщается|сообщалось|говорится|"
    r"(?:сообщили|заявили|отметили|рассказали|подтвердили|объявили)\s+в\s+[^,]{1,40})"
    r"\s*,\s+что\s+",
    re.IGNORECASE,
)
# A personal reporting frame may go when the reported clause opens with a name
# of its own ("…сообщила, что Садыр Жапаров подписал указ"): the clause keeps its subject.
_REPORTING_NAMED = re.compile(
    r"^[^,«»]{0,100}?\b(?:сообщил\w*|сообщает|заявил\w*|заявляет|отметил\w*|рассказал\w*|"
    r"подтвердил\w*|объявил\w*|уточнил\w*)\s*,\s+что\s+(?=[А-ЯЁA-Z])"
)
# Only a channel of news may go with its frame ("Пресс-служба президента сообщила, что
# Садыр Жапаров подписал указ"): a person's or a government's frame says whose claim the
# clause is ("Меркель заявила, что ФРГ не станет зависимой …" is Merkel's word, not a fact).
_CHANNEL = re.compile(
    r"(?:пресс-служб|пресс-центр|агентств|издани|газет|сми\b|источник|телеканал|портал|сайт|журнал|радио)",
    re.IGNORECASE,
)
_CIRCUMSTANCE = re.compile(
    r"^(?:на фоне|из-за|после|в ходе|во время|в результате|несмотря на|в связи с|по итогам)\s[^,]{1,90},\s*",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\s*\([^()]*[^\W\d_][^()]*\)")  # only brackets holding words, not "(772)"
# ", в котором", ", где": what opens a relative clause.
_RELATIVE_START = r",\s*(?:(?:в|на|с|из|к|по|о|для|от|у|за|при|согласно)\s+)?(?:котор\w+|где|куда|откуда)\b"
_RELATIVE = re.compile(_RELATIVE_START + r"[^,;:—.!?]*,?", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# Endings of participles and adjectives: such a word after a comma continues a phrase, not the main clause.
_ADJECTIVAL = (
    "ий",
    "ый",
    "ой",
    "ая",
    "яя",
    "ое",
    "ее",
    "ые",
    "ие",
    "ых",
    "их",
    "ую",
    "юю",
    "ым",
    "им",
    "ого",
    "его",
    "ому",
    "ему",
    "ыми",
    "ими",
    "хся",
    "йся",
    "яся",
    "еся",
    "юся",
    "мся",
)


def _imbalance(text: str) -> tuple[int, int]:
    return (text.count("«") - text.count("»"), text.count("(") - text.count(")"))


def _balanced(text: str, whole: str = "") -> bool:
    """No quotation or bracket left open that `whole` (the sentence) had closed."""
    limit = _imbalance(whole)
    got = _imbalance(text)
    return all(g <= max(0, lim) and g >= min(0, lim) for g, lim in zip(got, limit, strict=True))


def _finish(text: str) -> str:
    text = _SPACES.sub(" ", text).strip(" ,;:—–-")
    if not text:
        return text
    text = text[0].upper() + text[1:]
    if text[-1] not in '.!?…»"':
        text += "."
    elif text[-1] in '»"' and not text.endswith((".»", "!»", "?»")):
        text += "."
    return text


def _has_verb(fragment: str, verbs: frozenset[str]) -> bool:
    return any(w in verbs for w in re.findall(r"\w+", fragment.lower()))


def _strip(pattern: re.Pattern[str], text: str, whole: str, verbs: frozenset[str] | None = None) -> str:
    """Apply one deletion if enough of the sentence survives it. `verbs` guards the
    deletions that could take the main clause with them (see below)."""
    m = pattern.search(text)
    if m is None:
        return text
    if pattern is _CIRCUMSTANCE and verbs is not None and _has_verb(m.group(0), verbs):
        return text  # "На фоне протестов правительство ушло в отставку," is the main clause
    replacement = " " if m.group(0).endswith(",") and m.start() > 0 else ""
    if pattern is _RELATIVE and m.group(0).endswith(","):
        # An embedded clause may go only if the main clause resumes with its
        # verb after it ("организация, в которую входит X, направит"); otherwise
        # the comma may open a participle phrase the clause governs.
        following = re.match(r"\s*(\w+)", text[m.end() :])
        word = following.group(1).lower() if following else ""
        if verbs is None or word not in verbs or word.endswith(_ADJECTIVAL):  # "находящихся" is a participle
            return text
    shorter = text[: m.start()] + replacement + text[m.end() :]
    return shorter if len(shorter) >= MIN_CHARS and _balanced(shorter, whole) else text


_RELATIVE_OPENER = re.compile(_RELATIVE_START, re.IGNORECASE)


def _relative_clauses(text: str, verbs: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of relative clauses: from ", в котором" to the comma where the main clause
    resumes with one of its verbs ("организация, в которую входит X, направит"), else
    to the end ("сообщение, в котором призвало кыргызстанцев, находящихся в …")."""
    spans = []
    for opener in _RELATIVE_OPENER.finditer(text):
        end = len(text)
        for comma in re.finditer(r",\s*(\w+)", text[opener.end() :]):
            word = comma.group(1).lower()
            if word in verbs and not word.endswith(_ADJECTIVAL):
                end = opener.end() + comma.start()
                break
        spans.append((opener.start(), end))
    return spans


def _cut(text: str, limit: int, whole: str, verbs: frozenset[str]) -> str:
    """Cut at the last clause boundary before `limit` that leaves balanced quotes
    and a main-clause verb (when the verbs are known)."""
    if len(text) <= limit:
        return text
    inside = _relative_clauses(text, verbs)
    for m in sorted(
        re.finditer(r"[,;:—–]\s(?!(?:что|чтобы|как|если|когда|ли)\b)", text[:limit]), key=lambda m: -m.start()
    ):
        head = text[: m.start()]
        if any(start < m.start() < end for start, end in inside):
            continue  # a cut there keeps a relative clause's start and loses its point
        if len(head) >= MIN_CHARS and _balanced(head, whole):
            if not verbs or _has_verb(_RELATIVE.sub("", head), verbs):
                return head
    words = text[:limit].rsplit(" ", 1)[0]
    # a bracket left open goes with its words; an open quotation is closed below instead
    # (shrinking to balance it left «Что касается нашей активности относительно…»)
    while _imbalance(words)[1] > max(0, _imbalance(whole)[1]) and " " in words and len(words) > MIN_CHARS * 2:
        words = words.rsplit(" ", 1)[0]
    opened = max(0, _imbalance(words)[0] - max(0, _imbalance(whole)[0]))
    return words + "…" + "»" * opened  # a quotation cut short is still closed


# A speaker named after what they said ("…», — заявила Мария Захарова.", "…, сказала
# Ананьева."): the attribution after the last comma or dash, a past verb form and at most
# this many characters after it. A cut keeps it, since it names who acted.
TAIL_CHARS = 70
_SPEAKER_TAIL = re.compile(
    rf"(?:,\s*[—–-]?|\s[—–-])\s*(?P<verb>[а-яё]+)\s+[^,;:—–]{{1,{TAIL_CHARS}}}?[.!?]?$", re.IGNORECASE
)
_PAST_FORM = ("л", "ла", "ло", "ли", "лся", "лась", "лись", "ес", "ёс", "ез", "ёз")  # "произнёс", "привёз"


# After a dash the attribution may run on with a clause of its own ("…», — произнес Маас на
# встрече с журналистами, которая состоялась 18 января."), up to this many characters.
DASH_TAIL_CHARS = 110
_DASH_TAIL = re.compile(
    rf"(?:,\s*[—–-]|\s[—–-])\s*(?P<verb>[а-яё]+)\s+[^—–«»]{{1,{DASH_TAIL_CHARS}}}?[.!?]?$", re.IGNORECASE
)


def speaker_tail(text: str, verbs: frozenset[str]) -> int | None:
    """Where a trailing attribution with a past verb of the sentence starts, if any."""
    m = _SPEAKER_TAIL.search(text)
    if m is None or m.start() == 0 or m.group("verb").lower() not in verbs:
        m = _DASH_TAIL.search(text)
    if m is None or m.start() == 0:
        return None
    verb = m.group("verb").lower()
    if verb not in verbs or not verb.endswith(_PAST_FORM):
        return None
    return m.start()


def compress(
    sentence: str, verbs: frozenset[str] = frozenset(), limit: int = MAX_CHARS, *, keep_relative: bool = False
) -> str:
    """The core of a sentence, as readable Russian of at most `limit` characters.

    `verbs` are the sentence's verb forms (lowercased): a leading circumstance
    ("На фоне протестов,") is dropped only if it holds none of them.
    `keep_relative` keeps relative clauses (a title needs "указ, согласно
    которому в Казахстан направят миротворцев")."""
    whole = _SPACES.sub(" ", sentence).strip()
    text = whole
    for _ in range(3):  # openers can stack: "Между тем, по словам X, …"
        before = text
        text = _strip(_OPENERS, text, whole)
        text = _strip(_ATTRIBUTION_LEAD, text, whole)
        text = _strip(_REPORTING, text, whole)
        framed = _REPORTING_NAMED.search(text)
        if framed is not None and _CHANNEL.search(framed.group(0)):
            text = _strip(_REPORTING_NAMED, text, whole)
        text = _strip(_CIRCUMSTANCE, text, whole, verbs)
        if text == before:
            break
    while True:
        shorter = _strip(_PARENS, text, whole)
        if not keep_relative:
            shorter = _strip(_RELATIVE, shorter, whole, verbs)
        if shorter == text:
            break
        text = shorter
    text = text.rstrip(" .")
    if len(text) + 1 <= limit:  # fits with its full stop
        return _finish(text)
    tail = speaker_tail(text, verbs)
    if tail is not None:  # shorten what was said, keep who said it
        head, said_by = text[:tail], text[tail:]
        room = limit - 3 - len(said_by)
        if room >= MIN_CHARS * 2:
            return _finish(_cut(head, room, head, verbs) + said_by)
    return _finish(_cut(text, limit - 3, whole, verbs))  # room for "…»" and the final stop
