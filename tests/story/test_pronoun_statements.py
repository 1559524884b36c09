"""An undated statement whose speaker is a pronoun the quote stage resolved is news of
the day, and its timeline text names the speaker (`story/statements.py`)."""

from __future__ import annotations

from storyline.model import Article, Story
from storyline.story import build_story

from .handmade import doc

SENTENCE = "Наложение санкций точно не тот путь, сказал он."


def _article(resolved: bool) -> Article:
    a = doc(
        "a",
        ["Кабинет одобрил план.", SENTENCE],
        published="2019-01-10",
        verbs=["одобрил", "сказал"],
        lemmas={"одобрил": "одобрить", "сказал": "сказать"},
        quotes=[
            {
                "text": "Наложение санкций точно не тот путь",
                "kind": "unmarked",
                "speaker_text": "он",
                "speaker": "Хайко Маас" if resolved else None,
                "speaker_entity_id": "e:Хайко Маас" if resolved else None,
            }
        ],
    )
    assert a.annotation is not None
    quote = a.annotation.quotes[0]
    quote.speaker_start = a.text.index("он.")
    quote.speaker_end = quote.speaker_start + 2
    return a


def _texts(a: Article) -> list[tuple[str | None, str]]:
    story = Story("s", "", [a.id], [], first_published="2019-01-10")
    return [(e.date, e.text) for e in build_story(story, [a], {}).story.timeline]


def test_a_resolved_pronoun_speaker_makes_a_named_event_of_the_day() -> None:
    events = _texts(_article(resolved=True))
    assert ("2019-01-10", "Наложение санкций точно не тот путь, сказал Хайко Маас.") in events


def test_an_unresolved_pronoun_speaker_makes_no_event() -> None:
    assert not any("санкций" in text for _, text in _texts(_article(resolved=False)))


def test_a_report_frame_joins_the_event_it_reports_and_names_its_actor() -> None:
    a = doc(
        "a",
        [
            "Польша будет продолжать попытки заблокировать газопровод.",
            "С данным заявлением выступил министр Яцек Чапутович, передает радио.",
            "Кабинет одобрил план.",
        ],
        published="2018-10-25",
        verbs=["будет", "выступил", "передает", "одобрил"],
        lemmas={"выступил": "выступить"},
        entities=[("Яцек Чапутович", "PER", "Яцек Чапутович")],
    )
    story = Story("s", "", [a.id], [], first_published="2018-10-25")
    (event,) = [e for e in build_story(story, [a], {}).story.timeline if "Польша" in e.text]
    told = [a.text[e.start : e.end] for e in event.evidence]
    assert event.text.startswith("Польша будет продолжать")  # the telling, not its frame
    assert any(t.startswith("С данным заявлением выступил министр Яцек Чапутович") for t in told)
