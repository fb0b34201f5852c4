"""The shared store: a PostgreSQL database (15, through psycopg 3) that several service nodes read and one
refreshes. Reads take a connection from a pool (autocommit: each statement sees one committed state, and
every timeline query names its version); a write is one transaction. Bulk inserts go through COPY. The
scheduler and refresh locks are advisory locks in this database (service.locks.AdvisoryLock): the server
releases them when their holder's connection ends, however its process died."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from service.locks import AdvisoryLock, advisory_key
from service.store.base import Session, Store
from service.store.records import ReadTooLong, StoreError
from service.store.schema import POSTGRES

COPY_FROM = 50  # rows: fewer go through executemany (pipelined), more through COPY
ANALYZED = ("events", "event_months", "event_entities", "event_documents", "raw_events", "raw_keys", "documents",
            "document_entities", "entity_keys", "entities", "entity_names")


class PostgresSession(Session):
    def many(self, sql: str, rows: list) -> None:
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(self.dialect.sql(sql), rows)

    def insert(self, table: str, columns: tuple[str, ...], rows: list) -> None:
        if not rows:
            return
        if len(rows) < COPY_FROM:
            marks = ",".join("%s" for _ in columns)
            with self.conn.cursor() as cur:
                cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
            return
        with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def set_merged_rows(self, pairs: list[tuple[int, int]]) -> None:
        if len(pairs) < 1000:
            return super().set_merged_rows(pairs)
        # a million single-row updates are slow even pipelined: COPY the pairs in, update in one statement
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS merged_pairs (row_id BIGINT, raw_id BIGINT) ON COMMIT DELETE ROWS")
        self.insert("merged_pairs", ("row_id", "raw_id"), pairs)
        self.conn.execute("UPDATE raw_events r SET merged_row = p.row_id FROM merged_pairs p WHERE r.raw_id = p.raw_id")
        self.conn.execute("DELETE FROM merged_pairs")

    def tables(self) -> set[str]:
        return {r[0] for r in self.conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}


class PostgresStore(Store):
    backend = "postgresql"
    dialect = POSTGRES

    def __init__(self, url: str, migrate: bool = True, pool_size: int = 16):
        try:
            import psycopg  # noqa: F401
            from psycopg_pool import ConnectionPool
        except ImportError as exc:  # pragma: no cover - a dependency
            raise StoreError(f"PostgreSQL needs psycopg 3: pip install 'psycopg[binary]' psycopg-pool ({exc})") from None
        self.url = url
        self.description = _without_password(url)
        self._pool = ConnectionPool(url, min_size=1, max_size=pool_size, kwargs={"autocommit": True}, open=False,
                                    name="timeline")
        try:
            self._pool.open(wait=True, timeout=30)
        except Exception as exc:
            self._pool.close()
            raise StoreError(f"cannot connect to {self.description}: {exc}") from None
        self._prepare(migrate)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._pool.connection() as conn:
            yield PostgresSession(conn, self.dialect)

    @contextmanager
    def query(self) -> Iterator[Session]:
        budget = self.read_seconds
        if not budget:
            with self.session() as s:
                yield s
            return
        import psycopg

        with self._pool.connection() as conn:
            conn.execute("SELECT set_config('statement_timeout', %s, false)", (str(max(1, round(budget * 1000))),))
            try:
                yield PostgresSession(conn, self.dialect)
            except psycopg.errors.QueryCanceled:
                raise ReadTooLong(budget) from None
            finally:
                if not conn.closed:
                    conn.execute("RESET statement_timeout")

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._pool.connection() as conn, conn.transaction():
            yield PostgresSession(conn, self.dialect)

    def _serialize_schema_changes(self, s: Session) -> None:
        # nodes starting together on a new database must not create the tables twice at once
        s.run("SELECT pg_advisory_xact_lock(?)", (advisory_key("schema"),))

    def analyze(self) -> None:
        with self.session() as s:
            s.run("ANALYZE " + ", ".join(ANALYZED))

    def lock(self, name: str) -> AdvisoryLock:
        return AdvisoryLock(self.url, name)

    def close(self) -> None:
        self._pool.close()


def _without_password(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url
