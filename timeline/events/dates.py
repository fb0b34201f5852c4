"""The date of an event: a TIMEX3 value turned into an interval on the axis, a granularity and a label.

A modifier narrows the interval to a third of it: "early February 2022" is [Feb 1, Feb 11),
"mid-2024" the middle third of 2024, "late 2019" the last third. An event whose interval starts
after the publication day is scheduled (announced, not yet happened).
"""

from __future__ import annotations

import datetime as dt

from timeline.model import EventDate, Timex
from timeline import calendar as cal
from timeline.timex import lexicon

# how precise each granularity of the axis is, coarse to fine (a half and a season alike): merging compares
# these, and an event told by several reports takes the most precise date
PRECISION = {"millennium": 0, "century": 1, "decade": 2, "year": 3, "half": 4, "season": 4, "quarter": 5,
             "month": 6, "week": 7, "day": 8, "time": 9}
# how the axis names granularities (TIMEX3 parts of day and clock times are "time")
_GRANULARITY = {
    "millennium": "millennium", "century": "century", "decade": "decade", "year": "year", "half": "half",
    "season": "season", "quarter": "quarter", "month": "month", "week": "week", "day": "day",
    "part_of_day": "time", "hour": "time", "minute": "time", "second": "time",
}
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_PARTS_OF_DAY = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth"}
_REF_LABELS = {"PAST_REF": "in the past", "PRESENT_REF": "now", "FUTURE_REF": "in the future"}
_RELATION_LABELS = {"since": "since {}", "until": "until {}", "before": "before {}", "after": "after {}", "by": "by {}"}


def _month(number: int) -> str:
    """"September": month names are the lexicon's (one table for the recognizer and the labels)."""
    return lexicon.load().month_names[number - 1]


def _day_label(day: dt.date) -> str:
    return f"{lexicon.load().weekday_names[day.weekday()]} {day.day} {_month(day.month)} {day.year}"


def _ordinal_suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def point_label(point: cal.Point) -> str:
    """A reader's label for a resolved point: "Thursday 15 September 2022", "third quarter of 2022"."""
    day = point.date()
    if day is not None:
        base = _day_label(day)
        if point.hour is not None:
            return f"{base}, {point.hour:02d}:{point.minute or 0:02d}"
        if point.part_of_day:
            return f"{base}, {_PARTS_OF_DAY.get(point.part_of_day, point.part_of_day.lower())}"
        return base
    if point.year is None:
        if point.decade is not None:
            return f"the {point.decade * 10}s"
        if point.century is not None:
            n = point.century + 1
            return f"the {n}{_ordinal_suffix(n)} century"
        return point.value()
    if point.week is not None:
        monday = dt.date.fromisocalendar(point.year, point.week, 1)
        if point.weekend:
            saturday = monday + dt.timedelta(days=5)
            return f"the weekend of {saturday.day} {_month(saturday.month)} {saturday.year}"
        return f"the week of {monday.day} {_month(monday.month)} {monday.year}"
    if point.month is not None:
        return f"{_month(point.month)} {point.year}"
    if point.quarter is not None:
        return f"the {_ORDINALS[point.quarter]} quarter of {point.year}"
    if point.half is not None:
        return f"the {_ORDINALS[point.half]} half of {point.year}"
    if point.season is not None:
        return f"{_SEASONS[point.season]} {point.year}"
    return str(point.year)


def _with_mod(label: str, mod: str | None) -> str:
    if not mod:
        return label
    bare = label[4:] if label.startswith("the ") else label
    return {
        "START": f"early {bare}",
        "MID": f"mid-{bare}",
        "END": f"late {bare}",
        "APPROX": f"about {label}",
        "BEFORE": f"before {label}",
        "AFTER": f"after {label}",
        "ON_OR_BEFORE": f"{label} or earlier",
        "ON_OR_AFTER": f"{label} or later",
    }.get(mod, label)


def narrowed(span: tuple[dt.datetime, dt.datetime], mod: str | None) -> tuple[dt.datetime, dt.datetime]:
    """The part of the interval a START / MID / END modifier points at (a third of it)."""
    start, end = span
    third = (end - start) / 3
    if third >= dt.timedelta(days=1):
        third = dt.timedelta(days=round(third / dt.timedelta(days=1)))  # whole days: "early February" is Feb 1-9
    if mod == "START":
        return start, start + third
    if mod == "MID":
        return start + third, start + 2 * third
    if mod == "END":
        return start + 2 * third, end
    return span


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="minutes") if (moment.hour or moment.minute) else moment.date().isoformat()


def event_date(timex: Timex, dct: dt.date, relation: str = "on") -> EventDate:
    """The EventDate of an event dated by ``timex`` (a DATE or TIME, or a DURATION that reaches a date: "three
    days later") in a document published on ``dct``."""
    why = {
        "expression": timex.text,
        "rule": timex.anchor.rule,
        "anchor": timex.anchor.kind,
        "reference": timex.anchor.reference,
        "direction": timex.anchor.direction,
    }
    value, mod, type_ = timex.value, timex.mod, timex.type
    point = timex.date
    if timex.point and point is not None:  # "three days later": the date the duration reaches
        value, mod = timex.point, None
        type_ = "TIME" if point.is_time else "DATE"
    if value in _REF_LABELS:
        return EventDate(value, mod, type_, None, None, None, _REF_LABELS[value], False, "vague", relation, why)
    span = point.interval() if point is not None else None
    if point is None or span is None:
        return EventDate(value, mod, type_, None, None, None, timex.text, False, "undated", relation, why)
    start, end = narrowed(span, mod)
    label = _with_mod(point_label(point), mod)
    if relation in _RELATION_LABELS:
        label = _RELATION_LABELS[relation].format(label)
    scheduled = start >= dt.datetime.combine(dct + dt.timedelta(days=1), dt.time())
    status = "dated" if relation == "on" else "vague"
    return EventDate(value, mod, type_, _GRANULARITY[point.granularity], _iso(start), _iso(end), label, scheduled,
                     status, relation, why, point)


def inferred_date(dct: dt.date, reason: str) -> EventDate:
    """The document's own day, for statements dated by default (e.g. a reporting verb)."""
    point = cal.Point(year=dct.year, month=dct.month, day=dct.day)
    span = point.interval()
    assert span is not None  # a day is on the calendar
    start, end = span
    return EventDate(point.value(), None, "DATE", "day", _iso(start), _iso(end), point_label(point), False, "dated",
                     "on", {"expression": None, "rule": reason, "anchor": "dct", "reference": dct.isoformat(),
                            "direction": None}, point)


def undated() -> EventDate:
    return EventDate("XXXX-XX-XX", None, "DATE", None, None, None, "undated", False, "undated", "on",
                     {"expression": None, "rule": "no-date", "anchor": "none", "reference": None, "direction": None})
