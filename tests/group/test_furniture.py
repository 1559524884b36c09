"""Site furniture in the headline slot (`group/furniture.py`): a banner title many
unrelated pages bear bridges no threads; a reprinted headline is still a headline."""

from __future__ import annotations

from storyline.group import Grouper
from storyline.group.furniture import is_furniture, title_key, title_support
from storyline.model import Article
from storyline.store.base import Store
from tests.group.conftest import ingest, make_article

BANNER = "Регистрация пройдена успешно! Пожалуйста, перейдите по ссылке из письма"
# Four unrelated reports, each with one shared common word so that the banner's headline
# cosine (1.0 between any two) is what would put them over the join cut.
BODIES = [
    "выборы штат голоса выборщики коллегия",
    "выборы вакцина прививка поставки доз",
    "выборы суд иск адвокаты жалоба",
    "выборы конгресс сенат заседание утверждение",
]


def _group(store: Store, articles: list[Article], grouper: Grouper) -> dict[str, str]:
    out = {}
    for a in articles:
        with store.transaction():
            out[a.id] = grouper.add(store.get_article(a.id))[0]
    return out


def _banner_pages() -> list[Article]:
    return [
        make_article(f"p{i}", body, title=BANNER, published="2021-02-01") for i, body in enumerate(BODIES)
    ]


def test_title_key_folds_case_yo_and_spacing():
    assert title_key("Ёлка  в ЦЕНТРЕ ") == title_key("елка в центре")
    assert title_key("   ") == ""
    assert title_key("Ёлка в центре") != title_key("Ёлка в парке")


def test_support_is_the_share_of_title_words_in_the_text():
    page = make_article("x", "выборы штат голоса", title=BANNER)
    assert title_support(page) == 0.0
    report = make_article("y", "Джонсон ушел в отставку с поста главы МИД", title="Джонсон ушел в отставку")
    assert title_support(report) == 1.0
    assert not is_furniture(page, 1)  # a second bearer may be a reprint
    assert is_furniture(page, 2)
    assert not is_furniture(report, 5)  # a reprinted headline its text repeats


def test_banner_title_joins_no_unrelated_pages(store: Store):
    pages = _banner_pages()
    ingest(store, pages)
    out = _group(store, pages, Grouper(store))
    # The third and fourth bearers are grouped without the banner: threads of their own
    # (without the furniture rule every page joins the first one's thread).
    assert out["p2"] not in {out["p0"], out["p1"]}
    assert out["p3"] not in {out["p0"], out["p1"], out["p2"]}
    threads = {t.id: t for t in store.threads()}
    assert threads[out["p3"]].title == BODIES[3]  # its first sentence stands for its headline


def test_title_counts_survive_a_restart(store: Store):
    pages = _banner_pages()
    ingest(store, pages)
    first = _group(store, pages[:2], Grouper(store))
    later = _group(store, pages[2:], Grouper(store))  # a new grouper reads the counts back
    assert later["p2"] not in set(first.values())
    assert later["p3"] not in {*first.values(), later["p2"]}


def test_a_reprinted_headline_still_joins(store: Store):
    title = "Парламент одобрил отправку миротворцев"
    copies = [
        make_article(
            f"c{i}", f"парламент одобрил отправку миротворцев {extra}", title=title, published="2022-01-07"
        )
        for i, extra in enumerate(["сегодня", "утром", "в четверг", "большинством"])
    ]
    ingest(store, copies)
    out = _group(store, copies, Grouper(store))
    assert len(set(out.values())) == 1
