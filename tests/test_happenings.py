"""The happening labels of benchmarks/happenings/ hold against the corpus, and the scorer bites.

Every labelled id is a bsnlp-ru article of the topic the label names, every article of the
two crawl-dated topics is labelled once, and B-cubed gives 1.0 to a grouping that is the
labels themselves and less to one that merges happenings or splits one. No system is run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

HAPPENINGS = Path(__file__).resolve().parents[1] / "benchmarks" / "happenings"
sys.path.insert(0, str(HAPPENINGS))

import score  # noqa: E402

LABELS = score.load_labels()
# covid-19 has 83 articles and us_election_2020 157 in bsnlp-ru (the brief's counts).
TOPIC_SIZES = {"covid-19": 83, "us_election_2020": 157}


def test_every_label_names_an_article_of_its_topic(shared_dir: Path) -> None:
    with (shared_dir / "corpora" / "bsnlp-ru" / "articles.jsonl").open(encoding="utf-8") as lines:
        topic_of = {row["id"]: row["topic"] for row in map(json.loads, lines)}
    ids = [r["id"] for r in LABELS]
    assert len(ids) == len(set(ids)), "an article is labelled twice"
    assert all(topic_of.get(r["id"]) == r["topic"] for r in LABELS)
    wanted = {i for i, t in topic_of.items() if t in score.TOPICS}
    assert set(ids) == wanted
    assert {t: sum(r["topic"] == t for r in LABELS) for t in score.TOPICS} == TOPIC_SIZES


def test_labels_have_a_happening_and_a_note() -> None:
    assert all(r["happening"] and r["happening"] == r["happening"].strip() and r["note"] for r in LABELS)
    events = {r["happening"] for r in LABELS if score.is_event(r["happening"])}
    assert any(sum(r["happening"] == h for r in LABELS) > 1 for h in events), "no happening told twice"


def _perfect() -> dict[str, tuple[str, str]]:
    return {r["id"]: ("t-" + r["happening"], "s-" + r["happening"]) for r in LABELS}


def test_the_labels_themselves_score_one() -> None:
    result = score.report(_perfect(), LABELS)
    for view in result.values():
        for level in view.values():
            for m in level.values():
                assert (m["precision"], m["recall"], m["f1"]) == (1.0, 1.0, 1.0)


def test_a_bag_of_happenings_loses_precision() -> None:
    bag = {r["id"]: ("t-" + r["happening"], "s-" + r["topic"]) for r in LABELS}  # one story per topic
    result = score.report(bag, LABELS)
    story, thread = result["all"]["story"]["pooled"], result["all"]["thread"]["pooled"]
    assert story["recall"] == 1.0 and story["precision"] < 0.5
    assert thread["f1"] == 1.0


def test_split_happenings_lose_recall_and_unplaced_articles_are_singletons() -> None:
    singletons = score.report({}, LABELS)["events"]["story"]["pooled"]
    assert singletons["precision"] == 1.0 and singletons["recall"] < 1.0


@pytest.mark.parametrize(
    ("system", "gold", "expected"),
    [
        ({"a": "x", "b": "x", "c": "y"}, {"a": "1", "b": "1", "c": "2"}, (1.0, 1.0)),
        ({"a": "x", "b": "x", "c": "x"}, {"a": "1", "b": "1", "c": "2"}, (5 / 9, 1.0)),
        ({"a": "x", "b": "y", "c": "z"}, {"a": "1", "b": "1", "c": "2"}, (1.0, 2 / 3)),
    ],
)
def test_b_cubed_by_hand(system: dict[str, str], gold: dict[str, str], expected: tuple[float, float]) -> None:
    m = score.b_cubed(system, gold)
    assert (m["precision"], m["recall"]) == pytest.approx(expected)


def test_one_topic_scores_only_its_labels() -> None:
    bag = {r["id"]: ("t-" + r["happening"], "s-" + r["topic"]) for r in LABELS}
    result = score.report(bag, LABELS, ("us_election_2020",))
    assert set(result["all"]["story"]) == {"us_election_2020", "pooled"}
    assert result["all"]["story"]["pooled"]["n"] == TOPIC_SIZES["us_election_2020"]


def test_grouping_settings_are_read_as_their_fields_types() -> None:
    params = score.params_of(["story_core_threads=3", "story_core_support=0.25"])
    assert (params.story_core_threads, params.story_core_support) == (3, 0.25)
    with pytest.raises(AttributeError):
        score.params_of(["no_such_setting=1"])
