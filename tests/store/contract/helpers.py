"""Records for the contract tests."""

from __future__ import annotations

from storyline.model import Article


def article(n: int, text: str | None = None) -> Article:
    body = text or f"Текст номер {n}: о событии {n}."
    return Article(
        id=f"a{n}", text=body, content_hash=f"h-{body}", published="2022-01", published_precision="month"
    )
