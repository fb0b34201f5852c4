"""Which files may be read, and reading them so that nothing can block.

Only regular files are opened. A named pipe (FIFO) blocks whoever opens it until a writer comes, a device may do
anything when opened (a terminal takes over as the controlling one, a tape rewinds), a socket cannot be opened at
all: so the type is checked before opening (``stat``), the file is opened non-blocking (a FIFO swapped in after the
check opens at once instead of waiting for a writer), and the type is checked again on what was opened
(``fstat``). Anything else is refused with its kind, never opened.

Symbolic links are followed only to regular files inside the directory being read (the feed directory, or a
directory given on the command line): a link leading out of it, to a directory or to something that is not a
regular file, and a broken link, are refused with the reason. The service and the command line share this policy.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from timeline.sources.entry import SourceError

_KINDS = (  # what a file that is not a regular one is, in words
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISLNK, "a symbolic link"),
)
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)


def kind_of_node(mode: int) -> str:
    """What a file of this mode is: "a named pipe (FIFO)", "a character device", ...; "a regular file"."""
    if stat.S_ISREG(mode):
        return "a regular file"
    for test, words in _KINDS:
        if test(mode):
            return words
    return "not a regular file"


def not_regular(mode: int) -> str | None:
    """Why a file of this mode is not read (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    return f"not a regular file but {kind_of_node(mode)}: never opened"


def _cannot(exc: OSError) -> str:
    # the reason without the path: a reason is shown to readers of /api/status, a path is not theirs to see
    return f"cannot read: {exc.strerror or exc.__class__.__name__}"


def open_regular(path: str | Path) -> BinaryIO:
    """``path`` opened for reading in binary, if it is a regular file (after following symbolic links).

    Raises SourceError with the reason otherwise: "not a regular file but a named pipe (FIFO): never opened",
    "cannot read: No such file or directory", ...; the reason never holds the path."""
    where = str(path)
    try:
        before = os.stat(path)
    except OSError as exc:
        raise SourceError(where, _cannot(exc)) from None
    problem = not_regular(before.st_mode)
    if problem:
        raise SourceError(where, problem)
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise SourceError(where, _cannot(exc)) from None
    try:
        problem = not_regular(os.fstat(fd).st_mode)  # replaced between the check and the open
        if problem:
            raise SourceError(where, problem)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, refusing one larger than ``max_bytes`` before reading it (and reading at most
    one byte more than that, should it grow while it is read)."""
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            raise SourceError(str(path), too_large(size, max_bytes))
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise SourceError(str(path), _cannot(exc)) from None
    if len(data) > max_bytes:
        raise SourceError(str(path), too_large(len(data), max_bytes))
    return data


def too_large(size: int, max_bytes: int) -> str:
    return f"file is too large ({size:,} bytes; the limit is {max_bytes:,})"


def link_problem(link: Path, real_root: Path, root_name: str = "the directory being read") -> str | None:
    """Why the symbolic link ``link`` is not followed, or None when it leads to a regular file inside
    ``real_root`` (a resolved directory, called ``root_name`` in the reason)."""
    try:
        target = link.resolve(strict=True)
        mode = os.stat(target).st_mode
    except (OSError, RuntimeError):  # a missing target, or a loop
        return "broken symbolic link (not followed)"
    if not target.is_relative_to(real_root):
        return f"symbolic link to outside {root_name} (not followed)"
    if not stat.S_ISREG(mode):
        return f"symbolic link to {kind_of_node(mode)}, not a regular file (not followed)"
    return None


def node_problem(path: Path, real_root: Path, follow_links: bool = False,
                 root_name: str = "the directory being read") -> str | None:
    """Why the directory entry ``path`` (inside the directory ``real_root``, resolved) is not read, or None when it
    is a regular file, or a link to one inside ``real_root`` (anywhere with ``follow_links``). Directories are the
    caller's to walk: this is about what would be opened."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return _cannot(exc)
    if stat.S_ISLNK(mode):
        if not follow_links:
            return link_problem(path, real_root, root_name)
        try:
            mode = os.stat(path).st_mode
        except OSError:
            return "broken symbolic link (not followed)"
        return None if stat.S_ISREG(mode) else f"symbolic link to {kind_of_node(mode)}, not a regular file (not followed)"
    return not_regular(mode)
