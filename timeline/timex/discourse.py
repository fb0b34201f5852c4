"""The dates a document has mentioned so far, as resolution reads them and each resolved timex extends them.

For each candidate in text order, :meth:`Discourse.reference` gives what it may be anchored to besides the
DCT (the focus, the date its own sentence gave, the current paragraph's dates, the start of a range it
closes); :meth:`Discourse.record` adds what it resolved to. Comparison points ("up from $10 million a year
ago") do not move the focus: the text is still talking about the period it compares. The record of every
date mention (:attr:`Discourse.mentions`, with sentence and paragraph) is what later layers read to date
events from their context.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from timeline.calendar import Point
from timeline.timex.resolve import Reference, Resolved
from timeline.timex.specs import DateSpec

if TYPE_CHECKING:
    from timeline.timex.checks import Candidate


@dataclass(frozen=True, slots=True)
class Mention:
    """A date the text gave: where, in which sentence and paragraph, and the point it resolved to."""

    start: int
    end: int
    sentence: int
    paragraph: int
    point: Point
    comparison: bool = False  # a point compared with ("a year ago"), not the date the text is at


def needs_tense(spec) -> bool:
    """A year-less date with no direction of its own: the sentence's tense places it."""
    return isinstance(spec, DateSpec) and spec.relation == "latent" and spec.direction is None


@dataclass
class Discourse:
    dct: dt.date
    history: list[Point] = field(default_factory=list)  # the focus chain: dates the text is at, in order
    mentions: list[Mention] = field(default_factory=list)
    # the last date of a sentence: (sentence, point, guessed); "guessed": a year-less date placed from the
    # DCT, which a second year-less date does not go beside ("launched on Christmas Day, began operations in
    # July": each is placed from the DCT on its own)
    _local: tuple[int, Point, bool] | None = None
    previous: tuple[Candidate, Point] | None = None  # (candidate, point) of the last timex, when a resolved date
    _paragraph: int = -1
    _paragraph_start: int = 0

    def same_sentence(self, sentence: int, spec) -> Point | None:
        """The date this sentence already gave, which a year-less date may be placed next to."""
        if self._local is None or self._local[0] != sentence:
            return None
        if self._local[2] and needs_tense(spec):
            return None
        return self._local[1]

    def reference(self, sentence: int, paragraph: int, spec, after: Point | None = None) -> Reference:
        if paragraph != self._paragraph:
            self._paragraph, self._paragraph_start = paragraph, len(self.history)
        return Reference(tuple(self.history), self.same_sentence(sentence, spec), self._paragraph_start, after)

    def record(self, cand, text: str, sentence: int, paragraph: int, res: Resolved) -> None:
        spec = cand.spec
        measured = isinstance(spec, DateSpec) and spec.measure is not None
        point = res.point if res.point is not None and res.point.resolved else None
        comparison = isinstance(spec, DateSpec) and spec.comparison
        if point is not None and (res.type in ("DATE", "TIME") or measured):
            if not comparison:
                self.history.append(point)
            self.mentions.append(Mention(cand.start, cand.end, sentence, paragraph, point, comparison))
            self._local = (sentence, point, res.anchor.kind == "dct" and needs_tense(spec))
        elif res.type == "DURATION" and text[cand.start : cand.end].lower().startswith("the "):
            # "in the first eight months ... a year earlier": the text now talks about a stretch of
            # the year, not the quarter it mentioned before
            self.history.append(Point(year=self.dct.year))
        self.previous = (cand, point) if point is not None and res.type in ("DATE", "TIME") else None
