"""The timeline's filters, declared once: each with its query parameter, its command-line option, what it
means and how its text is read. The API (``/api/timeline``), the page and the widget's server side
(``/`` and ``/widget``), the OpenAPI document and ``timeline build`` all read ``FILTERS``; a
:class:`Criteria` is what they give, answered over events in memory by :func:`timeline.assemble.matches`
and by the service's store in SQL.

>>> Criteria.of({"from": "2022-09", "dated": "explicit"})
Criteria(start=datetime.date(2022, 9, 1), end=None, entity=None, text=None, document=None, dated='explicit')
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Mapping

from timeline.assemble import DATED, matches
from timeline.model import Event


class FilterError(ValueError):
    """A filter's text cannot be read (the message names the filter and what it takes)."""


def _day(name: str, value: str, last: bool) -> dt.date:
    """A day, a month or a year: the first day of it for the start of a range, the last for its end."""
    try:
        if len(value) == 4 and value.isdigit():
            return dt.date(int(value), 12, 31) if last else dt.date(int(value), 1, 1)
        if len(value) == 7 and value[4] == "-":
            first = dt.date(int(value[:4]), int(value[5:7]), 1)
            if not last:
                return first
            return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FilterError(f"'{name}' must be a date: YYYY-MM-DD, YYYY-MM or YYYY (got {value!r})") from None


@dataclass(frozen=True)
class Filter:
    """One filter: ``name`` in a query string (``?from=``), ``option`` on the command line (``--from``),
    ``field`` of :class:`Criteria` it sets, ``description`` for readers (OpenAPI, ``--help``)."""

    name: str
    option: str
    field: str
    description: str
    kind: str = "text"  # "text", "first-day", "last-day" or "choice"
    choices: tuple[str, ...] = ()

    def read(self, value: str) -> object:
        """The value of this filter's text, or FilterError saying what it takes."""
        if self.kind == "first-day":
            return _day(self.name, value, last=False)
        if self.kind == "last-day":
            return _day(self.name, value, last=True)
        if self.kind == "choice" and value not in self.choices:
            raise FilterError(f"'{self.name}' must be one of {', '.join(self.choices)} (got {value!r})")
        return value


FILTERS: tuple[Filter, ...] = (
    Filter("from", "--from", "start", "Events overlapping this day or later (YYYY-MM-DD, YYYY-MM or YYYY)",
           "first-day"),
    Filter("to", "--to", "end", "Events overlapping this day or earlier (YYYY-MM-DD, YYYY-MM or YYYY)", "last-day"),
    Filter("entity", "--entity", "entity",
           "An entity taking part, by any name the articles give it (its name, an acronym, a short form such as "
           "a surname or a model number; case and small slips aside); a name containing this when no entity has it"),
    Filter("q", "--text", "text", "Headline, sentence or participant contains this (case-insensitive)"),
    Filter("document", "--document", "document", "Read in this document (its id)"),
    Filter("dated", "--dated", "dated", "all (default), or explicit: only events dated by their own words, none "
           "whose date was inferred from its context", "choice", DATED),
)
NAMES: tuple[str, ...] = tuple(f.name for f in FILTERS)


@dataclass(frozen=True)
class Criteria:
    """The filters of one query, read (``start``/``end``: inclusive days)."""

    start: dt.date | None = None
    end: dt.date | None = None
    entity: str | None = None
    text: str | None = None
    document: str | None = None
    dated: str = DATED[0]  # "all", or "explicit": only events dated by their own words

    @staticmethod
    def of(texts: Mapping[str, str | None]) -> "Criteria":
        """The criteria of filter texts by name (a query string's, or the command line's); empty texts are
        no filter. Raises FilterError for a text its filter cannot read."""
        values = {f.field: f.read(text) for f in FILTERS if (text := texts.get(f.name))}
        return Criteria(**values)  # type: ignore[arg-type]

    def any(self) -> bool:
        """Whether any filter is set."""
        return self != Criteria()

    def matches(self, event: Event) -> bool:
        return matches(event, **dataclasses.asdict(self))

