"""The SOURCES file: plain lists with comments, and OPML exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.watch.sources_list import read_sources


def test_plain_list_with_comments(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text(
        "# ленты\nhttps://lenta.example/rss  # главная\n\n  http://site.example/page#top\n"
        "https://lenta.example/rss\n",
        encoding="utf-8",
    )
    assert read_sources(path) == ["https://lenta.example/rss", "http://site.example/page#top"]


def test_opml_nested_outlines(tmp_path: Path) -> None:
    path = tmp_path / "export.opml"
    path.write_text(
        "<?xml version='1.0'?><opml version='2.0'><head><title>Подписки</title></head><body>"
        "<outline text='Новости'><outline type='rss' text='Лента' xmlUrl='https://a.example/rss'/>"
        "<outline text='Сайт' htmlUrl='https://b.example/'/></outline>"
        "<outline text='без адреса'/></body></opml>",
        encoding="utf-8",
    )
    assert read_sources(path) == ["https://a.example/rss", "https://b.example/"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("# nothing\n", "lists no URLs"),
        ("ftp://files.example/feed\n", r"not an http\(s\) URL"),
        ("<opml><body><outline", "not well-formed OPML"),
        ("<rss version='2.0'/>", "not OPML"),
    ],
)
def test_mistakes_are_one_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_sources(path)


def test_opml_entities_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.opml"
    path.write_text(
        "<?xml version='1.0'?><!DOCTYPE opml [<!ENTITY a 'https://x.example/'>"
        "<!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>]><opml><body><outline xmlUrl='&b;'/>"
        "<outline xmlUrl='https://ok.example/rss'/></body></opml>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="entity declarations"):
        read_sources(path)
