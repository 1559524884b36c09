"""Namesakes on real annotations: two men of one surname, each named in full somewhere,
stay two entities even after bare-surname mentions have met the first of them.

bsnlp-ru, in ingest order: three nord_stream articles name Nord Stream 2's Йенс Мюллер,
two us_election articles say only "Мюллера", and a third names the US special counsel
Роберт Мюллер in full. Before the first-name check the full name was pulled into Йенс
Мюллер's entity through the surname key its bare mentions had left.
"""

from __future__ import annotations

import json
from pathlib import Path

from storyline.annotate import Annotator
from storyline.group.entities import EntityResolver
from storyline.ingest import ingest
from storyline.store import open_store

ARTICLES = (
    "bsnlp-nord_stream-Nord_Stream_2_extra.xml_file_545",
    "bsnlp-nord_stream-nord_stream_ru.txt_file_24",
    "bsnlp-nord_stream-nord_stream_ru.txt_file_26",
    "bsnlp-us_election_2020-elections_ru_118",
    "bsnlp-us_election_2020-elections_ru_144",
    "bsnlp-us_election_2020-elections_ru_34",
)


def test_robert_mueller_is_not_jens_mueller(tmp_path: Path, corpora: Path, annotator: Annotator) -> None:
    lines = (corpora / "bsnlp-ru" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    chosen = [line for line in lines if json.loads(line)["id"] in ARTICLES]
    assert len(chosen) == len(ARTICLES)
    source = tmp_path / "namesakes.jsonl"
    source.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    with open_store(tmp_path / "n.db") as store:
        ingest(store, [str(source)])
        articles = sorted(store.iter_articles(with_annotation=False), key=lambda a: ARTICLES.index(a.id))
    resolver = EntityResolver()
    named: dict[str, set[str]] = {}  # full name -> entity ids its mentions got
    for article in articles:
        annotation = annotator.annotate(article)
        resolver.resolve(article.id, annotation)
        for m in annotation.entities:
            if m.type == "PER" and m.name in ("Йенс Мюллер", "Роберт Мюллер") and m.entity_id:
                named.setdefault(m.name, set()).add(resolver.resolve_id(m.entity_id))
    assert set(named) == {"Йенс Мюллер", "Роберт Мюллер"}
    assert not named["Йенс Мюллер"] & named["Роберт Мюллер"]
    assert {resolver.records[i].name for i in named["Роберт Мюллер"]} == {"Роберт Мюллер"}


def test_bare_surname_of_another_story_is_not_a_little_known_namesake(
    tmp_path: Path, corpora: Path, annotator: Annotator
) -> None:
    """The first us_election article that says only "Мюллера" shares no more than "США"
    (and a stray "Русь") with Йенс Мюллер's company (Nord Stream 2 AG, the Baltic states):
    its bare surname stays apart from him."""
    lines = (corpora / "bsnlp-ru" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    chosen = [line for line in lines if json.loads(line)["id"] in ARTICLES[:4]]
    source = tmp_path / "bare.jsonl"
    source.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    with open_store(tmp_path / "b.db") as store:
        ingest(store, [str(source)])
        articles = sorted(store.iter_articles(with_annotation=False), key=lambda a: ARTICLES.index(a.id))
    resolver = EntityResolver()
    bare: set[str] = set()
    jens: set[str] = set()
    for article in articles:
        annotation = annotator.annotate(article)
        resolver.resolve(article.id, annotation)
        for m in annotation.entities:
            if m.type == "PER" and m.entity_id and m.text.startswith("Мюллер"):
                ids = bare if "us_election" in article.id else jens
                ids.add(resolver.resolve_id(m.entity_id))
            if m.type == "PER" and m.entity_id and m.name == "Йенс Мюллер":
                jens.add(resolver.resolve_id(m.entity_id))
    assert bare and jens
    assert not bare & jens
