"""Property tests (hypothesis) for the temporal tagger, its normalizer and its resolver.

For any text and any document date between 1900 and 2100:

1. extraction never raises;
2. every value is a TIMEX3 value (the grammar below, written from the TimeML 1.2.1 TIMEX3
   specification), consistent with its type, and every mod is a TIMEX3 mod;
3. every span lies inside the text and is exactly the timex's text; spans do not overlap and
   ids are unique;
4. resolution is deterministic: the same (text, DCT) gives the same output, also after other
   documents were processed in between;
5. whitespace around a text only shifts the offsets.

The public pure functions underneath (calendar points, shifts, duration values, ``resolve``) are
tested directly as well, on the kind of input the rules build.

CI runs a derandomized profile (the same examples on every run, so a build never fails on a
new random example). To hunt for bugs, run many random examples::

    HYPOTHESIS_PROFILE=explore PYTHONPATH=. python3 -m pytest tests/test_properties.py

A failure found that way is fixed at its root and its minimal input added below as an
``@example`` so that CI keeps checking it.
"""

from __future__ import annotations

import datetime as dt
import os
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from timeline.model import Timex
from timeline import calendar as cal
from timeline.calendar import Point
from timeline.timex.extractor import extract_timexes
from timeline.timex.lexicon import load, parse_number
from timeline.timex.resolve import Reference, holiday_date, resolve
from timeline.timex.rules import rules_for
from timeline.timex.specs import DateSpec, DurationSpec, RefSpec, duration_value

# --- profiles -----------------------------------------------------------------------------------
settings.register_profile(
    "ci",
    derandomize=True,  # the same examples on every run
    database=None,  # nothing written next to the code
    deadline=None,  # the first call loads spaCy; timing is not what is tested
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile(
    "explore",
    deadline=None,
    max_examples=3000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _scaled(n: int) -> settings:
    """``n`` examples under the CI profile; the loaded profile's count (times n/60) otherwise."""
    base = settings.default.max_examples
    return settings(max_examples=max(1, base * n // 60))


# --- the TIMEX3 value grammar (TimeML 1.2.1) ------------------------------------------------------
_YEAR = r"(?:\d{4}|\d{3}X|\d{2}XX|\dXXX|XXXX)"
_MONTH = r"(?:0[1-9]|1[0-2]|XX)"
_DAY = r"(?:0[1-9]|[12]\d|3[01]|XX)"
_WEEK = r"(?:0[1-9]|[1-4]\d|5[0-3]|XX)"
_TIME = (
    r"T(?:(?:[01]\d|2[0-3])(?::[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)?|24(?::00(?::00)?)?"  # THH, THH:MM(:SS)
    r"|MO|MI|AF|EV|NI|DT)"  # parts of day
)
DATE_VALUE = re.compile(
    rf"""(?x)
    (?P<century>\d{{2}}) | (?P<decade>\d{{3}}) | \d{{2}}X | \dXX       # centuries YY, decades YYY
    | (?P<year>{_YEAR})
      (?: -(?P<month>{_MONTH}) (?: -(?P<day>{_DAY}) (?P<time>{_TIME})? )?
        | -W(?P<week>{_WEEK}) (?: -(?P<weekday>[1-7]) (?P<wtime>{_TIME})? | -WE )?
        | -Q[1-4X] | -H[12X] | -(?:SP|SU|FA|WI)
      )?
    """
)
_NUM = r"(?:\d+(?:\.\d+)?|X)"
DURATION_VALUE = re.compile(
    rf"""(?x)
    P(?=[\dXT])
    (?:{_NUM}ML)? (?:{_NUM}CE)? (?:{_NUM}DE)? (?:{_NUM}Y)? (?:{_NUM}Q)? (?:{_NUM}M)? (?:{_NUM}W)?
    (?:{_NUM}D)? (?:{_NUM}WE)?
    (?:T(?=[\dX]) (?:{_NUM}H)? (?:{_NUM}M)? (?:{_NUM}S)? )?
    | PXX                                                              # a while: an unknown amount of an unknown unit
    """
)
REF_VALUE = re.compile(r"PRESENT_REF|PAST_REF|FUTURE_REF")
TYPES = {"DATE", "TIME", "DURATION", "SET"}
MODS = {"BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS",
        "EQUAL_OR_MORE", "START", "MID", "END", "APPROX"}
ANCHOR_KINDS = {"absolute", "dct", "previous", "none"}


def date_problem(value: str) -> str | None:
    """Why ``value`` is not a TIMEX3 date or time value (None when it is one)."""
    m = DATE_VALUE.fullmatch(value)
    if not m:
        return "not in the date grammar"
    year, month, day, week = m["year"], m["month"], m["day"], m["week"]
    if year and year.isdigit() and int(year) < 1:
        return "year 0000"
    if year and year.isdigit() and month and month.isdigit() and day and day.isdigit():
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            return "no such day"
    if month and month.isdigit() and day and day.isdigit() and not year.isdigit():
        try:
            dt.date(2000, int(month), int(day))  # a leap year: XXXX-02-29 is fine
        except ValueError:
            return "no such day in any year"
    if year and year.isdigit() and week and week.isdigit():
        try:
            dt.date.fromisocalendar(int(year), int(week), 1)
        except ValueError:
            return "no such ISO week"
    return None


def duration_problem(value: str) -> str | None:
    if not DURATION_VALUE.fullmatch(value):
        return "not in the duration grammar"
    if re.search(r"\.\d+[A-Z]+(?=[\dXT])", value):
        return "a decimal fraction only on the last component"
    return None


def has_time(value: str) -> bool:
    return bool(re.search(r"T(?:\d|MO|MI|AF|EV|NI|DT)", value)) and not value.startswith("P")


def value_problem(type_: str, value: str) -> str | None:
    """Why ``value`` is not a TIMEX3 value of type ``type_``."""
    if type_ == "DURATION":
        return duration_problem(value)
    if type_ == "SET":
        return duration_problem(value) if value.startswith("P") else date_problem(value)
    if REF_VALUE.fullmatch(value):
        return None if type_ == "DATE" else "a vague reference is a DATE"
    problem = date_problem(value)
    if problem:
        return problem
    if type_ == "TIME" and not has_time(value) and re.search(r"\d", value):
        return "a TIME needs a time of day (or an unknown value)"
    if type_ == "DATE" and has_time(value):
        return "a DATE with a time of day"
    return None


def check_timex_fields(t: Timex) -> None:
    """Type, value, mod, set attributes and anchor of one timex."""
    assert t.type in TYPES, t
    problem = value_problem(t.type, t.value)
    assert problem is None, f"{t.type} {t.value!r} ({t.text!r}): {problem}"
    assert t.mod is None or t.mod in MODS, t
    if t.type == "SET":
        assert t.quant in (None, "EVERY", "EACH"), t
        assert t.freq is None or re.fullmatch(r"[1-9]\d*X", t.freq), t  # a whole number of times
        if t.value.startswith("P"):  # a period that recurs: not zero
            assert re.search(r"[1-9X]", t.value), t
    else:
        assert t.quant is None and t.freq is None, t
    assert t.anchor.kind in ANCHOR_KINDS, t
    assert t.anchor.direction in (None, "past", "future", "present"), t
    if t.anchor.reference is not None:
        assert date_problem(t.anchor.reference) is None, t


def check_well_formed(text: str, timexes: list[Timex]) -> None:
    """Everything one extraction promises, whatever the text."""
    assert [t.id for t in timexes] == [f"t{i}" for i in range(1, len(timexes) + 1)]
    last_end = 0
    for t in timexes:
        assert 0 <= t.start < t.end <= len(text), t
        assert text[t.start : t.end] == t.text, t
        assert t.text == t.text.strip(), f"surrounding space in {t.text!r}"
        assert t.start >= last_end, f"{t} overlaps the timex before it"
        last_end = t.end
        check_timex_fields(t)


# --- strategies -----------------------------------------------------------------------------------
FIRST_DCT, LAST_DCT = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
EDGE_DCTS = [
    FIRST_DCT, LAST_DCT, dt.date(1900, 2, 28), dt.date(1900, 3, 1), dt.date(1904, 2, 29), dt.date(2000, 2, 29),
    dt.date(2024, 2, 29), dt.date(2100, 2, 28), dt.date(1999, 12, 31), dt.date(2000, 1, 1),
    dt.date(2020, 12, 31),  # 2020-W53-4
    dt.date(2021, 1, 3),  # 2020-W53-7: the ISO year is not the calendar year
    dt.date(2026, 12, 28),  # 2026-W53-1
    dt.date(2019, 12, 30),  # 2020-W01-1
    dt.date(2022, 9, 15), dt.date(2099, 12, 31), dt.date(2100, 12, 26),
]
dcts = st.one_of(st.sampled_from(EDGE_DCTS), st.dates(FIRST_DCT, LAST_DCT))


def _cases(words) -> list[str]:
    out = []
    for w in words:
        out += [w, w.title(), w.upper()]
        if len(w) <= 5 and w.isalpha():
            out.append(w.title() + ".")
    return out


_LEX = load()
LEXICON_WORDS = sorted(set(
    _cases(_LEX.months) + _cases(_LEX.weekdays) + _cases(_LEX.seasons) + list(_LEX.parts_of_day)
    + list(_LEX.clock_words) + list(_LEX.units) + list(_LEX.numbers) + list(_LEX.vague_numbers)
    + list(_LEX.ordinals) + list(_LEX.point_mods) + list(_LEX.approx_mods) + list(_LEX.references)
    + list(_LEX.sets) + _cases(_LEX.holidays)
    + [w + "s" for w in _LEX.weekdays if len(w) > 5] + [w.title() + "s" for w in _LEX.weekdays if len(w) > 5]
))
RULE_WORDS = [
    # relative and anaphoric words the rules and the extender look for
    "the", "this", "last", "next", "past", "coming", "that", "same", "the same", "the following", "following",
    "the previous", "previous", "prior", "the next", "current", "every", "each", "per", "a", "an", "of", "on",
    "in", "since", "until", "by", "during", "over", "through", "before", "after", "ago", "back", "from now",
    "hence", "earlier", "later", "or so", "or more", "or less", "or later", "or earlier", "and beyond",
    "early", "late", "mid", "mid-", "the end of", "the beginning of", "the middle of", "about", "more than",
    "nearly", "at least", "up to", "times", "once", "twice", "fiscal", "calendar", "FY", "year-ago",
    "year-earlier", "the year-ago quarter", "quarter", "Q1", "Q2", "Q3", "Q4", "Q5", "H1", "H2", "H3",
    "o'clock", "a.m.", "p.m.", "am", "pm", "EST", "GMT", "noon", "midnight", "tonight", "overnight", "today",
    "yesterday", "tomorrow", "the day before yesterday", "the day after tomorrow", "decade", "century",
    "millennium", "the nineties", "the twenties", "nineteen", "twenty", "ninety-six", "two thousand",
    "two thousand and five", "hundred", "'s", "year-end", "the turn of the year", "a while", "some time",
    "half a", "a half", "and a half", "the latest quarter", "the same quarter last year", "the 1988 quarter",
    "the quarter ended", "this year's", "last year's", "over the years", "years-long", "weekend", "weekends",
    # tense
    "will", "would", "said", "says", "has", "had", "have", "is", "was", "were", "be", "been", "is expected to",
    "plans to", "met", "meet", "meeting", "left", "may", "march", "can", "did", "not",
    # anaphora
    "the next day", "a week later", "that year", "the following month", "the previous year", "that day",
    "the same day", "two days earlier", "a year earlier", "the day before", "that morning", "the next morning",
    # other words
    "He", "Putin", "Xi", "company", "$", "$60", "%", "percent", "million", "people", "No.", "Flight",
]
NUMBERS = [
    "0", "00", "000", "1", "01", "1/2", "2 1/2", "3/4", "0.5", "1.5", "2.25", "0.0000001", "1,000", "100,000",
    "1,000,000", "12", "13", "24", "25", "29", "30", "31", "32", "53", "54", "59", "60", "99", "100", "999",
    "1000", "1582", "1600", "1899", "1900", "1999", "2000", "2022", "2099", "2100", "2101", "9998", "9999",
    "10000", "30000", "100000", "-1", "-5", "1/0", "0/0", "-2022", "1e5", "१९९९", "１９９９", "١٩٩٩",
]
DATE_LIKE = [
    "12/31/99", "12/31/1999", "31/12/1999", "2/29/2023", "2/29/2024", "13/13/2013", "0/0/00", "2022-13-45",
    "2022-02-30", "2022-02-29", "2024-02-29", "2022-09-15", "2022-09-15T10:30", "2022-09-15T24:00", "0000-01-01",
    "9999-12-31", "29.02.2023", "15.09.2022", "Feb. 30", "Feb. 29", "February 29, 2023", "February 29, 2024",
    "Sept. 15, 2022", "15 September 2022", "June 31", "31 June", "the 31st of April", "1999-2000", "'90s", "the '90s",
    "the 1800s", "the 1990s", "the mid-1990s", "1990's", "the 2000s", "the 1000s", "the 21st century",
    "the 30th century", "the 31st century", "2022-W37", "2022-W53", "2020-W53", "2022-Q3", "Q4 2022",
    "H2 2022", "fiscal 1999", "FY2022", "10:30", "10:30 a.m.", "0:00", "12:00", "23:59", "24:00", "25:00",
    "12:60", "3 p.m.", "13 p.m.", "0 a.m.", "noon Friday", "midnight Sunday", "Thursday, Sept. 15",
    "Saturday, April 25", "Christmas 2022", "Easter 1900", "Thanksgiving 2100", "30000 years ago",
    "9999 years later", "100000 days ago", "a million years ago", "the first half of 1999", "the spring of 1990",
    "summer of nineteen ninety-nine", "nineteen eighty-four", "the year two thousand", "March nineteen ninety",
]
SPECIAL = [
    "\u202e", "\u200f", "\u0301", "e\u0301", "שלום", "مرحبا", "😀", "👨\u200d👩\u200d👧", "\u200b", "\ufeff",
    "\x00", "\x1b", "\r\n", "\r", "\u2028", "\u00a0", "ＡＢＣ", "Ⅻ", "²", "½", "—", "–", "«", "»", "“", "”", "’",
    "\t", "ǅ", "İ", "ß", "ﬁ",
]
PUNCT = [".", ",", ";", ":", "!", "?", "(", ")", '"', "'", "-", "/", "\n", "\n\n", " . ", ". ", "...", "$"]
SEPARATORS = [" ", " ", " ", "", "\n", "\n\n", ", ", ". ", "  ", "\t", "-", "/"]

any_text = st.text(max_size=300)  # surrogates are excluded: they are not text
long_token = st.builds(lambda ch, n: ch * n, st.sampled_from(["1", "a", "9", " ", ".", "-", "X", "é"]),
                       st.integers(1000, 6000))
digits = st.integers(min_value=-10**6, max_value=10**30).map(str)
iso_like = st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 13),
                     st.integers(0, 32))
slash_like = st.builds(lambda m, d, y: f"{m}/{d}/{y}", st.integers(0, 13), st.integers(0, 32),
                       st.integers(0, 2200))
token = st.one_of(
    st.sampled_from(LEXICON_WORDS),
    st.sampled_from(RULE_WORDS),
    st.sampled_from(NUMBERS),
    st.sampled_from(DATE_LIKE),
    st.sampled_from(PUNCT),
    digits,
    iso_like,
    slash_like,
    st.sampled_from(SPECIAL),
    st.text(max_size=8),
)
# phrases shaped like the rules, with odd numbers in every slot, so that the rules fire and build
_num = st.one_of(st.sampled_from(NUMBERS + list(_LEX.numbers) + list(_LEX.vague_numbers)), digits,
                 st.integers(0, 40).map(str))
_unit = st.sampled_from(sorted(_LEX.units))
_month = st.sampled_from(_cases(_LEX.months))
_weekday = st.sampled_from(_cases(_LEX.weekdays))
_year = st.one_of(st.integers(0, 3000).map(str), st.sampled_from(["'99", "'05", "1999", "2000", "2100"]))
_small = st.integers(0, 70).map(str)
phrase = st.one_of(
    st.builds("{} {} {}".format, _num, _unit, st.sampled_from(["", "ago", "later", "earlier", "from now", "or so",
                                                                "or more", "before", "after", "back", "hence"])),
    st.builds("{} times {} {}".format, _num, st.sampled_from(["a", "per", "each", "every"]), _unit),
    st.builds("{} {} {}".format, st.sampled_from(["every", "each", "the past", "the next", "the first", "over the",
                                                  "more than", "nearly", "about"]), _num, _unit),
    st.builds("{} {}, {}".format, _month, _small, _year),
    st.builds("{} {} {}".format, _small, _month, _year),
    st.builds("{}, {} {}".format, _weekday, _month, _small),
    st.builds("{} {}".format, st.sampled_from(["early", "late", "mid-", "the end of", "last", "next", "this",
                                               "every", "that"]), st.one_of(_month, _weekday, _unit)),
    st.builds("{}:{} {}".format, _small, _small, st.sampled_from(["a.m.", "p.m.", "", "EST", "on Friday"])),
    st.builds("{}{} {}".format, st.sampled_from(["Q", "H", "the first half of ", "fiscal ", "the spring of "]),
              _small, _year),
    st.builds("the {}s".format, _year),
    st.builds("the {} century".format, st.one_of(st.sampled_from(list(_LEX.ordinals)),
                                                st.integers(0, 40).map(lambda n: f"{n}th"))),
    st.builds("{} {}".format, st.sampled_from(list(_LEX.holidays)), _year),
)
# and strings each rule's own pattern matches (hypothesis writes them from the regex: odd case, Unicode
# spaces and digits included). A pattern that only matches after a look-behind ("for a while") or before
# a look-ahead ("the quarter ended June 30") matches no string on its own; those are left out.
def _generable(pattern: re.Pattern) -> bool:
    body = pattern.pattern.split(")(?:", 1)[-1]  # after the word-boundary look-behind of compile_rule
    return "(?=" not in body and not body.startswith("(?:(?<=")


rule_match = st.one_of([st.from_regex(r.pattern, fullmatch=True) for r in rules_for() if _generable(r.pattern)])
token = st.one_of(token, phrase, phrase, rule_match, rule_match)
vocab_text = st.lists(st.tuples(token, st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda parts: "".join(word + sep for word, sep in parts)
)
texts = st.one_of(vocab_text, vocab_text, vocab_text, any_text,
                  st.builds(lambda a, b, c: a + b + c, vocab_text, long_token, vocab_text))
padding = st.text(alphabet=" \n\t", max_size=4)


def extract(text: str, dct: dt.date, nlp) -> list[Timex]:
    return extract_timexes(text, dct, nlp=nlp)


# --- extraction -----------------------------------------------------------------------------------
@given(text=any_text, dct=dcts)
@_scaled(60)
def test_any_text_gives_well_formed_timexes(nlp, text, dct):
    check_well_formed(text, extract(text, dct, nlp))


@given(text=texts, dct=dcts)
@_scaled(150)
@example(text="Feb. 29 ", dct=dt.date(1900, 1, 1))  # was 1900-02-29, a day that does not exist
@example(text="It exploded at 12:30 a.m.", dct=dt.date(2022, 9, 15))  # was TIME 2022-09-15 (hour 0 dropped)
@example(text="He went 1/2 times a week.", dct=dt.date(2022, 9, 15))  # was freq 0X
@example(text="every 0 days", dct=dt.date(2022, 9, 15))  # was a SET recurring every P0D
@example(text="It lasted 0.0000001 seconds.", dct=dt.date(2022, 9, 15))  # was PT1e-07S
@example(text="It took 1/0 days.", dct=dt.date(2022, 9, 15))  # was ZeroDivisionError
@example(text="for " + "9" * 400 + ".5 years", dct=dt.date(2022, 9, 15))  # was OverflowError (an infinite amount)
@example(text="for " + "9" * 5000 + " years", dct=dt.date(2022, 9, 15))  # was ValueError (int() digit limit)
def test_temporal_text_gives_well_formed_timexes(nlp, text, dct):
    check_well_formed(text, extract(text, dct, nlp))


@given(a=texts, b=texts, dct_a=dcts, dct_b=dcts)
@_scaled(40)
def test_extraction_is_deterministic(nlp, a, b, dct_a, dct_b):
    first = [t.to_json() for t in extract(a, dct_a, nlp)]
    assert [t.to_json() for t in extract(a, dct_a, nlp)] == first  # the same call again
    extract(b, dct_b, nlp)  # another document in between
    assert [t.to_json() for t in extract(a, dct_a, nlp)] == first


@given(text=texts, dct=dcts, before=padding, after=padding)
@_scaled(50)
@example(text="1600 ", dct=dt.date(1900, 1, 1), before=" ", after="")  # a year at the start was no year
@example(text="in 1999", dct=dt.date(1900, 1, 1), before="", after=" ")  # nor one at the end
@example(text="54:66 EST\n\nOCTOBER\u2003\u200010RdeAch\u2003\u2000WEDNESDAY APR ", dct=dt.date(1900, 1, 1),
         before="", after="\t")  # the tagger saw the tab as a token of the last sentence, and tagged it otherwise
def test_surrounding_whitespace_only_shifts_offsets(nlp, text, dct, before, after):
    plain = extract(text, dct, nlp)
    padded = extract(before + text + after, dct, nlp)
    shift = len(before)
    expected = [{**t.to_json(), "start": t.start + shift, "end": t.end + shift} for t in plain]
    assert [t.to_json() for t in padded] == expected


def test_far_past_is_an_unknown_date_not_a_five_digit_year(nlp):
    """A shift off the four-digit calendar gives the unknown date XXXX (never 10000 or -0001)."""
    for text in ("It happened 30000 years ago.", "Humans arrived 100,000 years ago.", "in 9999 years from now"):
        timexes = extract(text, dt.date(2022, 9, 15), nlp)
        assert any(t.value == "XXXX" and t.type == "DATE" for t in timexes), timexes
        check_well_formed(text, timexes)


# --- the normalizer and resolver, directly --------------------------------------------------------
def _last_year(p: Point) -> int:
    if p.year is not None:
        return p.year
    return p.decade * 10 + 9 if p.decade is not None else p.century * 100 + 99


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


days = st.dates(dt.date(1, 1, 1), dt.date(9998, 12, 31))
granularities = st.sampled_from(["millennium", "century", "decade", "year", "half", "season", "quarter", "month",
                                 "week", "day"])
shift_units = st.sampled_from(list(cal.GRANULARITIES))
amounts = st.one_of(st.integers(-20, 20), st.integers(-10**5, 10**5), st.integers(-10**30, 10**30))
parts_of_day = st.sampled_from(sorted(set(_LEX.parts_of_day.values())))


@st.composite
def points(draw, resolved: bool = True) -> Point:
    """Calendar points of the kinds the rules and the resolver make."""
    day = draw(days)
    kind = draw(st.sampled_from(["granularity", "time", "part_of_day", "weekend", "week_day"]))
    if kind == "granularity":
        return cal.at_granularity(day, draw(granularities))
    base = Point(year=day.year, month=day.month, day=day.day)
    if kind == "time":
        hour = draw(st.integers(0, 24))  # 24:00 is midnight at the end of the day
        minute = draw(st.one_of(st.none(), st.integers(0, 59) if hour < 24 else st.just(0)))
        return Point(year=day.year, month=day.month, day=day.day, hour=hour, minute=minute)
    if kind == "part_of_day":
        return Point(year=base.year, month=base.month, day=base.day, part_of_day=draw(parts_of_day))
    iso = day.isocalendar()
    if kind == "weekend":
        return Point(year=iso.year, week=iso.week, weekend=True)
    return Point(year=iso.year, week=iso.week, weekday=iso.weekday)


@st.composite
def details(draw) -> Point:
    """The year-less calendar fields a rule can give ("Friday evening", "Feb. 29", "the third quarter")."""
    kind = draw(st.sampled_from(["none", "month", "month_day", "quarter", "half", "season", "weekday", "weekend",
                                 "part_of_day", "clock", "weekday_time", "month_day_time"]))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 31).filter(lambda d: _valid_day(2000, month, d)))
    hour = draw(st.integers(0, 24))
    minute = draw(st.integers(0, 59)) if hour < 24 else 0
    weekday = draw(st.integers(1, 7))
    return {
        "none": Point(),
        "month": Point(month=month),
        "month_day": Point(month=month, day=day, weekday=draw(st.one_of(st.none(), st.just(weekday)))),
        "quarter": Point(quarter=draw(st.integers(1, 4))),
        "half": Point(half=draw(st.integers(1, 2))),
        "season": Point(season=draw(st.sampled_from(list(cal.SEASON_MONTHS)))),
        "weekday": Point(weekday=weekday, part_of_day=draw(st.one_of(st.none(), parts_of_day))),
        "weekend": Point(weekend=True),
        "part_of_day": Point(part_of_day=draw(parts_of_day)),
        "clock": Point(hour=hour, minute=minute),
        "weekday_time": Point(weekday=weekday, hour=hour, minute=minute),
        "month_day_time": Point(month=month, day=day, hour=hour, minute=minute),
    }[kind]


@st.composite
def absolute_points(draw) -> Point:
    """What the text gives with its year: 1000-2099 (the rules' range), decades and centuries."""
    kind = draw(st.sampled_from(["year", "detail", "decade", "century", "week"]))
    year = draw(st.integers(1000, 2099))
    if kind == "decade":
        return Point(decade=draw(st.integers(100, 209)))
    if kind == "century":
        return Point(century=draw(st.integers(0, 29)))
    if kind == "week":
        week = draw(st.integers(1, 52))
        return Point(year=year, week=week, weekend=draw(st.booleans()))
    if kind == "year":
        return Point(year=year)
    detail = draw(details())
    if detail.day is not None and not _valid_day(year, detail.month, detail.day):
        detail = Point(month=detail.month, day=28)
    if detail.month is None and (detail.weekday is not None or detail.hour is not None or detail.part_of_day):
        detail = Point()
    return cal.overlay(Point(year=year), detail) if detail != Point() else Point(year=year)


HOLIDAY_CODES = sorted(set(_LEX.holidays.values()) - {c for c in _LEX.holidays.values() if re.fullmatch(r"\d\d-\d\d", c)})


@st.composite
def date_specs(draw) -> DateSpec:
    relation = draw(st.sampled_from(["absolute", "latent", "deictic", "anaphoric", "holiday"]))
    mod = draw(st.one_of(st.none(), st.sampled_from(sorted(MODS))))
    granularity = draw(st.one_of(st.none(), st.sampled_from(["quarter", "half", "month", "week", "year"])))
    type_ = draw(st.sampled_from([None, None, None, "TIME"]))  # clock times force TIME; they are never coarsened
    if type_:
        granularity = None
    if relation == "absolute":
        return DateSpec(draw(absolute_points()), "absolute", mod=mod, granularity=granularity)
    if relation == "holiday":
        year = draw(st.one_of(st.none(), st.integers(1000, 2099)))
        return DateSpec(Point(year=year), "absolute" if year else "latent",
                        unit=f"holiday:{draw(st.sampled_from(HOLIDAY_CODES))}",
                        direction=draw(st.sampled_from([None, "past", "future"])), mod=mod)
    detail = draw(details())
    if relation == "latent":
        return DateSpec(detail, "latent", direction=draw(st.sampled_from([None, "past", "future"])),
                        strict=draw(st.booleans()), mod=mod, granularity=granularity,
                        type="TIME" if detail.is_time and type_ else None)
    # a shift: the detail the rules combine with each unit ("June last year", "Friday next week",
    # "tomorrow evening", "at 10 p.m.", "the same quarter in 1988")
    unit = draw(st.sampled_from(["year", "quarter", "month", "week", "day", "hour", "minute", "second", "decade",
                                 "century", "millennium", "half", "season", "weekend"]))
    month = draw(st.integers(1, 12))
    options = {
        "year": [Point(month=month), Point(season=draw(st.sampled_from(list(cal.SEASON_MONTHS)))),
                 Point(half=draw(st.integers(1, 2))), Point(quarter=draw(st.integers(1, 4)))],
        "week": [Point(weekday=draw(st.integers(1, 7))), Point(weekend=True)],
        "day": [Point(part_of_day=draw(parts_of_day)), Point(hour=draw(st.integers(0, 23)), minute=draw(st.integers(0, 59)))],
        "quarter": [Point(year=draw(st.integers(1000, 2099)))],
    }.get(unit, [])
    detail = draw(st.sampled_from([Point()] + options))
    return DateSpec(detail, relation, unit=unit, shift=draw(amounts), default_shift=draw(st.sampled_from([0, -1])),
                    comparison=draw(st.booleans()), completed=draw(st.booleans()), granularity=granularity,
                    mod=mod, type="TIME" if type_ and detail.is_time else None)


duration_codes = st.sampled_from(["Y", "M", "W", "D", "H", "MIN", "S", "DE", "CE", "ML", "Q", "WE"])
duration_amount = st.one_of(
    st.none(), st.integers(0, 10**30),
    st.floats(min_value=0, max_value=1e300, allow_nan=False, allow_infinity=False),
    st.sampled_from([0.5, 1.5, 2.25, 1e-07, 1.0000001, 0.1, 1 / 3]),
)
# weekends are counted whole (no rule makes "1.5 weekends")
duration_part = st.tuples(duration_amount, duration_codes).map(
    lambda a: (int(a[0]), a[1]) if a[1] == "WE" and a[0] is not None else a)
duration_amounts = st.lists(duration_part, min_size=1, max_size=3, unique_by=lambda a: a[1]).map(tuple)
specs = st.one_of(
    date_specs(), date_specs(), date_specs(),
    st.builds(DurationSpec, duration_amounts, st.one_of(st.none(), st.sampled_from(sorted(MODS)))),
    st.builds(RefSpec, st.sampled_from(["PRESENT_REF", "PAST_REF", "FUTURE_REF"])),
)
histories = st.lists(st.one_of(points(), absolute_points()), max_size=4)
tenses = st.sampled_from([None, "past", "future", "present"])


@given(p=st.one_of(points(), absolute_points()))
@_scaled(300)
@example(p=Point(decade=0))  # years 1-9: was no interval (a datetime in year 0)
def test_point_values_are_timex3_and_parse_back(p):
    value = p.value()
    assert date_problem(value) is None, (p, value)
    assert has_time(value) == p.is_time, (p, value)
    parsed = cal.parse_value(value)
    assert parsed is not None and parsed.value() == value, (p, value, parsed)
    span = cal.interval_of(p)
    if span is None:  # only a period that ends after 9999-12-31, which datetime cannot represent
        assert _last_year(p) >= 9999, (p, span)
    else:
        assert span[0] < span[1], (p, span)


@given(p=st.one_of(points(), absolute_points()), unit=shift_units, n=amounts)
@_scaled(400)
def test_shifts_stay_on_the_calendar(p, unit, n):
    moved = cal.shift(p, unit, n)
    if moved is None:
        return
    assert date_problem(moved.value()) is None, (p, unit, n, moved)
    assert moved.year is None or cal.MIN_YEAR <= moved.year <= cal.MAX_YEAR, moved
    assert cal.interval_of(moved) is not None, moved


@given(day=days, n=st.integers(-10**4, 10**4), unit=st.sampled_from(["day", "week", "month"]))
@_scaled(200)
def test_shifts_of_their_own_unit_go_back_and_forth(day, n, unit):
    p = cal.at_granularity(day, unit)
    moved = cal.shift(p, unit, n)
    if moved is not None:
        assert cal.shift(moved, unit, -n) == p


@given(p=st.one_of(points(), absolute_points()), granularity=granularities)
@_scaled(200)
@example(p=Point(year=2020, week=1), granularity="year")  # was 2019: the week begins on 2019-12-30
@example(p=Point(year=1999, week=52, weekend=True), granularity="year")  # Jan. 1-2, 2000: in 2000
def test_coarsening_keeps_the_point(p, granularity):
    coarse = cal.coarsen(p, granularity)
    inner, outer = cal.interval_of(p), cal.interval_of(coarse)
    assert date_problem(coarse.value()) is None, (p, coarse)
    if inner is None or outer is None:  # a period that ends after 9999-12-31
        assert _last_year(coarse) >= 9999, (p, coarse)
        return
    assert outer is not None and outer[0] < inner[1] and inner[0] < outer[1], (p, coarse)  # they overlap
    if p.date() is not None:  # a day lies in one period of each kind (a night runs into the next day)
        assert outer[0] <= inner[0] < outer[1], (p, coarse)
        if p.granularity == "day":
            assert inner[1] <= outer[1], (p, coarse)
    if granularity == "year" and p.year is not None and not p.weekend:
        assert coarse.year == p.year, (p, coarse)  # 2020-W01 and 2022-WI are in 2020 and 2022
    if p.weekend and granularity == "week":  # a weekend lies in its week (it may straddle a month or a year:
        assert outer[0] <= inner[0] and inner[1] <= outer[1], (p, coarse)  # then its Saturday decides)


@given(amounts=duration_amounts)
@_scaled(300)
@example(amounts=((None, "X"),))
@example(amounts=((1e-07, "S"),))  # was PT1e-07S: an exponent
@example(amounts=((1e-07, "Y"),))  # was P1e-06M
@example(amounts=((0.333, "H"), (1, "S")))  # was PT19.98M1S: a fraction before the last component
@example(amounts=((None, "DE"), (1.5, "Y")))  # decades are years: an unknown number of them and 1.5 years is PXY
def test_duration_values_are_timex3(amounts):
    value = duration_value(amounts)
    assert duration_problem(value) is None, (amounts, value)


@given(text=st.one_of(st.sampled_from(NUMBERS + list(_LEX.numbers) + list(_LEX.vague_numbers)), digits,
                      st.text(alphabet="0123456789 ,./-", max_size=12),
                      st.builds(lambda n: "9" * n + ".5", st.integers(1, 5000))))
@_scaled(200)
@example(text="9" * 400 + ".5")  # was inf (then OverflowError in the duration arithmetic)
@example(text="9" * 5000)  # was ValueError: more digits than int() converts
@example(text="1/0")  # was ZeroDivisionError
def test_numbers_parse_to_finite_amounts_or_none(text):
    value = parse_number(text)
    if value is not None:
        assert isinstance(value, (int, float)) and value == value and abs(value) != float("inf"), (text, value)
        float(value)  # an amount the duration and shift arithmetic can use


@given(spec=specs, dct=dcts, history=histories, tense=tenses, local=st.one_of(st.none(), points()))
@_scaled(400)
@example(spec=DateSpec(Point(month=2, day=29), "latent"), dct=dt.date(2022, 9, 15), history=[], tense="past",
         local=None)  # was 2022-02-29
@example(spec=DateSpec(Point(hour=0, minute=30), "anaphoric", unit="day", type="TIME"), dct=dt.date(2022, 9, 15),
         history=[], tense=None, local=None)  # 12:30 a.m.: was TIME 2022-09-15, the hour 0 lost
def test_resolve_gives_timex3_values(spec, dct, history, tense, local):
    res = resolve(spec, dct, Reference(tuple(history), local), tense, "r")
    assert res.type in TYPES
    problem = value_problem(res.type, res.value)
    assert problem is None, f"{spec} at {dct}: {res.type} {res.value!r}: {problem}"
    assert res.mod == spec.mod
    assert res.anchor.kind in ANCHOR_KINDS
    if res.point is not None:
        assert res.point.value() == res.value, (spec, res)
    again = resolve(spec, dct, Reference(tuple(history), local), tense, "r")
    assert again == res  # deterministic


@given(code=st.sampled_from(HOLIDAY_CODES), year=st.integers(cal.MIN_YEAR, cal.MAX_YEAR))
@_scaled(100)
def test_movable_holidays_fall_in_their_year(code, year):
    day = holiday_date(code, year)
    assert day is None or day.year == year
