"""The domain types every part of the product passes around: documents and the timexes found in them."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Document:
    """An article ready for extraction.

    ``dct`` is the document creation time (publication date) that relative expressions
    are anchored to; ``dct_source`` says where it came from ("front-matter", "sidecar",
    "json:published", "timeml:DCT", "cli", "fallback", ...), so a user can see why.
    """

    id: str
    text: str
    dct: dt.date
    dct_source: str
    title: str | None = None
    url: str | None = None
    path: str | None = None
    source_name: str | None = None
    dct_time: str | None = None  # "HH:MM" when the source gives a time of day

    @staticmethod
    def make_id(path_or_name: str, text: str) -> str:
        """A stable id from where the document came from and its text."""
        digest = hashlib.sha1(f"{path_or_name}\0{text}".encode("utf-8")).hexdigest()
        return digest[:16]


@dataclass(frozen=True, slots=True)
class Anchor:
    """How a timex got its value: the kind of reference and the reference date used.

    kind: "absolute" (fully given in the text), "dct" (relative to the document date),
    "previous" (anaphoric: relative to the last date the text mentioned), or "none"
    (durations, sets and vague references, which need no anchor).
    """

    kind: str
    reference: str | None = None
    rule: str = ""
    direction: str | None = None  # "past" / "future" / "present" when tense chose the date

    def to_json(self) -> dict:
        out = {"kind": self.kind, "reference": self.reference, "rule": self.rule}
        if self.direction:
            out["direction"] = self.direction
        return out


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression found in a text, normalized to TIMEX3.

    >>> Timex("t1", "early February", 10, 24, "DATE", "2022-02", "START", Anchor("dct", "2022-09-15"))
    """

    id: str
    text: str
    start: int
    end: int
    type: str  # DATE, TIME, DURATION, SET
    value: str
    mod: str | None
    anchor: Anchor
    quant: str | None = None  # SET: EVERY / EACH
    freq: str | None = None  # SET: e.g. 2X

    def to_json(self) -> dict:
        out = {
            "id": self.id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "value": self.value,
            "mod": self.mod,
            "anchor": self.anchor.to_json(),
        }
        if self.quant:
            out["quant"] = self.quant
        if self.freq:
            out["freq"] = self.freq
        return out


@dataclass(slots=True)
class ExtractionResult:
    """A document with the timexes found in it."""

    document: Document
    timexes: list[Timex] = field(default_factory=list)
