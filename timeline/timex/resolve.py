"""Anchor specs to the calendar: fill what the text left out from the document date (DCT), the
sentence's tense, or the last date the text mentioned.

News conventions: a weekday in a past-tense sentence is the most recent one on or before the
DCT ("met on Thursday" on Thursday 2022-09-15 → that day), in a future one the next on or after
("will meet on Friday" → 2022-09-16); a month without a year is the nearest one in the direction
of the tense ("in August", past → 2022-08; "in October", ahead → 2022-10).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Sequence

from timeline.model import Anchor
from timeline import calendar as cal
from timeline.calendar import Point
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


@dataclass(frozen=True, slots=True)
class Reference:
    """What a relative expression may be anchored to besides the DCT: the discourse so far.

    ``history``: the dates the text mentioned, the last one being the focus for anaphora ("the next day");
    ``local``: the last one in the same sentence, which a year-less date is placed next to unless the tense
    disagrees ("hit on March 3, 2019, and power returned on March 5") and a comparison takes as its period
    ("In the 2019 period, ... lower than a year ago"); ``history[paragraph:]``: the dates of the current
    paragraph, where a comparison looks first for the period the report is about; ``after``: the start of a
    range this date ends ("from Monday to Wednesday"): a year-less date is the first one on or after it.
    """

    history: Sequence[Point] = ()
    local: Point | None = None
    paragraph: int = 0
    after: Point | None = None


NO_REFERENCE = Reference()


def resolve(spec: Spec, dct: dt.date, reference: Reference = NO_REFERENCE, tense: str | None = None,
            rule: str = "") -> Resolved:
    """The TIMEX3 type, value and mod of ``spec`` and how it was anchored: to the DCT, to the discourse
    (``reference``), in the direction of the sentence's ``tense`` ("past", "future", "present" or None).

    >>> resolve(DateSpec(Point(weekday=5), "latent"), dt.date(2022, 9, 15), tense="future").value
    '2022-09-16'
    """
    if isinstance(spec, DurationSpec):
        return Resolved("DURATION", duration_value(spec.amounts), spec.mod, Anchor("none", None, rule))
    if isinstance(spec, SetSpec):
        return Resolved("SET", spec.value, spec.mod, Anchor("none", None, rule), quant=spec.quant, freq=spec.freq)
    if isinstance(spec, RefSpec):
        return Resolved("DATE", spec.value, spec.mod, Anchor("dct", dct.isoformat(), rule))
    try:
        resolved = _resolve_date(spec, dct, reference, tense, rule)
        if spec.measure:  # "three days later": the duration, with the date it reaches as its point
            resolved = replace(resolved, type="DURATION", value=duration_value(spec.measure))
        return resolved
    except (ValueError, OverflowError):
        # a reference at the edge of the calendar (year 9999): the value is unknown, not a crash
        if spec.measure:
            return Resolved("DURATION", duration_value(spec.measure), spec.mod, Anchor("none", None, rule), None)
        return Resolved(spec.type or "DATE", "XXXX", spec.mod, Anchor("none", None, rule), None)


def _dct_point(dct: dt.date) -> Point:
    return Point(year=dct.year, month=dct.month, day=dct.day)


def _type(spec: DateSpec, point: Point | None) -> str:
    if spec.type:
        return spec.type
    return "TIME" if point is not None and point.is_time else "DATE"


def _finish(spec: DateSpec, point: Point, anchor: Anchor) -> Resolved:
    if spec.granularity and point.resolved:
        point = cal.coarsen(point, spec.granularity)
    value = point.value()
    if spec.zone and point.hour is not None and not value.startswith("X"):
        value += spec.zone  # "16:08 UTC": 2022-09-15T16:08Z
    return Resolved(_type(spec, point), value, spec.mod, anchor, point)


_PERIODS = ("half", "quarter", "month")
_DAY_OR_FINER = tuple(g for g in cal.GRANULARITIES if cal.RANK[g] >= cal.RANK["day"])
_NO_TENSE_BIAS = 60  # days: with no tense to go by, a date behind the DCT is preferred a little
_AGAINST_TENSE = 300  # days: a date against the tense must be much nearer to win


def _resolve_date(spec: DateSpec, dct: dt.date, reference: Reference, tense: str | None, rule: str) -> Resolved:
    detail = spec.detail
    history, local, after = reference.history, reference.local, reference.after
    point: Point | None
    if spec.relation == "absolute" and spec.unit is None:
        point = detail
        if point.weekday is not None and point.date() is None and point.month is not None:
            point = replace(point, weekday=None)
        return _finish(spec, point, Anchor("absolute", None, rule))

    if spec.unit and spec.unit.startswith("holiday:"):
        return _resolve_holiday(spec, dct, tense, rule)

    if spec.relation in ("deictic", "anaphoric") and spec.unit:
        return _resolve_shift(spec, dct, reference, rule)

    if spec.relation == "anaphoric":
        # "the following Monday": placed from the last date precise to the day (else from the DCT)
        focus = _latest(history, _DAY_OR_FINER)
        focus_day = focus.date() if focus is not None else None
        ref_day, kind = (focus_day, "previous") if focus_day else (dct, "dct")
        point = _place(detail, ref_day, spec.direction, spec.strict)
        anchor = Anchor(kind, ref_day.isoformat(), rule, spec.direction)
        if point is None:
            return Resolved(_type(spec, detail), detail.value(), spec.mod, anchor, None)
        return _finish(spec, point, anchor)

    # latent: calendar fields without a year, placed around the reference in the tense's direction
    direction = spec.direction or tense
    ref_day, kind = dct, "dct"
    weekday_only = detail.weekday is not None and detail.month is None and detail.day is None
    point = None
    start = cal.interval_of(after) if after is not None and after.resolved and spec.direction is None else None
    if start is not None:
        # the end of a range: the first such date on or after its start ("from Monday to Wednesday",
        # "from November to February")
        ref_day, kind = start[0].date(), "previous"
        point = _place(detail, ref_day, "future", False)
        direction = "future"
    # a year-less date sits next to the date its sentence already gave ("hit on March 3, 2019, and power
    # returned on March 5"), unless the tense says otherwise ("joined in July 1997 and will join on March 12")
    # ("last February" says its own direction: from the DCT)
    if point is None and local is not None and local.resolved and spec.direction is None and not weekday_only \
            and cal.RANK[local.granularity] >= cal.RANK["month"]:
        span = cal.interval_of(local)
        if span is not None:
            near = _place(detail, span[0].date(), None, spec.strict)
            near_span = cal.interval_of(near) if near is not None else None
            if near_span is not None and not _against(direction, near_span, dct):
                point, ref_day, kind = near, span[0].date(), "previous"
    if point is None:
        point = _place(detail, ref_day, direction, spec.strict)
    anchor = Anchor(kind, ref_day.isoformat(), rule, direction or None)
    if point is None:
        return Resolved(_type(spec, detail), detail.value(), spec.mod, anchor, None)
    return _finish(spec, point, anchor)


def _against(direction: str | None, span: tuple[dt.datetime, dt.datetime], dct: dt.date) -> bool:
    """Whether a date lies on the wrong side of the DCT for the sentence's tense."""
    day = dt.datetime.combine(dct, dt.time())
    if direction == "future":
        return span[1] <= day
    if direction == "past":
        return span[0] > day
    return False


def _reporting_period(history: Sequence[Point], granularity: str, dct: dt.date) -> Point | None:
    """The first period of this granularity the text named that began within the year before the DCT."""
    for point in history:
        if point.resolved and point.granularity == granularity:
            span = cal.interval_of(point)
            if span is not None and dct - dt.timedelta(days=366) <= span[0].date() <= dct:
                return point
    return None


def _within_week_before(point: Point, dct: dt.date) -> bool:
    day = point.date()
    return day is not None and dct - dt.timedelta(days=7) <= day <= dct


def _latest(history: Sequence[Point], granularities, before: dt.date | None = None) -> Point | None:
    """The last mentioned point of these granularities (ended by ``before``, when given)."""
    for point in reversed(history):
        if point.resolved and point.granularity in granularities:
            if before is not None:
                span = cal.interval_of(point)
                if span is None or span[1] > dt.datetime.combine(before, dt.time()):
                    continue
            return point
    return None


def _resolve_shift(spec: DateSpec, dct: dt.date, reference: Reference, rule: str) -> Resolved:
    """Deictic and anaphoric values: the reference moved by ``shift`` units, then the detail filled in."""
    detail = spec.detail
    history, local, paragraph = reference.history, reference.local, reference.paragraph
    assert spec.unit is not None  # resolve() comes here for a spec with a unit
    unit = _coarsest(spec.unit)
    kind, ref = "dct", _dct_point(dct)
    focus = history[-1] if history and history[-1].resolved else None
    if spec.comparison:
        # "up from $8 million a year ago" after "the third quarter": the same quarter a year before;
        # after "the first eight months" (a stretch of the year) or a year: a year before the DCT's year
        chosen = None
        if focus is not None and focus.granularity in _PERIODS:
            # a period still to come ("through the third quarter of 2025") is a forecast, not the period
            # the report compares: take the last one that has begun
            span = cal.interval_of(focus)
            chosen = focus if span is None or span[0].date() <= dct else _latest(history, _PERIODS, before=dct)
            if local is not None and local.resolved and local.granularity == focus.granularity:
                chosen = local  # the period its own sentence named ("In the 2019 period, ... than a year ago")
            elif local is None:
                # no date in this sentence: the report's own period (the first recent one it named), not one
                # mentioned in passing ("After a weak second quarter, ..."; "charges in the year-earlier period");
                # a roundup reports on several companies, a paragraph each ("In other news, a rival airline ...")
                chosen = _reporting_period(history[paragraph:], focus.granularity, dct) \
                    or _reporting_period(history, focus.granularity, dct) or chosen
        elif focus is not None and cal.RANK[focus.granularity] > cal.RANK["month"]:
            if spec.granularity in _PERIODS:
                chosen = _latest(history, _PERIODS)
            elif spec.relation == "anaphoric":
                chosen = focus
        if chosen is None and detail.year is not None and focus is not None:
            # "the 2021 quarter" after "last year": the quarter last named, in 2021; "the 2021 period" after
            # "the first eight months" (a stretch of the year): the year
            if spec.granularity == "quarter":
                chosen = _latest(history, ("quarter",))
            elif focus.granularity == "year":
                chosen = focus
        if chosen is not None:
            kind, ref = "previous", chosen
            base = cal.coarsen(ref, "day")
        else:
            base = cal.coarsen(ref, unit)
    else:
        if spec.relation == "anaphoric":
            if unit in ("quarter", "half", "season"):
                # "the quarter": the quarter last talked about; "the latest quarter": the last one completed
                candidate = _latest(history, (unit,), before=dct if spec.completed else None)
            else:
                # "the next day", "at 9 p.m.": the last date precise enough to count days from
                finer = [g for g in cal.GRANULARITIES if cal.RANK[g] >= cal.RANK[unit]]
                candidate = _latest(history, finer, before=dct if spec.completed else None)
                if candidate is not None and spec.recent and not _within_week_before(candidate, dct):
                    candidate = None
            if candidate is not None:
                kind, ref = "previous", candidate
        # "an hour later" after "9 p.m." counts from 21:00, not from the start of the day
        base = ref if unit in ("hour", "minute", "second") and ref.hour is not None else cal.coarsen(ref, spec.base or unit)
    amount = spec.shift + (spec.default_shift if kind == "dct" and spec.relation == "anaphoric" else 0)
    moved = cal.shift(base, spec.unit, amount) if amount else base
    if moved is None:  # off the calendar ("2022 years ago"): say so rather than guess
        return Resolved(_type(spec, None), "XXXX", spec.mod, Anchor(kind, ref.value(), rule), None)
    point = cal.overlay(moved, replace(detail, year=None)) if detail != Point() else moved
    if detail.year is not None and spec.relation == "anaphoric":
        point = replace(point, year=detail.year)
    return _finish(spec, point, Anchor(kind, ref.value(), rule))


def _coarsest(unit: str) -> str:
    return "week" if unit == "weekend" else unit


def _place(detail: Point, ref: dt.date, direction: str | None, strict: bool) -> Point | None:
    """Put a year-less point in the calendar next to ``ref``, preferring the tense's direction."""
    if detail.weekday is not None and detail.month is None and detail.day is None:
        return _place_weekday(detail, ref, direction, strict)
    if detail.weekend and detail.week is None:
        return _place_weekend(ref, direction)
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
    if detail.weekday is not None and detail.day is not None:
        # "Saturday, June 13": the year in which June 13 is a Saturday
        matching = [c for c in candidates if (d := c[0].date()) is not None and d.isoweekday() == detail.weekday]
        if matching:
            candidates = matching
    if not candidates:
        return None
    ref_start = dt.datetime.combine(ref, dt.time())
    ref_end = ref_start + dt.timedelta(days=1)
    if strict:
        # "last February" said in March is a year back: the February just past would be "last month"
        month_only = base.month is not None and base.day is None
        if direction == "past":
            fits = [c for c in candidates if c[1][1] <= _unit_start(c[0], ref)]
            if month_only:
                fits = [c for c in fits if c[1][1] < _unit_start(c[0], ref)]
            return max(fits, key=lambda c: c[1][0])[0] if fits else None
        fits = [c for c in candidates if c[1][0] >= _unit_end(c[0], ref)]
        return min(fits, key=lambda c: c[1][0])[0] if fits else None
    if detail.quarter is not None or detail.half is not None:
        return _place_period(candidates, ref_start, direction)

    period = cal.recurrence_years(detail)  # the penalties are for yearly dates; Feb. 29 comes every 4 years

    def cost(c) -> float:
        start, end = c[1]
        if start <= ref_start < end:
            distance = 0.0
        elif end <= ref_start:
            distance = (ref_start - end).days + 1
        else:
            distance = (start - ref_end).days + 1
        ahead = start >= ref_end
        behind = end <= ref_start
        if direction == "past" and ahead:
            distance += _AGAINST_TENSE * period
        elif direction == "future" and behind:
            distance += _AGAINST_TENSE * period
        elif direction is None and ahead:
            distance += _NO_TENSE_BIAS * period  # news mostly reports what has happened
        return distance

    return min(candidates, key=cost)[0]


def _place_period(candidates, ref_start: dt.datetime, direction: str | None) -> Point:
    """A quarter or half without a year is the latest one that has begun (results are reported after
    the period), unless the sentence looks ahead and that one is long over."""
    started = [c for c in candidates if c[1][0] <= ref_start]
    latest = max(started, key=lambda c: c[1][0]) if started else min(candidates, key=lambda c: c[1][0])
    if direction == "future" and latest[1][1] <= ref_start - dt.timedelta(days=92):
        later = [c for c in candidates if c[1][0] > latest[1][0]]
        if later:
            return min(later, key=lambda c: c[1][0])[0]
    return latest[0]


def _unit_start(p: Point, ref: dt.date) -> dt.datetime:
    """Start of the period of the same kind as ``p`` that contains ``ref``."""
    same = cal.interval_of(cal.coarsen(Point(year=ref.year, month=ref.month, day=ref.day), p.granularity))
    return same[0] if same else dt.datetime.combine(ref, dt.time())


def _unit_end(p: Point, ref: dt.date) -> dt.datetime:
    same = cal.interval_of(cal.coarsen(Point(year=ref.year, month=ref.month, day=ref.day), p.granularity))
    return same[1] if same else dt.datetime.combine(ref, dt.time()) + dt.timedelta(days=1)


def _place_weekend(ref: dt.date, direction: str | None) -> Point:
    """ "the weekend": the one just past in news, the coming one when the sentence looks ahead."""
    saturday = ref + dt.timedelta(days=(6 - ref.isoweekday()) % 7) if ref.isoweekday() <= 6 else ref - dt.timedelta(days=1)
    if ref.isoweekday() in (6, 7):
        saturday = ref - dt.timedelta(days=ref.isoweekday() - 6)
    elif direction == "present" and ref.isoweekday() <= 2:
        saturday -= dt.timedelta(days=7)  # "over the weekend, protests spread" on a Monday: the nearer one
    elif direction not in ("future", "present"):
        saturday -= dt.timedelta(days=7)
    iso = saturday.isocalendar()
    return Point(year=iso.year, week=iso.week, weekend=True)


def _place_weekday(detail: Point, ref: dt.date, direction: str | None, strict: bool) -> Point:
    assert detail.weekday is not None  # _place() comes here for a weekday
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
    """The date of a holiday in ``year``: movable ones by rule, fixed ones written "MM-DD"."""
    if re.fullmatch(r"\d\d-\d\d", code):
        try:
            return dt.date(year, int(code[:2]), int(code[3:]))
        except ValueError:  # 02-29 in a common year
            return None
    if code == "thanksgiving":  # fourth Thursday of November
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    if code == "election-day":  # the Tuesday after the first Monday of November
        first = dt.date(year, 11, 1)
        monday = first + dt.timedelta(days=(0 - first.weekday()) % 7)
        return monday + dt.timedelta(days=1)
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
    assert spec.unit is not None  # resolve() comes here for a "holiday:" unit
    code = spec.unit.split(":", 1)[1]
    if spec.detail.year is not None:
        day = holiday_date(code, spec.detail.year)
        point = Point(year=day.year, month=day.month, day=day.day) if day else spec.detail
        return _finish(spec, point, Anchor("absolute", None, rule))
    direction = spec.direction or tense
    found = [holiday_date(code, y) for y in (dct.year - 1, dct.year, dct.year + 1)]
    options = [d for d in found if d is not None]
    if not options:
        return Resolved("DATE", "XXXX", spec.mod, Anchor("none", None, rule), None)
    this_week = [d for d in options if d.isocalendar()[:2] == dct.isocalendar()[:2]]
    if spec.granularity == "week" and this_week:
        day = this_week[0]  # "as Easter week got under way", written on its Monday
    elif direction == "future":
        day = min((d for d in options if d >= dct), default=options[-1])
    elif direction == "past":
        day = max((d for d in options if d <= dct), default=options[0])
    else:
        day = min(options, key=lambda d: abs((d - dct).days))
    point = Point(year=day.year, month=day.month, day=day.day)
    return _finish(spec, point, Anchor("dct", dct.isoformat(), rule, direction))
