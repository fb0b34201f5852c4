"""The C allocator of a serving process, set for many threads rendering large pages (glibc only; elsewhere
nothing is changed).

glibc gives each thread that meets contention an arena of its own (up to 8 per core) and keeps what is freed in
it for reuse, and it raises its threshold for serving large blocks from fresh mappings each time such a block is
freed, so a megabyte page rendered by one request thread stays in that thread's arena when it is freed. With 8
request threads rendering pages of up to a thousand events, the process grew by twice its page cache on top of the
cache itself (benchmarks/bench_hostile.py). So `timeline serve` keeps two arenas and a fixed threshold: a block of
256 KiB or more (a page body, the JSON being built) is mapped for itself and given back to the system when freed.
``MALLOC_ARENA_MAX`` and ``MALLOC_MMAP_THRESHOLD_`` in the environment still win (glibc reads them at start).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os

log = logging.getLogger("timeline.service")
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
ARENAS = 2
MMAP_THRESHOLD = 256 * 1024


def tune_allocator(arenas: int = ARENAS, mmap_threshold: int = MMAP_THRESHOLD) -> bool:
    """Set glibc's arena count and mmap threshold for this process (before its threads start); False where the C
    library is not glibc."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    done = True
    if "MALLOC_ARENA_MAX" not in os.environ:
        done &= mallopt(M_ARENA_MAX, arenas) == 1
    if "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        done &= mallopt(M_MMAP_THRESHOLD, mmap_threshold) == 1
    if not done:
        log.debug("the C library refused an allocator setting")
    return done
