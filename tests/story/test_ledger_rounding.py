"""When close figures are one fact and when two (`story/ledger_rivals.join_rounded`,
`ledger_slots._split_unowned`, `ledger_status`), on sentences of the spent golds
(naftogaz-blue-stream-arrest, us-election-*, covid-mass-vaccination-russia) and
written after them. Real annotator, real text."""

from __future__ import annotations

from typing import Any

from storyline.model import Article, Story
from storyline.story import build_story

from .seedkit import link_entities


def _facts(
    annotator: Any, *texts: str, published: str = "2021-02-01"
) -> list[tuple[str, list[float | None]]]:
    articles = []
    for n, text in enumerate(texts):
        article = Article(
            id=f"a{n}", text=text, published=published, published_precision="day", lang="ru", source=f"s{n}"
        )
        article.annotation = annotator.annotate_many([article])[0]
        articles.append(article)
    story = Story("s", "", [a.id for a in articles], [], first_published=published)
    built = build_story(story, articles, link_entities(articles)).story
    return [(f.status, [v.value for v in f.values]) for f in built.facts]


SUBJECT = "Россия должна выплатить Украине 4,6 млрд долларов."
AGREED = "Сумма в 4,63 млрд долларов была согласована арбитражем."


def test_a_subjects_figure_rounded_and_told_with_another_verb_is_one_fact(annotator: Any) -> None:
    assert _facts(annotator, SUBJECT, AGREED) == [("consistent", [4_600_000_000.0, 4_630_000_000.0])]


def test_a_close_figure_that_is_not_the_other_rounded_stays_a_fact_of_its_own(annotator: Any) -> None:
    facts = _facts(annotator, SUBJECT, "Речь идет о 4,8 млрд долларов, согласованных арбитражем.")
    assert not any(len(vs) > 1 for _, vs in facts)


def test_one_articles_figure_and_its_rounding_with_two_verbs_stay_apart(annotator: Any) -> None:
    facts = _facts(annotator, SUBJECT + " " + AGREED)
    assert not any(len(vs) > 1 for _, vs in facts)


def test_figures_of_nobody_known_far_apart_are_different_things(annotator: Any) -> None:
    facts = _facts(
        annotator,
        "Первым компонентом вакцины привили уже больше 17 тысяч человек.",
        "На 14 января в регион поступили 5542 дозы вакцины, уже привиты 1965 человек.",
    )
    assert not any(17_000.0 in vs and 1965.0 in vs for _, vs in facts)
    assert all(status == "consistent" for status, _ in facts)


def test_figures_of_nobody_known_close_together_are_one_history(annotator: Any) -> None:
    facts = _facts(
        annotator,
        "Голосование выборщиков завершилось пока в 12 штатах.",
        "Голосование выборщиков завершилось уже в 30 штатах.",
    )
    assert ("updated", [12.0, 30.0]) in facts


def test_an_enumerations_members_in_one_sentence_are_no_update(annotator: Any) -> None:
    facts = _facts(
        annotator,
        "По состоянию на 13 января, первый компонент вакцины получили 411 человек, второй компонент – 82 человека.",
    )
    assert all(status == "consistent" for status, _ in facts)


def test_a_figure_needed_to_win_is_no_rival_of_the_winners_tally(annotator: Any) -> None:
    facts = _facts(
        annotator,
        "По результатам голосования Байден набирает 302 голоса выборщиков.",
        "Байден получил 270 необходимых голосов для того, чтобы быть объявленным победителем.",
    )
    assert all(status == "consistent" for status, _ in facts)
    assert not any(302.0 in vs and 270.0 in vs for _, vs in facts)


def test_a_tally_told_without_a_requirement_word_is_still_a_rival(annotator: Any) -> None:
    facts = _facts(
        annotator,
        "По результатам голосования Байден набирает 302 голоса выборщиков.",
        "Байден получил 290 голосов выборщиков.",
    )
    assert ("conflicting", [302.0, 290.0]) in facts


# As the aggregator has it, with no space after the quote's closing sentence.
KOMI = (
    '"В республику Коми поступила вакцина Гам-КОВИД-Вак в количестве 4400 доз. По состоянию на 13 '
    "января, первый компонент вакцины против COVID-19 получили 411 человек, второй компонент – 82 "
    'человека", - говорится в сообщении.В настоящее время в Коми для пациентов с коронавирусом и '
    "пневмонией развернуты в 13 медицинских организациях 2027 коек, из них занято 1113 коек."
)
# and as its repeat further down the page, a paragraph apart
KOMI_AGAIN = KOMI.replace("сообщении.В", "сообщении.\n\nВ")


def test_a_count_of_people_does_not_become_a_count_of_another_verbs_item(annotator: Any) -> None:
    facts = _facts(annotator, KOMI + "\n\n" + KOMI_AGAIN)  # the aggregator repeats the text
    assert not any(411.0 in vs and 13.0 in vs for _, vs in facts)
    assert all(status == "consistent" for status, _ in facts)


def test_figures_given_for_the_present_moment_are_an_update(annotator: Any) -> None:
    facts = _facts(
        annotator,
        "По данным CNN, к настоящему моменту голосование выборщиков завершено в 12 штатах.",
        "К настоящему моменту голосование выборщиков завершилось примерно в 30 штатах.",
    )
    assert ("updated", [12.0, 30.0]) in facts
