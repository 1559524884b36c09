"""Every tuned number of the grouping stage, with what it was tuned on.

Data: tgcontest-pairs dev, Russian pairs (40 pairs, 73 distinct articles, all
ingested into one database, no dates) for threads; bsnlp-ru (661 articles, 5
topics, dated) for stories; the five seeds as a sanity check. Scores quoted are
from `benchmarks/eval_threads.py` and `eval_stories.py`; see docs/grouping.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Params:
    # ---- threads
    # Join the best thread at or above this blended score. Swept 0.25-0.45 on
    # tgcontest ru: see docs/grouping.md for the curve.
    thread_threshold: float = 0.34
    # A second thread this close to the same article is the same happening: merge.
    thread_merge_threshold: float = 0.45
    thread_title_weight: float = 0.25
    thread_entity_weight: float = 0.15
    # Figures: below this share of matching numbers the article reports other figures.
    thread_min_figure_agreement: float = 0.2
    thread_conflict_factor: float = 0.6
    # Headlines this alike whose numbers differ report another occurrence of a routine event.
    thread_template_title: float = 0.5
    thread_template_factor: float = 0.4
    # Both name places and share none: another happening, unless the text is very close.
    thread_place_factor: float = 0.8
    # One happening is reported within days; beyond this gap it is another thread.
    thread_max_gap_days: float = 4.0
    thread_time_scale_days: float = 3.0
    thread_candidates: int = 30
    thread_window_weeks: int = 1
    thread_max_terms: int = 200

    # ---- stories
    story_threshold: float = 0.10
    story_merge_threshold: float = 0.20
    story_entity_weight: float = 0.35
    story_time_scale_days: float = 120.0
    story_candidates: int = 20
    story_window_weeks: int = 52
    story_max_terms: int = 400

    # ---- index
    query_terms: int = 15  # the article's heaviest lemmas used to find candidates
    query_entities: int = 8
    index_terms: int = 25  # a profile's heaviest lemmas it is found by
    per_key_cap: int = 400


DEFAULT = Params()
