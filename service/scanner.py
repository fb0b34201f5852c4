"""Scan the feed directory: which article files are there, and which are still being written.

Skipped without a trace: dotfiles and dot-directories, ``*.tmp``, ``*.part``, ``*.crdownload``, ``*~``
and sidecars (they belong to their article). Skipped for this scan and reported as "settling": files
whose size or modification time changed within the last ``settle_seconds``. An article's fingerprint
covers its sidecar (``<name>.meta.toml``), so editing the metadata counts as a change.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from timeline import sources

PARTIAL_SUFFIXES = (".tmp", ".part", ".crdownload", ".partial", ".swp", "~")


@dataclass(frozen=True)
class Found:
    path: str  # relative to the feed directory, with "/" separators
    size: int
    mtime_ns: int


@dataclass
class Scan:
    files: list[Found]
    settling: list[str]
    unsupported: list[str]


def _ignored(name: str) -> bool:
    return name.startswith(".") or name.endswith(PARTIAL_SUFFIXES)


def scan(root: Path, settle_seconds: float, now: float | None = None) -> Scan:
    """Every supported article under ``root`` with its size and mtime (sidecar included)."""
    now = time.time() if now is None else now
    found: list[Found] = []
    settling: list[str] = []
    unsupported: list[str] = []
    if not root.is_dir():
        return Scan(found, settling, unsupported)
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        names = {e.name for e in entries}
        for entry in entries:
            if _ignored(entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
                continue
            path = Path(entry.path)
            rel = path.relative_to(root).as_posix()
            if sources.is_sidecar(path):
                continue
            if not sources.is_supported(path):
                unsupported.append(rel)
                continue
            try:
                stat = entry.stat()
            except OSError:
                continue
            size, mtime_ns = stat.st_size, stat.st_mtime_ns
            sidecar = entry.name + sources.SIDECAR_SUFFIX
            if sidecar in names:
                try:
                    side = os.stat(os.path.join(directory, sidecar))
                    size += side.st_size
                    mtime_ns = max(mtime_ns, side.st_mtime_ns)
                except OSError:
                    pass
            if now - mtime_ns / 1e9 < settle_seconds:
                settling.append(rel)
                continue
            found.append(Found(rel, size, mtime_ns))
    found.sort(key=lambda f: f.path)
    return Scan(found, sorted(settling), sorted(unsupported))


def content_hash(root: Path, rel: str) -> str:
    """SHA-256 of the article file and its sidecar."""
    path = root / rel
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    sidecar = path.with_name(path.name + sources.SIDECAR_SUFFIX)
    if sidecar.exists():
        digest.update(b"\0sidecar\0")
        digest.update(sidecar.read_bytes())
    return digest.hexdigest()
