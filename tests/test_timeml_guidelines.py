"""Conformance with the TimeML annotation guidelines, table by table.

The specification is the TimeML Annotation Guidelines, version 1.2.1 (Saurí, Littman, Knippen, Gaizauskas,
Setzer and Pustejovsky, 2006; "AG" below) and the TIMEX3 part of the TimeML 1.2.1 specification ("spec"):
what is markable and what is not, the extent of an expression, and its type, value, mod, quant and freq.
Each row cites the section it follows; the sentences are written for this suite on the guidelines' own
examples. Where TimeBank or AQUAINT annotate otherwise, the row follows the guidelines and says so.
"""

from __future__ import annotations

import pytest

from timeline.timex.extractor import extract_timexes

DCT = "2022-09-15"  # a Thursday

# sentence, [(extent, type, value, mod)] the expressions it must hold (others may be there too), section
MARKABLE = [
    # AG 2.2.1 extent: the expression without the preposition or other signal that introduces it
    ("The board met on Friday.", [("Friday", "DATE", "2022-09-09", None)], "AG 2.2.1, signals outside"),
    ("The mill has been closed since 1995.", [("1995", "DATE", "1995", None)], "AG 2.2.1, 'since' a signal"),
    ("The vote is scheduled for Oct. 3, 2023.", [("Oct. 3, 2023", "DATE", "2023-10-03", None)], "AG 2.2.3 value"),
    # AG 2.2.3 type: DATE, TIME (a time of day), DURATION, SET
    ("The ferry leaves at 3 p.m.", [("3 p.m.", "TIME", "2022-09-15T15:00", None)], "AG 2.2.3 type TIME"),
    ("Rescuers worked through Friday evening.", [("Friday evening", "TIME", "2022-09-09TEV", None)],
     "AG 2.2.3 value, parts of the day (TEV)"),
    ("Markets fell sharply this morning.", [("this morning", "TIME", "2022-09-15TMO", None)], "AG 2.2.3 value (TMO)"),
    ("The talks lasted three hours.", [("three hours", "DURATION", "PT3H", None)], "AG 2.2.3 type DURATION"),
    ("The strike went on for two weeks.", [("two weeks", "DURATION", "P2W", None)], "AG 2.2.3 DURATION, 'for' outside"),
    ("The drought has lasted several years.", [("several years", "DURATION", "PXY", None)],
     "AG 2.2.3 value: an unknown amount is X"),
    # AG 2.2.3 value: calendar granularities in ISO 8601 and the TIMEX3 extensions
    ("Output rose in the first quarter of 2020.", [("the first quarter of 2020", "DATE", "2020-Q1", None)],
     "AG 2.2.3 value, quarters (Qn)"),
    ("The dam was finished in summer 2019.", [("summer 2019", "DATE", "2019-SU", None)], "AG 2.2.3 value, seasons"),
    ("Rents soared in the 1990s.", [("the 1990s", "DATE", "199", None)], "AG 2.2.3 value, decades"),
    # ISO weeks: TimeBank writes some of these 1989-WXX (the week left open); the guidelines give the week
    ("Sales fell last week.", [("last week", "DATE", "2022-W36", None)], "AG 2.2.3 value, weeks (TimeBank: WXX)"),
    ("Crowds gathered over the weekend.", [("the weekend", "DATE", "2022-W36-WE", None)], "AG 2.2.3 value, weekends"),
    # AG 2.2.3 value: indexicals of the present, past and future
    ("The minister is now in Rome.", [("now", "DATE", "PRESENT_REF", None)],
     "AG 2.2.3 value PRESENT_REF (TimeBank and AQUAINT leave many a 'now' unmarked; the guidelines mark it)"),
    ("Prices have risen recently.", [("recently", "DATE", "PAST_REF", None)], "AG 2.2.3 value PAST_REF"),
    ("Talks will resume in the near future.", [("the near future", "DATE", "FUTURE_REF", None)],
     "AG 2.2.3 value FUTURE_REF"),
    # relative expressions are one DATE, resolved ("temporalFunction"): "two years ago" is not a duration
    ("The factory opened two years ago.", [("two years ago", "DATE", "2020", None)],
     "AG 2.2.3 temporalFunction; spec TIMEX3"),
    ("Rebels attacked the town yesterday.", [("yesterday", "DATE", "2022-09-14", None)], "AG 2.2.3 temporalFunction"),
    # AG 2.2.3 anchored durations: "later" is a signal; the expression is the duration
    ("The bridge opened on May 2, 2021. Three days later it closed.", [("Three days", "DURATION", "P3D", None)],
     "AG 2.2.3 anchored durations (beginPoint / endPoint); 'later' a SIGNAL"),
    ("Profit rose over the past three years.", [("the past three years", "DURATION", "P3Y", None)],
     "AG 2.2.3 anchored durations: a duration ending now"),
    # AG 2.2.3 mod
    ("The firm was founded in late 1999.", [("late 1999", "DATE", "1999", "END")], "AG 2.2.3 mod END"),
    ("Snow fell in early February.", [("early February", "DATE", "2022-02", "START")], "AG 2.2.3 mod START"),
    ("The siege lasted more than two years.", [("more than two years", "DURATION", "P2Y", "MORE_THAN")],
     "AG 2.2.3 mod MORE_THAN"),
    ("The repairs will take at least three weeks.", [("at least three weeks", "DURATION", "P3W", "EQUAL_OR_MORE")],
     "AG 2.2.3 mod EQUAL_OR_MORE"),
    ("He waited nearly two hours.", [("nearly two hours", "DURATION", "PT2H", "LESS_THAN")], "AG 2.2.3 mod LESS_THAN"),
    # time zones are part of a time (spec TIMEX3 value: ISO 8601 times, "Z" for Coordinated Universal Time)
    ("The rocket lifted off at 16:08 UTC.", [("16:08 UTC", "TIME", "2022-09-15T16:08Z", None)],
     "spec TIMEX3 value, ISO 8601 time zone"),
    ("The polls closed at 8 p.m. GMT.", [("8 p.m. GMT", "TIME", "2022-09-15T20:00Z", None)],
     "spec TIMEX3 value, ISO 8601 time zone"),
    # ranges are two expressions, joined by signals ("from ... to", "between ... and")
    ("The dictator ruled from 1990 to 1995.", [("1990", "DATE", "1990", None), ("1995", "DATE", "1995", None)],
     "AG 2.2.1 ranges: two TIMEX3s and the signals between them"),
    ("The museum is open from Monday to Wednesday.",
     [("Monday", "DATE", "2022-09-19", None), ("Wednesday", "DATE", "2022-09-21", None)], "AG 2.2.1 ranges"),
    ("The loan runs between 12 and 18 months.", [("12", "DURATION", "P12M", None), ("18 months", "DURATION", "P18M", None)],
     "AG 2.2.1 ranges of durations: each bound its own DURATION (TimeBank writes some as one PXM, AQUAINT as two)"),
    ("The bids are due in two to three weeks.", [("two", "DURATION", "P2W", None), ("three weeks", "DURATION", "P3W", None)],
     "AG 2.2.1 ranges of durations (TimeBank has one such range as a single expression)"),
    # a duration as an adjective is the whole word, without the noun's article (AQUAINT: "day-long")
    ("The union held a day-long strike.", [("day-long", "DURATION", "P1D", None)], "AG 2.2.1 extent; AG 2.2.3 DURATION"),
    # the 24-hour clock of wire copy, with its zone (AQUAINT left one such time unmarked, in parentheses after
    # the local time it restates; the guidelines mark every time of day)
    ("The ceasefire took effect at 0600 GMT.", [("0600 GMT", "TIME", "2022-09-15T06:00Z", None)],
     "AG 2.2.3 type TIME; spec TIMEX3 value, time zone"),
    ("The patrol left at 1500 hours.", [("1500 hours", "TIME", "2022-09-15T15:00", None)], "AG 2.2.3 type TIME"),
    # dates counted from the DCT by two periods, or from its own day
    ("Prices peaked the week before last.", [("the week before last", "DATE", "2022-W35", None)],
     "AG 2.2.3 temporalFunction"),
    ("The offer ends a week from today.", [("a week from today", "DATE", "2022-09-22", None)], "AG 2.2.3 temporalFunction"),
    # accounting periods are named like the calendar's
    ("Sales fell in the last financial quarter.", [("the last financial quarter", "DATE", "2022-Q2", None)],
     "AG 2.2.3 value, quarters"),
    ("Results for FY2021 beat forecasts.", [("FY2021", "DATE", "2021", None)], "AG 2.2.3 value, years"),
]

# AG 2.2.3 type SET, with quant and freq: (sentence, extent, value, quant, freq, section)
SETS = [
    ("She visits her mother twice a week.", "twice a week", "P1W", None, "2X", "AG 2.2.3 SET, freq"),
    ("The paper comes out every Tuesday.", "every Tuesday", "XXXX-WXX-2", "EVERY", None, "AG 2.2.3 SET, quant EVERY"),
    ("Each month the council meets.", "Each month", "P1M", "EACH", None, "AG 2.2.3 SET, quant EACH"),
    ("The fund is audited annually.", "annually", "P1Y", None, None, "AG 2.2.3 SET"),
    ("The market is held on Saturdays.", "Saturdays", "XXXX-WXX-6", None, None, "AG 2.2.3 SET of weekdays"),
    ("She trains 2 days each week.", "2 days each week", "P1W", "EACH", "2D", "spec TIMEX3 freq: so much in each period"),
    ("The mill runs five days a week.", "five days a week", "P1W", None, "5D", "spec TIMEX3 freq, without a quant"),
    ("The league meets on Friday nights.", "Friday nights", "XXXX-WXX-5TNI", None, None, "AG 2.2.3 SET of weekday nights"),
]

# not markable: (sentence, word, section)
NOT_MARKABLE = [
    ("The Sunday Times ran the story.", "Sunday", "AG 2.2.1: a temporal word inside a proper name"),
    ("She moved to the Winter Garden.", "Winter", "AG 2.2.1: a temporal word inside a proper name"),
    ("Thousands march through the capital.", "march", "AG 2.2.1: not a temporal use of the word"),
    ("You may have seen the report.", "may", "AG 2.2.1: not a temporal use of the word"),
    ("He finished second in the race.", "second", "AG 2.2.1: an ordinal, not a unit of time"),
    ("The car reached 90 miles per hour.", "per hour", "AG 2.2.1: a rate of speed is no temporal expression"),
    ("About 2000 workers joined the strike.", "2000", "AG 2.2.1: a number, not a year"),
    ("He read it in the Daily Mail.", "Daily", "AG 2.2.1: a temporal word inside a proper name, ending a sentence"),
]


@pytest.mark.parametrize("sentence,expected,section", MARKABLE, ids=[m[0][:40] for m in MARKABLE])
def test_markable(nlp, sentence, expected, section):
    found = {(t.text, t.type, t.value, t.mod) for t in extract_timexes(sentence, DCT, nlp=nlp)}
    for row in expected:
        assert row in found, f"{section}: {row} not in {sorted(found)}"


@pytest.mark.parametrize("sentence,extent,value,quant,freq,section", SETS, ids=[s[1] for s in SETS])
def test_sets(nlp, sentence, extent, value, quant, freq, section):
    found = {t.text: t for t in extract_timexes(sentence, DCT, nlp=nlp)}
    assert extent in found, f"{section}: {extent!r} not found in {sorted(found)}"
    t = found[extent]
    assert (t.type, t.value, t.quant, t.freq) == ("SET", value, quant, freq), section


@pytest.mark.parametrize("sentence,word,section", NOT_MARKABLE, ids=[n[1] + "|" + n[0][:25] for n in NOT_MARKABLE])
def test_not_markable(nlp, sentence, word, section):
    start = sentence.index(word)
    overlapping = [t.text for t in extract_timexes(sentence, DCT, nlp=nlp) if t.start < start + len(word) and t.end > start]
    assert not overlapping, f"{section}: {overlapping}"


def test_an_approximation_sets_the_mod(nlp):
    """AG 2.2.3 mod APPROX: "about three years". TimeBank and AQUAINT leave "about" outside the extent; the
    value and mod are what the guidelines ask either way."""
    (t,) = extract_timexes("The project took about three years.", DCT, nlp=nlp)
    assert (t.type, t.value, t.mod) == ("DURATION", "P3Y", "APPROX") and "three years" in t.text
