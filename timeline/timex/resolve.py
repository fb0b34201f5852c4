"""Anchor specs to the calendar: fill what the text left out from the document date (DCT), the
sentence's tense, or the last date the text mentioned.

News conventions: a weekday in a past-tense sentence is the most recent one on or before the
DCT ("met on Thursday" on Thursday 2022-09-15 → that day), in a future one the next on or after
("will meet on Friday" → 2022-09-16); a month without a year is the nearest one in the direction
of the tense ("in August", past → 2022-08; "in October", ahead → 2022-10).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from timeline.model import Anchor
from timeline.timex import calendar as cal
from timeline.timex.calendar import Point
from timeline.timex.specs import DateSpec, DurationSpec, RefSpec, SetSpec, Spec, duration_value


@dataclass(frozen=True, slots=True)
class Resolved:
    type: str
    value: str
    mod: str | None
    anchor: Anchor
    point: Point | None = None  # the resolved calendar point, for later anaphora
    quant: str | None = None
    freq: str | None = None


def resolve(spec: Spec, dct: dt.date, previous: Point | None, tense: str | None, rule: str = "") -> Resolved:
    """The TIMEX3 type, value and mod of ``spec`` and how it was anchored."""
    if isinstance(spec, DurationSpec):
        return Resolved("DURATION", duration_value(spec.amounts), spec.mod, Anchor("none", None, rule))
    if isinstance(spec, SetSpec):
        return Resolved("SET", spec.value, spec.mod, Anchor("none", None, rule), quant=spec.quant, freq=spec.freq)
    if isinstance(spec, RefSpec):
        return Resolved("DATE", spec.value, spec.mod, Anchor("dct", dct.isoformat(), rule))
    return _resolve_date(spec, dct, previous, tense, rule)


def _dct_point(dct: dt.date) -> Point:
    return Point(year=dct.year, month=dct.month, day=dct.day)


def _type(spec: DateSpec, point: Point | None) -> str:
    if spec.type:
        return spec.type
    return "TIME" if point is not None and point.is_time else "DATE"


def _resolve_date(spec: DateSpec, dct: dt.date, previous: Point | None, tense: str | None, rule: str) -> Resolved:
    detail = spec.detail
    if spec.relation == "absolute" and spec.unit is None:
        point = detail
        if point.weekday is not None and point.date() is None and point.month is not None:
            point = replace(point, weekday=None)
        return Resolved(_type(spec, point), point.value(), spec.mod, Anchor("absolute", None, rule), point)

    if spec.unit and spec.unit.startswith("holiday:"):
        return _resolve_holiday(spec, dct, tense, rule)

    if spec.relation in ("deictic", "anaphoric") and spec.unit:
        kind = "dct"
        ref = _dct_point(dct)
        if spec.relation == "anaphoric" and previous is not None and previous.resolved:
            if cal.RANK[previous.granularity] >= cal.RANK[_coarsest(spec.unit)] or spec.keep_reference_granularity:
                ref, kind = previous, "previous"
        if spec.keep_reference_granularity and cal.RANK[ref.granularity] > cal.RANK[spec.unit]:
            base = cal.coarsen(ref, "day") if cal.RANK[ref.granularity] > cal.RANK["day"] else ref
            if kind == "dct":
                base = cal.coarsen(ref, spec.unit)
        else:
            base = cal.coarsen(ref, _coarsest(spec.unit))
        moved = cal.shift(base, spec.unit, spec.shift) if spec.shift else base
        if moved is None:
            moved = base
        point = cal.overlay(moved, _detail_without_year(detail, moved)) if _has_fields(detail) else moved
        if detail.year is not None and spec.relation == "anaphoric":
            point = replace(point, year=detail.year)
        anchor = Anchor(kind, ref.value(), rule)
        return Resolved(_type(spec, point), point.value(), spec.mod, anchor, point)

    # latent: calendar fields without a year, placed around the DCT in the tense's direction
    direction = spec.direction or tense
    ref_day = dct
    point = _place(detail, ref_day, direction, spec.strict)
    anchor = Anchor("dct", dct.isoformat(), rule, direction or None)
    if point is None:
        return Resolved(_type(spec, detail), detail.value(), spec.mod, anchor, None)
    return Resolved(_type(spec, point), point.value(), spec.mod, anchor, point)


def _coarsest(unit: str) -> str:
    return "week" if unit == "weekend" else unit


def _has_fields(p: Point) -> bool:
    return p != Point()


def _detail_without_year(detail: Point, base: Point) -> Point:
    return replace(detail, year=None) if detail.year is not None else detail


def _place(detail: Point, ref: dt.date, direction: str | None, strict: bool) -> Point | None:
    """Put a year-less point in the calendar next to ``ref`` in ``direction``."""
    if detail.weekday is not None and detail.month is None and detail.day is None:
        return _place_weekday(detail, ref, direction, strict)
    if detail.month is None and detail.quarter is None and detail.season is None and detail.half is None and detail.day is None:
        if detail.hour is not None or detail.part_of_day is not None:
            return replace(detail, year=ref.year, month=ref.month, day=ref.day)
        return None
    base = replace(detail, weekday=None)
    candidates = []
    for point in cal.year_candidates(base, ref.year):
        span = cal.interval_of(point)
        if span is not None:
            candidates.append((point, span))
    if not candidates:
        return None
    ref_start = dt.datetime.combine(ref, dt.time())
    ref_end = ref_start + dt.timedelta(days=1)
    # the unit containing the reference (this month, this quarter): "last April" excludes it
    if direction == "past":
        fits = [(p, s) for p, s in candidates if (s[1] <= _unit_start(p, ref) if strict else s[0] < ref_end)]
        if fits:
            return max(fits, key=lambda c: c[1][0])[0]
    elif direction == "future":
        fits = [(p, s) for p, s in candidates if (s[0] >= _unit_end(p, ref) if strict else s[1] > ref_start)]
        if fits:
            return min(fits, key=lambda c: c[1][0])[0]

    def distance(c):
        start, end = c[1]
        if start <= ref_start < end:
            return dt.timedelta(0)
        return min(abs(start - ref_start), abs(end - ref_end))

    return min(candidates, key=distance)[0]


def _unit_start(p: Point, ref: dt.date) -> dt.datetime:
    """Start of the period of the same kind as ``p`` that contains ``ref``."""
    same = cal.interval_of(cal.coarsen(Point(year=ref.year, month=ref.month, day=ref.day), p.granularity if p.granularity != "day" else "day"))
    return same[0] if same else dt.datetime.combine(ref, dt.time())


def _unit_end(p: Point, ref: dt.date) -> dt.datetime:
    same = cal.interval_of(cal.coarsen(Point(year=ref.year, month=ref.month, day=ref.day), p.granularity if p.granularity != "day" else "day"))
    return same[1] if same else dt.datetime.combine(ref, dt.time()) + dt.timedelta(days=1)


def _place_weekday(detail: Point, ref: dt.date, direction: str | None, strict: bool) -> Point:
    days = cal.weekday_candidates(detail.weekday, ref)
    if direction in ("future", "present"):
        if strict:
            day = min(d for d in days if d > ref)
        else:
            day = min(d for d in days if d >= ref)
    else:  # past, or unknown: news mostly reports what has happened
        if strict:
            day = max(d for d in days if d < ref)
        else:
            day = max(d for d in days if d <= ref)
    return Point(year=day.year, month=day.month, day=day.day, part_of_day=detail.part_of_day, hour=detail.hour, minute=detail.minute)


def holiday_date(code: str, year: int) -> dt.date | None:
    """The date of a movable holiday in ``year``."""
    if code == "thanksgiving":  # fourth Thursday of November
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    if code == "labor-day":  # first Monday of September
        first = dt.date(year, 9, 1)
        return first + dt.timedelta(days=(0 - first.weekday()) % 7)
    if code == "memorial-day":  # last Monday of May
        last = dt.date(year, 5, 31)
        return last - dt.timedelta(days=last.weekday())
    if code in ("easter", "good-friday"):
        a = year % 19
        b, c = divmod(year, 100)
        d, e = divmod(b, 4)
        f = (b + 8) // 25
        g = (b - f + 1) // 3
        h = (19 * a + b - d - g + 15) % 30
        i, k = divmod(c, 4)
        l = (32 + 2 * e + 2 * i - h - k) % 7
        m = (a + 11 * h + 22 * l) // 451
        month = (h + l - 7 * m + 114) // 31
        day = (h + l - 7 * m + 114) % 31 + 1
        easter = dt.date(year, month, day)
        return easter - dt.timedelta(days=2) if code == "good-friday" else easter
    return None


def _resolve_holiday(spec: DateSpec, dct: dt.date, tense: str | None, rule: str) -> Resolved:
    code = spec.unit.split(":", 1)[1]
    if spec.detail.year is not None:
        day = holiday_date(code, spec.detail.year)
        point = Point(year=day.year, month=day.month, day=day.day) if day else spec.detail
        return Resolved("DATE", point.value(), spec.mod, Anchor("absolute", None, rule), point)
    direction = spec.direction or tense
    options = [holiday_date(code, y) for y in (dct.year - 1, dct.year, dct.year + 1)]
    options = [d for d in options if d is not None]
    if direction == "future":
        day = min((d for d in options if d >= dct), default=options[-1])
    elif direction == "past":
        day = max((d for d in options if d <= dct), default=options[0])
    else:
        day = min(options, key=lambda d: abs((d - dct).days))
    point = Point(year=day.year, month=day.month, day=day.day)
    return Resolved("DATE", point.value(), spec.mod, Anchor("dct", dct.isoformat(), rule, direction), point)
