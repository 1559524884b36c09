"""Language identification."""

from __future__ import annotations


def detect_language(text: str) -> str:
    # PLACEHOLDER (helper D replaces)
    return "ru"
