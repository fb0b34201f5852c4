"""What the serving process holds in memory for the store: SQLite readers (one connection per request
thread) keep a small page cache each (eight of them once held 32 MB each), the one write transaction a
large one."""

from __future__ import annotations

import pytest

from service.store import open_store
from service.store.sqlite import READ_CACHE_KIB, WRITE_CACHE_KIB


@pytest.mark.parametrize("opened, kib", [("session", READ_CACHE_KIB), ("transaction", WRITE_CACHE_KIB)])
def test_readers_keep_a_small_page_cache_and_the_writer_a_large_one(tmp_path, opened, kib):
    store = open_store(tmp_path / "timeline.db")
    try:
        with getattr(store, opened)() as s:
            assert s.one("PRAGMA cache_size")[0] == -kib
    finally:
        store.close()

