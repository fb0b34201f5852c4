"""What every command shares: reading inputs with progress and reasons for skips, and exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Callable, Iterator

from tqdm import tqdm

from timeline import sources
from timeline.filters import Filter, FilterError
from timeline.model import Document

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2


def parse_date_arg(value: str) -> dt.date:
    """argparse type for YYYY-MM-DD dates."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def filter_text(flt: Filter) -> Callable[[str], str]:
    """argparse type of a timeline filter's option: its text, checked as the API checks it."""

    def check(value: str) -> str:
        try:
            flt.read(value)
        except FilterError as exc:
            raise argparse.ArgumentTypeError(str(exc).replace(f"'{flt.name}'", flt.option)) from None
        return value

    return check


def error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


class Inputs:
    """The documents of the command line's paths ('-' is standard input), read one file at a time.

    Iterating yields documents lazily, so a run over 10,000 files holds one file's text at a time; a
    progress bar over the files goes to stderr when there is more than one. Files that cannot be read
    are reported on stderr with the reason and counted in ``failures``; the run goes on. In directories, the
    feed directory's policy holds (``timeline.sources.walk``): symbolic links leading out of the directory, named
    pipes and devices are refused with the reason (links are followed with ``follow_links``).
    """

    def __init__(self, paths: list[str], dct: dt.date | None, fallback_dct: dt.date | None, max_bytes: int,
                 desc: str = "reading", follow_links: bool = False):
        self.dct, self.fallback_dct, self.max_bytes, self.desc = dct, fallback_dct, max_bytes, desc
        self.failures: list[str] = []
        self.files: list[str | Path] = []
        for raw in paths:
            if raw == "-":
                self.files.append("-")
                continue
            path = Path(raw)
            if not path.exists():
                error(f"{raw}: no such file or directory")
                self.failures.append(raw)
                continue
            found = sources.walk([path], follow_links)
            for refused, reason in found.refused:
                error(f"{refused}: {reason}" + ("; --follow-links follows it" if "outside" in reason else ""))
                self.failures.append(str(refused))
            self.files.extend(found.files)

    def __iter__(self) -> Iterator[Document]:
        bar = tqdm(self.files, desc=self.desc, unit="file", file=sys.stderr, disable=None if len(self.files) > 1 else True)
        for item in bar:
            try:
                if item == "-":
                    documents = sources.load_text(sys.stdin.read(), "<stdin>", self.dct, self.fallback_dct)
                else:
                    documents = sources.load_path(item, self.dct, self.fallback_dct, self.max_bytes)
            except sources.SourceError as exc:
                self._failed(item, str(exc))
                continue
            except Exception as exc:  # a bug must cost one file, not the run
                self._failed(item, f"{item}: cannot load: {exc.__class__.__name__}: {exc}")
                continue
            yield from documents

    def _failed(self, item, message: str) -> None:
        bar_safe_error(message)
        self.failures.append(str(item))


def bar_safe_error(message: str) -> None:
    """An error line that does not break a progress bar drawn on the same terminal."""
    tqdm.write(f"error: {message}", file=sys.stderr)
