"""Settings from flags and the environment. Flags win over the environment.

Environment variables are validated like flags: a value that is not what the
variable takes is a user mistake (`InputError`, one line naming the variable),
never a traceback from `int()`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from storyline.errors import InputError

DEFAULT_DB = "storyline.db"
# Texts over 1 MB are almost always scraping accidents (whole sites, binary dumps).
DEFAULT_MAX_BYTES = 1_000_000
# Writer lease defaults (why these values: store/lease.py).
DEFAULT_WRITER_WAIT = 300.0
DEFAULT_LEASE_TTL = 30.0
# The smallest text limit that still admits a one-paragraph news item; a smaller
# value would reject every real article and is taken for a typo.
MIN_MAX_BYTES = 1_000


def env_int(name: str, minimum: int) -> int | None:
    """`$name` as an integer of at least `minimum`, or None when unset or empty."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise InputError(f"${name} must be a whole number, got {raw[:40]!r}") from None
    if value < minimum:
        raise InputError(f"${name} must be at least {minimum}, got {value}")
    return value


@dataclass(frozen=True)
class Settings:
    db: str = DEFAULT_DB
    workers: int = 0  # 0: one annotation process per core
    max_bytes: int = DEFAULT_MAX_BYTES
    writer_wait: float = DEFAULT_WRITER_WAIT  # seconds a writer waits for another one to finish
    lease_ttl: float = DEFAULT_LEASE_TTL  # seconds a dead writer's lease blocks the next one
    dask: str | None = None  # a Dask scheduler's address: annotation runs on that cluster

    @classmethod
    def from_env(
        cls,
        db: str | None = None,
        workers: int | None = None,
        wait: float | None = None,
        dask: str | None = None,
    ) -> Settings:
        env_workers = env_int("STORYLINE_WORKERS", 0)
        env_max = env_int("STORYLINE_MAX_BYTES", MIN_MAX_BYTES)
        return cls(
            db=db or os.environ.get("STORYLINE_DB") or DEFAULT_DB,
            workers=workers if workers is not None else env_workers or 0,
            max_bytes=env_max if env_max is not None else DEFAULT_MAX_BYTES,
            writer_wait=wait if wait is not None else _seconds("STORYLINE_WRITER_WAIT", DEFAULT_WRITER_WAIT),
            lease_ttl=_seconds("STORYLINE_LEASE_TTL", DEFAULT_LEASE_TTL, positive=True),
            dask=dask or os.environ.get("STORYLINE_DASK") or None,
        )

    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else max(1, os.cpu_count() or 1)


def _seconds(name: str, default: float, positive: bool = False) -> float:
    """A number of seconds from the environment; a bad value is the user's mistake."""
    text = os.environ.get(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"${name} must be a number of seconds, not {text!r}") from None
    if value < 0 or (positive and value == 0) or value != value:
        raise InputError(
            f"${name} must be a {'positive' if positive else 'non-negative'} number of seconds, not {text!r}"
        )
    return value
