from __future__ import annotations

from pathlib import Path

from storyline.ingest import ingest
from storyline.ingest.extract import extract_page, fragment_text
from storyline.store import Store
from tests.ingest.helpers import page_html, sentences

BOILERPLATE = ("Главная", "Популярное", "Курс доллара", "Все права защищены", "Подписывайтесь")


def seed_text(seeds_dir: Path, n: int = 1) -> str:
    return sorted(seeds_dir.glob("*.txt"))[n].read_text(encoding="utf-8").split(" ", 3)[3].strip()


def test_page_main_text_without_boilerplate(seeds_dir: Path) -> None:
    paragraphs = sentences(seed_text(seeds_dir))
    html = page_html("Депутаты одобрили отправку миротворцев", paragraphs, "2022-01-07T15:20:00+06:00")
    page = extract_page(html.encode(), "https://kaktus.media/doc/1.html")
    assert page is not None
    assert page.title == "Депутаты одобрили отправку миротворцев"
    assert page.published == "2022-01-07"
    assert page.sitename == "Вести Бишкека"
    assert page.text.startswith(paragraphs[0])
    assert all(p in page.text for p in paragraphs)
    assert not any(word in page.text for word in BOILERPLATE)


def test_html_file_ingest(store: Store, inputs: Path, seeds_dir: Path) -> None:
    paragraphs = sentences(seed_text(seeds_dir, 2))
    (inputs / "page.html").write_text(page_html("Указ подписан", paragraphs), encoding="utf-8")
    (inputs / "dated.htm").write_text(
        page_html("Заседание ОДКБ", sentences(seed_text(seeds_dir, 4)), "2022-01-10"), encoding="utf-8"
    )
    (inputs / "empty.html").write_text("<html><body><nav>Главная</nav></body></html>", encoding="utf-8")
    report = ingest(store, [str(inputs)])
    assert report.accepted == 2 and report.rejected == 1
    dated, page = store.iter_articles()
    assert (dated.title, dated.published, dated.published_precision) == (
        "Заседание ОДКБ",
        "2022-01-10",
        "day",
    )
    assert (page.title, page.published, page.published_precision) == ("Указ подписан", None, "unknown")
    assert page.source == "Вести Бишкека" and page.meta == {
        "sitename": "Вести Бишкека"
    }  # no URL: the site name
    assert store.rejections()[0].reason == "no main text found in HTML page"


def test_html_sniffed_without_extension(store: Store, inputs: Path, seeds_dir: Path) -> None:
    (inputs / "saved_page").write_text(
        page_html("Без расширения", sentences(seed_text(seeds_dir, 3))), encoding="utf-8"
    )
    report = ingest(store, [str(inputs)])
    assert report.accepted == 1 and next(store.iter_articles()).title == "Без расширения"


def test_fragment_text() -> None:
    assert fragment_text("<p>Один &amp; два</p><p>Три<br>четыре</p><script>x()</script>").split() == [
        "Один", "&", "два", "Три", "четыре",
    ]  # fmt: skip
    assert "\n" in fragment_text("<p>a</p><p>b</p>")
    assert fragment_text("просто текст &laquo;в кавычках&raquo;") == "просто текст «в кавычках»"


def test_cp1251_page_without_charset(store: Store, inputs: Path, seeds_dir: Path) -> None:
    paragraphs = sentences(seed_text(seeds_dir, 0))
    html = page_html("Кодировка", paragraphs).replace('<meta charset="utf-8">', "")
    (inputs / "win.html").write_bytes(html.encode("cp1251"))
    report = ingest(store, [str(inputs)])
    assert report.accepted == 1
    article = next(store.iter_articles())
    assert article.title == "Кодировка" and article.text.startswith(paragraphs[0])
