"""A relative named after his namesake is not what the bare surname says.

bsnlp-ru's us_election article elections_ru_105 names "Дональд Трамп", "Эрик Трамп, сын
Дональда Трампа" and "Фред Трамп, отец Дональда Трампа", then says "Трамп" twenty times.
Before relatives were told apart, three full names shared the surname, so the bare ones
became a surname-only entity of their own, and every later article's "Трамп" (and, by
that key, its "Дональд Трамп") went there: one man, two entities in the story's export.
The seeds' two Жапаров (neither named as the other's relative) stay apart
(`test_entities`' namesake tests and the seeds gold's `japarovs_distinct`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.annotate import Annotator
from storyline.annotate.roles import KINSHIP_HEADS as ANNOTATE_KINSHIP
from storyline.group.entities import EntityResolver
from storyline.group.entity_keys import KINSHIP_HEADS, kin_role, only_kin
from storyline.ingest import ingest
from storyline.store import open_store

ARTICLES = (
    "bsnlp-us_election_2020-elections_ru_105",  # the three Трамп, and bare "Трамп"
    "bsnlp-us_election_2020-elections_ru_23",  # only bare "Трамп"
)
DONALD, ERIC, FRED = "Дональд Трамп", "Эрик Трамп", "Фред Трамп"


def test_the_kinship_words_are_the_annotate_stages() -> None:
    assert KINSHIP_HEADS == ANNOTATE_KINSHIP


@pytest.mark.parametrize(
    ("role", "kin"),
    [
        ("сын дональда трампа", True),
        ("сыну дональда трампа", True),
        ("отца президента", True),
        ("дочерью президента", True),
        ("зять президента", True),
        ("президент", False),
        ("женщина-политик", False),
        ("мужчина", False),
        ("депутат", False),
    ],
)
def test_kin_role(role: str, kin: bool) -> None:
    assert kin_role(role) is kin


def test_only_kin_needs_every_role_a_relatives() -> None:
    assert only_kin({"сын дональда трампа": 1})
    assert not only_kin({"сын президента": 1, "советник президента": 1})
    assert not only_kin({})


def test_bare_surname_beside_relatives_is_the_namesake(
    tmp_path: Path, corpora: Path, annotator: Annotator
) -> None:
    lines = (corpora / "bsnlp-ru" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    chosen = [line for line in lines if json.loads(line)["id"] in ARTICLES]
    assert len(chosen) == len(ARTICLES)
    source = tmp_path / "trumps.jsonl"
    source.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    with open_store(tmp_path / "t.db") as store:
        ingest(store, [str(source)])
        articles = sorted(store.iter_articles(with_annotation=False), key=lambda a: ARTICLES.index(a.id))
    resolver = EntityResolver()
    by_text: dict[tuple[str, str], set[str]] = {}  # (article, text or full name) -> entity ids
    for article in articles:
        annotation = annotator.annotate(article)
        resolver.resolve(article.id, annotation)
        for m in annotation.entities:
            if m.type == "PER" and "Трамп" in m.text and m.entity_id:
                label = m.name if " " in m.text else "bare"
                by_text.setdefault((article.id, label), set()).add(resolver.resolve_id(m.entity_id))
    first, second = ARTICLES
    donald = by_text[(first, DONALD)]
    assert len(donald) == 1
    assert by_text[(first, "bare")] == donald
    assert by_text[(second, "bare")] == donald
    assert by_text[(first, ERIC)].isdisjoint(donald)
    assert by_text[(first, FRED)].isdisjoint(donald)
    assert by_text[(first, ERIC)].isdisjoint(by_text[(first, FRED)])
    trumps = [r for r in resolver.records.values() if r.type == "PER" and "Трамп" in r.name]
    assert sorted(r.name for r in trumps) == sorted([DONALD, ERIC, FRED])
