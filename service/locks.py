"""Exclusive locks that make exactly one process schedule refreshes of a store and one refresh run at a
time, whatever runs the service (Flask's reloader, several server processes, a second `timeline serve` on
another node, a cron `timeline refresh`). Both kinds are released by the system when their holder dies:

- with SQLite, advisory file locks next to the database (``flock``; the kernel drops them with the process);
- with PostgreSQL, advisory locks in that database (``pg_try_advisory_lock`` on a connection of the lock's
  own; the server drops them when the connection ends, so a node that is killed frees them at once).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psycopg

POLL_SECONDS = 0.05


def is_url(database: str | Path) -> bool:
    return str(database).startswith(("postgresql://", "postgres://"))


class FileLock:
    """An exclusive lock on a file: ``acquire(timeout=0)`` does not wait."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, timeout: float = 0.0) -> bool:
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    return False
                time.sleep(POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    def __enter__(self):
        if not self.acquire(timeout=0):
            raise BlockingIOError(f"{self.path} is held by another process")
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for an advisory lock named ``name``."""
    return int.from_bytes(hashlib.sha1(f"timeline:{name}".encode()).digest()[:8], "big", signed=True)


class AdvisoryLock:
    """A PostgreSQL session-level advisory lock, held on a connection of its own while it is held."""

    def __init__(self, url: str, name: str):
        self.url = url
        self.name = name
        self.key = advisory_key(name)
        self._conn: psycopg.Connection | None = None

    @property
    def held(self) -> bool:
        return self._conn is not None

    def acquire(self, timeout: float = 0.0) -> bool:
        if self._conn is not None:
            return True
        import psycopg

        try:
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        except psycopg.Error:
            return False  # the database is unreachable: nobody can refresh it from here now
        deadline = time.monotonic() + timeout
        try:
            while True:
                row = conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()
                if row is not None and row[0]:
                    self._conn = conn
                    return True
                if time.monotonic() >= deadline:
                    conn.close()
                    return False
                time.sleep(POLL_SECONDS * 4)
        except BaseException:
            conn.close()
            raise

    def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.execute("SELECT pg_advisory_unlock(%s)", (self.key,))
        except Exception:  # the connection is gone, and the lock with it
            pass
        finally:
            conn.close()

    def __enter__(self):
        if not self.acquire(timeout=0):
            raise BlockingIOError(f"the advisory lock {self.name!r} is held by another node")
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def store_lock(database: str | Path, name: str):
    """The lock ``name`` of the store at ``database`` (a SQLite path or a postgresql:// URL)."""
    if is_url(database):
        return AdvisoryLock(str(database), name)
    return FileLock(Path(f"{database}.{name}.lock"))


def scheduler_lock(database: str | Path):
    """Held for its lifetime by the one process that schedules refreshes of ``database``."""
    return store_lock(database, "scheduler")


def refresh_lock(database: str | Path):
    """Held while a refresh of ``database`` runs (scheduled or from the command line)."""
    return store_lock(database, "refresh")
