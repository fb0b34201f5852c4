"""Advisory file locks next to the database, so that whatever runs the service (Flask's reloader,
several server processes, a second `timeline serve`, a cron `timeline refresh`) exactly one process
schedules refreshes and one refresh runs at a time. The operating system releases a lock when its
holder dies. (With PostgreSQL as the store this would be an advisory lock on the server.)"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path


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
                time.sleep(0.05)
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

    def __enter__(self) -> "FileLock":
        if not self.acquire(timeout=0):
            raise BlockingIOError(f"{self.path} is held by another process")
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def scheduler_lock(database: Path) -> FileLock:
    """Held for its lifetime by the one process that schedules refreshes of ``database``."""
    return FileLock(Path(str(database) + ".scheduler.lock"))


def refresh_lock(database: Path) -> FileLock:
    """Held while a refresh of ``database`` runs (scheduled or from the command line)."""
    return FileLock(Path(str(database) + ".refresh.lock"))
