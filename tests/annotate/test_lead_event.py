"""The lead's events (who did what in the first two sentences), from the real natasha parse,
and their round trip through the store's codec."""

from __future__ import annotations

from typing import Any

from storyline.model import Annotation, Article, LeadEvent
from storyline.store import codec


def _events(annotator: Any, text: str) -> list[tuple[list[str], str | None]]:
    ann = annotator.annotate(Article(id="t", text=text, published="2018-07-09", lang="ru"))
    return [(e.predicates, e.subject) for e in ann.lead_events]


def test_two_steps_of_one_day_have_other_events(annotator: Any) -> None:
    resigned = _events(annotator, "Борис Джонсон подал в отставку. Об этом сообщила канцелярия премьера.")
    appointed = _events(annotator, "Новым министром по делам Brexit назначен Доминик Рааб. Он сменил Дэвиса.")
    assert resigned[0] == (["подать"], "джонсон")
    assert appointed[0][0] == ["назначить"]
    assert appointed[0][1] == "рааб"
    assert not set(resigned[0][0]) & set(appointed[0][0])


def test_coordinated_predicates_and_what_was_said(annotator: Any) -> None:
    (first, *_rest) = _events(annotator, "Министр ушел в отставку и покинул правительство. Кабинет молчит.")
    assert first == (["уйти", "покинуть"], "министр")
    (said, *_) = _events(annotator, "Мэй заявила, что Джонсон ушел в отставку. Это случилось утром.")
    assert said[0][:1] == ["заявить"]
    assert "уйти" in said[0]
    assert said[1] == "мэй"


def test_only_the_first_two_sentences(annotator: Any) -> None:
    events = _events(annotator, "Суд оправдал Асию Биби. Протесты начались. Полиция задержала сотни.")
    assert [e[0][0] for e in events] == ["оправдать", "начаться"]


def test_lead_events_survive_the_codec() -> None:
    ann = Annotation(
        lang="ru",
        full=True,
        version="16",
        lead_events=[LeadEvent(0, ["подать"], "джонсон"), LeadEvent(1, ["сообщить"], None)],
    )
    back = codec.annotation_loads(codec.annotation_dumps(ann))
    assert back.lead_events == ann.lead_events
    spans = codec.annotation_spans_loads(codec.annotation_dumps(ann))
    assert spans.lead_events == ann.lead_events
    assert Annotation.from_dict({"lang": "ru", "full": True}).lead_events == []
