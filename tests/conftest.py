"""Shared fixtures. Tests that need ../shared skip with a clear reason when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from tests.pg import pg_cluster, pg_url  # noqa: F401  (fixtures: a throwaway PostgreSQL cluster)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", REPO.parent / "shared"))
SEEDS_PACKAGED = REPO / "src" / "storyline" / "examples" / "seeds"

# No hypothesis test checks speed (speed lives in benchmarks/), and on a shared, loaded CI machine
# hypothesis's default 200 ms deadline per example failed a property test that passed on rerun
# (tests/group/test_lead_events.py, session 14). One profile for every test: no deadline.
settings.register_profile("storyline", deadline=None)
settings.load_profile("storyline")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared not found at {SHARED} (set STORYLINE_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def corpora(shared_dir: Path) -> Path:
    path = shared_dir / "corpora"
    if not path.is_dir():
        pytest.skip(f"corpora not found at {path}")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five seed articles: the packaged copy, present everywhere."""
    return SEEDS_PACKAGED


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """natasha models, loaded once for the whole test session."""
    from storyline.annotate.nlp import NLP

    return NLP()


@pytest.fixture(scope="session")
def annotator(nlp):  # type: ignore[no-untyped-def]
    from storyline.annotate import Annotator

    return Annotator(nlp)
