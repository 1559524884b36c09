"""The CLI's guard rails: arguments checked before the database is touched, export
targets that must not be overwritten, and signals and OS/SQLite errors turned into
one line and an exit code. Kept apart from the commands so they stay short."""

from __future__ import annotations

import contextlib
import errno
import signal
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from rich.console import Console

from storyline.errors import InputError


def check_sources(sources: list[str]) -> None:
    """Mistakes in the command line itself stop the run before the database is
    touched: a path that does not exist (a typo) would otherwise create an empty
    database and report nothing read. Unreadable or odd inputs are left to ingest,
    which records them as rejections."""
    from storyline.ingest import is_url

    for source in sources:
        if is_url(source):
            continue
        try:
            Path(source).expanduser().lstat()
        except (FileNotFoundError, NotADirectoryError):
            raise InputError(f"no such file: {source}") from None
        except OSError:
            continue  # there, but not readable: ingest records it as a rejection


def _is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def check_output(target: Path, db: str | None) -> None:
    """An export never replaces a database (its own or any other SQLite file) or a folder."""
    if target.is_dir():
        raise InputError(f"cannot write {target}: it is a folder; give a file name")
    if not target.parent.exists():
        raise InputError(f"cannot write {target}: folder {target.parent} does not exist")
    if db is not None:
        database = Path(db)
        companions = [database] + [
            database.with_name(database.name + s) for s in ("-wal", "-shm", "-journal")
        ]
        for path in companions:
            if target.resolve() == path.resolve() or (
                target.exists() and path.exists() and target.samefile(path)
            ):
                raise InputError(f"refusing to write the export over the database {db}")
    for path in (target, target.with_name(target.name + ".part")):
        if _is_sqlite_file(path):
            raise InputError(f"refusing to overwrite {path}: it is an SQLite database")


@contextlib.contextmanager
def output(path: str | None, db: str | None = None) -> Iterator[TextIO]:
    if path in (None, "-"):
        yield sys.stdout
        return
    target = Path(path)  # type: ignore[arg-type]
    check_output(target, db)
    tmp = target.with_name(target.name + ".part")
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            yield handle
        tmp.replace(target)  # never leave a half-written export under the real name
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class Interrupt:
    """SIGINT/SIGTERM handler that remembers the signal, so `main` can say so once the
    command has unwound (typer turns KeyboardInterrupt into a bare exit code 130).
    Unwinding rolls back the open transaction; what was committed stays."""

    def __init__(self, err: Console) -> None:
        self.err = err
        self.signum: int | None = None

    def __call__(self, signum: int, frame: object) -> None:
        if self.signum is None:  # a second Ctrl-C while unwinding must not interrupt the cleanup
            self.signum = signum
            raise KeyboardInterrupt

    def report(self) -> int:
        signum = self.signum or signal.SIGINT
        self.err.print(
            "interrupted" if signum == signal.SIGINT else "terminated", markup=False, highlight=False
        )
        return 128 + signum


def describe_os_error(exc: OSError) -> str:
    where = f" {exc.filename}" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return f"no space left to write{where} ({exc.strerror})"
    return f"{exc.strerror or exc}{':' + where if where else ''}"


def describe_db_error(exc: sqlite3.Error) -> str:
    text = str(exc)
    lowered = text.lower()
    if "disk is full" in lowered or "disk i/o" in lowered:
        return f"cannot write the database: {text} (is the disk full?)"
    if "readonly" in lowered or "read-only" in lowered:
        return f"the database is read-only: {text}"
    if "malformed" in lowered or "not a database" in lowered or "no such table" in lowered:
        return f"the database is damaged: {text}"
    return f"database error: {text}"


def install(interrupt: Interrupt) -> None:
    """Ctrl-C and SIGTERM unwind through `interrupt`; over a file size limit
    (`ulimit -f`) a write fails with an error instead of killing the process."""
    with contextlib.suppress(ValueError):  # signals can only be set in the main thread
        signal.signal(signal.SIGINT, interrupt)
        signal.signal(signal.SIGTERM, interrupt)
        if hasattr(signal, "SIGXFSZ"):
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
