"""Dates that carry their year: full dates, months of a year, years, decades and centuries."""

from __future__ import annotations

import re

from timeline.calendar import Point
from timeline.timex.checks import CONTEXT, NUMBER_SIGNS, View, check
from timeline.timex.lexicon import load, parse_number
from timeline.timex.rules.base import corpus, day, key, month, ordinal, point_mod, rule, two_digit_year, valid
from timeline.timex.specs import DateSpec


def _full_date(m) -> DateSpec | None:
    """A date with day, month and year that exists in the calendar (the grammar has read each part already:
    no date library is asked to read them again)."""
    year, month_, day_ = int(m["year"]), month(m["month"]), day(m["day"])
    if not valid(year, month_, day_):
        return None
    return DateSpec(Point(year=year, month=month_, day=day_), "absolute")


@rule(r"(?:{WEEKDAY_ANY},? )?(?P<month>{MONTH}) (?P<day>{DAY}),? (?:of )?(?P<year>{YEAR})", priority=5)
def month_day_year(m):
    return _full_date(m)


@rule(r"(?:{WEEKDAY_ANY},? )?(?:the )?(?P<day>{DAY}) (?:of |day of )?(?P<month>{MONTH}),? (?P<year>{YEAR})", priority=5)
def day_month_year(m):
    return _full_date(m)


@rule(r"(?P<year>{YEAR})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?:T(?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)(?::\d\d)?)?", priority=6)
def iso_date(m):
    year, month_, day_ = int(m["year"]), int(m["month"]), int(m["day"])
    if not valid(year, month_, day_):
        return None
    if m["hour"]:
        return DateSpec(Point(year=year, month=month_, day=day_, hour=int(m["hour"]), minute=int(m["minute"])), "absolute")
    return DateSpec(Point(year=year, month=month_, day=day_), "absolute")


@rule(r"(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?![/.]\d)", priority=4)
def numeric_date(m):
    a, b = int(m["a"]), int(m["b"])
    year = int(m["year"]) if len(m["year"]) == 4 else two_digit_year(m["year"])
    if not 1000 <= year <= 2099:
        return None
    month_, day_ = (a, b) if a <= 12 else (b, a)  # US order unless the first part cannot be a month
    if month_ > 12 or not valid(year, month_, day_):
        return None
    return DateSpec(Point(year=year, month=month_, day=day_), "absolute")


@rule(r"(?P<year>{YEAR})(?P<sep>[/.])(?P<month>0?[1-9]|1[0-2])(?P=sep)(?P<day>0?[1-9]|[12]\d|3[01])(?![/.]?\d)", priority=4)
def year_first_date(m):
    """ "2022/09/15", "2022.09.15": a date written year first with slashes or dots (the order is never in doubt)."""
    year, month_, day_ = int(m["year"]), int(m["month"]), int(m["day"])
    if not valid(year, month_, day_):
        return None
    return DateSpec(Point(year=year, month=month_, day=day_), "absolute")


@rule(r"(?P<month>{MONTH}),? (?:of )?(?P<year>{YEAR}|'\d\d)", priority=3)
def month_year(m):
    year = two_digit_year(m["year"]) if m["year"].startswith("'") else int(m["year"])
    return DateSpec(Point(year=year, month=month(m["month"])), "absolute")


@rule(r"(?P<month>{MONTH}),? (?P<c>{CENTURY_WORD}) (?P<y>{NUMWORD})", priority=3)
def month_spelled_year(m):
    century, rest = parse_number(m["c"]), parse_number(m["y"])
    if century is None or rest is None or not 10 <= rest < 100:
        return None
    return DateSpec(Point(year=int(century) * 100 + int(rest), month=month(m["month"])), "absolute")


@check()
def year_check(v: View) -> bool:
    """A four-digit number is a year unless it is money, a count, a measure or a label."""
    prev, nxt = v.prev_word(), v.next_word()
    if v.prev_char() in NUMBER_SIGNS or v.next_char() == "%":
        return False
    if re.match(r"[\d,.]", v.next_char() or " ") and v.next_char() not in ".,":
        return False
    if re.match(r"\.\d", v.text[v.cand.end : v.cand.end + 2]):
        return False  # an index level: "closed at 2082.1"
    if v.next_char() == "," and re.match(r",\d{3}", v.text[v.cand.end : v.cand.end + 4]):
        return False
    if nxt.rstrip(".,;:!?").lower() in CONTEXT["measure_nouns"]:
        return False
    if prev.lower() in CONTEXT["number_labels"] or prev.lower().startswith("$"):
        return False
    year_context = prev.lower().rstrip(".") in CONTEXT["year_context"]
    if re.match(r"^\d", prev) and prev.rstrip(",").replace(",", "").replace(".", "").isdigit() and not year_context:
        return False  # a list of numbers
    value = int(v.surface[-4:]) if v.surface[-4:].isdigit() else 0
    if value < 1600 and not year_context:
        return False
    if value > 2100:
        return False
    return True


@rule(r"(?P<year>{YEAR})", check=year_check)
def year(m):
    value = int(m["year"])
    if not 1000 <= value <= 2099:
        return None
    return DateSpec(Point(year=value), "absolute")


@rule(r"(?:(?:the )?(?:calendar|fiscal|financial) (?:year )?|fy(?: )?|the year )(?P<year>{YEAR})", priority=2)
def fiscal_year(m):
    return DateSpec(Point(year=int(m["year"])), "absolute")


@check()
def spelled_year_check(v: View) -> bool:
    """ "nineteen ninety-six" is a year unless it counts something ("nineteen ninety people")."""
    nxt = v.next_word().lower()
    if nxt in CONTEXT["spelled_count_nouns"]:
        return False
    if nxt.endswith("s") and v.after() and v.after()[0].tag == "NNS":
        return False
    return True


@rule(r"(?:the year )?(?P<c>{CENTURY_WORD})[\s-]+(?P<y>(?:hundred(?:[\s-]+and)?[\s-]+)?{NUMWORD})", priority=2, check=spelled_year_check)
def spelled_year(m):
    century = parse_number(m["c"])
    rest = parse_number(m["y"].replace("hundred", "").replace(" and ", " "))
    if century is None or rest is None or rest >= 100 or rest < 10:
        return None
    return DateSpec(Point(year=int(century) * 100 + int(rest)), "absolute")


@rule(r"(?:the year )?two thousand(?:[\s-]+(?:and[\s-]+)?(?P<y>{NUMWORD}))?", priority=2, check=spelled_year_check)
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
    return DateSpec(point, "absolute").with_mod(point_mod(m["mod"]))


@rule(r"(?:the )?(?P<mod>early|mid|late|mid-)?-?'(?P<yy>\d)0s", priority=3)
def short_decade(m):
    d = int(m["yy"])
    century = 19 if d >= 3 else 20
    return DateSpec(Point(decade=century * 10 + d), "absolute").with_mod(point_mod(m["mod"]))


@rule(r"the (?P<mod>early |mid-?|late )?(?P<word>{DECADE_WORD})", priority=3)
def decade_word(m):
    spec = DateSpec(Point(decade=190 + load().decade_words[key(m["word"])]), "absolute")
    return spec.with_mod(point_mod(m["mod"]))


@rule(r"(?:the )?(?P<ord>{ORD})[\s-]+century", priority=3)
def century(m):
    n = ordinal(m["ord"])
    if not n or n < 1 or n > 30:
        return None
    return DateSpec(Point(century=n - 1), "absolute")


CORPUS = corpus(
    examples=[
        ("The accord was signed on [Sept. 15, 2022].", "2022-09-15"),
        ("The museum reopened on [Monday, March 7, 2011].", "2011-03-07"),
        ("The ship was launched on [3 June 1998].", "1998-06-03"),
        ("The fund closed on [the 4th of July, 2001].", "2001-07-04"),
        ("The filing is dated [2021-11-30].", "2021-11-30"),
        ("The log shows the alarm at [2021-11-30T14:05].", "2021-11-30T14:05"),
        ("The ticket reads [11/30/2021].", "2021-11-30"),
        ("The form is dated [2021/11/30].", "2021-11-30"),
        ("The law passed in [March 2019].", "2019-03"),
        ("The band formed in [June '98].", "1998-06"),
        ("The poem is dated [May nineteen forty-five].", "1945-05"),
        ("The bridge was finished in [1932].", "1932"),
        ("Results for [fiscal 2021] were strong.", "2021"),
        ("Results for [FY2021] beat forecasts.", "2021"),
        ("The funds ran out in [fiscal year 2020].", "2020"),
        ("The house was built in [nineteen sixty-two].", "1962"),
        ("The club was founded in [two thousand and four].", "2004"),
        ("Rents soared in [the 1990s].", "199"),
        ("Rents soared in [the late '70s].", "197", "END"),
        ("Rents soared in [the sixties].", "196"),
        ("The castle dates from [the 14th century].", "13"),
    ],
    counter=[
        "He paid [$2010] for the car.",
        "The index closed at [1998.5] points.",
        "The army has [1870] soldiers in the north.",
        "The house has [nineteen hundred] bricks.",
    ],
)
