"""What an export format is: a name, the media type it is served as, and a function writing a timeline."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable, TextIO

from timeline.assemble import Timeline

Writer = Callable[..., None]  # write(timeline, out, *, title=None): the export streamed to out


@dataclass(frozen=True)
class ExportFormat:
    name: str  # as in `--format NAME` and `?format=NAME`
    media_type: str
    suffix: str  # for files written with it
    description: str
    write: Writer
    paged: bool = False  # the service serves it a page at a time (our JSON); the others whole

    def dumps(self, timeline: Timeline, *, title: str | None = None) -> str:
        buffer = io.StringIO()
        self.write(timeline, buffer, title=title)
        return buffer.getvalue()

    def write_file(self, timeline: Timeline, out: TextIO, *, title: str | None = None) -> None:
        """The export ending with a newline, as a file or a terminal wants it."""
        self.write(timeline, out, title=title)
        if self.media_type.startswith("application/json"):
            out.write("\n")
