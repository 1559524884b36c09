"""Session 18 (quotes): interview answers after a speaker's name and a colon, and colon
lead-ins with no speech verb (issue #10). Sentences from FactRuEval-2016 devset book_142
and book_147, book_438 (the spent gold session18-nerel-blind) unless marked invented."""

from __future__ import annotations

from storyline.annotate.nlp import NLP
from tests.annotate.quote_helpers import annotate, shown_words, the_quote

INTERVIEW = (
    "Голос Америки: И какова была реакция господина Эрдогана? Он проявил заинтересованность?\n\n"
    "Мустафа Джемилев: Положительная была реакция! Он сказал, что будет поднимать этот вопрос и "
    "принимать меры. В ходе встречи он дал конкретные указания — помочь в строительстве двух "
    "национальных школ.\n\n"
    "Голос Америки: Достаточно ли сегодня у Крыма полномочий для решения своих внутренних проблем?\n\n"
    "Мустафа Джемилев: Особых полномочий у крымской автономии нет. Всё, на что способен парламент "
    "Крыма, — решать мелкие вопросы.\n\n"
    "Голос Америки: Спасибо за интервью!"
)


def test_interview_answers_are_the_answerers_words(nlp: NLP) -> None:
    quotes, _ = annotate(nlp, INTERVIEW)
    for needle in (
        "Положительная была реакция",
        "Особых полномочий у крымской автономии нет",
        "дал конкретные",
    ):
        assert "джемилев" in shown_words(the_quote(quotes, needle))


def test_interview_questions_are_no_quotes(nlp: NLP) -> None:
    quotes, _ = annotate(nlp, INTERVIEW)
    assert not any("полномочий для решения" in q.text or "Спасибо" in q.text for q in quotes)


def test_a_frame_inside_an_answer_keeps_its_own_words(nlp: NLP) -> None:
    # `Он сказал, что …` inside the answer stays the reported clause, not the answer's run.
    quotes, _ = annotate(nlp, INTERVIEW)
    inner = the_quote(quotes, "будет поднимать этот вопрос")
    assert "Положительная" not in inner.text


def test_captions_and_headings_are_no_speaker_lines(nlp: NLP) -> None:
    # Invented captions: the lead-in is a word, or more than one entity.
    text = (
        "Фото: ТАСС\n\nИсточник: РИА Новости\n\n"
        "Сергей Лавров и Антони Блинкен в Женеве: переговоры длились почти два часа.\n\n"
        "Читайте также: Москва ответила на новые санкции"
    )
    quotes, _ = annotate(nlp, text)
    assert quotes == []


def test_a_lead_in_without_a_speech_verb_names_who_spoke(nlp: NLP) -> None:
    text = (
        "Сам Александр Белов оказался более дипломатичным: «Для нас было несколько неожиданно, "
        "что заявку подал по личной инициативе советник руководителя партии «Яблоко» Артур "
        "Гороховский»."
    )
    quotes, _ = annotate(nlp, text)
    assert "белов" in shown_words(the_quote(quotes, "Для нас было несколько неожиданно"))


def test_a_lead_in_with_a_that_clause_names_its_subject(nlp: NLP) -> None:
    text = (
        "Представитель Роскосмоса Александр Воробьёв даёт классическое объяснение агентству Рейтер, "
        "что это происки врагов: «Подобные публикации направлены на подрыв российско-американских "
        "соглашений о закупки американцами кораблей „Прогресс“ и „Союз“»."
    )
    quotes, _ = annotate(nlp, text)
    assert "воробь" in shown_words(the_quote(quotes, "Подобные публикации направлены"))


def test_a_quoted_title_after_a_colon_is_no_speech(nlp: NLP) -> None:
    # Invented: a verbless title in marks after a named subject stays a title.
    text = "Президент Владимир Путин подписал указ: «О мерах по поддержке малого бизнеса в регионах России»."
    quotes, _ = annotate(nlp, text)
    assert quotes == []


def test_a_colon_ending_its_line_announces_the_paragraph(nlp: NLP) -> None:
    # Invented on the form of NEREL dev 349503 (`На сайте столичной мэрии отмечается:` and
    # the site's paragraph below it), with a named body as the text's owner.
    text = (
        "В Москве прошли переговоры.\n\nВ заявлении МИД России говорится:\n"
        "Россия не намерена отказываться от своих обязательств по договору. Переговоры продолжатся "
        "в следующем месяце.\n\nУчастники встречи обсудили и другие вопросы."
    )
    quotes, _ = annotate(nlp, text)
    assert "мид" in shown_words(the_quote(quotes, "не намерена отказываться"))
    assert not any("другие вопросы" in q.text for q in quotes)


def test_a_colon_before_a_list_is_no_speech(nlp: NLP) -> None:
    # Invented: a list after a colon that ends its line opens with a dash or a number.
    text = "В заявлении МИД России говорится:\n— первое;\n1. второе пункт соглашения будет выполнен."
    quotes, _ = annotate(nlp, text)
    assert not any("пункт соглашения" in q.text for q in quotes)


def test_an_agency_alone_at_the_head_credits_a_text(nlp: NLP) -> None:
    # Invented on a feed's form: one body's name and a colon before the news it carries.
    text = (
        "ТАСС: Следственный комитет просит заключить активистку под домашний арест. "
        "Её подозревают в нарушении санитарных правил."
    )
    quotes, _ = annotate(nlp, text)
    assert quotes == []
