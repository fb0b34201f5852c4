"""Calendar points: TIMEX3 values, intervals, shifts."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.calendar import Point, at_granularity, interval_of, shift
from timeline.timex.specs import duration_value


@pytest.mark.parametrize("point,value,start,end", [
    (Point(year=2022), "2022", "2022-01-01", "2023-01-01"),
    (Point(year=2022, month=2), "2022-02", "2022-02-01", "2022-03-01"),
    (Point(year=2022, quarter=3), "2022-Q3", "2022-07-01", "2022-10-01"),
    (Point(year=2022, half=1), "2022-H1", "2022-01-01", "2022-07-01"),
    (Point(year=2022, season="SU"), "2022-SU", "2022-06-01", "2022-09-01"),
    (Point(year=2022, week=37), "2022-W37", "2022-09-12", "2022-09-19"),
    (Point(year=2022, week=37, weekend=True), "2022-W37-WE", "2022-09-17", "2022-09-19"),
    (Point(decade=199), "199", "1990-01-01", "2000-01-01"),
    (Point(century=19), "19", "1900-01-01", "2000-01-01"),
    (Point(year=2022, month=9, day=14, part_of_day="EV"), "2022-09-14TEV", "2022-09-14T18:00", "2022-09-14T22:00"),
    (Point(year=2022, month=9, day=15, hour=15, minute=0), "2022-09-15T15:00", "2022-09-15T15:00", "2022-09-15T15:01"),
])
def test_value_and_interval(point, value, start, end):
    assert point.value() == value
    lo, hi = interval_of(point)
    assert lo == dt.datetime.fromisoformat(start) and hi == dt.datetime.fromisoformat(end)


def test_shift_keeps_granularity():
    assert shift(Point(year=1989, quarter=3), "year", -1).value() == "1988-Q3"
    assert shift(Point(year=2022, month=1), "month", -1).value() == "2021-12"
    assert shift(Point(year=2022, week=1), "week", -1).value() == "2021-W52"
    assert shift(Point(year=2020, month=2, day=29), "year", 1).value() == "2021-02-28"
    assert at_granularity(dt.date(2022, 12, 31), "week").value() == "2022-W52"


@pytest.mark.parametrize("amounts,value", [
    (((5, "M"),), "P5M"), (((1, "DE"),), "P10Y"), (((3, "H"),), "PT3H"), (((None, "Y"),), "PXY"),
    (((2.5, "Y"),), "P2Y6M"), (((1.5, "H"),), "PT1H30M"), (((1, "MIN"), (30, "S")), "PT1M30S"),
])
def test_duration_values(amounts, value):
    assert duration_value(amounts) == value
