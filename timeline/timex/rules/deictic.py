"""Dates counted from the document date or from the date last mentioned: "yesterday", "last week",
"the following year", "that month", "the day before", "the week".

Every rule here takes any unit of the lexicon that names a calendar period (``period = true`` in
lexicon.toml: year, quarter, month, week, weekend, day, decade, century). A unit that is a number of
another ("fortnight", two weeks) names no calendar period: "the past fortnight" is a stretch of two weeks.
"""

from __future__ import annotations

import re

from timeline.calendar import Point
from timeline.timex.checks import CONTEXT, View, check, title_mid_sentence
from timeline.timex.lexicon import load
from timeline.timex.rules.base import corpus, key, part_of_day, rule, unit
from timeline.timex.specs import DateSpec, DurationSpec


@check()
def today_check(v: View) -> bool:
    """ "today" and "tomorrow" as a day, not as "our times" ("today's youth") or "the future" ("the cities of
    tomorrow")."""
    surface = v.surface.lower()
    if surface in CONTEXT["generic_day_words"]:
        after = re.match(r"'s\s+([a-z]+)(?:\s+([a-z]+))?", v.text[v.cand.end : v.cand.end + 40], re.I)
        if after and {w.lower() for w in after.groups() if w} & CONTEXT["generic_nouns"]:
            return False
    if surface == "tomorrow" and v.prev_word().lower() == "of":
        return False
    return True


@rule(r"today|yesterday|tomorrow|the day before yesterday|the day after tomorrow", check=today_check)
def today(m):
    shift = load().day_shifts[key(m.group(0))]
    return DateSpec(Point(), "deictic", unit="day", shift=shift)


@rule(r"(?:this|the same) time (?:(?P<which>last|next) year|a year (?:ago|earlier))", priority=3)
def this_time_last_year(m):
    """ "up from this time last year": the same day a year back (a year ahead for "next year")."""
    shift = 1 if (m["which"] or "").lower() == "next" else -1
    return DateSpec(Point(), "deictic", unit="year", shift=shift, base="day")


@check()
def relative_unit_check(v: View) -> bool:
    """Not a title ("the show 'This Week'"), "the next day of talks", nor "the current account"."""
    surface = v.surface.lower()
    nxt = v.next_word().lower()
    if len(v.surface.split()) > 1 and title_mid_sentence(v):
        return False
    if surface.endswith("day") and nxt == "of":
        return False
    if "current" in surface and nxt in CONTEXT["current_terms"]:
        return False
    return True


@rule(r"(?P<which>{SHIFT}|{ANAPHORIC_SHIFT})(?P<fiscal> {FISCAL})? (?P<unit>{SHIFT_UNIT})", priority=2, check=relative_unit_check)
def relative_unit(m):
    """ "last week", "this year", "the coming decade" from the DCT; "the following day", "the previous
    month" from the date last mentioned; "the past fortnight": a stretch of two weeks (a fortnight is no
    calendar period)."""
    lex = load()
    which = key(m["which"])
    u = unit(m["unit"])
    anaphoric = which in lex.anaphoric_shifts
    shift = lex.anaphoric_shifts[which] if anaphoric else lex.shifts[which]
    if not u.calendar:
        return DurationSpec((u.amount(1),))
    if u.code == "WE":
        if shift > 0 and not anaphoric and which != "next":
            # "the coming weekend" said on a Thursday is two days off, in this week
            return DateSpec(Point(weekend=True), "latent", direction="future")
        return DateSpec(Point(weekend=True), "anaphoric" if anaphoric else "deictic", unit="week", shift=shift)
    if u.code == "D" and not anaphoric:
        return None  # "this day", "last day": not a calendar reference
    return DateSpec(Point(), "anaphoric" if anaphoric else "deictic", unit=u.granularity, shift=shift)


@rule(r"{SAME} (?P<unit>{PERIOD_UNIT}|{POD})", priority=2)
def same_unit(m):
    """ "that year", "the same week", "that evening": the period of the date last mentioned."""
    word = key(m["unit"])
    lex = load()
    if word in lex.parts_of_day:
        return DateSpec(Point(part_of_day=part_of_day(word)), "anaphoric", unit="day", shift=0)
    u = unit(word)
    if u.code == "WE":
        return DateSpec(Point(weekend=True), "anaphoric", unit="week", shift=0)
    return DateSpec(Point(), "anaphoric", unit=u.granularity, shift=0)


@rule(r"the (?P<unit>{PERIOD_UNIT}|night) (?P<rel>before|after)(?=\s*(?:[,.;:!?)]|$))", priority=3)
def unit_before_after(m):
    """ "The day before, protesters gathered": a unit next to the date last mentioned (not "the day before
    the vote", a duration and its signal)."""
    shift = -1 if key(m["rel"]) == "before" else 1
    word = key(m["unit"])
    if word == "night":
        return DateSpec(Point(part_of_day="NI"), "anaphoric", unit="day", shift=shift)
    u = unit(word)
    if u.code == "WE":
        return DateSpec(Point(weekend=True), "anaphoric", unit="week", shift=shift)
    return DateSpec(Point(), "anaphoric", unit=u.granularity, shift=shift)


@rule(r"the (?P<unit>{PERIOD_UNIT}) (?P<which>before last|after next)", priority=3)
def unit_before_last(m):
    """ "the week before last", "the year after next": two periods from the DCT's."""
    u = unit(m["unit"])
    if not u.calendar or u.code == "D":
        return None  # "the day before yesterday" is its own phrase
    shift = -2 if key(m["which"]).startswith("before") else 2
    if u.code == "WE":
        return DateSpec(Point(weekend=True), "deictic", unit="week", shift=shift)
    return DateSpec(Point(), "deictic", unit=u.granularity, shift=shift)


@check()
def the_unit_check(v: View) -> bool:
    """ "the week", "the year" are the period talked about after a preposition that makes them a time ("during
    the week", "for the year"), not as a noun ("a day of the week", "the year before the war")."""
    nxt = v.next_word().lower()
    prev = v.prev_word().lower()
    surface = v.surface.lower()
    if nxt == "to" and re.match(r"\s+to\s+(?:[$#€£¥]|C\$|US\$|\d)", v.text[v.cand.end : v.cand.end + 12]):
        nxt = ""  # "sales rose 4% in the quarter to $1.2 billion": "to" begins the amount
    if nxt in CONTEXT["the_unit_followers"]:
        return False
    if surface.endswith("day"):
        before = v.text[max(0, v.cand.start - 20) : v.cand.start].lower()
        return bool(re.search(r"\b(?:later|earlier|early|late)\s+in\s+$", before)) or (prev in CONTEXT["the_day_preceders"] and nxt in (",", ".", ""))
    if v.text.startswith("'s", v.cand.end):
        return True  # "the week's busiest day"
    if prev in CONTEXT["the_unit_non_preceders"] and not surface.endswith("year") and not surface.endswith("weekend"):
        return False
    if surface.endswith("weekend") and prev == "at":
        return True  # "At the weekend, crowds gathered"
    if surface.endswith("week") or surface.endswith("month") or surface.endswith("weekend"):
        return prev in CONTEXT["the_week_preceders"] or prev in CONTEXT["spending"] or nxt in (".", ",")
    if surface.endswith("year"):
        return prev in CONTEXT["the_year_preceders"] or prev in CONTEXT["spending"] or nxt in (".", ",")
    return True


@rule(r"the (?:{FISCAL} |calendar )?(?P<unit>{PERIOD_UNIT})(?! (?:before|after|earlier|later))", priority=0, check=the_unit_check)
def the_unit(m):
    """ "during the week", "for the year": the period of the date last mentioned, else the DCT's."""
    u = unit(m["unit"])
    if u.code in ("DE", "CE"):
        return None  # "of the decade", "the century": superlatives and names more than dates
    if u.code == "WE":
        return DateSpec(Point(weekend=True), "latent")
    return DateSpec(Point(), "anaphoric", unit=u.granularity, shift=0)


CORPUS = corpus(
    examples=[
        ("The summit opens [today].", "2022-09-15"),
        ("Rebels attacked the town [the day before yesterday].", "2022-09-13"),
        ("Prices are up from [this time last year].", "2021-09-15"),
        ("Prices rose [last month].", "2022-08"),
        ("He left on May 2, 2020 and returned [the following week].", "2020-W19"),
        ("He left on May 2, 2020 and wrote a letter [that week].", "2020-W18"),
        ("He left on May 2, 2020. [The day before], he had resigned.", "2020-05-01"),
        ("He left on May 2, 2020 and prices fell during [the week].", "2020-W18"),
        ("Prices peaked [the week before last].", "2022-W35"),
        ("The offer ends [a week from today].", "2022-09-22"),
        ("Sales fell in [the last financial quarter].", "2022-Q2"),
    ],
    counter=[
        "[Today]'s youth read less.",
        "It was the worst day of [the week] for them.",
        "The [current account] deficit widened.",
        "The cities of [tomorrow] will be greener.",
    ],
)
