"""A story's fold state as bytes, so a new process extends a big story instead of
rebuilding it.

The state (`story.state.StoryState`: the folded articles, every sentence's features,
the novelty index, the timeline and summary folds) is a graph of plain data objects.
It is written with pickle and compressed; it is read back with an unpickler that
builds only the story stage's own data classes and a few containers, so a database
from elsewhere can at worst hold a state that does not load (then the story is
rebuilt), never run code.

`FORMAT` names the code that wrote a state: a digest of the story stage's and the
model's source. A state written by other code is not used. (Annotations of another
annotator version rebuild the grouping, which deletes every kept state.)
"""

from __future__ import annotations

import gc
import hashlib
import io
import pickle
import zlib
from pathlib import Path

from storyline.story.state import StoryState

# zlib level 1: a 2,000-article bsnlp Brexit state is 68 MB pickled and 20 MB at
# level 1, compressed in 0.43 s of CPU and read back in 0.20 s (load 10 on the
# shared machine); higher levels cost several times the CPU for ~15% less.
COMPRESSION = 1
# Containers and values a state holds besides storyline's own classes.
_ALLOWED = frozenset(
    {
        ("builtins", "list"),
        ("builtins", "set"),
        ("builtins", "frozenset"),
        ("builtins", "dict"),
        ("builtins", "tuple"),
        ("collections", "Counter"),
        ("collections", "OrderedDict"),
        ("collections", "defaultdict"),
        ("datetime", "date"),
        # numeric arrays (the sentence index's postings): a buffer and its dtype
        ("numpy", "dtype"),
        ("numpy._core.numeric", "_frombuffer"),
        ("numpy.core.numeric", "_frombuffer"),
    }
)
# Modules whose classes (only classes) a state may contain.
_OWN_MODULES = ("storyline.model", "storyline.isodate", "storyline.story.")


def _format() -> str:
    """A digest of the code a state's meaning depends on."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in [*sorted(root.glob("*.py")), root.parent / "model.py", root.parent / "isodate.py"]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return "fold-1:" + digest.hexdigest()[:16]


FORMAT = _format()


class SnapshotError(Exception):
    """A stored state that cannot be used (damaged, or holding what a state never holds)."""


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        if (module, name) in _ALLOWED or (
            (module in _OWN_MODULES or module.startswith(_OWN_MODULES[-1])) and not name.startswith("__")
        ):
            found = super().find_class(module, name)
            if (module, name) in _ALLOWED or isinstance(found, type):
                return found  # type: ignore[no-any-return]
        raise SnapshotError(f"a stored story state names {module}.{name}")


def dumps(state: StoryState) -> bytes:
    return zlib.compress(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL), COMPRESSION)


def loads(data: bytes) -> StoryState:
    """The state, or SnapshotError.

    The cyclic garbage collector is paused meanwhile: a 2,000-article state is ~1.1
    million container objects, and the collections their creation triggers cost
    more than the loading itself (3.5 s of CPU instead of 1.0 s at load 19). The new
    objects are then moved straight to the oldest generation (`freeze` then
    `unfreeze`, no traversal): left in the youngest, the next collections would walk
    all of them twice on their way up, which made the first add after a load cost
    1.7 s of CPU instead of 0.25 s."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        state = _Unpickler(io.BytesIO(zlib.decompress(data))).load()
        gc.freeze()
        gc.unfreeze()
    except SnapshotError:
        raise
    except Exception as exc:  # noqa: BLE001 - any damage means: rebuild instead
        raise SnapshotError(f"a stored story state does not load ({type(exc).__name__}: {exc})") from exc
    finally:
        if collecting:
            gc.enable()
    if not isinstance(state, StoryState):
        raise SnapshotError(f"a stored story state is a {type(state).__name__}")
    return state
