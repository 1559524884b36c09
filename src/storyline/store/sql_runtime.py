"""The runtime tables, for both backends: writer lease, id counters, failures,
aliases of exact duplicates, entity links and the grouping's candidate index.

A mixin of `SQLStore`, kept apart so that neither file grows past 500 lines; it
works on the store's connection `_db`, its dialect `_sql` and its transaction
depth `_depth`. The backend supplies `_begin_write` (take the database's write
lock) and `_is_busy` (a lock wait that gave up).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from storyline.errors import StoreError
from storyline.model import Annotation, Failure
from storyline.store import codec, id_chunks
from storyline.store.base import ArticleIdentity
from storyline.store.lease import Lease

if TYPE_CHECKING:
    from storyline.store.dialect import Connection, Dialect

_LEASE_COLUMNS = "token, owner, pid, host, acquired_at, heartbeat_at, expires_at"


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class RuntimeTables:
    """Writer lease, counters, failures, aliases, entity links and postings."""

    _db: Connection
    _sql: Dialect
    _depth: int
    _ids: dict[str, int]
    location: str

    def _begin_write(self) -> None:
        """Open a transaction holding the database's single write lock."""
        raise NotImplementedError

    def _is_busy(self, exc: BaseException) -> bool:
        """True when `exc` says another connection held the write lock too long."""
        return False

    def _settle(self) -> None:
        """Raise now the first error of the statements sent so far. SQLite runs each
        statement as it is given; PostgreSQL's writer queues them (`postgres.py`)."""

    def _recover(self) -> None:
        """After an error: let the connection take statements again (PostgreSQL's
        queue skips everything after an error until it is synced)."""

    def _commit(self) -> None:
        self._db.execute("COMMIT")

    def _rollback(self) -> None:
        self._db.execute("ROLLBACK")

    @contextmanager
    def _unfenced(self) -> Iterator[None]:
        """A write transaction of the lease itself (which the fence cannot guard)."""
        if self._depth:  # inside a fenced transaction: the write lock is held already
            yield
            return
        try:
            self._begin_write()
        except Exception as exc:
            if self._is_busy(exc):
                raise StoreError(f"database {self.location} is busy: {exc}") from exc
            raise
        try:
            yield
            self._settle()
        except BaseException:
            self._rollback()
            raise
        self._commit()

    def try_acquire_lease(self, candidate: Lease, now: float) -> Lease:
        with self._unfenced():
            held = self.current_lease()
            if held is None or not held.live(now):
                self._put_lease(candidate)
                return candidate
            return held

    def _put_lease(self, lease: Lease) -> None:
        """Write `lease` as the one row of `writer_lease` (inside an unfenced block)."""
        self._db.execute(
            self._sql.upsert("writer_lease", ("slot", *_LEASE_COLUMNS.split(", ")), ("slot",)),
            (
                1,
                lease.token,
                lease.owner,
                lease.pid,
                lease.host,
                lease.acquired_at,
                lease.heartbeat_at,
                lease.expires_at,
            ),
        )

    def renew_lease(self, token: str, now: float, ttl: float) -> bool:
        with self._unfenced():
            cur = self._db.execute(
                "UPDATE writer_lease SET heartbeat_at=?, expires_at=? WHERE token=?", (now, now + ttl, token)
            )
            return cur.rowcount > 0

    def release_lease(self, token: str) -> None:
        with self._unfenced():
            self._db.execute("DELETE FROM writer_lease WHERE token=?", (token,))

    def current_lease(self) -> Lease | None:
        row = self._db.execute(f"SELECT {_LEASE_COLUMNS} FROM writer_lease WHERE slot=1").fetchone()
        return Lease(*row) if row else None

    def next_id(self, counter: str) -> int:
        # In a write transaction the counter's first id is read back (its row is
        # then locked until the end) and the later ones are counted here, each
        # written without waiting for an answer: on PostgreSQL one round trip per
        # counter and transaction instead of one per id. The ids are the same.
        ids = self._ids if self._depth else None
        if ids is not None and counter in ids:
            value = ids[counter] + 1
            self._db.execute("UPDATE counters SET value=? WHERE name=?", (value, counter))
        else:
            row = self._db.execute(
                "INSERT INTO counters (name, value) VALUES (?, 1)"
                " ON CONFLICT(name) DO UPDATE SET value = counters.value + 1 RETURNING value",
                (counter,),
            ).fetchone()
            value = int(row[0])
        if ids is not None:
            ids[counter] = value
        return value

    def add_alias(self, alias_id: str, article_id: str, input_label: str) -> bool:
        cur = self._db.execute(
            self._sql.insert_ignore("article_aliases", ("alias_id", "article_id", "input")),
            (alias_id, article_id, input_label),
        )
        return cur.rowcount > 0

    def resolve_article_id(self, some_id: str) -> str | None:
        row = self._db.execute(
            "SELECT id FROM articles WHERE id=?"
            " UNION ALL SELECT article_id FROM article_aliases WHERE alias_id=? LIMIT 1",
            (some_id, some_id),
        ).fetchone()
        return row[0] if row else None

    def article_identity(
        self, article_id: str, content_hash: str, band_keys: Iterable[str] = ()
    ) -> ArticleIdentity:
        """One statement for ingest's four lookups (one round trip on PostgreSQL, not
        two to four): each branch's rows are tagged with what they answer. An alias
        whose article is missing names it with no hash, as the lookups one by one do."""
        keys = list(band_keys)
        sql = (
            "SELECT 0, id, content_hash, NULL FROM articles WHERE id=?"
            " UNION ALL SELECT 1, l.article_id, a.content_hash, NULL FROM article_aliases l"
            " LEFT JOIN articles a ON a.id = l.article_id WHERE l.alias_id=?"
            " UNION ALL SELECT 2, id, NULL, NULL FROM articles WHERE content_hash=?"
        )
        if keys:
            # First: PostgreSQL types a union's columns branch by branch, and a column
            # of NULLs only would be typed text before meeting the signatures' bytea.
            marks = ",".join("?" * len(keys))
            sql = (
                "SELECT DISTINCT 3, m.article_id, NULL, m.signature FROM minhash_bands b"
                f" JOIN minhash m ON m.article_id = b.article_id WHERE b.band_key IN ({marks})"
                f" UNION ALL {sql}"
            )
        rows = self._db.execute(sql, (*keys, article_id, article_id, content_hash)).fetchall()
        named = {int(kind): (found, stored) for kind, found, stored, _ in rows if int(kind) < 3}
        stored_as, stored_hash = named.get(0) or named.get(1) or (None, None)
        kept = named[2][0] if 2 in named else None
        # Sorted here, not by the statement: code-point order, as `minhash_candidates`.
        candidates = sorted((r[1], bytes(r[3])) for r in rows if int(r[0]) == 3)
        return ArticleIdentity(stored_as, stored_hash, kept, candidates)

    def aliases(self, article_ids: Iterable[str] | None = None) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        query = "SELECT article_id, alias_id FROM article_aliases"
        if article_ids is None:
            rows: list[tuple[str, str]] = self._db.execute(query + " ORDER BY rowid").fetchall()
        else:
            rows = id_chunks.rows_for_ids(
                self._db, query + " WHERE article_id IN ({marks}) ORDER BY rowid", article_ids
            )
        for article_id, alias_id in rows:
            found.setdefault(article_id, []).append(alias_id)
        return found

    def count_aliases(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM article_aliases").fetchone()[0])

    def _links(self, article_ids: list[str]) -> dict[str, list[codec.LinkRow]]:
        found: dict[str, list[codec.LinkRow]] = {}
        sql = "SELECT article_id, kind, idx, entity_id FROM entity_links WHERE article_id IN ({marks})"
        for article_id, kind, idx, entity_id in id_chunks.rows_for_ids(self._db, sql, article_ids):
            found.setdefault(article_id, []).append((kind, idx, entity_id))
        return found

    def save_entity_links(self, article_id: str, annotation: Annotation) -> None:
        self._db.execute("DELETE FROM entity_links WHERE article_id=?", (article_id,))
        self._db.executemany(
            "INSERT INTO entity_links (article_id, kind, idx, entity_id) VALUES (?,?,?,?)",
            [(article_id, kind, idx, entity_id) for kind, idx, entity_id in codec.links_of(annotation)],
        )

    def rename_entity_links(self, renames: dict[str, str]) -> None:
        self._db.executemany(
            "UPDATE entity_links SET entity_id=? WHERE entity_id=?",
            [(new, old) for old, new in renames.items()],
        )

    def record_failure(self, failure: Failure) -> None:
        self._db.execute(
            "INSERT INTO failures (stage, item_id, error_type, message, code_version, attempts, at)"
            " VALUES (?,?,?,?,?,1,?) ON CONFLICT(stage, item_id) DO UPDATE SET"
            " error_type=excluded.error_type, message=excluded.message,"
            " code_version=excluded.code_version, attempts=failures.attempts + 1, at=excluded.at",
            (
                failure.stage,
                failure.item_id,
                failure.error_type,
                failure.message,
                failure.code_version,
                failure.at or now_text(),
            ),
        )

    def clear_failure(self, stage: str, item_id: str) -> None:
        self._db.execute("DELETE FROM failures WHERE stage=? AND item_id=?", (stage, item_id))

    def clear_failures(self, stage: str, item_ids: Iterable[str]) -> None:
        self._db.executemany(
            "DELETE FROM failures WHERE stage=? AND item_id=?", [(stage, item_id) for item_id in item_ids]
        )

    def failures(self, stage: str | None = None) -> list[Failure]:
        where, args = ("WHERE stage=?", (stage,)) if stage is not None else ("", ())
        return [
            Failure(*row)
            for row in self._db.execute(
                "SELECT stage, item_id, error_type, message, code_version, attempts, at"
                f" FROM failures {where} ORDER BY id",
                args,
            )
        ]

    def count_failures(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM failures").fetchone()[0])

    def add_postings(self, level: str, postings: Iterable[tuple[str, int, str]]) -> None:
        self._db.executemany(
            self._sql.insert_ignore("group_postings", ("level", "key", "week", "cluster_id")),
            [(level, key, week, cluster) for key, week, cluster in postings],
        )

    def search_postings(
        self, level: str, keys: Iterable[str], weeks: tuple[int, int] | None, per_key: int
    ) -> list[tuple[str, str]]:
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return []
        # One statement of per-key range reads, each walking the search index in
        # order and stopping at `per_key` rows (a compound SELECT takes 500 terms).
        parts: list[str] = []
        args: list[object] = []
        head = "SELECT * FROM (SELECT key, cluster_id FROM group_postings WHERE level=? AND key=?"
        for key in wanted:
            if weeks is None:
                parts.append(head + " ORDER BY week DESC, seq DESC LIMIT ?) AS p")
                args += [level, key, per_key]
            else:
                parts.append(head + " AND week BETWEEN ? AND ? ORDER BY week ASC, seq DESC LIMIT ?) AS p")
                parts.append(head + " AND week = -1 ORDER BY seq DESC LIMIT ?) AS p")
                args += [level, key, weeks[0], weeks[1], per_key, level, key, per_key]
        rows: list[tuple[str, str]] = []
        for i in range(0, len(parts), 400):
            chunk = parts[i : i + 400]
            chunk_args = _args_for(parts, args, i, i + 400)
            rows += self._db.execute(" UNION ALL ".join(chunk), chunk_args).fetchall()
        counted: dict[str, int] = {}
        out = []
        for key, cluster in rows:  # the dated window and the undated part share one cap
            n = counted.get(key, 0)
            if n < per_key:
                counted[key] = n + 1
                out.append((key, cluster))
        return out

    def count_postings(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM group_postings").fetchone()[0])


def _args_for(parts: list[str], args: list[object], start: int, end: int) -> list[object]:
    """The arguments of `parts[start:end]`, each part taking as many as it has `?`."""
    offset = sum(p.count("?") for p in parts[:start])
    count = sum(p.count("?") for p in parts[start:end])
    return args[offset : offset + count]
