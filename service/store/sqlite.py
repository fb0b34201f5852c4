"""The embedded store: one SQLite file in WAL mode (the default). Readers keep one connection per thread
(opening one per request costs more than the query); each write transaction is ``BEGIN IMMEDIATE`` on a
connection of its own. The locks are files next to the database (service.locks.FileLock).

Memory: every connection has a page cache of its own, and a reader's is thrown away whenever another
connection commits (WAL), so readers keep a small one (the interior pages of the indexes they walk; the
operating system caches the file for all of them) and only the writer, which walks a change's rows
repeatedly, a large one. With 8 request threads, 32 MB each was a quarter of a GB of the serving process at
a million events."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from service.locks import FileLock
from service.store.base import Session, Store
from service.store.records import ReadTooLong
from service.store.schema import SQLITE

READ_CACHE_KIB = 4 * 1024  # page cache of each reading connection (one per request thread)
WRITE_CACHE_KIB = 32 * 1024  # ... of a write transaction's connection (one at a time)
PROGRESS_STEPS = 10_000  # virtual machine steps between two looks at the clock in a query with a time budget


class SQLiteSession(Session):
    def many(self, sql: str, rows: list) -> None:
        if rows:
            self.conn.executemany(self.dialect.sql(sql), rows)

    def insert(self, table: str, columns: tuple[str, ...], rows: list) -> None:
        if rows:
            marks = ",".join("?" * len(columns))
            self.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def tables(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


class SQLiteStore(Store):
    backend = "sqlite"
    dialect = SQLITE

    def __init__(self, path: str | Path, migrate: bool = True):
        self.path = Path(path)
        self.description = str(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        self._enable_wal()
        self._prepare(migrate)

    def _connect(self, cache_kib: int = READ_CACHE_KIB) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute(f"PRAGMA cache_size=-{int(cache_kib)}")
        return db

    def _enable_wal(self, wait: float = 30.0) -> None:
        """Switch the file to WAL. SQLite answers "database is locked" at once, without its busy handler,
        when another process switches a new file at the same moment (two servers started together), so
        the switch is retried here."""
        deadline = time.monotonic() + wait
        while True:
            try:
                db = self._connect()
                try:
                    db.execute("PRAGMA journal_mode=WAL")
                finally:
                    db.close()
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @contextmanager
    def session(self) -> Iterator[Session]:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._connect()
            with self._all_lock:
                self._all.append(db)
        yield SQLiteSession(db, self.dialect)

    @contextmanager
    def query(self) -> Iterator[Session]:
        budget = self.read_seconds
        with self.session() as s:
            if not budget:
                yield s
                return
            deadline = time.monotonic() + budget
            s.conn.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
            try:
                yield s
            except sqlite3.OperationalError as exc:
                if "interrupted" in str(exc):
                    raise ReadTooLong(budget) from None
                raise
            finally:
                s.conn.set_progress_handler(None, 0)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        db = self._connect(WRITE_CACHE_KIB)
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield SQLiteSession(db, self.dialect)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()

    def lock(self, name: str) -> FileLock:
        return FileLock(Path(f"{self.path}.{name}.lock"))

    def close(self) -> None:
        with self._all_lock:
            connections, self._all = self._all, []
        for db in connections:
            try:
                db.close()
            except sqlite3.ProgrammingError:
                pass
        self._local = threading.local()
