"""Recognition rules: each is a pattern (a grammar template) and a function that builds a spec.

Adding a phenomenon is adding one function here::

    @rule("{ORD} half of {YEAR}")
    def half_of_year(m):
        return DateSpec(Point(year=int(m["year"]), half=...), "absolute")

A builder returns ``None`` to reject a match it cannot make sense of. ``check`` names a
context check (see :mod:`timeline.timex.checks`) the match must pass once the sentence is tagged,
for words that are not always temporal ("May" the modal, "march" the verb, "second" the ordinal).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

from timeline.calendar import Point
from timeline.timex.grammar import compile_rule
from timeline.timex.lexicon import load, parse_number
from timeline.timex.specs import DateSpec, DurationSpec, RefSpec, SetSpec, Spec, duration_value


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    build: Callable[[re.Match], Spec | None]
    priority: int = 0
    check: str | None = None
    span: str | None = None  # the group that is the expression, when the rest is context


RULES: list[Rule] = []


def rule(template: str, *, priority: int = 0, check: str | None = None, name: str | None = None, span: str | None = None):
    """Register a recognition rule: a grammar template and the builder below it (``span``: the named
    group that is the expression, when the rest of the match is only its context)."""

    def register(build: Callable[[re.Match], Spec | None]):
        RULES.append(Rule(name or build.__name__, compile_rule(template), build, priority, check, span))
        return build

    return register


# --- helpers -----------------------------------------------------------------------
def _month(word: str) -> int:
    return load().month(word)


def _weekday(word: str) -> int:
    return load().weekday(word)


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _day_word(text: str) -> int | None:
    """ "eighth", "twenty first", "Twenty-First" → 8, 21, 21."""
    return _ordinal(re.sub(r"[\s-]+", "-", text))


def _holiday_code(name: str) -> str:
    """The lexicon's code for a holiday name: "MM-DD" for a fixed one, a rule name for a movable one."""
    return load().holidays[re.sub(r"\s+", " ", name.lower())]


def _ordinal(text: str) -> int | None:
    text = text.lower().strip()
    m = re.match(r"(\d+)", text)
    if m:
        return int(m.group(1))
    return load().ordinals.get(text)


def _unit(word: str):
    return load().unit(word)


def _valid(year: int | None, month: int, day: int) -> bool:
    try:
        dt.date(year or 2000, month, day)
    except ValueError:
        return False
    return True


@functools.lru_cache(maxsize=4096)
def _dateparser_date(text: str) -> tuple[dt.date | None, str | None]:
    """Parse an absolute date string with dateparser (English only); (date, period)."""

    parser = _parser()
    data = parser.get_date_data(text)
    if data.date_obj is None:
        return None, None
    return data.date_obj.date(), data.period


@functools.lru_cache(maxsize=1)
def _parser():
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "MDY", "STRICT_PARSING": True}
    )


def _clean_for_dateparser(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"(?i)\bsept\b", "Sep", text)
    text = re.sub(r"(?i)\b(\d+)(st|nd|rd|th)\b", r"\1", text)
    return text.replace(" of ", " ")


def absolute_date(text: str) -> Point | None:
    """A day-precise point from a full date string such as "Sept. 15, 2022" or "15/09/2022"."""
    day, period = _dateparser_date(_clean_for_dateparser(text))
    if day is None or period != "day":
        return None
    return Point(year=day.year, month=day.month, day=day.day)


def _last_or_next(which: str, point: Point, this: DateSpec) -> DateSpec:
    """ "last April" / "next Friday": the nearest one strictly before / after the anchor's own."""
    which = re.sub(r"\s+", " ", which.lower())
    if which == "this":
        return this
    if which in ("last", "this past", "past", "the past", "the last"):
        return DateSpec(point, "latent", direction="past", strict=True)
    return DateSpec(point, "latent", direction="future", strict=True)


def _two_digit_year(text: str) -> int:
    yy = int(text.strip("'"))
    return 1900 + yy if yy >= 30 else 2000 + yy


# --- absolute dates ------------------------------------------------------------------
def _full_date(m) -> DateSpec | None:
    """A date with day, month and year, checked and parsed by dateparser."""
    if not _valid(int(m["year"]), _month(m["month"]), _day(m["day"])):
        return None
    point = absolute_date(f"{_month(m['month'])}/{_day(m['day'])}/{m['year']}")
    return DateSpec(point, "absolute") if point else None


@rule(r"(?:{WEEKDAY_ANY},? )?(?P<month>{MONTH}) (?P<day>{DAY}),? (?:of )?(?P<year>{YEAR})", priority=5)
def month_day_year(m):
    return _full_date(m)


@rule(r"(?:{WEEKDAY_ANY},? )?(?:the )?(?P<day>{DAY}) (?:of |day of )?(?P<month>{MONTH}),? (?P<year>{YEAR})", priority=5)
def day_month_year(m):
    return _full_date(m)


@rule(r"(?P<year>{YEAR})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?:T(?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)(?::\d\d)?)?", priority=6)
def iso_date(m):
    point = absolute_date(f"{m['year']}-{m['month']}-{m['day']}")
    if point is None:
        return None
    if m["hour"]:
        point = Point(year=point.year, month=point.month, day=point.day, hour=int(m["hour"]), minute=int(m["minute"]))
    return DateSpec(point, "absolute")


@rule(r"(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?![/.]\d)", priority=4)
def numeric_date(m):
    a, b = int(m["a"]), int(m["b"])
    year = int(m["year"]) if len(m["year"]) == 4 else _two_digit_year(m["year"])
    if not 1000 <= year <= 2099:
        return None
    month, day = (a, b) if a <= 12 else (b, a)  # US order unless the first part cannot be a month
    if month > 12 or not _valid(year, month, day):
        return None
    return DateSpec(Point(year=year, month=month, day=day), "absolute")


@rule(r"(?P<month>{MONTH}),? (?:of )?(?P<year>{YEAR}|'\d\d)", priority=3)
def month_year(m):
    year = _two_digit_year(m["year"]) if m["year"].startswith("'") else int(m["year"])
    return DateSpec(Point(year=year, month=_month(m["month"])), "absolute")


@rule(r"(?P<month>{MONTH}),? (?P<c>nineteen|eighteen|twenty) (?P<y>{NUMWORD})", priority=3)
def month_spelled_year(m):
    century, rest = parse_number(m["c"]), parse_number(m["y"])
    if century is None or rest is None or not 10 <= rest < 100:
        return None
    return DateSpec(Point(year=int(century) * 100 + int(rest), month=_month(m["month"])), "absolute")


@rule(r"(?P<year>{YEAR})", check="year")
def year(m):
    value = int(m["year"])
    if not 1000 <= value <= 2099:
        return None
    return DateSpec(Point(year=value), "absolute")


@rule(r"(?:calendar |fiscal |fy ?|the year )(?P<year>{YEAR})", priority=2)
def fiscal_year(m):
    return DateSpec(Point(year=int(m["year"])), "absolute")



_SPELLED_CENTURY = r"(?:nineteen|eighteen|twenty|seventeen|sixteen)"


@rule(rf"(?:the year )?(?P<c>{_SPELLED_CENTURY})[\s-]+(?P<y>(?:hundred(?:[\s-]+and)?[\s-]+)?{{NUMWORD}})", priority=2, check="spelled_year")
def spelled_year(m):
    century = parse_number(m["c"])
    rest = parse_number(m["y"].replace("hundred", "").replace(" and ", " "))
    if century is None or rest is None or rest >= 100 or rest < 10:
        return None
    return DateSpec(Point(year=int(century) * 100 + int(rest)), "absolute")


@rule(r"(?:the year )?two thousand(?:[\s-]+(?:and[\s-]+)?(?P<y>{NUMWORD}))?", priority=2, check="spelled_year")
def spelled_2000s(m):
    rest = parse_number(m["y"]) if m["y"] else 0
    if rest is None or rest >= 100:
        return None
    return DateSpec(Point(year=2000 + int(rest)), "absolute")


# --- decades and centuries -------------------------------------------------------------
@rule(r"(?:the )?(?P<mod>early|mid|late|mid-)?-?(?P<decade>(?:1\d|20)\d0)'?s", priority=3)
def decade(m):
    value = int(m["decade"])
    # "the 1800s", "the early 1900s" name a century; "the 2000s" is, in today's news, the decade
    point = Point(century=value // 100) if value % 100 == 0 and value < 2000 else Point(decade=value // 10)
    spec = DateSpec(point, "absolute")
    return spec.with_mod(_POINT_MOD.get((m["mod"] or "").lower().rstrip("-")))


@rule(r"(?:the )?(?P<mod>early|mid|late|mid-)?-?'(?P<yy>\d)0s", priority=3)
def short_decade(m):
    d = int(m["yy"])
    century = 19 if d >= 3 else 20
    spec = DateSpec(Point(decade=century * 10 + d), "absolute")
    return spec.with_mod(_POINT_MOD.get((m["mod"] or "").lower().rstrip("-")))


@rule(r"the (?P<mod>early |mid-?|late )?(?P<word>{DECADE_WORD})", priority=3)
def decade_word(m):
    tens = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8, "nineties": 9}
    spec = DateSpec(Point(decade=190 + tens[m["word"].lower()]), "absolute")
    return spec.with_mod(_POINT_MOD.get((m["mod"] or "").strip().lower().rstrip("-")))


@rule(r"(?:the )?(?P<ord>{ORD})[\s-]+century", priority=3)
def century(m):
    n = _ordinal(m["ord"])
    if not n or n < 1 or n > 30:
        return None
    return DateSpec(Point(century=n - 1), "absolute")


@rule(r"(?:this|the current|the present) century", priority=3)
def this_century(m):
    return DateSpec(Point(), "deictic", unit="century", shift=0)


@rule(r"(?:last|the last|the past|the previous) century", priority=3)
def last_century(m):
    return DateSpec(Point(), "deictic", unit="century", shift=-1)


@rule(r"(?:next|the next|the coming) century", priority=3)
def next_century(m):
    return DateSpec(Point(), "deictic", unit="century", shift=1)


# --- quarters, halves, seasons -----------------------------------------------------------
_POINT_MOD = {"early": "START", "mid": "MID", "middle": "MID", "late": "END"}


@rule(r"(?:the )?(?:(?P<year1>{YEAR})(?:'s)? )?(?:fiscal )?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last) (?:fiscal )?quarter(?:,? (?:of )?(?:fiscal )?(?P<year2>{YEAR})| of (?P<this>this|last|next) year)?", priority=3)
def quarter(m):
    if m["this"]:  # "the fourth quarter of last year"
        n = _ordinal(m["ord"])
        shift = {"this": 0, "last": -1, "next": 1}[m["this"].lower()]
        return DateSpec(Point(quarter=4 if n == -1 else n), "deictic", unit="year", shift=shift)
    return _quarter(m["ord"], m["year1"] or m["year2"])


@rule(r"(?:(?P<year1>{YEAR}) )?(?:fiscal[\s-])?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)-(?:fiscal-)?quarter", priority=3)
def quarter_adjective(m):
    return _quarter(m["ord"], m["year1"])


def _quarter(ordinal: str, year: str | None) -> DateSpec:
    """The n-th quarter of the year given, or of the year to find ("the final quarter" is the fourth)."""
    n = _ordinal(ordinal)
    n = 4 if n == -1 else n
    if year:
        return DateSpec(Point(year=int(year), quarter=n), "absolute")
    return DateSpec(Point(quarter=n), "latent")


@rule(r"(?-i:Q)(?P<n>[1-4])(?:,? (?:of )?(?P<year>{YEAR}|'\d\d))?", priority=3)
def q_quarter(m):
    if m["year"]:
        year = _two_digit_year(m["year"]) if m["year"].startswith("'") else int(m["year"])
        return DateSpec(Point(year=year, quarter=int(m["n"])), "absolute")
    return DateSpec(Point(quarter=int(m["n"])), "latent")



@rule(r"(?:the )?(?P<ord>first|second|1st|2nd|last|latter)[\s-]+half(?: (?:of )?(?:(?P<year>{YEAR})|(?P<this>this|last|next) year|(?P<the>the) (?:fiscal |calendar )?year\b(?!-)))?", priority=3)
def half_year(m):
    n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "last": 2, "latter": 2}[m["ord"].lower()]
    if m["year"]:
        return DateSpec(Point(year=int(m["year"]), half=n), "absolute")
    if m["the"]:
        return DateSpec(Point(half=n), "anaphoric", unit="year", shift=0)  # "the second half of the year"
    if m["this"]:
        return DateSpec(Point(half=n), "deictic", unit="year", shift={"this": 0, "last": -1, "next": 1}[m["this"].lower()])
    if not m["year"] and "half" in m.group(0).lower() and not re.search(r"half of|half$", m.group(0), re.I):
        return None
    return DateSpec(Point(half=n), "latent")


@rule(r"(?-i:H)(?P<n>[12]) (?P<year>{YEAR})", priority=3)
def h_half(m):
    return DateSpec(Point(year=int(m["year"]), half=int(m["n"])), "absolute")


@rule(r"(?:the )?(?P<season>{SEASON}) (?:of )?(?P<year>{YEAR})", priority=3)
def season_year(m):
    return DateSpec(Point(year=int(m["year"]), season=load().season(m["season"])), "absolute")


@rule(r"(?:the )?(?P<season>{SEASON}) of (?P<year>{YEAR}|(?:nineteen|twenty)[\s-]+{NUMWORD})", priority=2)
def season_of_spelled_year(m):
    y = m["year"]
    if not y.isdigit():
        parts = re.split(r"[\s-]+", y, maxsplit=1)
        c, rest = parse_number(parts[0]), parse_number(parts[1]) if len(parts) > 1 else None
        if c is None or rest is None:
            return None
        y = int(c) * 100 + int(rest)
    return DateSpec(Point(year=int(y), season=load().season(m["season"])), "absolute")


@rule(r"(?P<which>this|last|next|this past|this coming|the coming|the past|the last) (?P<season>{SEASON})", priority=2)
def relative_season(m):
    point = Point(season=load().season(m["season"]))
    return _last_or_next(m["which"], point, this=DateSpec(point, "latent"))


@rule(r"(?:the |(?<=\bin )|(?<=\bduring )|(?<=\bover )|(?<=\buntil )|(?<=\bthrough )|(?<=\bby )|(?<=\bsince )|(?<=\bearly )|(?<=\blate )|(?<=\bmid-)|(?<=\bthe early )|(?<=\bthe late ))(?P<season>{SEASON})(?! of)", priority=1, check="season")
def bare_season(m):
    season = load().season(m["season"])
    return DateSpec(Point(season=season), "latent")


# --- latent dates: no year -----------------------------------------------------------------
@rule(r"(?:(?P<wd>{WEEKDAY_ANY}),? )?(?P<month>{MONTH}) (?P<day>{DAY})(?! ?[-/:]\d)(?!,? {YEAR})", priority=2)
def month_day(m):
    month, day = _month(m["month"]), _day(m["day"])
    if not _valid(None, month, day):
        return None
    # "Monday, March 1": the weekday picks the year (the one in which March 1 is a Monday)
    return DateSpec(Point(month=month, day=day, weekday=_weekday(m["wd"]) if m["wd"] else None), "latent")


@rule(r"(?:(?P<wd>{WEEKDAY_ANY}),? )?(?:the )?(?P<day>{DAY}) (?:of )?(?P<month>{MONTH})(?!,? {YEAR})", priority=2, check="day_month")
def day_month(m):
    month, day = _month(m["month"]), _day(m["day"])
    if not _valid(None, month, day):
        return None
    # "Monday, March 1": the weekday picks the year (the one in which March 1 is a Monday)
    return DateSpec(Point(month=month, day=day, weekday=_weekday(m["wd"]) if m["wd"] else None), "latent")


@rule(r"(?:(?P<wd>{WEEKDAY_ANY}),? )?(?:(?P<month>{MONTH}) (?:the )?(?P<dw>{DAYWORD})|the (?P<dw2>{DAYWORD}) of (?P<month2>{MONTH}))(?:,? (?P<year>{YEAR}))?", priority=3)
def spelled_day(m):
    """ "this coming Sunday, March eighth", "the twenty-first of May, 1998": days said in words (broadcast
    transcripts). The month is a capitalized name ("they may second the motion" is no date)."""
    month_word = m["month"] or m["month2"]
    if not month_word[0].isupper():
        return None
    month, day = _month(month_word), _day_word(m["dw"] or m["dw2"])
    year = int(m["year"]) if m["year"] else None
    if not day or not _valid(year, month, day):
        return None
    weekday = _weekday(m["wd"]) if m["wd"] and year is None else None
    return DateSpec(Point(year=year, month=month, day=day, weekday=weekday), "absolute" if year else "latent")


@rule(r"(?P<month>{MONTH}) (?P<day>{DAY}) (?:and|or|&) (?P<second>(?P<day2>{DAY})(?:,? (?P<year>{YEAR}))?)(?! ?(?:%|percent|cents|[-/:.]\d))", span="second")
def second_day(m):
    """ "the summit on April 24 and 25": the 25th is a date of its own, in April."""
    month, day = _month(m["month"]), _day(m["day2"])
    year = int(m["year"]) if m["year"] else None
    if not _valid(year, month, day) or day <= _day(m["day"]):
        return None
    return DateSpec(Point(year=year, month=month, day=day), "absolute" if year else "latent")


@rule(r"(?P<first>(?P<month>{MONTH}) (?P<day>{DAY})) (?:and|or|&) {DAY},? (?P<year>{YEAR})", priority=3, span="first")
def first_day_of_two(m):
    """ "on May 3 and 4, 2021": the year written once is May 3's too."""
    month, day, year = _month(m["month"]), _day(m["day"]), int(m["year"])
    if not _valid(year, month, day):
        return None
    return DateSpec(Point(year=year, month=month, day=day), "absolute")


@rule(r"(?P<month>{MONTH_FULL}|(?-i:Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec)\.)", check="month")
def bare_month(m):
    return DateSpec(Point(month=_month(m["month"])), "latent")


@rule(r"(?P<which>last|next|this|this past|this coming|past|coming) (?P<month>{MONTH_FULL})", priority=2)
def relative_month(m):
    point = Point(month=_month(m["month"]))
    return _last_or_next(m["which"], point, this=DateSpec(point, "deictic", unit="year", shift=0))


@rule(r"(?P<month>{MONTH_FULL}) (?P<which>this|last|next) year", priority=3)
def month_of_relative_year(m):
    shift = {"this": 0, "last": -1, "next": 1}[m["which"].lower()]
    return DateSpec(Point(month=_month(m["month"])), "deictic", unit="year", shift=shift)


_OF_THAT_YEAR = {"that": 0, "the same": 0, "the following": 1, "the next": 1, "the previous": -1, "the prior": -1, "the preceding": -1}


@rule(r"(?:(?P<month>{MONTH})(?: (?P<day>{DAY}))?|(?:the )?(?P<day2>{DAY}) (?:of )?(?P<month2>{MONTH})|(?:the )?(?P<season>{SEASON})),? (?:of )?(?P<which>that|the same|the following|the next|the previous|the prior|the preceding) year", priority=3)
def date_of_that_year(m):
    """ "July 9 of that year", "in March of the following year", "the autumn of the same year": the
    calendar fields in the year last mentioned, or one either side of it."""
    shift = _OF_THAT_YEAR[re.sub(r"\s+", " ", m["which"].lower())]
    if m["season"]:
        return DateSpec(Point(season=load().season(m["season"])), "anaphoric", unit="year", shift=shift)
    month = _month(m["month"] or m["month2"])
    day = m["day"] or m["day2"]
    if day and not _valid(None, month, _day(day)):
        return None
    return DateSpec(Point(month=month, day=_day(day) if day else None), "anaphoric", unit="year", shift=shift)


@rule(r"(?P<season>{SEASON}) (?P<which>this|last|next) year", priority=3)
def season_of_relative_year(m):
    shift = {"this": 0, "last": -1, "next": 1}[m["which"].lower()]
    return DateSpec(Point(season=load().season(m["season"])), "deictic", unit="year", shift=shift)


@rule(r"(?P<wd>{WEEKDAY})", check="weekday")
def weekday(m):
    return DateSpec(Point(weekday=_weekday(m["wd"])), "latent")


@rule(r"(?P<which>last|next|this|this past|this coming|coming|past) (?P<wd>{WEEKDAY})(?:,? (?P<month>{MONTH}) (?:the )?(?:(?P<day>{DAY})|(?P<dw>{DAYWORD}))(?!\d)(?!,? {YEAR}))?", priority=2)
def relative_weekday(m):
    point = Point(weekday=_weekday(m["wd"]))
    if m["month"]:
        # "this coming Sunday, March eighth": the date says which Sunday
        day = _day(m["day"]) if m["day"] else _day_word(m["dw"])
        month = _month(m["month"])
        if not day or not _valid(None, month, day):
            return None
        which = m["which"].lower()
        direction = "past" if which in ("last", "past", "this past") else "future" if which != "this" else None
        return DateSpec(Point(month=month, day=day, weekday=point.weekday), "latent", direction=direction)
    return _last_or_next(m["which"], point, this=DateSpec(point, "latent"))


@rule(r"the (?P<which>following|next|previous|preceding) (?P<wd>{WEEKDAY})", priority=3)
def weekday_after_focus(m):
    """ "left the following Monday", "down from the previous Friday": counted from the date last mentioned."""
    direction = "future" if m["which"].lower() in ("following", "next") else "past"
    return DateSpec(Point(weekday=_weekday(m["wd"])), "anaphoric", direction=direction, strict=True)


@rule(r"(?P<wd>{WEEKDAY}) (?P<which>this|last|next) week", priority=3)
def weekday_of_relative_week(m):
    shift = {"this": 0, "last": -1, "next": 1}[m["which"].lower()]
    return DateSpec(Point(weekday=_weekday(m["wd"])), "deictic", unit="week", shift=shift)


@rule(r"(?:the )?(?P<name>{HOLIDAY})(?:,? (?P<year>{YEAR}))?", priority=2, check="holiday")
def holiday(m):
    code = _holiday_code(m["name"])
    year = int(m["year"]) if m["year"] else None
    if re.fullmatch(r"\d\d-\d\d", code):
        month, day = (int(x) for x in code.split("-"))
        point = Point(year=year, month=month, day=day)
        return DateSpec(point, "absolute" if year else "latent")
    return DateSpec(Point(year=year), "absolute" if year else "latent", unit=f"holiday:{code}")


@rule(r"(?:the )?(?P<name>{HOLIDAY}) week(?:,? (?P<year>{YEAR}))?", priority=3)
def holiday_week(m):
    """ "Easter week", "Christmas week": the (ISO) week of the holiday."""
    code = _holiday_code(m["name"])
    year = int(m["year"]) if m["year"] else None
    return DateSpec(Point(year=year), "absolute" if year else "latent", unit=f"holiday:{code}", granularity="week")


@rule(r"the week of (?P<month>{MONTH}) (?P<day>{DAY})(?:,? (?P<year>{YEAR}))?", priority=3)
def week_of_date(m):
    """ "a court hearing the week of March 6": the week that holds the date."""
    month, day = _month(m["month"]), _day(m["day"])
    year = int(m["year"]) if m["year"] else None
    if not _valid(year, month, day):
        return None
    return DateSpec(Point(year=year, month=month, day=day), "absolute" if year else "latent", granularity="week")


# --- parts of day and clock times -----------------------------------------------------------
@rule(r"(?P<wd>{WEEKDAY})(?:'s)? (?P<pod>{POD})", priority=3)
def weekday_part_of_day(m):
    return DateSpec(Point(weekday=_weekday(m["wd"]), part_of_day=load().part_of_day(m["pod"])), "latent")


@rule(r"(?P<pod>{POD}) (?:of |on )?(?P<wd>{WEEKDAY})", priority=1)
def part_of_day_weekday(m):
    return DateSpec(Point(weekday=_weekday(m["wd"]), part_of_day=load().part_of_day(m["pod"])), "latent")


@rule(r"(?P<rel>yesterday|today|tomorrow)(?:'s)? (?P<pod>{POD})", priority=3)
def relative_day_part(m):
    shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[m["rel"].lower()]
    return DateSpec(Point(part_of_day=load().part_of_day(m["pod"])), "deictic", unit="day", shift=shift)


@rule(r"(?P<which>this|last|tomorrow|yesterday) (?P<pod>{POD})", priority=2)
def this_part_of_day(m):
    which = m["which"].lower()
    pod = load().part_of_day(m["pod"])
    if which == "last" and pod not in ("NI", "EV"):
        return None  # "last morning" is not idiomatic
    shift = {"this": 0, "last": -1, "tomorrow": 1, "yesterday": -1}[which]
    return DateSpec(Point(part_of_day=pod), "deictic", unit="day", shift=shift)


@rule(r"the (?P<which>next|following|previous|same) (?P<pod>morning|afternoon|evening|night)", priority=3)
def next_part_of_day(m):
    shift = {"next": 1, "following": 1, "previous": -1, "same": 0}[m["which"].lower()]
    return DateSpec(Point(part_of_day=load().part_of_day(m["pod"])), "anaphoric", unit="day", shift=shift)


@rule(r"(?P<pod>{POD}) (?P<rel>yesterday|today|tomorrow)", priority=3)
def part_of_day_relative_day(m):
    shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[m["rel"].lower()]
    return DateSpec(Point(part_of_day=load().part_of_day(m["pod"])), "deictic", unit="day", shift=shift)


@rule(r"tonight|overnight", priority=1)
def tonight(m):
    if m.group(0).lower() == "overnight":
        # the night before the day the text is on ("closed lower Friday ... depressed by overnight losses
        # in New York"), the night before the DCT when it named none that week
        return DateSpec(Point(part_of_day="NI"), "anaphoric", unit="day", shift=-1, type="TIME", recent=True)
    return DateSpec(Point(part_of_day="NI"), "deictic", unit="day", shift=0)


@rule(r"(?:the |that |(?<=\bmid-)|(?<=\bmid )|(?<=\bearly )|(?<=\blate ))(?P<pod>morning|afternoon|evening|night)", priority=0, check="bare_part_of_day")
def the_part_of_day(m):
    return DateSpec(Point(part_of_day=load().part_of_day(m["pod"])), "anaphoric", unit="day", shift=0)


_CLOCK = r"(?P<h>[01]?\d|2[0-3])(?:[:.](?P<min>[0-5]\d))? ?(?P<ampm>{AMPM})|(?P<h24>[01]?\d|2[0-3]):(?P<min24>[0-5]\d)(?! ?[ap]\.?m)|(?P<word>{CLOCKWORD})"


def _clock(m) -> tuple[int, int | None] | None:
    if m["word"]:
        hh, mm = load().clock_words[m["word"].lower()].split(":")
        return int(hh), int(mm)
    if m["h24"]:
        return int(m["h24"]), int(m["min24"])
    hour = int(m["h"])
    if hour > 12 or hour == 0:
        return None
    pm = m["ampm"].lower().startswith("p")
    hour = hour % 12 + (12 if pm else 0)
    return hour, int(m["min"]) if m["min"] else 0


@rule(rf"(?:{_CLOCK})(?: {{TZ}})?(?: o'clock)?(?:,? (?:on )?(?P<wd>{{WEEKDAY}}))?(?:,? (?:on )?(?P<month>{{MONTH}}) (?P<day>{{DAY}})(?:,? (?P<year>{{YEAR}}))?)?(?:,? (?P<rel>today|yesterday|tomorrow|tonight|this (?:morning|afternoon|evening)|last night))?", priority=2, check="clock")
def clock_time(m):
    hm = _clock(m)
    if hm is None:
        return None
    hour, minute = hm
    if m["rel"]:  # "10 a.m. yesterday", "midnight tonight"
        if m["wd"] or m["month"]:
            return None
        shift = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(m["rel"].lower().split()[0], 0)
        return DateSpec(Point(hour=hour, minute=minute), "deictic", unit="day", shift=shift, type="TIME")
    if m["month"]:
        month, day = _month(m["month"]), _day(m["day"])
        if not _valid(int(m["year"]) if m["year"] else None, month, day):
            return None
        point = Point(year=int(m["year"]) if m["year"] else None, month=month, day=day, hour=hour, minute=minute)
        return DateSpec(point, "absolute" if m["year"] else "latent", type="TIME")
    if m["wd"]:
        return DateSpec(Point(weekday=_weekday(m["wd"]), hour=hour, minute=minute), "latent", type="TIME")
    return DateSpec(Point(hour=hour, minute=minute), "anaphoric", unit="day", shift=0, type="TIME")


@rule(r"(?P<h>[1-9]|1[0-2])(?::(?P<min>[0-5]\d))? (?:o'clock )?in the (?P<pod>morning|afternoon|evening)", priority=3)
def hour_in_the_morning(m):
    hour = int(m["h"]) % 12 + (0 if m["pod"].lower() == "morning" else 12)
    return DateSpec(Point(hour=hour, minute=int(m["min"]) if m["min"] else 0), "anaphoric", unit="day", shift=0, type="TIME")


@rule(rf"(?P<wd>{{WEEKDAY}}),? (?:at )?(?:{_CLOCK})(?: {{TZ}})?", priority=2)
def weekday_clock(m):
    hm = _clock(m)
    if hm is None:
        return None
    return DateSpec(Point(weekday=_weekday(m["wd"]), hour=hm[0], minute=hm[1]), "latent", type="TIME")


# --- deictic: relative to the document date -----------------------------------------------------
@rule(r"today|yesterday|tomorrow|the day before yesterday|the day after tomorrow", check="today")
def today(m):
    shift = {"today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2}[
        re.sub(r"\s+", " ", m.group(0).lower())
    ]
    return DateSpec(Point(), "deictic", unit="day", shift=shift)


@rule(r"(?:this|the same) time (?:(?P<which>last|next) year|a year (?:ago|earlier))", priority=3)
def this_time_last_year(m):
    """ "up from this time last year": the same day a year back (a year ahead for "next year")."""
    shift = 1 if (m["which"] or "").lower() == "next" else -1
    return DateSpec(Point(), "deictic", unit="year", shift=shift, base="day")


_THIS_LAST_NEXT = {
    "this": 0, "the current": 0, "current": 0, "the present": 0,
    "last": -1, "past": -1, "the past": -1, "the last": -1, "previous": -1, "the previous": -1, "the prior": -1, "prior": -1,
    "next": 1, "coming": 1, "the coming": 1, "the next": 1, "following": 1, "the following": 1, "the upcoming": 1,
    "this past": -1, "this coming": 1, "upcoming": 1,
}


@rule(r"(?P<which>this past|this coming|this|the current|current|last|past|the past|the last|next|coming|the coming|the upcoming|upcoming|the next|the following|the previous|the prior|previous|following)(?P<fiscal> fiscal)? (?P<unit>year|month|week|quarter|weekend|decade|day|fortnight)", priority=2, check="relative_unit")
def relative_unit(m):
    which = re.sub(r"\s+", " ", m["which"].lower())
    unit = _unit(m["unit"])
    shift = _THIS_LAST_NEXT[which]
    # "the next day", "the following year", "the previous week": from the last mentioned date
    relation = "anaphoric" if which in ("the next", "the following", "following", "the previous", "previous", "the prior", "prior") else "deictic"
    if unit.code == "WE":
        if which in ("coming", "the coming", "this coming", "upcoming", "the upcoming"):
            # "the coming weekend" said on a Thursday is two days off, in this week
            return DateSpec(Point(weekend=True), "latent", direction="future")
        return DateSpec(Point(weekend=True), relation, unit="week", shift=shift)
    if m["unit"].lower() == "day" and relation == "deictic":
        return None  # "this day", "last day": not a calendar reference
    return DateSpec(Point(), relation, unit=unit.granularity, shift=shift)


@rule(r"(?:compared (?:with|to)|versus|vs\.)\s[^.;:!?]{0,80}?\b(?P<expr>last year)(?!'s)", priority=4, span="expr")
def compared_with_last_year(m):
    """ "posted earnings of $24 million, compared with a loss of $3 million last year": after a quarter,
    the same quarter a year back (as "a year ago" is); else the year before."""
    return DateSpec(Point(), "deictic", unit="year", shift=-1, comparison=True)


@rule(r"(?P<which>that|the same|the very same|that same) (?P<unit>year|month|week|day|quarter|weekend|decade|morning|afternoon|evening|night)", priority=2)
def same_unit(m):
    word = m["unit"].lower()
    if word in load().parts_of_day:
        return DateSpec(Point(part_of_day=load().parts_of_day[word]), "anaphoric", unit="day", shift=0)
    unit = _unit(word)
    if unit.code == "WE":
        return DateSpec(Point(weekend=True), "anaphoric", unit="week", shift=0)
    return DateSpec(Point(), "anaphoric", unit=unit.granularity, shift=0)


@rule(r"(?:that|the same|that same) (?P<season>{SEASON})(?! of)", priority=2)
def same_season(m):
    """ "She moved to Paris in 1962. That summer she met him.": the season of the year last mentioned."""
    return DateSpec(Point(season=load().season(m["season"])), "anaphoric", unit="year", shift=0)


@rule(r"(?P<times>once|twice|thrice) (?P<adverb>daily|weekly|monthly|yearly|annually|hourly|nightly)", priority=3)
def times_adverb(m):
    """ "twice daily": twice every day."""
    period = {"daily": (1, "D"), "nightly": (1, "D"), "weekly": (1, "W"), "monthly": (1, "M"), "yearly": (1, "Y"),
              "annually": (1, "Y"), "hourly": (1, "H")}[m["adverb"].lower()]
    n = {"once": 1, "twice": 2, "thrice": 3}[m["times"].lower()]
    return SetSpec(duration_value((period,)), freq=f"{n}X")


@rule(r"the (?P<unit>day|night|week|weekend|month|year) (?P<rel>before|after)(?=\s*(?:[,.;:!?)]|$))", priority=3)
def unit_before_after(m):
    """ "The day before, protesters gathered": a unit next to the date last mentioned (not "the day before
    the vote", a duration and its signal)."""
    shift = -1 if m["rel"].lower() == "before" else 1
    word = m["unit"].lower()
    if word == "night":
        return DateSpec(Point(part_of_day="NI"), "anaphoric", unit="day", shift=shift)
    if word == "weekend":
        return DateSpec(Point(weekend=True), "anaphoric", unit="week", shift=shift)
    return DateSpec(Point(), "anaphoric", unit=_unit(word).granularity, shift=shift)


@rule(r"the (?:fiscal |calendar |financial )?(?P<unit>year|month|week|quarter|weekend|day)(?! (?:before|after|earlier|later))", priority=0, check="the_unit")
def the_unit(m):
    unit = _unit(m["unit"])
    if unit.code == "WE":
        return DateSpec(Point(weekend=True), "latent")
    return DateSpec(Point(), "anaphoric", unit=unit.granularity, shift=0, default_shift=-1 if unit.code == "Q" else 0)


_COMPARISON_WORDS = r"year-ago|year-earlier|year-before|prior-year|comparable year-ago|comparable year-earlier|same year-ago|same year-earlier|year-ago fiscal|year-earlier fiscal"
_ORDINAL_QUARTER = r"(?P<second>(?:fiscal )?(?:first|second|third|fourth)(?: fiscal)?)"


def _quarter_ordinal(words: str) -> int:
    """ "fiscal second", "Third fiscal" → 2, 3 (the words are matched in any case and spacing)."""
    return next(n for w, n in (("first", 1), ("second", 2), ("third", 3), ("fourth", 4)) if w in words.lower().split())


@rule(rf"(?:the )?(?:{_COMPARISON_WORDS})(?: {_ORDINAL_QUARTER})? (?P<noun>quarter|period|month|week)", priority=2)
def year_ago_period(m):
    """ "the year-ago quarter": the quarter under discussion, a year before."""
    noun = m["noun"].lower()
    ordinal = _quarter_ordinal(m["second"]) if m["second"] else None
    detail = Point(quarter=ordinal) if ordinal else Point()
    granularity = {"quarter": "quarter", "month": "month", "week": "week"}.get(noun)
    return DateSpec(detail, "anaphoric", unit="year", shift=-1, comparison=True, granularity=granularity)


_A_YEAR_BACK = r" (?:last year|a year (?:ago|earlier)|of (?:last|the previous|the prior) year|in 19\d\d)"


@rule(rf"(?:the )?(?:(?:same|comparable|corresponding|equivalent) )?(?P<noun>quarter|period)(?P<when>{_A_YEAR_BACK})", priority=2)
def period_a_year_ago(m):
    """ "For the quarter a year ago, Columbia earned ...": the quarter under discussion, a year back."""
    return same_period(m)


@rule(rf"(?:the )?(?:same|comparable|corresponding|equivalent) (?P<noun>quarter|period)(?P<when>{_A_YEAR_BACK})?", priority=2)
def same_period(m):
    granularity = "quarter" if m["noun"].lower() == "quarter" else None
    if m["when"]:
        year = re.search(r"(19\d\d)", m["when"])
        if year:
            return DateSpec(Point(year=int(year.group(1))), "anaphoric", unit="quarter", comparison=True, granularity=granularity)
        return DateSpec(Point(), "anaphoric", unit="year", shift=-1, comparison=True, granularity=granularity)
    return DateSpec(Point(), "anaphoric", unit="quarter", granularity=granularity)


@rule(r"(?:the )?(?P<year>{YEAR}) (?P<second>(?:fiscal )?(?:first|second|third|fourth) )?(?:fiscal )?(?P<noun>quarter|period)", priority=2)
def year_period(m):
    """ "the 1988 quarter": the quarter under discussion, in 1988."""
    if m["second"]:
        ordinal = _quarter_ordinal(m["second"])
        return DateSpec(Point(year=int(m["year"]), quarter=ordinal), "absolute")
    granularity = "quarter" if m["noun"].lower() == "quarter" else None
    return DateSpec(Point(year=int(m["year"])), "anaphoric", unit="quarter", comparison=True, granularity=granularity)


@rule(r"(?:the )?(?:latest|most recent|current|just-ended|just-completed|recent)(?: fiscal)? (?P<noun>quarter|period)", priority=1, check="period_phrase")
def latest_period(m):
    """ "the latest quarter": the one under discussion, else the last completed one."""
    granularity = "quarter" if m["noun"].lower() == "quarter" else None
    return DateSpec(Point(), "anaphoric", unit="quarter", default_shift=-1, granularity=granularity, completed=True)


@rule(r"(?:the )?(?:previous|prior|preceding)(?: fiscal)? quarter", priority=1)
def previous_quarter(m):
    return DateSpec(Point(), "anaphoric", unit="quarter", shift=-1, default_shift=0)


@rule(r"the (?:fiscal )?(?P<noun>quarter|year|half)(?= end(?:ed|ing) (?P<month>{MONTH}) (?P<day>{DAY}))", priority=2)
def period_ended(m):
    """ "the quarter ended Sept. 30" is that date's quarter; "the year ended March 31" a year's span."""
    noun = m["noun"].lower()
    if noun == "year":
        return DurationSpec(((1, "Y"),))
    granularity = "quarter" if noun == "quarter" else "half"
    return DateSpec(Point(month=_month(m["month"]), day=_day(m["day"])), "latent", direction="past", granularity=granularity)


@rule(r"(?P<which>this|last|next) year's (?P<ord>first|second|third|fourth) quarter", priority=4)
def relative_year_quarter(m):
    shift = {"this": 0, "last": -1, "next": 1}[m["which"].lower()]
    return DateSpec(Point(quarter=_ordinal(m["ord"])), "deictic", unit="year", shift=shift)


@rule(r"(?P<which>last|this|next) year's (?:quarter|period)", priority=4)
def relative_year_same_quarter(m):
    shift = {"this": 0, "last": -1, "next": 1}[m["which"].lower()]
    granularity = "quarter" if m.group(0).lower().endswith("quarter") else None
    return DateSpec(Point(), "anaphoric", unit="year", shift=shift, comparison=True, granularity=granularity)


@rule(r"(?P<which>year-ago|year-earlier)", priority=0, check="year_ago")
def year_ago_adjective(m):
    return DateSpec(Point(), "anaphoric", unit="year", shift=-1, comparison=True)


@rule(r"(?:the )?year[- ]end|(?:the )?year's end|(?:the )?turn of the year", priority=2)
def year_end(m):
    return DateSpec(Point(), "deictic", unit="year", shift=0, mod="END")


@rule(r"(?:the )?(?P<part>end|beginning|start|middle|close|turn|outset) of (?:the|this) (?P<unit>week|month|year|quarter|decade|century)", priority=3)
def part_of_this_unit(m):
    mod = {"end": "END", "close": "END", "turn": "END", "beginning": "START", "start": "START", "outset": "START", "middle": "MID"}[m["part"].lower()]
    return DateSpec(Point(), "anaphoric" if "the " + m["unit"].lower() in m.group(0).lower() else "deictic", unit=_unit(m["unit"]).granularity, shift=0, mod=mod)


# --- durations ------------------------------------------------------------------------------
def _amount(text: str) -> float | None:
    return parse_number(text)


@rule(r"(?P<num>{NUM})(?P<sep>[\s-]+)(?P<more>more |additional |extra |straight |consecutive |full |long |trading |business |calendar |working )?(?P<unit>{UNIT})(?:-(?P<adj>long|old|plus))?", priority=1, check="duration")
def number_unit(m):
    amount = _amount(m["num"])
    if amount is None:
        return None
    unit = _unit(m["unit"])
    if unit.code == "WE":
        return None
    return DurationSpec(((amount * unit.factor, unit.code),))


@rule(r"(?P<num>{NUM}) (?:and )?(?P<frac>a half|one-half|1/2) (?P<unit>{UNITS})", priority=2)
def number_and_half_unit(m):
    amount = _amount(m["num"])
    if amount is None:
        return None
    unit = _unit(m["unit"])
    return DurationSpec(((amount + 0.5, unit.code),))


@rule(r"(?P<num>an?|one) (?P<unit>{UNIT1}) and a half", priority=2)
def unit_and_half(m):
    unit = _unit(m["unit"])
    return DurationSpec(((1.5, unit.code),))


@rule(r"(?P<num>an?|one) (?P<unit>hour|minute|year|day|week|month) and (?P<num2>{NUM}) (?P<unit2>minutes|seconds|months|days|hours)", priority=3)
def compound_duration(m):
    first, second = _unit(m["unit"]), _unit(m["unit2"])
    amount2 = _amount(m["num2"])
    if amount2 is None:
        return None
    return DurationSpec(((1, first.code), (amount2, second.code)))


@rule(r"(?P<vague>{VAGUE})(?P<sep>[\s-]+)(?:more )?(?P<unit>{UNITS})", priority=1, check="vague_duration")
def vague_units(m):
    unit = _unit(m["unit"])
    return DurationSpec(((None, unit.code),))


@rule(r"(?P<unit>years|months|weeks|days|hours|minutes|decades) or (?P<unit2>years|months|weeks|days|hours|minutes|decades)", priority=1)
def units_or_units(m):
    return DurationSpec(((None, _unit(m["unit"]).code),))


@rule(r"(?P<unit>years|months|weeks|days|hours|minutes|decades|centuries)(?:-long)?", check="bare_units")
def bare_units(m):
    return DurationSpec(((None, _unit(m["unit"]).code),))


@rule(r"(?:(?<=\bover )|(?<=\bin )|(?<=\bthrough ))the (?P<unit>years|decades|centuries)(?! (?:of|before|after|since|that|when|to|ahead))", priority=0)
def over_the_years(m):
    return DurationSpec(((None, _unit(m["unit"]).code),))


@rule(r"(?P<unit>decades|years|months)-long", priority=1)
def bare_units_long(m):
    return DurationSpec(((None, _unit(m["unit"]).code),))


@rule(r"(?:the )?(?P<which>past|last|next|coming|first|final|previous|following|preceding|initial|remaining|latest|same|subsequent|ensuing) (?P<num>{NUM}|{VAGUE}) (?:(?:full|straight|consecutive|trading|business|calendar) )?(?P<unit>{UNIT})", priority=3, check="past_n_units")
def past_n_units(m):
    unit = _unit(m["unit"])
    number = m["num"].lower()
    amount = None if number in load().vague_numbers else _amount(number)
    if amount is None and number not in load().vague_numbers:
        return None
    if unit.code == "WE":
        return None
    return DurationSpec(((amount * unit.factor if amount is not None else None, unit.code),))


@rule(r"(?P<the>the )?(?:entire|whole|full) (?P<unit>year|month|week|day|quarter|decade)", priority=1)
def whole_unit(m):
    """ "a full year", "the entire month": a duration; "for the full year" in a report is the year reported
    on: the year of the last date mentioned that is over (not "by 1992", a goal), else the DCT's."""
    unit = _unit(m["unit"])
    if m["the"] and m.group(0).lower().split()[1] == "full" and unit.code in ("Y", "Q"):
        return DateSpec(Point(), "anaphoric", unit=unit.granularity, shift=0, default_shift=-1 if unit.code == "Q" else 0,
                        completed=True)
    return DurationSpec(((1 * unit.factor, unit.code),))


@rule(r"(?:an?|one) (?P<unit>year|month|week|day|decade|century|hour|minute|fortnight|quarter-century|half-century|half hour|half-hour)(?: or (?:two|so))?", priority=0, check="a_unit")
def a_unit(m):
    word = re.sub(r"\s+", " ", m["unit"].lower())
    if word in ("half hour", "half-hour"):
        return DurationSpec(((30, "MIN"),))
    if word == "quarter-century":
        return DurationSpec(((25, "Y"),))
    if word == "half-century":
        return DurationSpec(((50, "Y"),))
    unit = _unit(word)
    return DurationSpec(((unit.factor, unit.code),))


@rule(r"half an? (?P<unit>hour|day|year|month|century|decade|minute)", priority=2)
def half_a_unit(m):
    unit = _unit(m["unit"])
    return DurationSpec(((0.5 * unit.factor, unit.code),))


@rule(r"(?:(?<=\bfor )|(?<=\bin )|(?<=\bafter )|(?<=\bwithin ))(?:a (?:long |short |little )?while|some time|a long time|a short time|a (?:fairly |very |relatively )?(?:long|lengthy|short|brief) (?:period|time|spell)(?: of time)?)", priority=1)
def a_while(m):
    return DurationSpec(((None, "X"),))


@rule(r"(?:the )?(?:first|early|initial|last|final|remaining|past|next|coming|closing|opening) (?P<unit>{UNITS})", priority=1, check="vague_duration")
def the_first_units(m):
    unit = _unit(m["unit"])
    return DurationSpec(((None, unit.code),))


@rule(r"(?:the )?(?P<num>{NUM}) (?P<unit>{UNITS})(?P<ahead> ahead| to come)", priority=3)
def n_units_ahead(m):
    amount = _amount(m["num"])
    if amount is None:
        return None
    return DurationSpec(((amount, _unit(m["unit"]).code),))


@rule(r"(?:the (?:next|past|last|first|coming) )?(?:(?P<num>{NUM}) to|between (?P<num0>{NUM}) and) (?P<num2>{NUM})(?P<sep>[\s-]+)(?P<unit>{UNIT})", priority=2)
def range_duration(m):
    first = _amount(m["num"] or m["num0"])
    unit = _unit(m["unit"])
    if first is None:
        return None
    return DurationSpec(((None, unit.code),))



# --- sets ------------------------------------------------------------------------------------
_SET_QUANT = {"every": "EVERY", "each": "EACH"}


@rule(r"(?P<word>daily|nightly|weekly|biweekly|monthly|quarterly|annually|yearly|hourly)", check="set_adverb")
def set_adverb(m):
    return SetSpec(load().sets[m["word"].lower()])


@rule(r"(?P<quant>every|each) (?P<which>other |second |third )?(?P<unit>day|week|month|quarter|year|hour|night|morning|evening|weekend|decade|minute)", priority=2)
def every_unit(m):
    key = f"every {m['unit'].lower()}"
    value = load().sets.get(key)
    if value is None:
        value = f"PT1{_unit(m['unit']).code[0]}" if m["unit"].lower() == "minute" else None
    if value is None:
        return None
    if m["which"]:
        n = {"other": 2, "second": 2, "third": 3}[m["which"].strip().lower()]
        value = value.replace("1", str(n), 1)
    return SetSpec(value, quant=_SET_QUANT[m["quant"].lower()])


@rule(r"(?P<quant>every|each) (?P<num>{NUM}) (?P<unit>{UNITS})", priority=2)
def every_n_units(m):
    amount = _amount(m["num"])
    if not amount or amount < 0:
        return None  # "every 0 days" recurs never
    return SetSpec(duration_value(((amount, _unit(m["unit"]).code),)), quant=_SET_QUANT[m["quant"].lower()])


@rule(r"(?P<quant>every|each) (?P<wd>{WEEKDAY})(?: (?P<pod>{POD}))?", priority=2)
def every_weekday(m):
    value = f"XXXX-WXX-{_weekday(m['wd'])}"
    if m["pod"]:
        value += f"T{load().part_of_day(m['pod'])}"
    return SetSpec(value, quant=_SET_QUANT[m["quant"].lower()])


@rule(r"(?P<quant>every|each) (?P<month>{MONTH_FULL})", priority=2)
def every_month_name(m):
    return SetSpec(f"XXXX-{_month(m['month']):02d}", quant=_SET_QUANT[m["quant"].lower()])


@rule(r"(?P<quant>every|each) (?P<season>{SEASON})", priority=2)
def every_season(m):
    return SetSpec(f"XXXX-{load().season(m['season'])}", quant=_SET_QUANT[m["quant"].lower()])


@rule(r"(?:on )?(?P<wd>(?-i:Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Saturdays|Sundays))(?: and (?P<wd2>(?-i:Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Saturdays|Sundays)))?", priority=1)
def plural_weekday(m):
    return SetSpec(f"XXXX-WXX-{_weekday(m['wd'][:-1])}")


@rule(r"(?:on|at) (?P<we>weekends)", priority=1)
def on_weekends(m):
    """ "closed on weekends": every weekend (like "on Mondays")."""
    return SetSpec("XXXX-WXX-WE")


@rule(r"(?P<wd>{WEEKDAY}) (?P<pod>nights|mornings|evenings|afternoons)", priority=3)
def weekday_nights(m):
    pod = load().parts_of_day.get(m["pod"].lower().rstrip("s"), "NI")
    return SetSpec(f"XXXX-WXX-{_weekday(m['wd'])}T{pod}")


@rule(r"(?P<times>once|twice|thrice|(?P<n>{NUM}) times) (?:a|an|per|each|every) (?P<unit>day|week|month|year|quarter|decade|hour|minute)", priority=3)
def times_per_unit(m):
    n = {"once": 1, "twice": 2, "thrice": 3}.get(m["times"].lower())
    if n is None:
        n = _amount(m["n"])
    unit = _unit(m["unit"])
    if not n or n < 0:
        return SetSpec(duration_value(((1, unit.code),)))
    # freq counts whole times: 2.5 times a week is 5 times every two weeks, 1/2 once every two
    ratio = Fraction(n).limit_denominator(100)
    if ratio.numerator == 0:
        return SetSpec(duration_value(((1, unit.code),)))
    return SetSpec(duration_value(((ratio.denominator, unit.code),)), freq=f"{ratio.numerator}X")


@rule(r"(?:a|per) (?P<unit>day|week|month|year|quarter|hour|night)", priority=0, check="per_unit")
def per_unit(m):
    unit = _unit(m["unit"]) if m["unit"].lower() != "night" else _unit("day")
    return SetSpec(duration_value(((1, unit.code),)))


# --- vague references -------------------------------------------------------------------------
@rule(r"(?:the )?(?P<ref>(?:recent|past|coming) (?:years|months|weeks|days|decades|quarters)(?: and (?:years|months|weeks|days))?|(?:years|months|weeks|days|decades) (?:ahead|to come))", priority=2)
def recent_units(m):
    """ "in recent years" is the past (PAST_REF); "in the coming weeks", "the months ahead" a stretch of
    unknown length from now (PXW, PXM: TimeBank's and AQUAINT's reading, as for "the next few weeks")."""
    text = re.sub(r"\s+", " ", m.group(0).lower())
    if "coming" in text or "ahead" in text or "to come" in text:
        units = re.findall(r"years|months|weeks|days|decades|quarters", text)
        if len(units) == 1:
            return DurationSpec(((None, _unit(units[0]).code),))
        return RefSpec("FUTURE_REF")
    return RefSpec("PAST_REF")


@rule(r"(?P<ref>now|right now|just now|currently|presently|nowadays|these days|at present|the present(?: time)?|at the moment|recently|more recently|most recently|lately|the past|the recent past|soon|very soon|shortly|as soon as possible|a later date|the (?:near |foreseeable |distant )?future|the near term|the long term|the short term|in years past|years past)", check="reference")
def reference(m):
    text = re.sub(r"\s+", " ", m.group(0).lower())
    value = load().references.get(text)
    if value is None:
        if text in ("the long term", "the short term"):
            return RefSpec("FUTURE_REF")
        return None
    return RefSpec(value)



@rule(r"(?:the )?(?:past|recent|last|previous|coming|future|next) (?:several|few|couple of) (?:years|months|weeks|days|quarters|decades)", priority=2, check="past_n_units")
def vague_period(m):
    """ "the past few weeks" (PXW); "the next couple of years" is two, as "a couple of years" is (P2Y)."""
    text = m.group(0).lower()
    unit = _unit(text.split()[-1])
    return DurationSpec(((2 * unit.factor if "couple" in text else None, unit.code),))


# --- "ago" and friends are suffixes on durations: see extend.py -------------------------------
RULES.sort(key=lambda r: -r.priority)
