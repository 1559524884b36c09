"""A writer killed inside a story's save leaves the story as the last finished save
wrote it, whole: the document and every part row of one version, never a mix. The
next save, holding the rows the killed one planned, notices and compares with the
rows stored instead."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from storyline.model import Evidence, Story, StoryQuote, TimelineEvent
from storyline.store import open_store

from .contract.helpers import article


def _story(n: int, tag: str) -> Story:
    events = [
        TimelineEvent(
            f"2022-01-{1 + k % 28:02d}", None, "day", f"{tag} {k}", [Evidence("a1", k, k + 5)], [f"e{k}"]
        )
        for k in range(n)
    ]
    return Story(
        "s1",
        tag,
        [],
        [],
        summary=f"Итог {tag}.",
        timeline=events,
        quotes=[StoryQuote("a1", 0, 4, None, tag, "direct")],
        summary_sentences=[Evidence("a1", 0, 4)],
    )


# The killed writer: saves the second version and dies before the commit.
WRITER = textwrap.dedent(
    """
    import os, pickle, signal, sys
    from storyline.store import open_store
    store = open_store(sys.argv[1])
    story = pickle.loads(bytes.fromhex(sys.argv[2]))
    written = store.story_rows("s1")
    with store.transaction():
        store.save_story(story, written)
        os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_save_killed_before_its_commit_leaves_the_last_version_whole(tmp_path: Path) -> None:
    import pickle

    db = tmp_path / "story.db"
    store = open_store(db)
    with store.transaction():
        store.add_article(article(1))
        store.set_assignment("a1", "t1", "s1")
        kept = store.save_story(_story(30, "первая"))
    second = _story(40, "вторая")
    done = subprocess.run(
        [sys.executable, "-c", WRITER, str(db), pickle.dumps(second).hex()],
        env={**os.environ},
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    reader = open_store(db)
    got = reader.get_story("s1")
    assert got.title == "первая" and got.summary == "Итог первая."
    assert [e.text for e in got.timeline] == [f"первая {k}" for k in range(30)]
    assert [q.speaker_text for q in got.quotes] == ["первая"]
    # this process's rows are still the store's: its next save writes by difference
    with reader.transaction():
        rows = reader.save_story(second, kept)
    assert rows.count == 41
    assert open_store(db).get_story("s1").timeline == second.timeline
