from collections import Counter

from storyline.group.features import Features
from storyline.group.params import Params
from storyline.group.profile import Profile, log_tf
from storyline.group.similarity import (
    Query,
    announced_vs_done,
    cosine,
    figures_agree,
    numbers_disjoint,
    thread_score,
    weighted,
)
from storyline.group.vocab import Vocabulary


def _vocab() -> Vocabulary:
    v = Vocabulary()
    for doc in (["указ", "войска"], ["погода"], ["войска"], ["новости"]):
        v.add(doc)
    return v


def _query(feats: Features, vocab: Vocabulary) -> Query:
    tf = log_tf(dict(feats.terms))
    return Query(feats, tf, weighted(tf, vocab), weighted({t: 1.0 for t in feats.title}, vocab), {})


def test_idf_prefers_rare_words_and_cosine_is_bounded():
    v = _vocab()
    assert v.idf("указ") > v.idf("войска")
    q = weighted({"указ": 1.0, "войска": 1.0}, v)
    assert 0.99 < cosine(q, {"указ": 1.0, "войска": 1.0}, v) <= 1.0 + 1e-9
    assert cosine(q, {"погода": 1.0}, v) == 0.0


def test_figures_agree_with_tolerance():
    assert figures_agree({"120", "5"}, {"121": 1, "5": 1}) == 1.0
    assert figures_agree({"8", "30"}, {"16": 1, "40": 1}) == 0.0
    assert figures_agree({"8"}, {"16": 1, "3": 1}) is None  # too few to judge
    # a figure near several of the other side's is one hit, whichever side is the smaller
    assert figures_agree({"100", "7"}, {"101": 1, "99": 1, "102": 1}) == 0.5
    assert figures_agree({"101", "99", "102"}, {"100": 1, "7": 1}) == 0.5
    assert figures_agree({"nan", "5"}, {"nan": 1, "5": 1}) == 0.5  # nan is near nothing
    assert numbers_disjoint({"8"}, {"16": 1})
    assert not numbers_disjoint({"121"}, {"120": 1})


def test_time_gap_and_template_numbers_split_threads():
    v = _vocab()
    params = Params()
    base = Features("a", terms=Counter({"указ": 2, "войска": 1}), title={"указ"}, day=738000)
    thread = Profile(id="t", level="thread")
    thread.add(
        Features("b", terms=Counter({"указ": 2, "войска": 1}), title={"указ"}, day=738000),
        log_tf({"указ": 2, "войска": 1}),
        "",
        None,
        200,
    )
    close = thread_score(_query(base, v), thread, v, Vocabulary(), params)
    assert close > params.thread_threshold
    later = Features("c", terms=Counter({"указ": 2, "войска": 1}), title={"указ"}, day=738000 + 30)
    assert thread_score(_query(later, v), thread, v, Vocabulary(), params) == 0.0
    other_number = Features(
        "d", terms=Counter({"указ": 2, "войска": 1}), title={"указ"}, title_figures={"16"}, day=738000
    )
    thread.title_figures = {"8": 1}
    assert thread_score(_query(other_number, v), thread, v, Vocabulary(), params) < close * 0.5


def test_headlines_naming_different_actors_split_threads():
    v = _vocab()
    params = Params()
    terms = Counter({"указ": 2, "войска": 1})
    thread = Profile(id="t", level="thread")
    thread.add(
        Features("b", terms=terms, title={"указ"}, actors={"ent-1"}), log_tf(dict(terms)), "", None, 200
    )
    same = thread_score(
        _query(Features("a", terms=terms, title={"указ"}, actors={"ent-1", "ent-2"}), v),
        thread,
        v,
        Vocabulary(),
        params,
    )
    silent = thread_score(
        _query(Features("c", terms=terms, title={"указ"}), v), thread, v, Vocabulary(), params
    )
    other = thread_score(
        _query(Features("d", terms=terms, title={"указ"}, actors={"ent-3"}), v),
        thread,
        v,
        Vocabulary(),
        params,
    )
    assert same == silent > params.thread_threshold
    assert other < same * 0.6


def test_a_headline_subject_the_other_side_never_names_splits_threads():
    v = _vocab()
    params = Params()
    terms = Counter({"указ": 2, "войска": 1})
    thread = Profile(id="t", level="thread")
    thread.add(
        Features("b", terms=terms, title={"указ"}, entities=Counter({"ent-1": 1})),
        log_tf(dict(terms)),
        "",
        None,
        200,
    )
    plain = thread_score(
        _query(Features("a", terms=terms, title={"указ"}), v), thread, v, Vocabulary(), params
    )
    named = Features("c", terms=terms, title={"указ"}, subjects={"ent-1": "ашим"})
    assert thread_score(_query(named, v), thread, v, Vocabulary(), params) == plain
    # Another id, but the thread's text or headline has the name (resolution filed it apart): still named.
    by_name = Profile(id="t2", level="thread")
    by_name.add(
        Features("b", terms=Counter({**terms, "ашимбаев": 1})),
        log_tf({**terms, "ашимбаев": 1}),
        "",
        None,
        200,
    )
    other_id = Features("d", terms=terms, title={"указ"}, subjects={"ent-9": "ашим"})
    assert thread_score(_query(other_id, v), by_name, v, Vocabulary(), params) > params.thread_threshold
    by_headline = Profile(id="t3", level="thread")
    by_headline.add(Features("b", terms=terms, title={"~ашимб"}), log_tf(dict(terms)), "", None, 200)
    assert thread_score(_query(other_id, v), by_headline, v, Vocabulary(), params) > params.thread_threshold
    absent = Features("e", terms=terms, title={"указ"}, subjects={"ent-9": "ашим"})
    assert thread_score(_query(absent, v), thread, v, Vocabulary(), params) < plain * 0.5
    # ...and the other way round: the thread's headline subject missing from the article...
    thread.subjects = {"ent-7": "назар"}
    assert (
        thread_score(_query(Features("f", terms=terms, title={"указ"}), v), thread, v, Vocabulary(), params)
        < plain * 0.5
    )
    # ...unless the subjects meet on one side: the article's subject is named by the thread.
    assert thread_score(_query(named, v), thread, v, Vocabulary(), params) == plain


def test_an_announcement_and_its_report_are_two_threads():
    assert announced_vs_done({"заложить:futr", "стать:futr"}, {"стать:past", "появиться:past"})
    assert announced_vs_done({"стать:past"}, {"стать:futr"})  # either side may announce
    # A side that also tells something as done is a report with its consequences ("Рааб назначен... станет").
    assert not announced_vs_done({"стать:futr", "одобрить:past"}, {"стать:past"})
    assert not announced_vs_done({"получить:futr"}, {"выделить:past"})  # a consequence, not the same act
    v = _vocab()
    params = Params()
    terms = Counter({"указ": 2, "войска": 1})
    thread = Profile(id="t", level="thread")
    thread.add(
        Features("b", terms=terms, title={"указ"}, tenses={"стать:futr"}), log_tf(dict(terms)), "", None, 200
    )
    same = thread_score(
        _query(Features("a", terms=terms, title={"указ"}, tenses={"стать:futr"}), v),
        thread,
        v,
        Vocabulary(),
        params,
    )
    done = thread_score(
        _query(Features("c", terms=terms, title={"указ"}, tenses={"стать:past"}), v),
        thread,
        v,
        Vocabulary(),
        params,
    )
    assert same > params.thread_threshold
    assert done < same * 0.5


# ------------------------------------------------------------------ the logistic thread decision


def _logistic_case(text_b: list[str], **feats_b):  # type: ignore[no-untyped-def]
    from storyline.group.similarity import thread_signals

    v = _vocab()
    params = Params(thread_decision="logistic")
    fa = Features("a", terms=Counter({"указ": 2, "войска": 1}), day=100)
    p = Profile(id="t", level="thread")
    fb = Features("b", terms=Counter({w: 1 for w in text_b}), day=100, **feats_b)
    p.add(fb, log_tf(dict(fb.terms)), "", None, 200)
    q = _query(fa, v)
    return thread_score(q, p, v, v, params), thread_signals(q, p, v, v), params


def test_logistic_thread_score_is_a_probability_that_grows_with_the_evidence():
    from storyline.group.similarity import thread_cuts

    same, signals, params = _logistic_case(["указ", "войска"])
    other, _, _ = _logistic_case(["погода"])
    assert 0.0 <= other < same <= 1.0
    assert signals["text"] > 0.9
    join, merge = thread_cuts(_query(Features("a"), _vocab()), params)
    assert other < join <= same and join < merge
    # The hand-tuned blend remains the default decision.
    assert thread_cuts(_query(Features("a"), _vocab()), Params()) == (
        Params().thread_threshold,
        Params().thread_merge_threshold,
    )


def test_logistic_thread_score_counts_an_announcement_against_its_report():
    done, _, _ = _logistic_case(["указ", "войска"], tenses={"подписать:past"})
    fa_tenses = {"подписать:futr"}
    from storyline.group.similarity import thread_signals

    v = _vocab()
    params = Params(thread_decision="logistic")
    p = Profile(id="t", level="thread")
    fb = Features("b", terms=Counter({"указ": 1, "войска": 1}), day=100, tenses={"подписать:past"})
    p.add(fb, log_tf(dict(fb.terms)), "", None, 200)
    q = _query(Features("a", terms=Counter({"указ": 2, "войска": 1}), day=100, tenses=fa_tenses), v)
    assert thread_signals(q, p, v, v)["announced_vs_done"] == 1.0
    assert thread_score(q, p, v, v, params) < done


def test_core_linkage_judges_a_chained_thread_by_its_first_members():
    """A thread that drifted (A, then B sharing half of A, then C sharing half of B) is
    close to a D like C by its summed profile, but not by its core members on average."""
    from storyline.group.similarity import core_cosine

    v = Vocabulary()
    for doc in (["а1", "а2"], ["а2", "б1"], ["б1", "в1"], ["в1", "в2"], ["прочее"]):
        v.add(doc)
    thread = Profile(id="t", level="thread")
    for i, words in enumerate((["а1", "а2"], ["а2", "б1"], ["б1", "в1"])):
        counts = dict.fromkeys(words, 1)
        thread.add(Features(f"m{i}", terms=Counter(counts)), log_tf(counts), "", None, 200)
    assert len(thread.core) == 3
    q = _query(Features("d", terms=Counter({"б1": 1, "в1": 1})), v)
    whole = core_cosine(q, thread, v, "off")
    mean = core_cosine(q, thread, v, "mean")
    least = core_cosine(q, thread, v, "min")
    assert whole == cosine(q.vec, thread.terms, v)
    assert least == 0.0 < mean < whole
    # A one-member thread has no core to judge by: its profile is its member.
    single = Profile(id="s", level="thread")
    single.add(Features("m", terms=Counter({"б1": 1})), log_tf({"б1": 1}), "", None, 200)
    assert core_cosine(q, single, v, "mean") == core_cosine(q, single, v, "off")


def test_the_core_survives_a_round_trip_and_a_merge():
    a, b = Profile(id="a", level="thread"), Profile(id="b", level="thread")
    a.add(Features("x", terms=Counter({"указ": 1})), log_tf({"указ": 1}), "", None, 200)
    b.add(Features("y", terms=Counter({"войска": 1})), log_tf({"войска": 1}), "", None, 200)
    a.absorb(b, 200)
    assert Profile.loads(a.dumps()).core == [{"указ": 1.0}, {"войска": 1.0}]


def test_member_linkage_judges_a_thread_by_its_best_members_not_its_centroid():
    """A drifted thread (A, B sharing half of A, C sharing half of B) scored by member
    linkage gives an article like C the mean of its best k member scores: like one
    member only (C), it scores less than that one bridge would."""
    import dataclasses

    v = Vocabulary()
    for doc in (["а1", "а2"], ["а2", "б1"], ["б1", "в1"], ["в1", "в2"], ["прочее"]):
        v.add(doc)
    thread = Profile(id="t", level="thread")
    for i, words in enumerate((["а1", "а2"], ["а2", "б1"], ["б1", "в1"])):
        counts = dict.fromkeys(words, 1)
        thread.add(Features(f"m{i}", terms=Counter(counts)), log_tf(counts), "", None, 200, sketch=True)
    assert [m.id for m in thread.members] == ["m0", "m1", "m2"]
    assert all(m.level == "member" and not m.members for m in thread.members)
    q = _query(Features("d", terms=Counter({"в1": 1, "в2": 1})), v)
    for decision in ("hand", "logistic"):
        params = Params(thread_decision=decision, thread_core_linkage="off", thread_model_mean_weight=0.0)
        each = sorted((thread_score(q, m, v, Vocabulary(), params) for m in thread.members), reverse=True)
        members = dataclasses.replace(params, thread_core_linkage="members", thread_member_top_k=2)
        assert thread_score(q, thread, v, Vocabulary(), members) == (each[0] + each[1]) / 2
        one = dataclasses.replace(members, thread_member_top_k=1)
        assert thread_score(q, thread, v, Vocabulary(), one) == each[0]
        assert (
            0
            < thread_score(q, thread, v, Vocabulary(), members)
            < thread_score(q, thread, v, Vocabulary(), one)
        )


def test_member_sketches_survive_a_round_trip_and_a_merge_and_stop_at_eight():
    from storyline.group.profile import MEMBER_SIZE

    a, b = Profile(id="a", level="thread"), Profile(id="b", level="thread")
    a.add(
        Features("x", terms=Counter({"указ": 1}), figures={"120"}, day=738000),
        log_tf({"указ": 1}),
        "",
        None,
        200,
        sketch=True,
    )
    b.add(Features("y", terms=Counter({"войска": 1})), log_tf({"войска": 1}), "", None, 200, sketch=True)
    a.absorb(b, 200)
    back = Profile.loads(a.dumps())
    assert [(m.id, m.terms, m.figures, m.days) for m in back.members] == [
        ("x", {"указ": 1.0}, {"120": 1}, [738000]),
        ("y", {"войска": 1.0}, {}, []),
    ]
    for i in range(MEMBER_SIZE + 3):
        a.add(Features(f"z{i}", terms=Counter({"указ": 1})), log_tf({"указ": 1}), "", None, 200, sketch=True)
    assert len(a.members) == MEMBER_SIZE and len(a.articles) == MEMBER_SIZE + 5
    # Without member linkage no sketch is kept (the default decision does not pay for them).
    plain = Profile(id="p", level="thread")
    plain.add(Features("w", terms=Counter({"указ": 1})), log_tf({"указ": 1}), "", None, 200)
    assert plain.members == [] and "members" not in Profile.loads(plain.dumps()).sketch()
    # A thread grouped without sketches stays judged by its centroid when linkage changes.
    plain.add(Features("v", terms=Counter({"указ": 1})), log_tf({"указ": 1}), "", None, 200, sketch=True)
    assert plain.members == []


def test_a_busy_thread_is_joined_on_two_members_a_small_one_on_its_best():
    """One bridge member lets an article into a small thread, but a thread with the full
    set of sketches (`thread_busy_members`) must hear it from two of them."""
    import dataclasses

    v = Vocabulary()
    for doc in (["шум"], ["мост", "след"], ["прочее"], ["ещё"]):
        v.add(doc)
    params = Params(thread_core_linkage="members", thread_member_top_k=1, thread_busy_members=4)
    q = _query(Features("q", terms=Counter({"мост": 1, "след": 1})), v)
    docs = [["мост", "след"]] + [["шум", f"слово{i}"] for i in range(4)]

    def thread_of(n: int) -> Profile:
        thread = Profile(id="t", level="thread")
        for i, words in enumerate(docs[:n]):
            counts = dict.fromkeys(words, 1)
            thread.add(Features(f"m{i}", terms=Counter(counts)), log_tf(counts), "", None, 200, sketch=True)
        return thread

    small, busy = thread_of(3), thread_of(4)
    bridge = thread_score(q, small.members[0], v, Vocabulary(), params)
    assert bridge > 0.5
    assert thread_score(q, small, v, Vocabulary(), params) == bridge
    second = thread_score(q, busy.members[1], v, Vocabulary(), params)
    assert thread_score(q, busy, v, Vocabulary(), params) == (bridge + second) / 2 < bridge
    off = dataclasses.replace(params, thread_busy_members=0)
    assert thread_score(q, busy, v, Vocabulary(), off) == bridge


def test_a_busy_thread_needs_a_second_members_support():
    """With `thread_support_members`, a thread of that many sketches scores at most its
    second-best member over the support ratio: one bridge member is not enough."""
    import dataclasses

    v = Vocabulary()
    for doc in (["шум"], ["мост", "след"], ["прочее"], ["ещё"]):
        v.add(doc)
    params = Params(thread_core_linkage="members", thread_member_top_k=1, thread_support_members=4)
    q = _query(Features("q", terms=Counter({"мост": 1, "след": 1})), v)
    thread = Profile(id="t", level="thread")
    for i, words in enumerate([["мост", "след"]] + [["шум", f"слово{i}"] for i in range(3)]):
        counts = dict.fromkeys(words, 1)
        thread.add(Features(f"m{i}", terms=Counter(counts)), log_tf(counts), "", None, 200, sketch=True)
    bridge = thread_score(q, thread.members[0], v, Vocabulary(), params)
    second = thread_score(q, thread.members[1], v, Vocabulary(), params)
    assert second < bridge * params.thread_support_ratio
    assert thread_score(q, thread, v, Vocabulary(), params) == second / params.thread_support_ratio
    smaller = dataclasses.replace(params, thread_support_members=5)  # under the size: the best member
    assert thread_score(q, thread, v, Vocabulary(), smaller) == bridge


def test_a_shared_dated_event_or_quote_raises_the_score_never_lowers_it():
    v = _vocab()
    thread = Profile(id="t", level="thread")
    shared = {"events": {"2018-07-09|e1"}, "quotes": {"e2|брекс будет сделк"}}
    thread.add(
        Features("b", terms=Counter({"указ": 1, "новости": 1}), **shared),  # type: ignore[arg-type]
        log_tf({"указ": 1, "новости": 1}),
        "",
        None,
        200,
    )
    assert thread.events == {"2018-07-09|e1": 1} and thread.quotes == {"e2|брекс будет сделк": 1}
    for key in ("events", "quotes"):
        feats = Features("a", terms=Counter({"указ": 1, "войска": 1}), **{key: shared[key]})  # type: ignore[arg-type]
        other = Features("c", terms=Counter({"указ": 1, "войска": 1}), **{key: {"x|y"}})  # type: ignore[arg-type]
        off = Params(thread_quote_boost=0.0)
        on = Params(thread_event_boost=0.3, thread_quote_boost=0.3)
        plain = thread_score(_query(feats, v), thread, v, Vocabulary(), off)
        raised = thread_score(_query(feats, v), thread, v, Vocabulary(), on)
        assert 0 < plain < raised == plain + 0.3 * (1 - plain)
        assert thread_score(_query(other, v), thread, v, Vocabulary(), on) == plain


def test_a_busy_threads_quote_and_event_keys_stay_bounded():
    thread = Profile(id="t", level="thread")
    for i in range(12):
        keys = {f"e|{i}-{j}" for j in range(40)} | {"e|shared"}
        thread.add(Features(f"m{i}", terms=Counter({"указ": 1}), quotes=keys, events=keys), {}, "", None, 200)
    assert len(thread.quotes) <= 250 and len(thread.events) <= 250
    assert thread.quotes["e|shared"] == 12 and thread.events["e|shared"] == 12  # the most shared stay


def test_a_quote_key_first_said_on_an_earlier_day_is_background():
    """Day-aware quote keys: the boost counts a shared key only on the day the candidate
    threads first said it; a later report repeating the words gets no evidence from it."""
    import dataclasses

    from storyline.group.similarity import quote_evidence, quote_origins

    v = _vocab()
    key = "e2|будет дейст макси"
    thread = Profile(id="t", level="thread")
    said = Features("b", terms=Counter({"указ": 1}), quotes={key}, day=700, day_slack=0)
    thread.add(said, log_tf({"указ": 1}), "", None, 200)
    assert thread.quote_days == {key: 700}
    params = Params(thread_quote_boost=0.3)
    for day, counts in ((700, True), (703, False)):
        feats = Features("a", terms=Counter({"указ": 1, "войска": 1}), quotes={key}, day=day, day_slack=0)
        q = _query(feats, v)
        q = dataclasses.replace(q, quote_day=day, quote_origin=quote_origins(q, [thread]))
        assert quote_evidence(q, thread) is counts
        plain = thread_score(q, thread, v, Vocabulary(), Params(thread_quote_boost=0.0))
        assert (thread_score(q, thread, v, Vocabulary(), params) > plain) is counts
    # A merge keeps the earlier day; an undated query keeps the round-8 rule.
    later = Profile(id="u", level="thread")
    later.add(
        Features("c", terms=Counter({"указ": 1}), quotes={key}, day=705, day_slack=0), {}, "", None, 200
    )
    later.absorb(thread, 200)
    assert later.quote_days == {key: 700}
    undated = _query(Features("d", terms=Counter({"указ": 1}), quotes={key}), v)
    assert quote_evidence(undated, thread)


def test_with_the_blend_stage_a_shared_quote_cannot_outweigh_another_lead_date():
    """`thread_boost_stage` "blend": the quote boost raises the similarity blend and the
    lead-date factor still scales the result; "end" boosts after it (round 8)."""
    v = _vocab()
    key = "e2|будет дейст макси"
    thread = Profile(id="t", level="thread")
    said = Features("b", terms=Counter({"указ": 1, "войска": 1}), quotes={key}, lead_date="2022-01-07")
    thread.add(said, log_tf({"указ": 1, "войска": 1}), "", None, 200)
    later = _query(
        Features("a", terms=Counter({"указ": 1, "сессия": 1}), quotes={key}, lead_date="2022-01-10"), v
    )
    plain = thread_score(later, thread, v, Vocabulary(), Params(thread_quote_boost=0.0))
    end = thread_score(
        later, thread, v, Vocabulary(), Params(thread_quote_boost=0.3, thread_boost_stage="end")
    )
    blend = thread_score(
        later, thread, v, Vocabulary(), Params(thread_quote_boost=0.3, thread_boost_stage="blend")
    )
    unscaled = plain / Params().thread_lead_date_factor
    assert end == plain + 0.3 * (1 - plain)
    assert abs(blend - (unscaled + 0.3 * (1 - unscaled)) * Params().thread_lead_date_factor) < 1e-12
    assert plain < blend < end


def _bridged_thread(v: Vocabulary, params: Params) -> tuple[Query, Profile]:
    """A thread opened by an unrelated report ("шум") whose later members include one
    bridge ("мост след"), and an article that resembles only the bridge."""
    q = _query(Features("q", terms=Counter({"мост": 1, "след": 1})), v)
    thread = Profile(id="t", level="thread")
    for i, words in enumerate([["шум", "слово0"], ["мост", "след"], ["шум", "слово1"], ["шум", "слово2"]]):
        counts = dict.fromkeys(words, 1)
        thread.add(Features(f"m{i}", terms=Counter(counts)), log_tf(counts), "", None, 200, sketch=True)
    return q, thread


def _bridge_vocab() -> Vocabulary:
    v = Vocabulary()
    for doc in (["шум"], ["мост", "след"], ["прочее"], ["ещё"]):
        v.add(doc)
    return v


def test_the_best_of_more_members_must_clear_a_higher_bar():
    """`thread_member_count_slope`: the best member's score is divided by 1 + slope x ln k
    for a thread of k sketches, so the same bridge member counts less in a busier thread."""
    import dataclasses
    import math

    v = _bridge_vocab()
    params = Params(thread_core_linkage="members", thread_member_top_k=1, thread_member_count_slope=0.2)
    q, thread = _bridged_thread(v, params)
    bridge = thread_score(q, thread.members[1], v, Vocabulary(), params)
    assert bridge > 0.5
    off = dataclasses.replace(params, thread_member_count_slope=0.0)
    assert thread_score(q, thread, v, Vocabulary(), off) == bridge
    damped = thread_score(q, thread, v, Vocabulary(), params)
    assert math.isclose(damped, bridge / (1 + 0.2 * math.log(4)))
    one = Profile(id="o", level="thread")
    one.add(
        Features("m", terms=Counter({"мост": 1, "след": 1})),
        log_tf({"мост": 1, "след": 1}),
        "",
        None,
        200,
        sketch=True,
    )
    assert thread_score(q, one, v, Vocabulary(), params) == thread_score(q, one, v, Vocabulary(), off)


def test_an_article_apart_from_the_founder_is_judged_by_the_founder():
    """`thread_founder_floor`: an article under the floor against a thread's first member
    does not join through a later bridge member; over it, the best member counts."""
    import dataclasses

    v = _bridge_vocab()
    params = Params(thread_core_linkage="members", thread_member_top_k=1, thread_founder_floor=0.1)
    q, thread = _bridged_thread(v, params)
    founder = thread_score(q, thread.members[0], v, Vocabulary(), params)
    bridge = thread_score(q, thread.members[1], v, Vocabulary(), params)
    assert founder < 0.1 < bridge
    assert thread_score(q, thread, v, Vocabulary(), params) == founder
    assert (
        thread_score(q, thread, v, Vocabulary(), dataclasses.replace(params, thread_founder_floor=0.0))
        == bridge
    )


def test_a_raised_vocabulary_adds_the_offset_to_every_idf_and_shares_the_counts():
    v = _vocab()
    raised = v.raised(2.0)
    for key in ("указ", "войска", "неведомое"):
        assert abs(raised.idf(key) - (v.idf(key) + 2.0)) < 1e-12
    # Flatter: a common word's weight gains on a rare one's, the order stays.
    assert raised.idf("войска") / raised.idf("указ") > v.idf("войска") / v.idf("указ")
    assert raised.idf("указ") > raised.idf("войска")
    v.add(["указ"])  # counts are shared, not copied
    assert raised.df["указ"] == v.df["указ"] == 2
    assert not raised.changed


def test_the_idf_offset_raises_the_weight_of_shared_common_words():
    # Two reports share a common word and each has a rare word of its own: with a flat
    # IDF the shared common word carries more of the cosine.
    v = _vocab()
    a = weighted({"войска": 1.0, "указ": 1.0}, v)
    b = {"войска": 1.0, "погода": 1.0}
    plain = cosine(a, b, v)
    raised = v.raised(2.0)
    flat = cosine(weighted({"войска": 1.0, "указ": 1.0}, raised), b, raised)
    assert 0.0 < plain < flat < 1.0


def test_the_fitted_decision_averages_its_member_probabilities():
    """With the logistic decision a thread scores the mean probability over its member
    sketches (`Params.thread_model_mean_weight` 1): the expected share of right pairs the
    article adds by joining, so one alike member in a thread of strangers is not enough."""
    import dataclasses

    v = Vocabulary()
    for doc in (["а1", "а2"], ["б1", "б2"], ["в1", "в2"], ["прочее"]):
        v.add(doc)
    thread = Profile(id="t", level="thread")
    for i, words in enumerate((["а1", "а2"], ["б1", "б2"], ["в1", "в2"])):
        counts = dict.fromkeys(words, 1)
        thread.add(Features(f"m{i}", terms=Counter(counts)), log_tf(counts), "", None, 200, sketch=True)
    q = _query(Features("d", terms=Counter({"а1": 1, "а2": 1})), v)
    params = Params(thread_decision="logistic")
    assert params.thread_model_mean_weight == 1.0
    alone = dataclasses.replace(params, thread_core_linkage="off")
    each = [thread_score(q, m, v, Vocabulary(), alone) for m in thread.members]
    mean = thread_score(q, thread, v, Vocabulary(), params)
    assert abs(mean - sum(each) / 3) < 1e-12
    best = thread_score(q, thread, v, Vocabulary(), dataclasses.replace(params, thread_model_mean_weight=0.0))
    assert best == max(each) > mean
    # The hand blend keeps its best member (`thread_member_mean_weight` 0).
    hand = Params()
    hand_each = [
        thread_score(q, m, v, Vocabulary(), dataclasses.replace(hand, thread_core_linkage="off"))
        for m in thread.members
    ]
    assert thread_score(q, thread, v, Vocabulary(), hand) == max(hand_each)
