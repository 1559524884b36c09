"""Checks of an export document against contract v1: the JSON Schema plus the rules
the schema cannot express (offsets, references, partitions)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import SHARED

SCHEMA_PATH = SHARED / "contract" / "export-v1.schema.json"


def validate_export(doc: dict[str, Any], schema_path: Path = SCHEMA_PATH) -> None:
    # The schema is read from ../shared, as the contract says; a checkout without it skips
    # the test (as every other ../shared test does) instead of failing on a missing file.
    if not schema_path.is_file():
        pytest.skip(f"contract schema not found at {schema_path} (set STORYLINE_SHARED)")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(doc)
    check_references(doc)


def check_references(doc: dict[str, Any]) -> None:
    entity_ids = {e["id"] for e in doc["entities"]}
    thread_ids = {t["id"] for t in doc["threads"]}
    story_ids = {s["id"] for s in doc["stories"]}
    article_ids = {a["id"] for a in doc["articles"]}
    assert len(article_ids) == len(doc["articles"]), "article ids are unique"
    for article in doc["articles"]:
        text = article["text"]
        assert article["thread_id"] in thread_ids and article["story_id"] in story_ids
        for kind in ("entities", "dates", "quantities", "quotes"):
            for span in article[kind]:
                assert 0 <= span["start"] <= span["end"] <= len(text)
                assert text[span["start"] : span["end"]] == span["text"], (kind, span)
        for span in article["sentences"]:
            assert 0 <= span["start"] < span["end"] <= len(text)
            assert set(span["repeats"]) <= article_ids
        for mention in article["entities"]:
            assert mention["entity_id"] in entity_ids
    in_threads = [a for t in doc["threads"] for a in t["article_ids"]]
    assert sorted(in_threads) == sorted(article_ids), "threads partition the articles"
    in_stories = [a for s in doc["stories"] for a in s["article_ids"]]
    assert sorted(in_stories) == sorted(article_ids), "stories partition the articles"
    threads_in_stories = [t for s in doc["stories"] for t in s["thread_ids"]]
    assert sorted(threads_in_stories) == sorted(thread_ids), "every thread lies in exactly one story"
    for thread in doc["threads"]:
        assert thread["story_id"] in story_ids
    for story in doc["stories"]:
        assert set(story["entity_ids"]) <= entity_ids
        for event in story["timeline"]:
            assert set(event["entity_ids"]) <= entity_ids
            for ev in event["evidence"]:
                assert ev["article_id"] in article_ids
        for fact in story["facts"]:
            assert fact["subject_entity_id"] is None or fact["subject_entity_id"] in entity_ids
            check_fact_reports(fact)
        for quote in story["quotes"]:
            assert quote["article_id"] in article_ids


def check_fact_reports(fact: dict[str, Any]) -> None:
    """The extra fields `reports` (articles giving the figure) and `single_report`
    (`consistent` resting on one article) agree with the fact's values and status."""
    reports = len({v["article_id"] for v in fact["values"]})
    assert fact["reports"] == reports, fact["id"]
    assert fact["single_report"] is (fact["status"] == "consistent" and reports == 1), fact["id"]
