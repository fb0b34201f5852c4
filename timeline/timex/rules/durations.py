"""Durations: an amount of a unit ("three years", "a fortnight", "several weeks", "the past 12 months").

Every rule takes any unit of the lexicon with its factor: "two fortnights" is P4W, "half a century" P50Y.
"ago", "later" and the other words that turn a duration into a date are suffixes: see extend.py.
"""

from __future__ import annotations

import re

from timeline.calendar import RANK
from timeline.timex.checks import CONTEXT, CURRENCY, View, check, is_rate, title_mid_sentence
from timeline.timex.lexicon import load, parse_number
from timeline.timex.rules.base import corpus, key, rule, unit
from timeline.timex.specs import DurationSpec


@check()
def duration_check(v: View) -> bool:
    """An amount of a unit, unless it is a name ("60 Minutes" mid-sentence), a fraction ("three-quarters
    of"), money ("$5 a year"), or an age ("a 5-year-old", "8 months old")."""
    surface = v.surface.lower()
    prev, nxt = v.prev_word(), v.next_word()
    if title_mid_sentence(v) and not re.fullmatch(r"[\d\s-]+\w+", v.surface.split()[0] + " x"):
        return False
    if re.match(r"^\d+ [A-Z]", v.surface) and v.surface.split()[-1][:1].isupper():
        return False  # "60 Minutes", a name
    if re.search(r"-quarters?$", surface) or (surface.endswith("quarters") and nxt.lower() == "of"):
        return False  # "three-quarters of the vote": a fraction
    if v.prev_char() in CURRENCY or prev.startswith("$"):
        return False
    if re.search(r"-(?:old)$", surface):
        return False
    if re.match(r"^\s*-?old\b", v.text[v.cand.end : v.cand.end + 6]):
        return False  # "a 5-year-old", "8 months old"
    said = load().units.get(key(surface.split()[-1]))
    if said is not None and said.code == "S" and key(surface.split()[0]) in CONTEXT["one_second_determiners"]:
        # "a second", "the second": an ordinal more often than a unit, unless a word of time follows
        return nxt.lower() in (".", ",", "") or nxt.lower() in CONTEXT["second_followers"]
    if re.fullmatch(r"(?:a|an)\s+\S+", surface):
        return False  # "a year": the "a unit" rule and its check take it
    if nxt.lower() == "of" and said is not None and said.code == "Q" and parse_number(surface.split()[0]) == 1:
        return False  # "one quarter of the vote": a fraction ("one month of talks", "within one month of" are times)
    return True


@rule(r"(?P<num>{NUM})(?P<sep>[\s-]+)(?P<more>more |additional |extra |straight |consecutive |full |long |trading |business |calendar |working )?(?P<unit>{UNIT})(?:-(?P<adj>long|old|plus))?", priority=1, check=duration_check)
def number_unit(m):
    amount = parse_number(m["num"])
    if amount is None:
        return None
    u = unit(m["unit"])
    if u.code == "WE":
        return None
    return DurationSpec((u.amount(amount),))


@rule(r"(?P<num>{NUM}) (?:and )?(?P<frac>a half|one-half|1/2) (?P<unit>{UNITS})", priority=2)
def number_and_half_unit(m):
    amount = parse_number(m["num"])
    if amount is None:
        return None
    return DurationSpec((unit(m["unit"]).amount(amount + 0.5),))


@rule(r"(?P<num>an?|one) (?P<unit>{UNIT1}) and a half", priority=2)
def unit_and_half(m):
    return DurationSpec((unit(m["unit"]).amount(1.5),))


@rule(r"(?P<num>an?|one) (?P<unit>{UNIT1}) and (?P<num2>{NUM}) (?P<unit2>{UNITS})", priority=3)
def compound_duration(m):
    """ "a year and two months", "an hour and 20 minutes": the second unit finer than the first."""
    first, second = unit(m["unit"]), unit(m["unit2"])
    amount2 = parse_number(m["num2"])
    if amount2 is None or RANK[second.granularity] <= RANK[first.granularity] or "WE" in (first.code, second.code):
        return None
    return DurationSpec((first.amount(1), second.amount(amount2)))


@check()
def vague_duration_check(v: View) -> bool:
    """ "several weeks", "the first months"; not "some years" (an approximation the prefix takes) nor "the
    early hours of Monday" (a time of that day)."""
    surface = v.surface.lower()
    if surface.endswith("early hours") and v.next_word().lower() == "of":
        return False
    return not surface.startswith(tuple(w + " " for w in CONTEXT["approximate_counts"]))


@rule(r"(?P<vague>{VAGUE})(?P<sep>[\s-]+)(?:more )?(?P<unit>{UNITS})", priority=1, check=vague_duration_check)
def vague_units(m):
    return DurationSpec(((None, unit(m["unit"]).code),))


@rule(r"(?P<unit>{UNITS}) or (?P<unit2>{UNITS})", priority=1)
def units_or_units(m):
    """ "weeks or months": an unknown number of the first unit."""
    return DurationSpec(((None, unit(m["unit"]).code),))


@check()
def bare_units_check(v: View) -> bool:
    """A plural unit alone is a duration after a verb or preposition of time ("for years", "took months"), or
    before "of" + a noun ("months of talks"); "days later" is a date (the suffix makes it one)."""
    prev = v.prev_word().lower()
    nxt = v.next_word().lower()
    if nxt in CONTEXT["bare_unit_followers"]:
        return nxt in CONTEXT["bare_unit_date_suffixes"]
    if nxt == "of" and prev in CONTEXT["small_hours"]:
        return False  # "the early hours of Monday", "the small hours of the morning": a time of that day
    if nxt == "of" and prev not in CONTEXT["determiners"]:
        return True  # "months of talks"
    return prev in CONTEXT["bare_unit_preceders"]


@rule(r"(?P<unit>{UNITS})(?:-long)?", check=bare_units_check)
def bare_units(m):
    u = unit(m["unit"])
    if u.code in ("WE", "Q"):
        return None  # "on weekends" is a set; "quarters" a fraction or lodgings more than a stretch of time
    return DurationSpec(((None, u.code),))


@rule(r"(?:(?<=\bover )|(?<=\bin )|(?<=\bthrough ))the (?P<unit>{UNITS})(?! (?:of|before|after|since|that|when|to|ahead))", priority=0)
def over_the_years(m):
    """ "over the years", "through the centuries": an unknown stretch of a long unit (a year or more)."""
    u = unit(m["unit"])
    if RANK[u.granularity] > RANK["year"]:
        return None  # "in the weeks" is said of weeks before or after something, which the rule cannot see
    return DurationSpec(((None, u.code),))


@rule(r"(?P<unit>{UNIT1})-long", priority=2)
def unit_long(m):
    """ "a day-long meeting", "an hour-long speech": one of the unit, as an adjective (the article belongs to the
    noun, so it stays outside)."""
    u = unit(m["unit"])
    if u.code == "WE":
        return None
    return DurationSpec((u.amount(1),))


@rule(r"(?P<unit>{UNITS})-long", priority=1)
def bare_units_long(m):
    """ "a years-long conflict", "weeks-long talks"."""
    return DurationSpec(((None, unit(m["unit"]).code),))


@check()
def past_n_units_check(v: View) -> bool:
    """ "expected to last several weeks", "could last two years": "last" the verb, not the adjective."""
    return not (v.surface.lower().startswith("last ") and v.prev_word().lower() in CONTEXT["verb_before_last"])


@rule(r"(?:the )?(?P<which>past|last|next|coming|first|final|previous|following|preceding|initial|remaining|latest|same|subsequent|ensuing) (?P<num>{NUM}|{VAGUE}) (?:(?:full|straight|consecutive|trading|business|calendar) )?(?P<unit>{UNIT})", priority=3, check=past_n_units_check)
def past_n_units(m):
    u = unit(m["unit"])
    number = key(m["num"])
    vague = number in load().vague_numbers
    amount = None if vague else parse_number(number)
    if (amount is None and not vague) or u.code == "WE":
        return None
    return DurationSpec((u.amount(amount),))


@rule(r"(?:the )?(?:past|recent|last|previous|coming|future|next) (?:several|few|couple of) (?P<unit>{UNITS})", priority=2, check=past_n_units_check)
def vague_period(m):
    """ "the past few weeks" (PXW); "the next couple of years" is two, as "a couple of years" is (P2Y)."""
    u = unit(m["unit"])
    return DurationSpec((u.amount(2) if "couple" in key(m.group(0)) else (None, u.code),))


@rule(r"(?P<the>the )?(?:entire|whole|full) (?P<unit>{PERIOD_UNIT})", priority=1)
def whole_unit(m):
    """ "a full year", "the entire month": one of the unit, a duration."""
    return DurationSpec((unit(m["unit"]).amount(1),))


@check()
def a_unit_check(v: View) -> bool:
    """ "a year" is a duration unless it is a rate ("$5 a year": a SET), a possessive or an age ("a year's
    pay", "a year old"), or an ordinal or a fraction ("a second term", "a quarter of the vote")."""
    nxt = v.next_word().lower()
    if is_rate(v):
        return False
    if nxt in CONTEXT["a_unit_followers"]:
        return False
    words = re.match(r"\S+\s+(\S+)", v.surface)
    assert words is not None, v.surface  # the check of "a <unit>": two words
    said = load().units.get(key(words.group(1)))
    if said is not None and said.code in ("S", "Q"):
        return nxt.rstrip(".,;:!?") in ("", "later", "ago", "earlier", "before", "after") or nxt in (".", ",")
    return True


@rule(r"(?:an?|one) (?P<unit>{UNIT1}|half[\s-]hour)(?: or (?:two|so))?", priority=0, check=a_unit_check)
def a_unit(m):
    word = key(m["unit"])
    if word in ("half hour", "half-hour"):
        return DurationSpec(((30, "MIN"),))
    return DurationSpec((unit(word).amount(1),))


@rule(r"half an? (?P<unit>{UNIT1})", priority=2)
def half_a_unit(m):
    return DurationSpec((unit(m["unit"]).amount(0.5),))


@rule(r"(?:(?<=\bfor )|(?<=\bin )|(?<=\bafter )|(?<=\bwithin ))(?:a (?:long |short |little )?while|some time|a long time|a short time|a (?:fairly |very |relatively )?(?:long|lengthy|short|brief) (?:period|time|spell)(?: of time)?|an? (?:indefinite|undetermined|unspecified|unknown) (?:period|length|amount) of time|an? (?:indefinite|undetermined|unspecified) period)", priority=1)
def a_while(m):
    """ "for a while", "after a long time": a stretch of unknown length and unit."""
    return DurationSpec(((None, "X"),))


@rule(r"(?:the )?(?:first|early|initial|last|final|remaining|past|next|coming|closing|opening) (?P<unit>{UNITS})", priority=1, check=vague_duration_check)
def the_first_units(m):
    return DurationSpec(((None, unit(m["unit"]).code),))


@rule(r"(?:the )?(?P<num>{NUM}) (?P<unit>{UNITS})(?P<ahead> ahead| to come)", priority=3)
def n_units_ahead(m):
    amount = parse_number(m["num"])
    if amount is None:
        return None
    return DurationSpec((unit(m["unit"]).amount(amount),))


@rule(r"the (?:next|past|last|first|coming) (?:(?P<num>{NUM}) to|between (?P<num0>{NUM}) and) (?P<num2>{NUM})(?P<sep>[\s-]+)(?P<unit>{UNIT})", priority=2)
def range_duration(m):
    """ "the next two to three years": one stretch from now, of an unknown number of the unit."""
    if parse_number(m["num"] or m["num0"]) is None:
        return None
    return DurationSpec(((None, unit(m["unit"]).code),))


@rule(r"(?P<between>between )?(?P<bound>{NUM}) (?P<joiner>to|and) (?:{NUM})(?P<sep>[\s-]+)(?P<unit>{UNIT})", priority=2, span="bound")
def range_first_bound(m):
    """ "two to three weeks", "between 12 and 18 months": a range is two expressions (TimeML guidelines), each
    bound its own duration; the first takes the unit of the second ("two" P2W). The second is a duration as
    any ("three weeks")."""
    if key(m["joiner"]) == "and" and not m["between"]:
        return None  # "two and three weeks" is no range
    amount = parse_number(m["bound"])
    u = unit(m["unit"])
    if amount is None or u.code == "WE":
        return None
    return DurationSpec((u.amount(amount),))


CORPUS = corpus(
    examples=[
        ("The strike lasted [three weeks].", "P3W"),
        ("The drought has lasted [two and a half years].", "P2Y6M"),
        ("The trial lasted [a year and a half].", "P1Y6M"),
        ("The trial lasted [a year and two months].", "P1Y2M"),
        ("The drought has lasted [several years].", "PXY"),
        ("The repairs will take [weeks or months].", "PXW"),
        ("The feud has gone on for [years].", "PXY"),
        ("Prices have risen over [the years].", "PXY"),
        ("They ended a [decades-long] feud.", "PXY"),
        ("Profit rose over [the past three years].", "P3Y"),
        ("Growth will slow over [the next couple of years].", "P2Y"),
        ("He spent [the entire month] abroad.", "P1M"),
        ("The tenants have [a fortnight] to leave.", "P2W"),
        ("The flight took [half an hour].", "PT30M"),
        ("They talked for [a while].", "PXX"),
        ("The treaty was signed in [the early months] of the war.", "PXM"),
        ("The firm faces [two years ahead] of cuts.", "P2Y"),
        ("Growth will slow over [the next two to three years].", "PXY"),
        ("The work takes [two] to three weeks.", "P2W"),
        ("They held a [day-long] meeting.", "P1D"),
        ("He is on leave for [an indefinite period].", "PXX"),
        ("Within [one month] of the launch, sales doubled.", "P1M"),
    ],
    counter=[
        "The plant won [three-quarters] of the vote.",
        "He is a [5-year-old] boy.",
        "The program [60 Minutes] aired the report.",
        "He was re-elected for [a second] term.",
        "He bought [a quarter] of the shares.",
        "They won [one quarter] of the vote.",
    ],
)
