"""Calendar names without a year: month and day, months, weekdays, holidays; placed by the resolver."""

from __future__ import annotations

import re

from timeline.calendar import Point
from timeline.timex.checks import CONTEXT, CURRENCY, View, check
from timeline.timex.lexicon import load
from timeline.timex.rules.base import (
    corpus, day, day_word, holiday_code, key, last_or_next, month, rule, season, valid, weekday,
)
from timeline.timex.specs import DateSpec


@rule(r"(?:(?P<wd>{WEEKDAY_ANY}),? )?(?P<month>{MONTH}) (?P<day>{DAY})(?! ?[-/:]\d)(?!,? {YEAR})", priority=2)
def month_day(m):
    month_, day_ = month(m["month"]), day(m["day"])
    if not valid(None, month_, day_):
        return None
    # "Monday, March 1": the weekday picks the year (the one in which March 1 is a Monday)
    return DateSpec(Point(month=month_, day=day_, weekday=weekday(m["wd"]) if m["wd"] else None), "latent")


@check()
def day_month_check(v: View) -> bool:
    """ "3 May" is a date, "$3 May" or "3 May percent" no."""
    return v.prev_char() not in CURRENCY and not re.match(r"\s*(?:%|percent)", v.text[v.cand.end : v.cand.end + 9])


@rule(r"(?:(?P<wd>{WEEKDAY_ANY}),? )?(?:the )?(?P<day>{DAY}) (?:of )?(?P<month>{MONTH})(?!,? {YEAR})", priority=2, check=day_month_check)
def day_month(m):
    month_, day_ = month(m["month"]), day(m["day"])
    if not valid(None, month_, day_):
        return None
    return DateSpec(Point(month=month_, day=day_, weekday=weekday(m["wd"]) if m["wd"] else None), "latent")


@rule(r"(?:(?P<wd>{WEEKDAY_ANY}),? )?(?:(?P<month>{MONTH}) (?:the )?(?P<dw>{DAYWORD})|the (?P<dw2>{DAYWORD}) of (?P<month2>{MONTH}))(?:,? (?P<year>{YEAR}))?", priority=3)
def spelled_day(m):
    """ "this coming Tuesday, June ninth", "the twenty-first of May, 2009": days said in words (broadcast
    transcripts). The month is a capitalized name ("they may second the motion" is no date)."""
    month_word = m["month"] or m["month2"]
    if not month_word[0].isupper():
        return None
    month_, day_ = month(month_word), day_word(m["dw"] or m["dw2"])
    year = int(m["year"]) if m["year"] else None
    if not day_ or not valid(year, month_, day_):
        return None
    wd = weekday(m["wd"]) if m["wd"] and year is None else None
    return DateSpec(Point(year=year, month=month_, day=day_, weekday=wd), "absolute" if year else "latent")


@rule(r"(?P<month>{MONTH}) (?P<day>{DAY}) (?:and|or|&) (?P<second>(?P<day2>{DAY})(?:,? (?P<year>{YEAR}))?)(?! ?(?:%|percent|cents|[-/:.]\d))", span="second")
def second_day(m):
    """ "the talks on June 8 and 9": the 9th is a date of its own, in June."""
    month_, day_ = month(m["month"]), day(m["day2"])
    year = int(m["year"]) if m["year"] else None
    if not valid(year, month_, day_) or day_ <= day(m["day"]):
        return None
    return DateSpec(Point(year=year, month=month_, day=day_), "absolute" if year else "latent")


@rule(r"(?P<first>(?P<month>{MONTH}) (?P<day>{DAY})) (?:and|or|&) {DAY},? (?P<year>{YEAR})", priority=3, span="first")
def first_day_of_two(m):
    """ "on May 3 and 4, 2021": the year written once is May 3's too."""
    month_, day_, year = month(m["month"]), day(m["day"]), int(m["year"])
    if not valid(year, month_, day_):
        return None
    return DateSpec(Point(year=year, month=month_, day=day_), "absolute")


def _ambiguous_month(surface: str) -> bool:
    return surface.lower().rstrip(".") in load().common_word_months


@check(tagged=_ambiguous_month)
def month_check(v: View) -> bool:
    """A month name standing alone: "May" the modal and "march" the verb are not months, nor is a name
    ("the March for Jobs", "April Jones")."""
    word = v.surface.rstrip(".")
    lower = word.lower()
    nxt = v.next_word()
    prev = v.prev_word()
    if _ambiguous_month(lower):
        if v.tokens is None:
            return False
        inner = v.inner()
        if not inner or inner[0].tag not in ("NNP", "NN"):
            return False
        if lower == "may" and (not prev or prev[0] in "\"'“" or nxt.lower() in CONTEXT["modal_may_after"]):
            return False
        after = v.after()
        if after and after[0].tag in ("VB", "VBN") or (after and after[0].lower in CONTEXT["verbs_after_modal"]):
            return False
    if prev.lower() in CONTEXT["month_determiners"] and not re.match(r"\s*\d", v.text[v.cand.end : v.cand.end + 3]):
        # "the June agreement", "the October raid" are dates; "the March for Jobs", "the March of the
        # Mothers" are names; "the May government" is a prime minister's
        if nxt.lower() in CONTEXT["month_name_followers"] or nxt[:1].isupper() or lower == "may":
            return False
        if lower == "march":  # before a common noun only: "the March accession", not "join the March today"
            after = v.after()
            return bool(after) and after[0].tag in ("NN", "NNS") and bool(re.match(r"[a-z]", nxt)) and \
                nxt.lower().rstrip(".,;:!?") not in CONTEXT["deictic_days"]
        return bool(re.match(r"[a-z]", nxt)) or prev.lower() == "this"
    names = CONTEXT["name_months"]
    if nxt[:1].isupper() and nxt.lower() not in CONTEXT["month_joiners"] and lower in names and not re.match(r"\d", nxt):
        return False  # a name: "April Jones", "June Lee"; "Prime Minister May" is caught by the previous word
    if prev[:1].isupper() and prev.lower() not in CONTEXT["month_preceders"] and lower in names:
        return False
    return True


@rule(r"(?P<month>{MONTH_FULL}|(?-i:Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec)\.)", check=month_check)
def bare_month(m):
    return DateSpec(Point(month=month(m["month"])), "latent")


@rule(r"(?P<which>last|next|this|this past|this coming|past|coming) (?P<month>{MONTH_FULL})", priority=2)
def relative_month(m):
    point = Point(month=month(m["month"]))
    return last_or_next(m["which"], point, this=DateSpec(point, "deictic", unit="year", shift=0))


@rule(r"(?P<month>{MONTH_FULL}) (?P<which>this|last|next) year", priority=3)
def month_of_relative_year(m):
    shift = load().shifts[key(m["which"])]
    return DateSpec(Point(month=month(m["month"])), "deictic", unit="year", shift=shift)


@rule(r"(?:(?P<month>{MONTH})(?: (?P<day>{DAY}))?|(?:the )?(?P<day2>{DAY}) (?:of )?(?P<month2>{MONTH})|(?:the )?(?P<season>{SEASON})),? (?:of )?(?P<which>{OF_THAT_YEAR}) year", priority=3)
def date_of_that_year(m):
    """ "July 9 of that year", "in March of the following year", "the autumn of the same year": the
    calendar fields in the year last mentioned, or one either side of it."""
    shift = load().of_that_year[key(m["which"])]
    if m["season"]:
        return DateSpec(Point(season=season(m["season"])), "anaphoric", unit="year", shift=shift)
    month_ = month(m["month"] or m["month2"])
    day_ = m["day"] or m["day2"]
    if day_ and not valid(None, month_, day(day_)):
        return None
    return DateSpec(Point(month=month_, day=day(day_) if day_ else None), "anaphoric", unit="year", shift=shift)


# --- weekdays -------------------------------------------------------------------------------
@check()
def weekday_check(v: View) -> bool:
    """A weekday, unless it names a newspaper ("the Sunday Times")."""
    return v.next_word().lower() not in CONTEXT["newspaper_words"]


@rule(r"(?P<wd>{WEEKDAY})", check=weekday_check, name="weekday")
def weekday_name(m):
    return DateSpec(Point(weekday=weekday(m["wd"])), "latent")


@rule(r"(?P<which>last|next|this|this past|this coming|coming|past) (?P<wd>{WEEKDAY})(?:,? (?P<month>{MONTH}) (?:the )?(?:(?P<day>{DAY})|(?P<dw>{DAYWORD}))(?!\d)(?!,? {YEAR}))?", priority=2)
def relative_weekday(m):
    point = Point(weekday=weekday(m["wd"]))
    if m["month"]:
        # "this coming Tuesday, June ninth": the date says which Tuesday
        day_ = day(m["day"]) if m["day"] else day_word(m["dw"])
        month_ = month(m["month"])
        if not day_ or not valid(None, month_, day_):
            return None
        shift = load().shifts[key(m["which"])]
        direction = "past" if shift < 0 else "future" if key(m["which"]) != "this" else None
        return DateSpec(Point(month=month_, day=day_, weekday=point.weekday), "latent", direction=direction)
    return last_or_next(m["which"], point, this=DateSpec(point, "latent"))


@rule(r"the (?P<which>following|next|previous|preceding) (?P<wd>{WEEKDAY})", priority=3)
def weekday_after_focus(m):
    """ "left the following Monday", "down from the previous Friday": counted from the date last mentioned."""
    direction = "future" if load().anaphoric_shifts["the " + key(m["which"])] > 0 else "past"
    return DateSpec(Point(weekday=weekday(m["wd"])), "anaphoric", direction=direction, strict=True)


@rule(r"(?P<wd>{WEEKDAY}) (?P<which>this|last|next) week", priority=3)
def weekday_of_relative_week(m):
    shift = load().shifts[key(m["which"])]
    return DateSpec(Point(weekday=weekday(m["wd"])), "deictic", unit="week", shift=shift)


# --- holidays -------------------------------------------------------------------------------
@check()
def holiday_check(v: View) -> bool:
    """A feast, unless it names a thing ("Easter Island", "a Christmas tree")."""
    surface = v.surface.lower()
    if surface.endswith("easter") or surface == "christmas":
        return v.next_word().lower() not in CONTEXT["holiday_things"]
    return True


@rule(r"(?:the )?(?P<name>{HOLIDAY})(?:,? (?P<year>{YEAR}))?", priority=2, check=holiday_check)
def holiday(m):
    code = holiday_code(m["name"])
    year = int(m["year"]) if m["year"] else None
    if re.fullmatch(r"\d\d-\d\d", code):
        month_, day_ = (int(x) for x in code.split("-"))
        return DateSpec(Point(year=year, month=month_, day=day_), "absolute" if year else "latent")
    return DateSpec(Point(year=year), "absolute" if year else "latent", unit=f"holiday:{code}")


@rule(r"(?:the )?(?P<name>{HOLIDAY}) week(?:,? (?P<year>{YEAR}))?", priority=3)
def holiday_week(m):
    """ "Easter week", "Christmas week": the (ISO) week of the holiday."""
    code = holiday_code(m["name"])
    year = int(m["year"]) if m["year"] else None
    return DateSpec(Point(year=year), "absolute" if year else "latent", unit=f"holiday:{code}", granularity="week")


@rule(r"the week of (?P<month>{MONTH}) (?P<day>{DAY})(?:,? (?P<year>{YEAR}))?", priority=3)
def week_of_date(m):
    """ "a court date the week of June 12": the week that holds the date."""
    month_, day_ = month(m["month"]), day(m["day"])
    year = int(m["year"]) if m["year"] else None
    if not valid(year, month_, day_):
        return None
    return DateSpec(Point(year=year, month=month_, day=day_), "absolute" if year else "latent", granularity="week")


CORPUS = corpus(
    examples=[
        ("The fire broke out on [Sept. 3].", "2022-09-03"),
        ("The court will rule on [Oct. 4].", "2022-10-04"),
        ("The parade is held on [4 July].", "2022-07-04"),
        ("He was born on [the 9th of May].", "2022-05-09"),
        ("The vote was on [Tuesday, June ninth].", "2022-06-09"),
        ("The treaty is dated [the twenty-first of May, 2009].", "2009-05-21"),
        ("The talks on June 8 and [9] ended without a deal.", "2022-06-09"),
        ("Voting on [May 3] and 4, 2021 was calm.", "2021-05-03"),
        ("Snow fell in [February].", "2022-02"),
        ("The factory will reopen in [March].", "2023-03"),
        ("Elections were held [last April].", "2022-04"),
        ("The new terminal opens [next January].", "2023-01"),
        ("Exports rose in [June last year].", "2021-06"),
        ("He moved to Rome in 1962 and married on [July 9 of that year].", "1962-07-09"),
        ("They met on [Monday].", "2022-09-12"),
        ("They met [last Friday].", "2022-09-09"),
        ("He left on March 3, 2021 and returned [the following Monday].", "2021-03-08"),
        ("They will meet [Tuesday next week].", "2022-09-20"),
        ("Shops will close on [Christmas Day].", "2022-12-25"),
        ("Prices rose in [Easter week].", "2022-W15"),
        ("The court set a hearing for [the week of June 12].", "2023-W24"),
    ],
    counter=[
        "[May] I come in?",
        "They will [march] in the parade.",
        "[The March] for Jobs drew crowds.",
        "He reads the [Sunday] Times each week.",
        "They sailed to [Easter] Island last year.",
        "They sailed to [Easter] Island.",
        "He reads the [Sunday] Times.",
        "She met [April] Jones at the station.",
    ],
)
