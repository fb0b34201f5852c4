"""Scan the feed directory: which article files are there, and which are still being written.

Skipped without a trace: dotfiles and dot-directories, ``*.tmp``, ``*.part``, ``*.crdownload``, ``*~``
and sidecars (they belong to their article). Skipped for this scan and reported as "settling": files
whose size or modification time changed within the last ``settle_seconds``. An article's fingerprint
covers its sidecar (``<name>.meta.toml``), so editing the metadata counts as a change.

Only regular files are read: named pipes, devices and sockets are refused with their kind, never opened (a
FIFO would block the reader until a writer came). Symbolic links are followed only to regular files inside the
feed directory; a link leading out of it, a link to a directory or to something else that is not a regular
file, and a broken link are refused with the reason (the feed directory is the only thing the service reads,
whatever lands in it); a sidecar is held to the same rules. :mod:`timeline.sources.reading` states the policy,
which the command line shares.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from service.curation import FILE_NAME as CURATION_FILE
from timeline import sources
from timeline.sources.reading import link_problem, node_problem, not_regular, open_regular

FEED = "the feed directory"

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
    refused: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    settled_at: float | None = None  # wall time when the first settling file will have settled, if untouched


def ignored_name(name: str) -> bool:
    """Files and directories that are never articles: dotfiles and partial downloads."""
    return name.startswith(".") or name.endswith(PARTIAL_SUFFIXES)


def scan(root: Path, settle_seconds: float, now: float | None = None) -> Scan:
    """Every supported article under ``root`` with its size and mtime (sidecar included)."""
    now = time.time() if now is None else now
    found: list[Found] = []
    settling: list[str] = []
    settled_at: float | None = None
    unsupported: list[str] = []
    refused: list[tuple[str, str]] = []
    if not root.is_dir():
        return Scan(found, settling, unsupported, refused)
    real_root = root.resolve()
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        names = {e.name for e in entries}
        for entry in entries:
            if ignored_name(entry.name) or (directory == root and entry.name == CURATION_FILE):
                continue  # the editor's curation file sits beside the articles (service.curation)
            path = Path(entry.path)
            rel = path.relative_to(root).as_posix()
            if entry.is_symlink():
                problem = link_problem(path, real_root, FEED)
                if problem:
                    refused.append((rel, problem))
                    continue
            elif entry.is_dir(follow_symlinks=False):
                stack.append(path)
                continue
            else:
                try:
                    problem = not_regular(entry.stat(follow_symlinks=False).st_mode)  # lstat: never opens it
                except OSError:
                    continue
                if problem:
                    refused.append((rel, problem))
                    continue
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
                settles = mtime_ns / 1e9 + settle_seconds
                settled_at = settles if settled_at is None else min(settled_at, settles)
                continue
            found.append(Found(rel, size, mtime_ns))
    found.sort(key=lambda f: f.path)
    return Scan(found, sorted(settling), sorted(unsupported), sorted(refused), settled_at)


def read_file(root: Path, rel: str, max_bytes: int) -> tuple[str, bytes | None]:
    """The file's content hash (SHA-256 of the article file and its sidecar) and its bytes, read once; the
    bytes are None when the file is larger than ``max_bytes`` (hashed as a stream, never held: the loader
    refuses it without reading it again). Only a regular file is opened, non-blocking, and its sidecar only
    when it is one inside the feed. Raises SourceError with the reason (never holding a path) otherwise."""
    path = root / rel
    digest = hashlib.sha256()
    data: bytes | None = None
    with open_regular(path) as handle:
        try:
            if os.fstat(handle.fileno()).st_size <= max_bytes:
                data = handle.read(max_bytes + 1)
                digest.update(data)
                if len(data) > max_bytes:  # it grew while read: hash the rest, hold none of it
                    data = None
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(block)
            else:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except OSError as exc:
            raise sources.SourceError(str(path), f"cannot read: {exc.strerror or exc.__class__.__name__}") from None
    sidecar = path.with_name(path.name + sources.SIDECAR_SUFFIX)
    if os.path.lexists(sidecar):
        problem = node_problem(sidecar, root.resolve(), root_name=FEED)
        if problem:
            raise sources.SourceError(str(path), f"sidecar {sidecar.name}: {problem}")
        digest.update(b"\0sidecar\0")
        try:
            digest.update(sources.read_regular(sidecar, max_bytes))
        except sources.SourceError as exc:
            raise sources.SourceError(str(path), f"sidecar {sidecar.name}: {exc.reason}") from None
    return digest.hexdigest(), data
