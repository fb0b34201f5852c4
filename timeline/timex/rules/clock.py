"""Parts of the day and clock times: "Friday evening", "this morning", "tonight", "3:30 p.m. EDT"."""

from __future__ import annotations

import re

from timeline.calendar import Point
from timeline.timex.checks import CONTEXT, View, check, title_mid_sentence
from timeline.timex.lexicon import load
from timeline.timex.rules.base import corpus, day, key, month, part_of_day, rule, valid, weekday
from timeline.timex.specs import DateSpec


def _day_shift(word: str) -> int:
    """ "yesterday" -1, "tonight" 0; "last" (night) -1, "this" (morning) 0."""
    lex = load()
    return lex.day_shifts[word] if word in lex.day_shifts else lex.shifts[word]


@rule(r"(?P<wd>{WEEKDAY})(?:'s)? (?P<pod>{POD})", priority=3)
def weekday_part_of_day(m):
    return DateSpec(Point(weekday=weekday(m["wd"]), part_of_day=part_of_day(m["pod"])), "latent")


@rule(r"(?P<pod>{POD}) (?:of |on )?(?P<wd>{WEEKDAY})", priority=1)
def part_of_day_weekday(m):
    return DateSpec(Point(weekday=weekday(m["wd"]), part_of_day=part_of_day(m["pod"])), "latent")


@rule(r"(?P<rel>yesterday|today|tomorrow)(?:'s)? (?P<pod>{POD})", priority=3)
def relative_day_part(m):
    return DateSpec(Point(part_of_day=part_of_day(m["pod"])), "deictic", unit="day", shift=_day_shift(key(m["rel"])))


@rule(r"(?P<which>this|last|tomorrow|yesterday) (?P<pod>{POD})", priority=2)
def this_part_of_day(m):
    which = key(m["which"])
    pod = part_of_day(m["pod"])
    if which == "last" and pod not in ("NI", "EV"):
        return None  # "last morning" is not idiomatic
    return DateSpec(Point(part_of_day=pod), "deictic", unit="day", shift=_day_shift(which))


@rule(r"the (?P<which>next|following|previous|same) (?P<pod>morning|afternoon|evening|night)", priority=3)
def next_part_of_day(m):
    which = "the " + key(m["which"])
    lex = load()
    shift = 0 if which in lex.same else lex.anaphoric_shifts[which]
    return DateSpec(Point(part_of_day=part_of_day(m["pod"])), "anaphoric", unit="day", shift=shift)


@rule(r"(?P<pod>{POD}) (?P<rel>yesterday|today|tomorrow)", priority=3)
def part_of_day_relative_day(m):
    return DateSpec(Point(part_of_day=part_of_day(m["pod"])), "deictic", unit="day", shift=_day_shift(key(m["rel"])))


@rule(r"tonight|overnight", priority=1)
def tonight(m):
    if key(m.group(0)) == "overnight":
        # the night before the day the text is on ("shares closed lower on Friday after overnight losses
        # abroad"), the night before the DCT when it named none that week
        return DateSpec(Point(part_of_day="NI"), "anaphoric", unit="day", shift=-1, type="TIME", recent=True)
    return DateSpec(Point(part_of_day="NI"), "deictic", unit="day", shift=0)


@check()
def bare_part_of_day_check(v: View) -> bool:
    """ "the morning" is a time, "the morning news" and "evening prayers" are things."""
    return v.next_word().lower() not in CONTEXT["part_of_day_things"]


@rule(r"(?:the |that |(?<=\bmid-)|(?<=\bmid )|(?<=\bearly )|(?<=\blate ))(?P<pod>morning|afternoon|evening|night)", priority=0, check=bare_part_of_day_check)
def the_part_of_day(m):
    return DateSpec(Point(part_of_day=part_of_day(m["pod"])), "anaphoric", unit="day", shift=0)


# --- clock times -------------------------------------------------------------------------------
_CLOCK = r"(?P<h>[01]?\d|2[0-3])(?:[:.](?P<min>[0-5]\d))? ?(?P<ampm>{AMPM})|(?P<h24>[01]?\d|2[0-3]):(?P<min24>[0-5]\d)(?! ?[ap]\.?m)|(?P<word>{CLOCKWORD})"


def _clock(m) -> tuple[int, int | None] | None:
    if m["word"]:
        hh, mm = load().clock_words[key(m["word"])].split(":")
        return int(hh), int(mm)
    if m["h24"]:
        return int(m["h24"]), int(m["min24"])
    hour = int(m["h"])
    if hour > 12 or hour == 0:
        return None
    pm = key(m["ampm"]).startswith("p")
    hour = hour % 12 + (12 if pm else 0)
    return hour, int(m["min"]) if m["min"] else 0


@check()
def clock_check(v: View) -> bool:
    """A bare 24-hour time needs a preposition that makes it a time ("at 14:30"): "2:1" is a score. A clock
    word capitalized in mid-sentence is a name ("the film Midnight Express")."""
    if v.surface[:1].isupper() and v.surface.lower() in load().clock_words and title_mid_sentence(v):
        return False
    if re.fullmatch(r"\d{1,2}:\d\d", v.surface):
        return v.prev_word().lower() in CONTEXT["clock_prepositions"]
    return True


def _zone(m) -> str | None:
    """ "Z" for a time said in Coordinated Universal Time ("16:08 UTC", "8 p.m. GMT"); other zones are left
    out of the value (their offset changes with daylight saving time)."""
    utc = {key(z) for z in load().time_zones["utc"]}
    return "Z" if m["tz"] and key(m["tz"]) in utc else None


@rule(rf"(?:{_CLOCK})(?: (?P<tz>{{TZ}}))?(?: o'clock)?(?:,? (?:on )?(?P<wd>{{WEEKDAY}}))?(?:,? (?:on )?(?P<month>{{MONTH}}) (?P<day>{{DAY}})(?:,? (?P<year>{{YEAR}}))?)?(?:,? (?P<rel>today|yesterday|tomorrow|tonight|this (?:morning|afternoon|evening)|last night))?", priority=2, check=clock_check)
def clock_time(m):
    hm = _clock(m)
    if hm is None:
        return None
    hour, minute = hm
    if m["rel"]:  # "10 a.m. yesterday", "midnight tonight"
        if m["wd"] or m["month"]:
            return None
        shift = _day_shift(key(m["rel"]).split()[0])
        return DateSpec(Point(hour=hour, minute=minute), "deictic", unit="day", shift=shift, type="TIME", zone=_zone(m))
    if m["month"]:
        month_, day_ = month(m["month"]), day(m["day"])
        if not valid(int(m["year"]) if m["year"] else None, month_, day_):
            return None
        point = Point(year=int(m["year"]) if m["year"] else None, month=month_, day=day_, hour=hour, minute=minute)
        return DateSpec(point, "absolute" if m["year"] else "latent", type="TIME", zone=_zone(m))
    if m["wd"]:
        return DateSpec(Point(weekday=weekday(m["wd"]), hour=hour, minute=minute), "latent", type="TIME", zone=_zone(m))
    return DateSpec(Point(hour=hour, minute=minute), "anaphoric", unit="day", shift=0, type="TIME", zone=_zone(m))


# "0900 GMT", "at 1430 UTC", "at 1500 hours": the 24-hour clock of wire copy, four digits with a zone (or "hours"
# after a preposition of time: "2000 hours" alone is as often a count of hours)
@check()
def military_time_check(v: View) -> bool:
    if re.search(r"(?:hours|hrs)$", v.surface, re.I):
        return v.prev_word().lower() in CONTEXT["clock_prepositions"]
    return True


@rule(r"(?P<hh>[01]\d|2[0-3])(?P<mm>[0-5]\d) (?:(?P<tz>{TZ})|hours|hrs)", priority=3, check=military_time_check)
def military_time(m):
    return DateSpec(Point(hour=int(m["hh"]), minute=int(m["mm"])), "anaphoric", unit="day", shift=0, type="TIME",
                    zone=_zone(m))


@rule(r"(?P<h>[1-9]|1[0-2])(?::(?P<min>[0-5]\d))? (?:o'clock )?in the (?P<pod>morning|afternoon|evening)", priority=3)
def hour_in_the_morning(m):
    hour = int(m["h"]) % 12 + (0 if key(m["pod"]) == "morning" else 12)
    return DateSpec(Point(hour=hour, minute=int(m["min"]) if m["min"] else 0), "anaphoric", unit="day", shift=0, type="TIME")


@rule(rf"(?P<wd>{{WEEKDAY}}),? (?:at )?(?:{_CLOCK})(?: (?P<tz>{{TZ}}))?", priority=2)
def weekday_clock(m):
    hm = _clock(m)
    if hm is None:
        return None
    return DateSpec(Point(weekday=weekday(m["wd"]), hour=hm[0], minute=hm[1]), "latent", type="TIME", zone=_zone(m))


CORPUS = corpus(
    examples=[
        ("The storm hit on [Wednesday evening].", "2022-09-14TEV"),
        ("The storm hit during the [night of Tuesday].", "2022-09-13TNI"),
        ("The rally ends [tomorrow morning].", "2022-09-16TMO"),
        ("Markets fell [this morning].", "2022-09-15TMO"),
        ("He left Paris on May 2, 2020 and flew home [the next morning].", "2020-05-03TMO"),
        ("Troops arrived [evening yesterday].", "2022-09-14TEV"),
        ("He will speak [tonight].", "2022-09-15TNI"),
        ("Shares slipped after [overnight] losses abroad.", "2022-09-14TNI"),
        ("He left on May 2, 2020 and returned late in [the evening].", "2020-05-02TEV"),
        ("The talks began at [3 p.m.]", "2022-09-15T15:00"),
        ("The vote closes at [10:30 a.m. Friday].", "2022-09-16T10:30"),
        ("The plane landed at [16:08 UTC].", "2022-09-15T16:08Z"),
        ("She starts work at [noon].", "2022-09-15T12:00"),
        ("He left on May 2, 2020 and arrived at [9 o'clock in the morning].", "2020-05-02T09:00"),
        ("They will meet [Friday at 9 a.m.]", "2022-09-16T09:00"),
        ("The ceasefire began at [0900 GMT].", "2022-09-15T09:00Z"),
        ("The raid began at [1500 hours].", "2022-09-15T15:00"),
    ],
    counter=[
        "The score was [2:1] at halftime.",
        "The film [Midnight] Express is on.",
        "He liked the [morning] news on the radio.",
        "He liked the [morning] news.",
    ],
)
