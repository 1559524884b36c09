"""Builders for ingest test inputs: pages with boilerplate, feeds, distinct texts."""

from __future__ import annotations

import json
import random
from html import escape
from pathlib import Path
from typing import Any

SYLLABLES = "ка ро ми на те ло ви да пу ше зо ры бе ку ла мо ни го ту фе жи це хо".split()


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def distinct_text(seed: int, words: int = 120) -> str:
    """A pseudo-Russian text that shares almost no 3-word shingle with another seed's."""
    rng = random.Random(seed)
    out = []
    for i in range(words):
        w = word(rng)
        out.append(w.capitalize() if i % 12 == 0 else w)
        if i % 12 == 11:
            out[-1] += "."
    return " ".join(out) + "."


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def page_html(
    title: str, paragraphs: list[str], published: str | None = None, site: str = "Вести Бишкека"
) -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>{escape(title)} | {escape(site)}</title>
<meta property="og:site_name" content="{escape(site)}">{meta}</head>
<body>
<header><nav><a href="/">Главная</a> <a href="/politics">Политика</a> <a href="/sport">Спорт</a></nav></header>
<aside class="sidebar"><h3>Популярное</h3><ul><li><a href="/x">Курс доллара на сегодня</a></li>
<li><a href="/y">Погода в Бишкеке</a></li></ul></aside>
<main><article><h1>{escape(title)}</h1>{body}</article></main>
<footer><p>© 2022 {escape(site)}. Все права защищены. Перепечатка запрещена.</p>
<p>Подписывайтесь на наш канал в Telegram</p></footer>
</body></html>"""


def sentences(text: str) -> list[str]:
    """Crude sentence split for building paragraphs out of seed texts."""
    parts, current = [], []
    for token in text.split(" "):
        current.append(token)
        if token.endswith((".", "!", "?")) and len(current) > 6:
            parts.append(" ".join(current))
            current = []
    if current:
        parts.append(" ".join(current))
    return parts


def rss(items: list[dict[str, str]], title: str = "Новости", link: str = "https://news.example.kg/") -> str:
    entries = []
    for item in items:
        parts = [f"<title>{escape(item['title'])}</title>", f"<link>{escape(item['link'])}</link>"]
        if "guid" in item:
            parts.append(f"<guid>{escape(item['guid'])}</guid>")
        if "date" in item:
            parts.append(f"<pubDate>{item['date']}</pubDate>")
        if "summary" in item:
            parts.append(f"<description>{escape(item['summary'])}</description>")
        if "content" in item:
            parts.append(f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        entries.append("<item>" + "".join(parts) + "</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(title)}</title><link>{escape(link)}</link><description>d</description>"
        + "".join(entries)
        + "</channel></rss>"
    )
