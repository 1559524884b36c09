"""Subjects and governors of figures from the dependency parse (real natasha models)."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.model import Article


def _figures(annotator: Any, text: str) -> list[tuple[str, str | None, str | None]]:
    ann = annotator.annotate(Article(id="t", text=text, published="2018-07-09", lang="ru"))
    out = []
    for q in ann.quantities:
        gov = None
        if q.governor_start is not None:
            gov = next(t.lemma for t in ann.tokens if t.start == q.governor_start)
        out.append((q.text, q.subject, gov))
    return out


@pytest.mark.parametrize(
    ("text", "subject", "governor"),
    [
        ("В Германии отменено 250 рейсов.", "Германия", "отменить"),
        ("Британия заплатит Евросоюзу 39 миллиардов фунтов.", "Британия", "заплатить"),
        ("Курс фунта стерлингов поднимался до 1,3327 доллара.", "Курс фунта стерлингов", "подниматься"),
        # the figure is the clause's subject: the organisation it falls "на" holds it
        ("На Газпром приходится 50 процентов поставок.", "Газпром", "приходиться"),
    ],
)
def test_subject_and_governor_from_the_parse(annotator: Any, text: str, subject: str, governor: str) -> None:
    (figure,) = _figures(annotator, text)
    assert figure[1] == subject
    assert figure[2] == governor


def test_a_goal_is_no_subject(annotator: Any) -> None:
    # "в Казахстан" is where the troops go, not whose they are
    figures = _figures(annotator, "Как сообщили в ведомстве, в Казахстан отправят 150 военных.")
    assert figures and all(f[1] != "Казахстан" for f in figures)


def test_the_speaker_is_no_owner(annotator: Any) -> None:
    figures = _figures(annotator, "Министр сообщил о 40 задержанных.")
    assert figures and all(f[1] is None for f in figures)


def test_an_age_belongs_to_the_person_named_after_it(annotator: Any) -> None:
    ann = annotator.annotate(
        Article(id="t", text="Дэвиса сменил 44-летний Доминик Рааб.", published="2018-07-09", lang="ru")
    )
    (age,) = [q for q in ann.quantities if q.item == "возраст"]
    assert (age.value, age.subject) == (44.0, "Доминик Рааб")


def test_no_age_across_a_clause_or_for_an_anniversary(annotator: Any) -> None:
    text = "Отметили 200-летний юбилей театра. Ему 30-летний стаж, сказал Иван Петров."
    ann = annotator.annotate(Article(id="t", text=text, published="2018-07-09", lang="ru"))
    assert not [q for q in ann.quantities if q.item == "возраст"]


def test_an_apposition_and_a_pronoun_name_the_owner(annotator: Any) -> None:
    text = "Асия Биби, мать пятерых детей, провела в тюрьме восемь лет. У нее трое внуков."
    ann = annotator.annotate(Article(id="t", text=text, published="2018-11-01", lang="ru"))
    owners = {q.item: q.subject for q in ann.quantities}
    assert owners["ребенок"] == "Асия Биби"
    assert owners["внук"] == "Асия Биби"


def test_items_carry_their_nominative_plural(annotator: Any) -> None:
    text = "Она набрала 159 голосов и оставила три комментария."
    ann = annotator.annotate(Article(id="t", text=text, published="2018-11-01", lang="ru"))
    assert {q.item_plural for q in ann.quantities} == {"голоса", "комментарии"}


def test_a_cycle_in_the_parse_ends() -> None:
    """slovnet's heads can form a cycle (seen on bsnlp-ru us_election_2020): reading stops."""
    from storyline.annotate.nlp import ParsedText, ParsedToken
    from storyline.annotate.quantity_syntax import attach_syntax
    from storyline.model import QuantityMention, Sentence

    text = "150 200 человек"
    tokens = [
        ParsedToken(0, 3, "150", "150", "NUM", {}, head=1, rel="nummod"),
        ParsedToken(4, 7, "200", "200", "NUM", {}, head=0, rel="nummod"),
        ParsedToken(8, 15, "человек", "человек", "NOUN", {}, head=None, rel="root"),
    ]
    q = QuantityMention(0, 3, "150", value=150.0)
    attach_syntax([q], ParsedText(text, [Sentence(0, len(text))], tokens, []), [])
    assert q.governor_start is None


def test_a_share_of_a_vote_is_the_one_voted_for(annotator: Any) -> None:
    # the second figure's verb is left out ("за лейбористов 40%"): it still belongs to its own "за"
    text = "По данным опроса, за консерваторов проголосовал 41% избирателей, за лейбористов 40%."
    assert [(f[0], f[1]) for f in _figures(annotator, text)] == [("41%", "консерватор"), ("40%", "лейборист")]
    # without a "за" phrase a vote names no owner
    assert [f[1] for f in _figures(annotator, "Против проголосовали 12 депутатов.")] == [None]


@pytest.mark.parametrize(
    ("text", "owners"),
    [
        # bare figures, each hung from its own "у X": not the first conjunct's
        ("У Байдена 135, у Трампа 97.", [("135", "Байден"), ("97", "Трамп")]),
        (
            "По последним данным, у Байдена 135 голосов выборщиков, у Трампа 97.",
            [("135 голосов", "Байден"), ("97", "Трамп")],
        ),
        (
            "По данным ЦИК, у Путина 76 процентов, у Грудинина 11.",
            [("76 процентов", "Путин"), ("11", "Грудинин")],
        ),
        ("У Иванова 40 голосов, у Петровой 35.", [("40 голосов", "Иванов"), ("35", "Петрова")]),
        ("У Петрова 12 мандатов, у Сидорова 8.", [("12 мандатов", "Петров"), ("8", "Сидоров")]),
        (
            "У Меркель 33 процента, у Шульца 21, у Линднера 10.",
            [("33 процента", "Меркель"), ("21", "Шульц"), ("10", "Линднер")],
        ),
        ("У Сидорова 8, у Петрова 12, у Иванова 5.", [("8", "Сидоров"), ("12", "Петров"), ("5", "Иванов")]),
    ],
)
def test_parallel_possessors_own_their_figures(
    annotator: Any, text: str, owners: list[tuple[str, str]]
) -> None:
    assert [(f[0], f[1]) for f in _figures(annotator, text)] == owners
