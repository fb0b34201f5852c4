"""What the build step makes of a recognized expression, before it is anchored.

A spec says what the text gave and what is missing; :mod:`timeline.timex.resolve` fills the
missing parts from the document date, the sentence's tense or the last mentioned date.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from timeline.calendar import Point


@dataclass(frozen=True, slots=True)
class DateSpec:
    """A DATE or TIME expression.

    relation:
      "absolute"  the text gives the year ("Sept. 15, 2022", "the 1990s");
      "latent"    calendar fields without a year, placed near the anchor by tense
                  ("Friday", "in August", "the third quarter");
      "deictic"   a shift from the document date ("yesterday", "last month", "two years ago");
      "anaphoric" a shift from the last mentioned date ("the next day", "that month",
                  "a year earlier"), falling back to the document date.
    """

    detail: Point
    relation: str
    unit: str | None = None  # granularity of the shift ("month" for "last month")
    shift: int = 0
    direction: str | None = None  # forced direction for latent values: "past" / "future"
    strict: bool = False  # "last Friday" never means the anchor day itself
    default_shift: int = 0  # for anaphora with no focus: shift from the DCT instead ("the quarter" → the last one)
    comparison: bool = False
    completed: bool = False  # "the latest quarter": only a period that has ended can be meant  # "a year earlier", "the year-ago quarter": the focus period moved back
    granularity: str | None = None  # coarsen the result to this ("the quarter ended June 30")
    mod: str | None = None
    type: str | None = None  # force DATE / TIME
    # "three days later": written as this DURATION (TimeML: "later" is a signal), the date it reaches kept
    measure: tuple[tuple[float | None, str], ...] | None = None
    recent: bool = False  # anaphora to the news of the week only ("overnight"): an older focus gives way to the DCT
    base: str | None = None  # the reference kept to this granularity before the shift ("20 years ago today": the day)
    zone: str | None = None  # the ISO 8601 time zone of a clock time ("Z": "16:08 UTC")

    def with_mod(self, mod: str | None) -> "DateSpec":
        return replace(self, mod=mod) if mod else self


@dataclass(frozen=True, slots=True)
class DurationSpec:
    """A DURATION: amounts per unit code, e.g. ((5, "M"),) → P5M; None as amount → X."""

    amounts: tuple[tuple[float | None, str], ...]
    mod: str | None = None

    def with_mod(self, mod: str | None) -> "DurationSpec":
        return replace(self, mod=mod) if mod else self


@dataclass(frozen=True, slots=True)
class SetSpec:
    """A SET: a period ("P1M") or a calendar pattern (XXXX-WXX-4), with quant/freq."""

    value: str
    quant: str | None = None
    freq: str | None = None
    mod: str | None = None

    def with_mod(self, mod: str | None) -> "SetSpec":
        return replace(self, mod=mod) if mod else self


@dataclass(frozen=True, slots=True)
class RefSpec:
    """A vague reference: PRESENT_REF, PAST_REF or FUTURE_REF."""

    value: str
    mod: str | None = None

    def with_mod(self, mod: str | None) -> "RefSpec":
        return replace(self, mod=mod) if mod else self


Spec = DateSpec | DurationSpec | SetSpec | RefSpec


# Fractions of a unit become whole amounts of a smaller unit: 2.5 years → P2Y6M.
_SMALLER = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60),
            "DE": ("Y", 10), "CE": ("Y", 100), "ML": ("Y", 1000), "Q": ("M", 3)}
_IN_YEARS = {"DE": 10, "CE": 100, "ML": 1000}
_ORDER = ["ML", "CE", "DE", "Y", "Q", "M", "W", "D", "WE", "H", "MIN", "S"]  # as written: P...WE T H M S


def _order(code: str) -> int:
    return _ORDER.index(code) if code in _ORDER else 99


def _whole(amounts):
    out: dict[str, float | None] = {}

    def add(code: str, amount: float | None) -> None:  # an unknown amount (X) stays unknown
        before = out.get(code, 0)
        out[code] = None if amount is None or before is None else before + amount

    for amount, code in amounts:
        if amount is not None and amount != int(amount) and code in _SMALLER:
            whole = int(amount)
            smaller, factor = _SMALLER[code]
            if whole:
                add(code, whole)
            add(smaller, round((amount - whole) * factor, 6))
        else:
            add(code, amount)
    # only the last component may have a fraction (ISO 8601): 1.5 days and 3 hours is P1DT15H
    for code in _ORDER:
        amount = out.get(code)
        if amount is None or amount == int(amount) or code not in _SMALLER:
            continue
        if any(_order(other) > _order(code) for other in out):
            smaller, factor = _SMALLER[code]
            out[code] = int(amount)
            add(smaller, round((amount - int(amount)) * factor, 6))
    return sorted(out.items(), key=lambda kv: _order(kv[0]))


def _number(amount: float) -> str:
    """An amount in plain decimal notation: 1e-07 is "0.0000001", never an exponent."""
    if amount == int(amount):
        return str(int(amount))
    return format(Decimal(repr(amount)), "f")


def duration_value(amounts: tuple[tuple[float | None, str], ...]) -> str:
    """TIMEX3 duration value: ((5, "M"),) → "P5M"; ((3, "H"),) → "PT3H"; ((None, "Y"),) → "PXY".

    >>> duration_value(((1, "MIN"), (30, "S")))
    'PT1M30S'
    >>> duration_value(((2.5, "Y"),))
    'P2Y6M'
    >>> duration_value(((2, "DE"),))
    'P20Y'
    """
    date_part = ""
    time_part = ""
    # decades, centuries and millennia are written in years, the unit ISO 8601 has: "two decades" is P20Y
    amounts = tuple((None if a is None else round(a * _IN_YEARS[c], 6), "Y") if c in _IN_YEARS else (a, c) for a, c in amounts)
    for code, amount in _whole(amounts):
        if amount is None:
            text = "X"
        else:
            text = _number(amount)
        if code in ("H", "S"):
            time_part += f"{text}{code}"
        elif code == "MIN":
            time_part += f"{text}M"
        elif code == "WE":
            date_part += f"{text}WE"
        else:
            date_part += f"{text}{code}"
    return "P" + date_part + (f"T{time_part}" if time_part else "")
