from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.story.compress import MAX_CHARS, compress


def test_drops_openers_attribution_brackets_and_trailing_relative_clause() -> None:
    s = (
        "Тогда Токаев назвал «террористами» демонстрантов, которые требовали снижения цен на газ "
        "и снятия неприкосновенности с Назарбаева."
    )
    assert compress(s, frozenset({"назвал", "требовали"})) == "Токаев назвал «террористами» демонстрантов."
    s = "Свое согласие высказали пока три страны — Армения (70 военных), Таджикистан (200 военных), Россия (3000 военных)."
    assert compress(s) == "Свое согласие высказали пока три страны — Армения, Таджикистан, Россия."
    s = "По данным МВД Казахстана на утро 7 января, по стране убиты как минимум 26 протестующих."
    assert compress(s) == "По стране убиты как минимум 26 протестующих."


def test_keeps_the_subject_of_personal_reporting_and_the_main_clause_of_a_circumstance() -> None:
    s = "Так, на заседании депутат Дастан Бекешев сказал, что понял бы отправку войск."
    assert "Бекешев сказал, что понял бы" in compress(s, frozenset({"сказал", "понял"}))
    s = "В итоге на фоне протестов правительство Казахстана ушло в отставку, которую принял президент."
    assert (
        compress(s, frozenset({"ушло", "принял"}))
        == "На фоне протестов правительство Казахстана ушло в отставку."
    )


def test_embedded_relative_clause_goes_only_when_the_main_verb_follows() -> None:
    s = "Пашинян сообщил, что организация, в которую входит Кыргызстан, направит силы в Казахстан."
    out = compress(s, frozenset({"сообщил", "входит", "направит"}))
    assert out == "Пашинян сообщил, что организация направит силы в Казахстан."
    s = "МИД распространил сообщение, в котором призвал граждан, находящихся в Казахстане, не выходить на улицу."
    assert "призвал граждан" in compress(s, frozenset({"распространил", "призвал", "выходить"}))


def test_long_sentence_is_cut_at_a_clause_boundary_not_before_a_complementiser() -> None:
    s = (
        "Премьер-министр Армении и председатель Совета коллективной безопасности ОДКБ Никол Пашинян сообщил, "
        "что организация направит свои миротворческие силы в Казахстан, а также в соседние страны региона."
    )
    out = compress(s, frozenset({"сообщил", "направит"}), limit=150)
    assert len(out) <= 150
    assert not out.rstrip(".…").endswith("сообщил")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщыэюяАБВ ,.—«»()", min_size=1, max_size=400))
def test_output_is_bounded_balanced_and_nonempty(text: str) -> None:
    out = compress(text)
    assert len(out) <= 180
    if text.strip(" ,.—«»()"):
        assert out
    # never opens a quotation or bracket that the input did not leave open
    assert out.count("«") - out.count("»") <= max(0, text.count("«") - text.count("»"))
    assert out.count("(") - out.count(")") <= max(0, text.count("(") - text.count(")"))


def test_a_cut_never_ends_inside_a_relative_clause() -> None:
    s = (
        "Министерство иностранных дел Кыргызстана в ночь на 6 января распространило сообщение, в котором "
        "призвало кыргызстанцев, находящихся в Казахстане, не принимать участие в протестах."
    )
    verbs = frozenset({"распространило", "призвало", "принимать"})
    assert compress(s, verbs) == s  # 179 characters with its full stop: it fits
    assert compress(s, verbs, limit=150) == (
        "Министерство иностранных дел Кыргызстана в ночь на 6 января распространило сообщение."
    )


def test_a_leading_conjunction_is_dropped_but_an_initial_stays() -> None:
    from storyline.story.compress import compress

    assert compress("И нарушения сохраняются на сегодняшний день.", frozenset({"сохраняются"})).startswith(
        "Нарушения"
    )
    assert compress("А. Петров заявил об отставке.", frozenset({"заявил"})).startswith("А. Петров")


def test_a_long_quote_is_shortened_before_its_speaker_not_the_speaker_cut() -> None:
    said = (
        "«Огромный ущерб правительство нанесло отношениям, придумывая эти грязные игры вокруг отравлений, "
        "солидарности, высылок дипломатов, санкций и так далее, и так далее без конца»,— сказала госпожа Захарова."
    )
    out = compress(said, frozenset({"нанесло", "сказала", "придумывая"}))
    assert out.endswith("— сказала госпожа Захарова.") and len(out) <= MAX_CHARS
    assert out.startswith("«Огромный ущерб правительство нанесло отношениям")


def test_a_persons_reporting_frame_stays_and_a_news_channels_goes() -> None:
    verbs = frozenset({"заявила", "станет", "сообщила", "подписал"})
    said = "Канцлер Германии Ангела Меркель заявила, что ФРГ не станет зависимой от России."
    assert compress(said, verbs) == said
    told = "Пресс-служба президента сообщила, что Садыр Жапаров подписал указ."
    assert compress(told, verbs) == "Садыр Жапаров подписал указ."


def test_a_speaker_after_a_dash_keeps_his_clause_and_the_quote_keeps_its_words() -> None:
    said = (
        "«Что касается нашей активности относительно „Северного потока“, мы не считаем это политическим "
        "проектом, а проектом, в который вовлечены много европейских предприятий, не только из Германии», "
        "— произнес Маас на встрече с журналистами, которая состоялась 18 января."
    )
    out = compress(said, frozenset({"касается", "считаем", "вовлечены", "произнес", "состоялась"}))
    assert out.endswith("— произнес Маас на встрече с журналистами, которая состоялась 18 января.")
    assert "мы не считаем это" in out and out.count("«") == out.count("»") and len(out) <= MAX_CHARS
