"""langid's model, kept unpacked in the user's cache so a process does not inflate it again.

langid ships its model as a base64 string of a bz2-compressed pickle inside its
module. Building the identifier from that string inflates ~30 MB with bz2 on every
start: 1.4 s of CPU on a quiet machine, 3.6 s at load 16, the single largest
start-up cost of an ingest (the natasha models load in less). The unpacked
model (five arrays) is written once to `cache_dir()` as an `.npz` file and read
back in milliseconds. The file holds plain arrays only (it is read with
`allow_pickle=False`, so a tampered file cannot run code), is named after
langid's version and the model string's digest (a new langid writes a new file),
and is written to a temporary name and renamed, so concurrent processes never
read half a file. Any failure to read or write it falls back to langid's own
loader: the cache saves time and is never needed for an answer.
"""

from __future__ import annotations

import array
import hashlib
import os
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

# The environment variable naming the cache directory (default: $XDG_CACHE_HOME/storyline,
# else ~/.cache/storyline). An empty value turns the cache off.
CACHE_ENV = "STORYLINE_CACHE_DIR"
# Characters of the model string hashed into the file name: its head and tail, with its
# length (hashing the whole 2.5 MB string would cost about what reading the file does).
DIGEST_BYTES = 65_536


def cache_dir() -> Path | None:
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "storyline"


def _cache_file(model: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        release = version("langid")
    except PackageNotFoundError:
        release = "unknown"
    digest = hashlib.sha256(
        f"{len(model)}:{model[:DIGEST_BYTES]}:{model[-DIGEST_BYTES:]}".encode()
    ).hexdigest()[:16]
    return folder / f"langid-{release}-{digest}.npz"


def _parts(model: str) -> tuple[Any, ...]:
    """langid's own unpacking: (nb_ptc, nb_pc, nb_classes, tk_nextmove, tk_output)."""
    import base64
    import bz2
    import pickle

    return tuple(pickle.loads(bz2.decompress(base64.b64decode(model))))  # noqa: S301 - langid's own model string


def _save(path: Path, parts: tuple[Any, ...]) -> None:
    nb_ptc, nb_pc, nb_classes, tk_nextmove, tk_output = parts
    keys = sorted(tk_output)
    lengths = [len(tk_output[k]) for k in keys]
    values = [v for k in keys for v in tk_output[k]]
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(
                fh,
                nb_ptc=np.frombuffer(nb_ptc.tobytes(), dtype=nb_ptc.typecode),
                nb_pc=np.frombuffer(nb_pc.tobytes(), dtype=nb_pc.typecode),
                nb_classes=np.array(list(nb_classes), dtype=str),
                tk_nextmove=np.frombuffer(tk_nextmove.tobytes(), dtype=tk_nextmove.typecode),
                out_keys=np.array(keys, dtype=np.int64),
                out_lengths=np.array(lengths, dtype=np.int64),
                out_values=np.array(values, dtype=np.int64),
                typecodes=np.array([nb_ptc.typecode, nb_pc.typecode, tk_nextmove.typecode], dtype=str),
            )
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _load(path: Path) -> tuple[Any, ...]:
    """The same five objects `_parts` gives (array.array, list, dict of int tuples)."""
    with np.load(path, allow_pickle=False) as data:
        codes = [str(c) for c in data["typecodes"]]
        nb_ptc = array.array(codes[0], data["nb_ptc"].tobytes())
        nb_pc = array.array(codes[1], data["nb_pc"].tobytes())
        nb_classes = [str(c) for c in data["nb_classes"]]
        tk_nextmove = array.array(codes[2], data["tk_nextmove"].tobytes())
        values = data["out_values"].tolist()
        tk_output: dict[int, tuple[int, ...]] = {}
        at = 0
        for key, length in zip(data["out_keys"].tolist(), data["out_lengths"].tolist(), strict=True):
            tk_output[key] = tuple(values[at : at + length])
            at += length
    return nb_ptc, nb_pc, nb_classes, tk_nextmove, tk_output


def model_parts(model: str) -> tuple[Any, ...]:
    """langid's unpacked model, from the cache when it holds it (written there otherwise)."""
    path = _cache_file(model)
    if path is not None:
        # Even asking whether the file exists can fail: another user's home that this
        # process may not enter (`setpriv` keeps HOME), a name too long for the disk.
        try:
            if path.exists():
                return _load(path)
        except (OSError, ValueError, KeyError):  # unreadable or from elsewhere: unpack it again
            pass
    parts = _parts(model)
    if path is not None:
        try:
            _save(path, parts)
        except OSError:  # a read-only home or a full disk: the next process unpacks again
            pass
    return parts


def identifier(model: str, **kwargs: Any) -> Any:
    """`LanguageIdentifier.from_modelstring(model, **kwargs)`, with the unpacking cached:
    the same arrays reach the same constructor, so answers are the same."""
    from langid.langid import LanguageIdentifier

    nb_ptc, nb_pc, nb_classes, tk_nextmove, tk_output = model_parts(model)
    numfeats = int(len(nb_ptc) / len(nb_pc))
    pc = np.array(nb_pc)
    ptc = np.array(nb_ptc).reshape(numfeats, len(pc))
    return LanguageIdentifier(ptc, pc, numfeats, nb_classes, tk_nextmove, tk_output, **kwargs)
