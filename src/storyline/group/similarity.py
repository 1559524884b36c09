"""How close an article is to a thread or a story.

Every signal is a cosine in [0, 1] over IDF-weighted vectors (lemmas, title
lemmas, entities); time and figures then scale the blend. The weights and
limits live in `params.py` with their calibration notes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from storyline.group.features import Features, name_key
from storyline.group.params import Params, ThreadModel
from storyline.group.profile import Profile
from storyline.group.vocab import LOG_TABLE, Vocabulary


@dataclass
class Query:
    """An article ready for comparison: IDF applied once, reused against every candidate."""

    feats: Features
    tf: dict[str, float]  # log-tf, L2-normalised (what a profile accumulates)
    vec: dict[str, float]  # tf-idf, L2-normalised
    title: dict[str, float]
    entities: dict[str, float]
    dense: list[float] | None = None  # the optional embedder's unit vector
    # Day-aware quote keys (`Params.thread_quote_days`): the day the article reports
    # (`features.event_day`) and, per quote key of it that candidate threads hold, the
    # first day one of them said it. None: every shared key counts (the round-8 rule).
    quote_day: int | None = None
    quote_origin: dict[str, int] | None = None


def weighted(weights: dict[str, float], vocab: Vocabulary) -> dict[str, float]:
    # `Vocabulary.idf` inlined (the same operations in the same order, so the same floats):
    # this and `cosine` called it 2.6 million times in a bsnlp-ru ingest, a call each.
    df_get, log_docs, log_df, log = vocab.df.get, vocab.log_docs, vocab.log_df, math.log
    raw = {}
    for k, w in weights.items():
        if w > 0:
            df = df_get(k, 0)
            raw[k] = w * (log_docs - (log_df[df] if df < LOG_TABLE else log(df + 0.5)))
    norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
    return {k: v / norm for k, v in raw.items()}


def cosine(q: dict[str, float], profile: dict[str, float], vocab: Vocabulary) -> float:
    """`q` is already weighted and normalised; the profile is weighted here."""
    if not q or not profile:
        return 0.0
    df_get, log_docs, log_df, log, q_get = vocab.df.get, vocab.log_docs, vocab.log_df, math.log, q.get
    norm = 0.0
    dot = 0.0
    for k, w in profile.items():
        df = df_get(k, 0)  # `vocab.idf(k)`, inlined as in `weighted`
        v = w * (log_docs - (log_df[df] if df < LOG_TABLE else log(df + 0.5)))
        norm += v * v
        x = q_get(k)
        if x is not None:
            dot += x * v
    return dot / math.sqrt(norm) if norm else 0.0


def profile_cosine(a: dict[str, float], b: dict[str, float], vocab: Vocabulary) -> float:
    """Cosine of two profiles, both weighted here (used before a merge, which is rare)."""
    return cosine(weighted(a, vocab), b, vocab)


def core_cosine(q: Query, p: Profile, vocab: Vocabulary, linkage: str) -> float:
    """The article's lemma cosine with the thread, judged against the thread's core members
    (average linkage: the mean of the cosines with each of them) as well as against the
    summed profile; the smaller counts. A thread grown by chaining has a summed profile
    that resembles the whole topic, while its first members still say which happening it is.
    `linkage` "off" uses the summed profile alone (a profile stored without a core too)."""
    whole = cosine(q.vec, p.terms, vocab)
    if linkage == "off" or len(p.core) < 2:
        return whole
    each = [cosine(q.vec, member, vocab) for member in p.core]
    core = sum(each) / len(each) if linkage == "mean" else min(each)
    return min(whole, core)


def dense_cosine(unit: list[float], summed: list[float]) -> float:
    """Cosine of a unit vector with a profile's sum of unit vectors, floored at 0."""
    norm = math.sqrt(sum(x * x for x in summed))
    if not norm:
        return 0.0
    return max(0.0, sum(a * b for a, b in zip(unit, summed, strict=False)) / norm)


def figures_agree(a: set[str], b: dict[str, int]) -> float | None:
    """Share of the smaller side's figures found on the other side (5 % tolerance), None when either has too few."""
    if len(a) < 2 or len(b) < 2:
        return None
    small, large = (a, set(b)) if len(a) <= len(b) else (set(b), a)
    large_values = [float(x) for x in large]
    hits = 0
    for x in small:  # plain loops, not `any` over a generator: ~4 % of grouping's CPU was this
        v = float(x)
        size = abs(v)
        for w in large_values:
            if abs(v - w) <= 0.05 * max(size, abs(w)):
                hits += 1
                break
    return hits / len(small)


def dates_conflict(a: set[str], b: dict[str, int]) -> bool:
    """Both name day-precise event dates and none is shared (the 8 vs 16 November forecast)."""
    return bool(a) and bool(b) and not (a & set(b))


def numbers_disjoint(a: set[str], b: dict[str, int]) -> bool:
    """Both headlines state numbers and none matches within 5 % (121 vs 120 agree; 8 vs 16 do not)."""
    if not a or not b:
        return False
    for x in a:
        v = float(x)
        for y in b:
            w = float(y)
            if abs(v - w) <= 0.05 * max(abs(v), abs(w)):
                return False
    return True


def mentions_any(
    subjects: Mapping[str, str], entities: Mapping[str, float], terms: Iterable[str], title: Iterable[str]
) -> bool:
    """Does a side name any of these: the entity itself, or a lemma or headline word with
    the same first letters (a mention resolved to another id, or not tagged)? Headline
    words absent from the text are kept as "~" + stem in the title vector."""
    if any(e in entities for e in subjects):
        return True
    keys = tuple(set(subjects.values()))
    return any(name_key(t).startswith(keys) for t in terms) or any(
        name_key(t.lstrip("~")).startswith(keys) for t in title
    )


def subjects_apart(q: Query, p: Profile) -> bool:
    """Headline subjects on either side, and none of them named by the other side."""
    f = q.feats
    if f.subjects and mentions_any(f.subjects, p.entities, p.terms, p.title):
        return False
    if p.subjects and mentions_any(p.subjects, f.entities, f.terms, f.title):
        return False
    return bool(f.subjects or p.subjects)


def shares_key(a: set[str], b: Mapping[str, int]) -> bool:
    """Does the article share one dated event or quote key with the thread?"""
    return bool(a) and bool(b) and not a.isdisjoint(b)


def quote_evidence(q: Query, p: Profile) -> bool:
    """Does the article share a quote key with the thread (or member) that is news on
    the article's day? A key the candidate threads first hold on an earlier day is a
    statement repeated as background (the 10 January CSTO-session announcement repeating
    Tokayev's 7 January words): it joins nothing on a later day, so a background quote
    cannot pull the next step of a story into the thread where it was said."""
    if not q.feats.quotes or not p.quotes:
        return False
    shared = q.feats.quotes.intersection(p.quotes)
    if not shared:
        return False
    origin, day = q.quote_origin, q.quote_day
    if origin is None or day is None:
        return True
    return any(origin.get(k, day) == day for k in shared)


def quote_origins(q: Query, profiles: Iterable[Profile]) -> dict[str, int]:
    """For each of the article's quote keys, the first day any of these threads said it."""
    origin: dict[str, int] = {}
    keys = q.feats.quotes
    for p in profiles:
        said = p.quote_days
        if not said:
            continue
        for k in keys:
            d = said.get(k)
            if d is not None and d < origin.get(k, d + 1):
                origin[k] = d
    return origin


def lead_events_apart(f: Features, p: Profile) -> bool:
    """Both leads have events and they share neither a predicate nor a subject: another
    step of the day ("Джонсон подал в отставку" / "назначен новый министр")."""
    if not f.predicates or not p.predicates:
        return False
    if not f.predicates.isdisjoint(p.predicates):
        return False
    return f.lead_subjects.isdisjoint(p.lead_subjects)


def lead_events_shared(f: Features, p: Profile) -> bool:
    """The leads share a predicate lemma and a subject (the same one did the same thing).
    On the 440 bsnlp-ru labelled pairs: 0.256 of same-thread pairs, 0.034 of the others
    (a predicate alone: 0.414 / 0.097; `benchmarks/lead_event_pairs.py`)."""
    return (
        bool(f.predicates)
        and bool(f.lead_subjects)
        and not f.predicates.isdisjoint(p.predicates)
        and not f.lead_subjects.isdisjoint(p.lead_subjects)
    )


def boosted(score: float, share: float) -> float:
    """Raise a score by this share of what it lacks to 1 (evidence for, never a veto)."""
    return score + share * (1.0 - score) if share else score


def announced_vs_done(a: Iterable[str], b: Iterable[str]) -> bool:
    """One side only announces (future verbs, no past one in its headline and lead) and
    the other tells one of those verbs as done ("кульминацией станет церемония
    закладки" / "кульминацией стала..."). A side that mixes tenses tells what
    happened and what follows from it ("Рааб назначен... станет министром")."""
    a, b = set(a), set(b)
    for coming, done in ((a, b), (b, a)):
        if coming and not any(k.endswith(":past") for k in coming):
            if any(k[: -len("futr")] + "past" in done for k in coming):
                return True
    return False


def thread_signals(
    q: Query, p: Profile, vocab: Vocabulary, entity_vocab: Vocabulary, linkage: str = "off"
) -> dict[str, float]:
    """The evidence that the article reports the thread's happening, one number per signal
    (names as in `ThreadModel`). The thread side is its profile, the sum of its
    members' vectors: a thread is joined on what its members share, not on one of them."""
    f = q.feats
    agree = figures_agree(f.figures, p.figures)
    gap = p.gap(f.day, f.day_slack)
    text = core_cosine(q, p, vocab, linkage)
    entities = cosine(q.entities, p.entities, entity_vocab) if q.entities and p.entities else 0.0
    shared_figures = sum(1 for x in f.figures if x in p.figures)
    return {
        "text": text,
        "title": cosine(q.title, p.title, vocab) if q.title and p.title else 0.0,
        "entities": entities,
        # Words and names agreeing together: either alone is a shared topic.
        "text_entities": text * entities,
        # The same figures stated on both sides (capped): one happening's numbers.
        "figures_shared": min(shared_figures, FIGURES_SHARED_CAP) / FIGURES_SHARED_CAP,
        "subjects_apart": float(bool((f.subjects or p.subjects) and subjects_apart(q, p))),
        "figures_apart": float(agree is not None and agree < 0.2),
        "dates_apart": float(dates_conflict(f.dates, p.dates)),
        "lead_dates_apart": float(bool(f.lead_date and p.lead_dates and f.lead_date not in p.lead_dates)),
        "title_numbers_apart": float(numbers_disjoint(f.title_figures, p.title_figures)),
        "actors_apart": float(bool(f.actors and p.actors and not f.actors & set(p.actors))),
        "places_apart": float(bool(f.places and p.places and not f.places & set(p.places))),
        "announced_vs_done": float(bool(f.tenses and p.tenses and announced_vs_done(f.tenses, p.tenses))),
        "gap_days": gap or 0.0,
        "events_shared": float(shares_key(f.events, p.events)),
        "quotes_shared": float(quote_evidence(q, p)),
        # The leads' events (session 13's annotation): the same predicate and subject, or
        # either alone (session 14: signals of the fitted decision).
        "lead_events_shared": float(lead_events_shared(f, p)),
        "predicates_shared": float(bool(f.predicates) and not f.predicates.isdisjoint(p.predicates)),
        "lead_subjects_shared": float(
            bool(f.lead_subjects) and not f.lead_subjects.isdisjoint(p.lead_subjects)
        ),
        "dense": dense_cosine(q.dense, p.dense) if q.dense and p.dense else 0.0,
    }


def thread_model(q: Query, params: Params) -> ThreadModel:
    return params.dense_thread_model if q.dense else params.thread_model


def thread_cuts(q: Query, params: Params) -> tuple[float, float]:
    """(join, merge) cuts of the thread decision in use."""
    if params.thread_decision != LOGISTIC:
        return params.thread_threshold, params.thread_merge_threshold
    model = thread_model(q, params)
    return model.threshold, min(MAX_MERGE_CUT, model.threshold + params.thread_model_merge_margin)


LOGISTIC = "logistic"

# `figures_shared` counts up to this many shared figures: the fifth agreeing number
# adds no evidence (bsnlp-ru pairs: same-happening pairs share 0-12, median 2).
FIGURES_SHARED_CAP = 5


# A merge never asks for more than this probability (it would never happen).
MAX_MERGE_CUT = 0.9


def thread_score(q: Query, p: Profile, vocab: Vocabulary, entity_vocab: Vocabulary, params: Params) -> float:
    """How likely the article reports the thread's happening, by the decision `params` names.

    With member linkage (`Params.thread_core_linkage` "members") the article is scored
    against each member sketch of the thread and the thread gets the mean of the best
    `thread_member_top_k`: a thread is joined on the evidence of several of its members,
    not on one bridge, and not on a centroid whose cosine with any on-topic article grows
    as the thread does (the bsnlp-ru chained joins, docs/grouping.md)."""
    one = logistic_thread_score if params.thread_decision == LOGISTIC else hand_thread_score
    guard = params.thread_lead_event_factor < 1 and len(p.articles) >= params.thread_lead_event_members
    if params.thread_core_linkage != MEMBERS or not p.members:
        return one(q, p, vocab, entity_vocab, params) * _event_factor(q, p, params, guard)
    each = [one(q, m, vocab, entity_vocab, params) * _event_factor(q, m, params, guard) for m in p.members]
    floor = params.thread_founder_floor
    if floor and len(each) > 1 and each[0] < floor:
        # Clearly apart from the thread's first member (what the thread was opened for):
        # the article joins only on that member's own evidence, not through a later one.
        return each[0]
    scores = sorted(each, reverse=True)
    k = params.thread_member_top_k
    if params.thread_busy_members and len(scores) >= params.thread_busy_members:
        k = max(k, params.thread_busy_top_k)
    k = min(k, len(scores))
    score = sum(scores[:k]) / k
    blend = (
        params.thread_model_mean_weight
        if params.thread_decision == LOGISTIC
        else params.thread_member_mean_weight
    )
    if blend and len(scores) > 1:
        # Between single and average linkage: a thread whose other members all tell
        # something else (a busy day's mixed thread) scores below its one bridge member.
        score = (1 - blend) * score + blend * sum(scores) / len(scores)
    slope = params.thread_member_count_slope
    if slope and len(scores) > 1:
        # The best of k member scores is a maximum: against k members that each tell
        # something else it still grows with k. Each member sketch past the first raises
        # the bar (a multiple-comparison correction), so a busy thread is not joined on its
        # one most alike member by luck of the draw.
        score /= 1.0 + slope * math.log(len(scores))
    if params.thread_support_members and len(scores) >= params.thread_support_members:
        # A busy thread needs a second member's support: the best member counts only up to
        # the second's score over the support ratio (one bridge member is not enough).
        score = min(score, scores[1] / params.thread_support_ratio)
    margin = params.thread_cohesion_margin
    if margin and len(p.members) >= params.thread_cohesion_members and score >= thread_cuts(q, params)[0]:
        if cohesion_gap(q, p, vocab) > margin:
            score *= params.thread_cohesion_factor
    return score


def cohesion_gap(q: Query, p: Profile, vocab: Vocabulary) -> float:
    """How far the article's mean lemma cosine with a thread's member sketches falls below
    the members' own mean pairwise cosine (the thread's cohesion; positive: less alike).
    A bridge resembles one member; a genuine member resembles the thread as its members
    resemble each other, so a loose thread (a busy day's reports) asks less than a tight one."""
    sketches = [m.terms for m in p.members if m.terms]
    n = len(sketches)
    if n < 2 or not q.vec:
        return 0.0
    article = sum(cosine(q.vec, m, vocab) for m in sketches) / n
    vecs = [weighted(m, vocab) for m in sketches]
    inner = [cosine(vecs[i], sketches[j], vocab) for i in range(n) for j in range(i + 1, n)]
    return sum(inner) / len(inner) - article


MEMBERS = "members"


def _event_factor(q: Query, p: Profile, params: Params, guard: bool) -> float:
    """`Params.thread_lead_event_factor` when the guard is on and the leads tell other events."""
    return params.thread_lead_event_factor if guard and lead_events_apart(q.feats, p) else 1.0


def logistic_thread_score(
    q: Query, p: Profile, vocab: Vocabulary, entity_vocab: Vocabulary, params: Params
) -> float:
    """Probability that the article reports the thread's happening (logistic model)."""
    gap = p.gap(q.feats.day, q.feats.day_slack)
    if gap is not None and gap > params.thread_max_gap_days:
        return 0.0
    model = thread_model(q, params)
    z = model.intercept
    for name, value in thread_signals(q, p, vocab, entity_vocab, params.thread_core_linkage).items():
        if value:
            z += getattr(model, name, 0.0) * value
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def hand_thread_score(
    q: Query, p: Profile, vocab: Vocabulary, entity_vocab: Vocabulary, params: Params
) -> float:
    """The hand-tuned blend of cosines and penalty factors (the default; see `Params.thread_decision`)."""
    gap = p.gap(q.feats.day, q.feats.day_slack)
    if gap is not None and gap > params.thread_max_gap_days:
        return 0.0
    text = core_cosine(q, p, vocab, params.thread_core_linkage)
    score = text
    title = 0.0
    if q.title and p.title:
        title = cosine(q.title, p.title, vocab)
        score = (1 - params.thread_title_weight) * text + params.thread_title_weight * title
    if q.entities and p.entities:
        ents = cosine(q.entities, p.entities, entity_vocab)
        score = (1 - params.thread_entity_weight) * score + params.thread_entity_weight * ents
    if q.dense and p.dense:
        score = (1 - params.thread_dense_weight) * score + params.thread_dense_weight * dense_cosine(
            q.dense, p.dense
        )
    before = params.thread_boost_stage == BLEND
    if before:
        score = _boosts(q, p, score, params)
    agree = figures_agree(q.feats.figures, p.figures)
    if agree is not None and agree < params.thread_min_figure_agreement:
        score *= params.thread_conflict_factor
    if dates_conflict(q.feats.dates, p.dates):
        score *= params.thread_conflict_factor
    # The leads date the happening: another day is another happening (the debate on
    # the 6th, the decree on the 7th), whatever the shared background.
    if q.feats.lead_date and p.lead_dates and q.feats.lead_date not in p.lead_dates:
        score *= params.thread_lead_date_factor
    # One headline template with another number ("Прогноз погоды на 8 / на 16 ноября").
    if title >= params.thread_template_title and numbers_disjoint(q.feats.title_figures, p.title_figures):
        score *= params.thread_template_factor
    # Both headlines name who acted and nobody is shared: another actor's step
    # ("ОБСЕ сообщила о переносе" vs "ДНР подтвердила готовность").
    if q.feats.actors and p.actors and not (q.feats.actors & set(p.actors)):
        score *= params.thread_actor_factor
    # A name the headline puts in the nominative (who acted, what the news is about)
    # that the other side never mentions: another happening ("Новым председателем
    # сената стал Маулен Ашимбаев" vs "ЦИК снял полномочия с дочери экс-президента").
    if (q.feats.subjects or p.subjects) and subjects_apart(q, p):
        score *= params.thread_subject_factor
    # An announcement and the report that it happened are two threads (the
    # tgcontest guideline: "готовится выйти в открытый космос" / "вышел").
    if q.feats.tenses and p.tenses and announced_vs_done(q.feats.tenses, p.tenses):
        score *= params.thread_announce_factor
    if q.feats.places and p.places and not (q.feats.places & set(p.places)):
        score *= params.thread_place_factor
    if not before:
        score = _boosts(q, p, score, params)
    if gap is not None:
        score *= math.exp(-gap / params.thread_time_scale_days)
    return score


def _boosts(q: Query, p: Profile, score: float, params: Params) -> float:
    """One dated happening with one of its actors, or one speaker's quoted words, on both sides."""
    if params.thread_event_boost and shares_key(q.feats.events, p.events):
        score = boosted(score, params.thread_event_boost)
    if params.thread_quote_boost and quote_evidence(q, p):
        score = boosted(score, params.thread_quote_boost)
    if params.thread_lead_event_boost and lead_events_shared(q.feats, p):
        score = boosted(score, params.thread_lead_event_boost)
    return score


# `Params.thread_boost_stage`: the shared-key boosts raise the blend of similarities,
# before the "apart" factors (another day, actor, subject, figures) scale it.
BLEND = "blend"


def story_score(q: Query, p: Profile, vocab: Vocabulary, entity_vocab: Vocabulary, params: Params) -> float:
    text = cosine(q.vec, p.terms, vocab)
    score = text
    if q.entities and p.entities:
        ents = cosine(q.entities, p.entities, entity_vocab)
        score = (1 - params.story_entity_weight) * text + params.story_entity_weight * ents
    gap = p.gap(q.feats.day, q.feats.day_slack)
    if gap is not None:
        score /= 1.0 + gap / params.story_time_scale_days
    return score
