"""Parts of a year: quarters, halves, seasons, the end or start of a period."""

from __future__ import annotations

import re

from timeline.calendar import Point
from timeline.timex.checks import CONTEXT, View, check
from timeline.timex.lexicon import load, parse_number
from timeline.timex.rules.base import corpus, key, last_or_next, ordinal, rule, season, two_digit_year, unit
from timeline.timex.specs import DateSpec


def _shift(which: str) -> int:
    """ "this" 0, "last" -1, "next" 1."""
    return load().shifts[key(which)]


@rule(r"(?:the )?(?:(?P<year1>{YEAR})(?:'s)? )?(?:{FISCAL} )?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last) (?P<fiscal>{FISCAL} )?quarter(?:,? (?:of )?(?:{FISCAL} )?(?P<year2>{YEAR})| of (?P<this>this|last|next) year)?", priority=3)
def quarter(m):
    if m["fiscal"] and ordinal(m["ord"]) == -1 and not (m["year1"] or m["year2"] or m["this"]):
        return None  # "the last fiscal quarter": the one before the DCT's (relative_unit), not the fourth
    if m["this"]:  # "the fourth quarter of last year"
        n = ordinal(m["ord"])
        shift = _shift(m["this"])
        return DateSpec(Point(quarter=4 if n == -1 else n), "deictic", unit="year", shift=shift)
    return _quarter(m["ord"], m["year1"] or m["year2"])


@rule(r"(?:(?P<year1>{YEAR}) )?(?:fiscal[\s-])?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)-(?:fiscal-)?quarter", priority=3)
def quarter_adjective(m):
    return _quarter(m["ord"], m["year1"])


def _quarter(ordinal_: str, year: str | None) -> DateSpec:
    """The n-th quarter of the year given, or of the year to find ("the final quarter" is the fourth)."""
    n = ordinal(ordinal_)
    n = 4 if n == -1 else n
    if year:
        return DateSpec(Point(year=int(year), quarter=n), "absolute")
    return DateSpec(Point(quarter=n), "latent")


@rule(r"(?-i:Q)(?P<n>[1-4])(?:,? (?:of )?(?P<year>{YEAR}|'\d\d))?", priority=3)
def q_quarter(m):
    if m["year"]:
        year = two_digit_year(m["year"]) if m["year"].startswith("'") else int(m["year"])
        return DateSpec(Point(year=year, quarter=int(m["n"])), "absolute")
    return DateSpec(Point(quarter=int(m["n"])), "latent")


@rule(r"(?P<which>this|last|next) year's (?P<ord>first|second|third|fourth) quarter", priority=4)
def relative_year_quarter(m):
    """ "last year's fourth quarter": that quarter of the year before the DCT's."""
    return DateSpec(Point(quarter=ordinal(m["ord"])), "deictic", unit="year", shift=_shift(m["which"]))


@rule(r"(?:the )?(?P<ord>first|second|1st|2nd|last|latter)[\s-]+half(?: (?:of )?(?:(?P<year>{YEAR})|(?P<this>this|last|next) year|(?P<the>the) (?:fiscal |calendar )?year\b(?!-)))?", priority=3)
def half_year(m):
    n = load().year_halves[key(m["ord"])]
    if m["year"]:
        return DateSpec(Point(year=int(m["year"]), half=n), "absolute")
    if m["the"]:
        return DateSpec(Point(half=n), "anaphoric", unit="year", shift=0)  # "the second half of the year"
    if m["this"]:
        return DateSpec(Point(half=n), "deictic", unit="year", shift=_shift(m["this"]))
    if not re.search(r"half of|half$", m.group(0), re.I):
        return None
    return DateSpec(Point(half=n), "latent")


@rule(r"(?-i:H)(?P<n>[12]) (?P<year>{YEAR})", priority=3)
def h_half(m):
    return DateSpec(Point(year=int(m["year"]), half=int(m["n"])), "absolute")


# --- seasons -------------------------------------------------------------------------------
@rule(r"(?:the )?(?P<season>{SEASON}) (?:of )?(?P<year>{YEAR})", priority=3)
def season_year(m):
    return DateSpec(Point(year=int(m["year"]), season=season(m["season"])), "absolute")


@rule(r"(?:the )?(?P<season>{SEASON}) of (?P<year>{YEAR}|{CENTURY_WORD}[\s-]+{NUMWORD})", priority=2)
def season_of_spelled_year(m):
    y = m["year"]
    if not y.isdigit():
        parts = re.split(r"[\s-]+", y, maxsplit=1)
        c, rest = parse_number(parts[0]), parse_number(parts[1]) if len(parts) > 1 else None
        if c is None or rest is None:
            return None
        y = int(c) * 100 + int(rest)
    return DateSpec(Point(year=int(y), season=season(m["season"])), "absolute")


@rule(r"(?P<which>this|last|next|this past|this coming|the coming|the past|the last) (?P<season>{SEASON})", priority=2)
def relative_season(m):
    point = Point(season=season(m["season"]))
    return last_or_next(m["which"], point, this=DateSpec(point, "latent"))


@rule(r"(?P<season>{SEASON}) (?P<which>this|last|next) year", priority=3)
def season_of_relative_year(m):
    return DateSpec(Point(season=season(m["season"])), "deictic", unit="year", shift=_shift(m["which"]))


@rule(r"{SAME} (?P<season>{SEASON})(?! of)", priority=2)
def same_season(m):
    """ "She moved to Paris in 1962. That summer she met him.": the season of the year last mentioned."""
    return DateSpec(Point(season=season(m["season"])), "anaphoric", unit="year", shift=0)


@check()
def bare_season_check(v: View) -> bool:
    """A season is a time unless it is a noun or verb ("the fall of the city"), part of a name ("the Winter
    Games") or names a thing of that season ("the summer collection")."""
    nxt = v.next_word().lower()
    surface = v.surface.lower()
    if ("fall" in surface or "spring" in surface) and nxt in CONTEXT["fall_spring_verbs"]:
        return False
    if v.surface.split()[-1][:1].isupper() and v.next_word()[:1].isupper():
        return False  # "the Winter Olympic Games", "Spring Festival": a name
    return nxt.rstrip(".,;:") not in CONTEXT["season_nouns"]


@rule(r"(?:the |(?<=\bin )|(?<=\bduring )|(?<=\bover )|(?<=\buntil )|(?<=\bthrough )|(?<=\bby )|(?<=\bsince )|(?<=\bearly )|(?<=\blate )|(?<=\bmid-)|(?<=\bthe early )|(?<=\bthe late ))(?P<season>{SEASON})(?! of)", priority=1, check=bare_season_check)
def bare_season(m):
    return DateSpec(Point(season=season(m["season"])), "latent")


# --- the end, start or middle of a period -----------------------------------------------------
@rule(r"(?:the )?year[- ]end|(?:the )?year's end|(?:the )?turn of the year", priority=2)
def year_end(m):
    return DateSpec(Point(), "deictic", unit="year", shift=0, mod="END")


@rule(r"(?:the )?(?P<part>{PERIOD_PART}) of (?:the|this) (?P<unit>{PERIOD_UNIT})", priority=3)
def part_of_this_unit(m):
    """ "the end of the year", "the start of this week": a part of the period talked about, or of the DCT's."""
    mod = load().period_parts[key(m["part"])]
    u = unit(m["unit"])
    if not u.calendar or u.code in ("WE", "D"):
        return None  # "at the end of the day" is an idiom ("in the end")
    relation = "anaphoric" if key(m.group(0)).split(" of ")[-1].startswith("the ") else "deictic"
    return DateSpec(Point(), relation, unit=u.granularity, shift=0, mod=mod)


CORPUS = corpus(
    examples=[
        ("Output rose in [the first quarter of 2020].", "2020-Q1"),
        ("Output rose in [the third quarter].", "2022-Q3"),
        ("Output rose in [third-quarter] trading.", "2022-Q3"),
        ("Sales rose in [the third financial quarter].", "2022-Q3"),
        ("Output rose in [Q3 2021].", "2021-Q3"),
        ("Output rose in [last year's fourth quarter].", "2021-Q4"),
        ("Sales rose in [the first half of 2019].", "2019-H1"),
        ("Sales rose in [H1 2019].", "2019-H1"),
        ("The dam was finished in [summer 2019].", "2019-SU"),
        ("The dam was finished in [the autumn of nineteen eighty-four].", "1984-FA"),
        ("The dam will open [next spring].", "2023-SP"),
        ("The dam will open in [spring next year].", "2023-SP"),
        ("He moved to Paris in 1962. [That summer] he met her.", "1962-SU"),
        ("The dam will open in [the spring].", "2023-SP"),
        ("Sales rose at [year-end].", "2022", "END"),
        ("Work began at [the start of the year].", "2022", "START"),
    ],
    counter=[
        "The [fall] of the city shocked them.",
        "The [Winter] Olympics open in February.",
        "At [the end of the day], the plan failed.",
        "They bought the [summer] collection.",
    ],
)
