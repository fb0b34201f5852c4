"""Calendar points with explicit granularity: TIMEX3 rendering, intervals, shifting and truncation.

A :class:`Point` knows which calendar fields it has, in the manner of ctparse's ``Time``:
"February" is ``Point(month=2)``, "2022-W37" is ``Point(year=2022, week=37)``. A point is
*resolved* when it is tied to the calendar (it has a year, decade or century).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace

# From coarse to fine. "part_of_day" sits between day and hour.
GRANULARITIES = (
    "millennium",
    "century",
    "decade",
    "year",
    "half",
    "season",
    "quarter",
    "month",
    "week",
    "day",
    "part_of_day",
    "hour",
    "minute",
    "second",
)
RANK = {g: i for i, g in enumerate(GRANULARITIES)}

SEASON_MONTHS = {"SP": (3, 6), "SU": (6, 9), "FA": (9, 12), "WI": (12, 15)}  # [start, end) months; 13+ wraps
PART_OF_DAY_HOURS = {"MO": (6, 12), "AF": (12, 18), "EV": (18, 22), "NI": (22, 30), "DT": (8, 18)}


@dataclass(frozen=True, slots=True)
class Point:
    """A partial calendar point: only the fields the expression gave (or resolution filled)."""

    century: int | None = None  # 19 = the 1900s
    decade: int | None = None  # 199 = the 1990s
    year: int | None = None
    half: int | None = None
    season: str | None = None  # SP SU FA WI
    quarter: int | None = None
    month: int | None = None
    week: int | None = None  # ISO week number
    weekend: bool = False
    day: int | None = None
    weekday: int | None = None  # ISO: Monday = 1
    part_of_day: str | None = None  # MO AF EV NI DT
    hour: int | None = None
    minute: int | None = None

    # --- what the point knows -------------------------------------------------
    @property
    def granularity(self) -> str:
        if self.minute is not None:
            return "minute"
        if self.hour is not None:
            return "hour"
        if self.part_of_day is not None:
            return "part_of_day"
        if self.day is not None or self.weekday is not None:
            return "day"
        if self.week is not None:
            return "week"
        if self.month is not None:
            return "month"
        if self.quarter is not None:
            return "quarter"
        if self.season is not None:
            return "season"
        if self.half is not None:
            return "half"
        if self.year is not None:
            return "year"
        if self.decade is not None:
            return "decade"
        return "century"

    @property
    def resolved(self) -> bool:
        return self.year is not None or self.decade is not None or self.century is not None

    @property
    def is_time(self) -> bool:
        """TIMEX3 type TIME: a time of day or a part of day."""
        return self.hour is not None or self.part_of_day is not None

    def date(self) -> dt.date | None:
        """The calendar day, when the point is fixed to one."""
        if self.year is not None and self.month is not None and self.day is not None:
            try:
                return dt.date(self.year, self.month, self.day)
            except ValueError:
                return None
        if self.year is not None and self.week is not None and self.weekday is not None:
            try:
                return dt.date.fromisocalendar(self.year, self.week, self.weekday)
            except ValueError:
                return None
        return None

    # --- rendering -------------------------------------------------------------
    def value(self) -> str:
        """The TIMEX3 value of this point ("2022-09-15TEV", "2022-W37", "199", "XXXX-08")."""
        day = self.date()
        if day is not None:
            out = day.isoformat()
            if self.hour is not None:
                out += f"T{self.hour:02d}:{self.minute or 0:02d}"
            elif self.part_of_day:
                out += f"T{self.part_of_day}"
            return out
        if self.year is None:
            if self.decade is not None and self.month is None and self.week is None:
                return f"{self.decade:03d}"
            if self.century is not None and self.month is None:
                return f"{self.century:02d}"
        year = f"{self.year:04d}" if self.year is not None else "XXXX"
        if self.week is not None:
            out = f"{year}-W{self.week:02d}"
            if self.weekday is not None:
                out += f"-{self.weekday}"
            elif self.weekend:
                out += "-WE"
            return out
        if self.weekday is not None:
            out = f"{year}-WXX-{self.weekday}"
            if self.hour is not None:
                out += f"T{self.hour:02d}:{self.minute or 0:02d}"
            elif self.part_of_day:
                out += f"T{self.part_of_day}"
            return out
        if self.month is not None:
            out = f"{year}-{self.month:02d}"
            if self.day is not None:
                out += f"-{self.day:02d}"
                if self.hour is not None:
                    out += f"T{self.hour:02d}:{self.minute or 0:02d}"
                elif self.part_of_day:
                    out += f"T{self.part_of_day}"
            return out
        if self.quarter is not None:
            return f"{year}-Q{self.quarter}"
        if self.half is not None:
            return f"{year}-H{self.half}"
        if self.season is not None:
            return f"{year}-{self.season}"
        return year

    # --- intervals ------------------------------------------------------------
    def interval(self) -> tuple[dt.datetime, dt.datetime] | None:
        """The half-open interval [start, end) the point covers, when resolved."""
        return interval_of(self)


def _month_start(year: int, month: int) -> dt.datetime:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.datetime(year, month, 1)


MIN_YEAR, MAX_YEAR = 1, 9998


def interval_of(p: Point) -> tuple[dt.datetime, dt.datetime] | None:
    """[start, end) of a resolved point; None when it is not tied to the calendar (or off it)."""
    try:
        return _interval(p)
    except (ValueError, OverflowError):
        return None


def _interval(p: Point) -> tuple[dt.datetime, dt.datetime] | None:
    day = p.date()
    if day is None and p.year is not None and p.day is not None and p.month is not None:
        return None  # a day that does not exist (1900-02-29): not the whole month
    if day is not None:
        start = dt.datetime.combine(day, dt.time())
        if p.hour is not None:
            hour = min(p.hour, 24)
            start = start + dt.timedelta(hours=hour, minutes=p.minute or 0)
            return start, start + (dt.timedelta(minutes=1) if p.minute is not None else dt.timedelta(hours=1))
        if p.part_of_day:
            lo, hi = PART_OF_DAY_HOURS.get(p.part_of_day, (0, 24))
            return start + dt.timedelta(hours=lo), start + dt.timedelta(hours=hi)
        return start, start + dt.timedelta(days=1)
    if p.year is None:
        if p.decade is not None:
            return dt.datetime(max(p.decade * 10, 1), 1, 1), dt.datetime(p.decade * 10 + 10, 1, 1)  # no year 0
        if p.century is not None:
            return dt.datetime(max(p.century * 100, 1), 1, 1), dt.datetime(p.century * 100 + 100, 1, 1)
        return None
    y = p.year
    if p.week is not None:
        try:
            monday = dt.date.fromisocalendar(y, p.week, 1)
        except ValueError:
            return None
        start = dt.datetime.combine(monday, dt.time())
        if p.weekend:
            return start + dt.timedelta(days=5), start + dt.timedelta(days=7)
        return start, start + dt.timedelta(days=7)
    if p.month is not None:
        return _month_start(y, p.month), _month_start(y, p.month + 1)
    if p.quarter is not None:
        return _month_start(y, 3 * p.quarter - 2), _month_start(y, 3 * p.quarter + 1)
    if p.half is not None:
        return _month_start(y, 6 * p.half - 5), _month_start(y, 6 * p.half + 1)
    if p.season is not None:
        lo, hi = SEASON_MONTHS[p.season]
        return _month_start(y, lo), _month_start(y, hi)
    return dt.datetime(y, 1, 1), dt.datetime(y + 1, 1, 1)


# --- from a date to a point at a granularity -------------------------------------
def season_of(month: int) -> str:
    return {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(month, "FA")


def at_granularity(day: dt.date, granularity: str) -> Point:
    """The point of the given granularity that contains ``day``.

    >>> at_granularity(dt.date(2022, 9, 15), "week").value()
    '2022-W37'
    """
    if granularity == "week":
        iso = day.isocalendar()
        return Point(year=iso.year, week=iso.week)
    if granularity in ("day", "part_of_day", "hour", "minute", "second"):
        return Point(year=day.year, month=day.month, day=day.day)
    if granularity == "month":
        return Point(year=day.year, month=day.month)
    if granularity == "quarter":
        return Point(year=day.year, quarter=(day.month - 1) // 3 + 1)
    if granularity == "half":
        return Point(year=day.year, half=1 if day.month <= 6 else 2)
    if granularity == "season":
        # December belongs to the winter that starts in its year
        return Point(year=day.year if day.month != 1 and day.month != 2 else day.year - 1, season=season_of(day.month))
    if granularity == "year":
        return Point(year=day.year)
    if granularity == "decade":
        return Point(decade=day.year // 10)
    if granularity in ("century", "millennium"):
        return Point(century=day.year // 100)
    raise ValueError(granularity)


def coarsen(p: Point, granularity: str) -> Point:
    """The point at a coarser granularity ("2022-09-15" at month → "2022-09")."""
    if RANK[granularity] >= RANK[p.granularity]:
        return p
    day = p.date()
    if day is not None:
        return at_granularity(day, granularity)
    start = interval_of(p)
    if start is None:
        return p
    if p.week is not None and not p.weekend:
        # an ISO week belongs to the year (and month) of its Thursday: 2020-W01, which begins on
        # 2019-12-30, is in 2020
        return at_granularity(start[0].date() + dt.timedelta(days=3), granularity)
    return at_granularity(start[0].date(), granularity)


def shift(p: Point, unit: str, n: int) -> Point | None:
    """``p`` moved by ``n`` units of ``unit``, keeping its own granularity where it is finer;
    None when that leaves the calendar ("2022 years ago").

    >>> shift(Point(year=1989, quarter=3), "year", -1).value()
    '1988-Q3'
    >>> shift(Point(year=2022, month=9, day=15), "week", -1).value()
    '2022-09-08'
    """
    try:
        moved = _shift(p, unit, n)
    except (ValueError, OverflowError):
        return None
    if moved is not None and moved.year is not None and not MIN_YEAR <= moved.year <= MAX_YEAR:
        return None
    if moved is not None and moved.year is None and interval_of(moved) is None and moved.resolved:
        return None
    return moved


def _shift(p: Point, unit: str, n: int) -> Point | None:
    if not p.resolved:
        return None
    if unit == "millennium":
        unit, n = "year", n * 1000
    if unit == "century":
        if p.century is not None and p.year is None and p.decade is None:  # (resolved: it has a century)
            return replace(p, century=p.century + n)
        unit, n = "year", n * 100
    if unit == "decade":
        if p.year is None:
            return replace(p, decade=p.decade + n) if p.decade is not None else None
        unit, n = "year", n * 10
    day = p.date()
    if unit == "year":
        if p.year is None:
            return None
        if day is not None and p.month is not None:
            return _with_day(p, _add_months(day, 12 * n))
        if p.week is not None:
            return _week_point(p, p.year + n, p.week)
        return replace(p, year=p.year + n)
    if unit == "half":
        unit, n = "month", 6 * n
    if unit == "quarter":
        if p.quarter is not None and p.year is not None:
            index = p.year * 4 + p.quarter - 1 + n
            return replace(p, year=index // 4, quarter=index % 4 + 1)
        unit, n = "month", 3 * n
    if unit == "season":
        unit, n = "month", 3 * n
        if p.season is not None and p.year is not None:
            order = ["WI", "SP", "SU", "FA"]
            index = p.year * 4 + order.index(p.season) + n // 3
            return replace(p, year=index // 4, season=order[index % 4])
    if unit == "month":
        if day is not None:
            return _with_day(p, _add_months(day, n))
        if p.month is not None and p.year is not None:
            index = p.year * 12 + p.month - 1 + n
            return replace(p, year=index // 12, month=index % 12 + 1)
        if p.quarter is not None and n % 3 == 0:
            return shift(p, "quarter", n // 3)
        start = interval_of(p)
        if start is None:
            return None
        moved = _add_months(start[0].date(), n)
        return at_granularity(moved, "month")
    if unit == "week":
        if day is not None:
            return _with_day(p, day + dt.timedelta(weeks=n))
        if p.week is not None and p.year is not None:
            monday = dt.date.fromisocalendar(p.year, p.week, 1) + dt.timedelta(weeks=n)
            iso = monday.isocalendar()
            return replace(p, year=iso.year, week=iso.week)
        start = interval_of(p)
        if start is None:
            return None
        return at_granularity(start[0].date() + dt.timedelta(weeks=n), "week")
    if unit == "day":
        if day is not None:
            return _with_day(p, day + dt.timedelta(days=n))
        start = interval_of(p)
        if start is None:
            return None
        return at_granularity(start[0].date() + dt.timedelta(days=n), "day")
    if unit in ("hour", "minute", "second"):
        if day is None:
            return None
        base = dt.datetime.combine(day, dt.time(hour=min(p.hour or 0, 23), minute=p.minute or 0))
        delta = {"hour": dt.timedelta(hours=n), "minute": dt.timedelta(minutes=n), "second": dt.timedelta(seconds=n)}[unit]
        moved = base + delta
        out = _with_day(Point(year=moved.year, month=moved.month, day=moved.day), moved.date())
        if p.hour is not None or unit != "second":
            out = replace(out, hour=moved.hour, minute=moved.minute if (p.minute is not None or unit == "minute") else None)
        return out
    return None


def _add_months(day: dt.date, n: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + n
    year, month = index // 12, index % 12 + 1
    last = (_month_start(year, month + 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def _with_day(p: Point, day: dt.date) -> Point:
    """``p``'s time-of-day fields on a new calendar day, as a year-month-day point."""
    return Point(year=day.year, month=day.month, day=day.day, part_of_day=p.part_of_day, hour=p.hour, minute=p.minute)


def _week_point(p: Point, year: int, week: int) -> Point:
    try:
        dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        week = 52
    return replace(p, year=year, week=week)


def overlay(base: Point, detail: Point) -> Point:
    """Fill ``base``'s finer fields from ``detail`` ("this year" + "February" → 2022-02)."""
    # "is not": hour 0 and minute 0 (12:30 a.m., 00:00) are fields too, though 0 == False
    changes = {f.name: getattr(detail, f.name) for f in fields(Point)
               if getattr(detail, f.name) is not None and getattr(detail, f.name) is not False}
    merged = replace(base, **changes)
    if merged.weekday is not None and merged.week is not None and merged.year is not None:
        day = dt.date.fromisocalendar(merged.year, merged.week, merged.weekday)
        merged = replace(merged, year=day.year, month=day.month, day=day.day, week=None, weekday=None)
    return merged


def recurrence_years(detail: Point) -> int:
    """Every how many years a year-less point comes back: 4 for Feb. 29, else 1."""
    return 4 if detail.month == 2 and detail.day == 29 else 1


def year_candidates(detail: Point, around: int) -> list[Point]:
    """The point ``detail`` (which lacks a year) placed in the years around ``around``; for a day
    that only leap years have (Feb. 29), in the nearest years that have it."""
    if recurrence_years(detail) > 1:
        leap = [y for y in range(around - 8, around + 9) if MIN_YEAR <= y <= MAX_YEAR and _leap(y)]
        nearest = sorted(leap, key=lambda y: abs(y - around))[:3]
        return [replace(detail, year=y) for y in sorted(nearest)]
    return [replace(detail, year=y) for y in (around - 1, around, around + 1)]


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def weekday_candidates(weekday: int, ref: dt.date) -> list[dt.date]:
    """The days with ``weekday`` from a week before ``ref`` to a week after."""
    offset = (weekday - ref.isoweekday()) % 7
    after = ref + dt.timedelta(days=offset)
    return [after - dt.timedelta(days=7), after, after + dt.timedelta(days=7)] if offset else [
        ref - dt.timedelta(days=7),
        ref,
        ref + dt.timedelta(days=7),
    ]


_VALUE = re.compile(
    r"^(?:(?P<century>\d{2})|(?P<decade>\d{3})|(?P<year>\d{4})"
    r"(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2})(?:T(?:(?P<hour>\d{2})(?::(?P<minute>\d{2}))?(?:Z|[+-]\d{2}(?::?\d{2})?)?"
    r"|(?P<pod>MO|AF|EV|NI|DT)))?)?"
    r"|W(?P<week>\d{2})(?:-(?P<we>WE)|-(?P<wd>[1-7]))?|Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<season>SP|SU|FA|WI)))?)$"
)


def parse_value(value: str) -> Point | None:
    """The Point a resolved TIMEX3 DATE/TIME value denotes, or None ("PAST_REF", "XXXX-08", "P5M"). A clock
    time's zone ("2022-09-15T16:08Z") is read over: the point is the time as said.

    >>> parse_value("2022-09-14TEV").part_of_day, parse_value("199").decade, parse_value("2022-09-15T16:08Z").hour
    ('EV', 199, 16)
    """
    m = _VALUE.match(value or "")
    if not m:
        return None
    g = m.groupdict()
    if g["century"]:
        return Point(century=int(g["century"]))
    if g["decade"]:
        return Point(decade=int(g["decade"]))
    if g["week"]:
        p = Point(year=int(g["year"]), week=int(g["week"]), weekend=bool(g["we"]))
        if g["wd"]:
            day = dt.date.fromisocalendar(int(g["year"]), int(g["week"]), int(g["wd"]))
            return Point(year=day.year, month=day.month, day=day.day)
        return p
    return Point(
        year=int(g["year"]),
        month=int(g["month"]) if g["month"] else None,
        day=int(g["day"]) if g["day"] else None,
        hour=int(g["hour"]) if g["hour"] else None,
        minute=int(g["minute"]) if g["minute"] else (0 if g["hour"] else None),
        part_of_day=g["pod"],
        quarter=int(g["quarter"]) if g["quarter"] else None,
        half=int(g["half"]) if g["half"] else None,
        season=g["season"],
    )
