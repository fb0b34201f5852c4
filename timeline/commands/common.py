"""What every command shares: reading inputs with progress and reasons for skips, and exit codes."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from tqdm import tqdm

from timeline import sources
from timeline.model import Document

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2


def parse_date_arg(value: str) -> dt.date:
    """argparse type for YYYY-MM-DD dates."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        import argparse

        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


@dataclass
class Inputs:
    """Documents read from the command line's paths, and the files that could not be read."""

    documents: list[Document] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def progress(items, desc: str, total: int | None = None):
    """A progress bar on stderr when there is more than one item (and stderr is a terminal)."""
    items = list(items) if total is None and not hasattr(items, "__len__") else items
    count = total if total is not None else len(items)
    return tqdm(items, desc=desc, total=count, unit="file", disable=None if count > 1 else True, file=sys.stderr)


def read_inputs(paths: list[str], dct: dt.date | None, fallback_dct: dt.date | None, max_bytes: int) -> Inputs:
    """Load every path ('-' is standard input); report unreadable ones on stderr and go on."""
    out = Inputs()
    expanded: list[str | Path] = []
    for raw in paths:
        if raw == "-":
            expanded.append("-")
        else:
            path = Path(raw)
            if not path.exists():
                error(f"{raw}: no such file or directory")
                out.failures.append(raw)
                continue
            expanded.extend(sources.iter_paths([path]))
    for item in progress(expanded, "reading"):
        try:
            if item == "-":
                text = sys.stdin.read()
                out.documents.extend(sources.load_text(text, "<stdin>", dct, fallback_dct))
            else:
                out.documents.extend(sources.load_path(item, dct, fallback_dct, max_bytes))
        except sources.SourceError as exc:
            error(str(exc))
            out.failures.append(str(item))
    return out


def iter_with_progress(documents: list[Document], desc: str) -> Iterator[Document]:
    yield from tqdm(documents, desc=desc, unit="doc", disable=None if len(documents) > 1 else True, file=sys.stderr)
