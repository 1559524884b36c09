"""Settings from flags and the environment. Flags win over the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_DB = "storyline.db"
# Texts over 1 MB are almost always scraping accidents (whole sites, binary dumps).
DEFAULT_MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class Settings:
    db: str = DEFAULT_DB
    workers: int = 0  # 0: one annotation process per core
    max_bytes: int = DEFAULT_MAX_BYTES

    @classmethod
    def from_env(cls, db: str | None = None, workers: int | None = None) -> Settings:
        env_workers = os.environ.get("STORYLINE_WORKERS")
        return cls(
            db=db or os.environ.get("STORYLINE_DB") or DEFAULT_DB,
            workers=workers if workers is not None else int(env_workers) if env_workers else 0,
            max_bytes=int(os.environ.get("STORYLINE_MAX_BYTES", DEFAULT_MAX_BYTES)),
        )

    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else max(1, os.cpu_count() or 1)
