"""Stable short ids derived from content, shared by every stage that mints ids."""

from __future__ import annotations

import hashlib


def short_hash(text: str, length: int = 16) -> str:
    """First `length` hex digits of the SHA-1 of `text` (UTF-8): stable across runs and machines."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]
