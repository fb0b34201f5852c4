"""The earnings pack: how company results name periods. Switched on by ``packs = ["earnings"]`` in
config.toml's ``[extractor]`` (the default); off, these phrases are read by the core grammar alone.

A results story reports a period and compares it with another: "Net income rose to $12 million in the
third quarter from $9 million in the year-ago quarter"; "Sales for the latest quarter ..."; "... compared
with a loss of $3 million last year" (the same quarter of last year, not the whole year); "the quarter
ended Sept. 30" (that date's quarter). The rules here read those phrases against the period the story is
about (the discourse's focus), and mark comparison points so that they do not move the focus.

Its vocabulary is in earnings.toml beside this file.
"""

from __future__ import annotations

from pathlib import Path

from timeline.calendar import Point
from timeline.timex.checks import View, check
from timeline.timex.lexicon import load, words
from timeline.timex.rules.base import alt, corpus, day, key, month, rule as _rule
from timeline.timex.rules.deictic import the_unit_check
from timeline.timex.specs import DateSpec, DurationSpec

PACK = "earnings"
LANGUAGE = "en"
_W = words(Path(__file__).with_name("earnings.toml"))


def rule(template: str, **options):
    return _rule(template, pack=PACK, **options)


_COMPARISON = alt(_W["comparison_adjectives"])
_SAME = alt(_W["same_period_adjectives"])
_ORDINAL_QUARTER = r"(?P<second>(?:fiscal )?(?:first|second|third|fourth)(?: fiscal)?)"
_A_YEAR_BACK = r" (?:last year|a year (?:ago|earlier)|of (?:last|the previous|the prior) year|in (?P<in_year>{YEAR}))"


def _quarter_ordinal(text: str) -> int:
    """ "fiscal second", "Third fiscal" → 2, 3 (the words are matched in any case and spacing)."""
    ordinals = load().ordinals
    return next(ordinals[w] for w in key(text).split() if w in ordinals)


@rule(rf"(?:{alt(_W['comparison_signals'])})\s[^.;:!?]{{0,80}}?\b(?P<expr>last year)(?!'s)", priority=4, span="expr")
def compared_with_last_year(m):
    """ "reported a profit of $31 million, compared with a loss of $5 million last year": after a quarter,
    the same quarter a year back (as "a year ago" is); else the year before."""
    return DateSpec(Point(), "deictic", unit="year", shift=-1, comparison=True)


@rule(rf"(?:the )?(?:{_COMPARISON})(?: {_ORDINAL_QUARTER})? (?P<noun>quarter|period|month|week)", priority=2)
def year_ago_period(m):
    """ "the year-ago quarter": the quarter under discussion, a year before."""
    noun = key(m["noun"])
    detail = Point(quarter=_quarter_ordinal(m["second"])) if m["second"] else Point()
    units = load().units
    granularity = units[noun].granularity if noun in units else None  # "period" says none
    return DateSpec(detail, "anaphoric", unit="year", shift=-1, comparison=True, granularity=granularity)


@rule(rf"(?:the )?(?:{_SAME} )?(?P<noun>quarter|period)(?P<when>{_A_YEAR_BACK})", priority=2)
def period_a_year_ago(m):
    """ "In the quarter a year ago, the chain had earned ...": the quarter under discussion, a year back."""
    return same_period(m)


@rule(rf"(?:the )?{_SAME} (?P<noun>quarter|period)(?P<when>{_A_YEAR_BACK})?", priority=2)
def same_period(m):
    """ "the same period": the period under discussion; "the same quarter in 2021": that quarter of 2021."""
    granularity = "quarter" if key(m["noun"]) == "quarter" else None
    if m["when"]:
        if m["in_year"]:
            return DateSpec(Point(year=int(m["in_year"])), "anaphoric", unit="quarter", comparison=True, granularity=granularity)
        return DateSpec(Point(), "anaphoric", unit="year", shift=-1, comparison=True, granularity=granularity)
    return DateSpec(Point(), "anaphoric", unit="quarter", granularity=granularity)


@rule(r"(?:the )?(?P<year>{YEAR}) (?P<second>(?:fiscal )?(?:first|second|third|fourth) )?(?:fiscal )?(?P<noun>quarter|period)", priority=2)
def year_period(m):
    """ "the 2021 quarter": the quarter under discussion, in 2021."""
    if m["second"]:
        return DateSpec(Point(year=int(m["year"]), quarter=_quarter_ordinal(m["second"])), "absolute")
    granularity = "quarter" if key(m["noun"]) == "quarter" else None
    return DateSpec(Point(year=int(m["year"])), "anaphoric", unit="quarter", comparison=True, granularity=granularity)


@check()
def period_phrase_check(v: View) -> bool:
    """Not "the latest quarter ended June 30" (the date rule reads that) nor "the latest period of growth"."""
    return v.next_word().lower() not in _W["period_followers"]


@rule(rf"(?:the )?{alt(_W['latest_adjectives'])}(?: {{FISCAL}})? (?P<noun>quarter|period)", priority=1, check=period_phrase_check)
def latest_period(m):
    """ "the latest quarter": the one under discussion, else the last completed one."""
    granularity = "quarter" if key(m["noun"]) == "quarter" else None
    return DateSpec(Point(), "anaphoric", unit="quarter", default_shift=-1, granularity=granularity, completed=True)


@rule(r"the (?:fiscal )?(?P<noun>quarter|year|half)(?= end(?:ed|ing) (?P<month>{MONTH}) (?P<day>{DAY}))", priority=2)
def period_ended(m):
    """ "the quarter ended June 30" is that date's quarter; "the year ended Jan. 31" a year's span."""
    noun = key(m["noun"])
    if noun == "year":
        return DurationSpec(((1, "Y"),))
    granularity = "quarter" if noun == "quarter" else "half"
    return DateSpec(Point(month=month(m["month"]), day=day(m["day"])), "latent", direction="past", granularity=granularity)


@rule(r"(?P<which>last|this|next) year's (?:quarter|period)", priority=4)
def relative_year_same_quarter(m):
    """ "last year's quarter": the quarter under discussion, a year before."""
    shift = load().shifts[key(m["which"])]
    granularity = "quarter" if key(m.group(0)).endswith("quarter") else None
    return DateSpec(Point(), "anaphoric", unit="year", shift=shift, comparison=True, granularity=granularity)


@check()
def year_ago_check(v: View) -> bool:
    """ "year-ago" alone is a date before a reported figure ("year-ago earnings") or at a clause's end."""
    nxt = v.next_word().lower()
    return nxt.rstrip(",") in _W["year_ago_nouns"] or nxt == "" or nxt.endswith((",", "."))


@rule(r"(?P<which>year-ago|year-earlier)", priority=0, check=year_ago_check)
def year_ago_adjective(m):
    return DateSpec(Point(), "anaphoric", unit="year", shift=-1, comparison=True)


@rule(r"the (?:{FISCAL} |calendar )?quarter(?! (?:before|after|earlier|later))", priority=1, check=the_unit_check)
def reporting_quarter(m):
    """ "Profit rose in the quarter": the quarter under report; with none named yet, the last one completed."""
    return DateSpec(Point(), "anaphoric", unit="quarter", shift=0, default_shift=-1)


@rule(rf"the full (?P<unit>{alt(_W['reporting_units'])})", priority=2)
def full_reported_period(m):
    """ "for the full year" in a report is the year reported on: the year of the last date mentioned that
    is over (not "by 2030", a goal), else the DCT's; "the full quarter", the last completed one."""
    quarter = key(m["unit"]) == "quarter"
    return DateSpec(Point(), "anaphoric", unit=key(m["unit"]), shift=0, default_shift=-1 if quarter else 0, completed=True)


CORPUS = corpus(
    examples=[
        ("Net income rose to $12 million, compared with a loss of $3 million [last year].", "2021"),
        ("Net income rose in the third quarter from [the year-ago quarter].", "2021-Q3"),
        ("Sales rose in the third quarter from [the same period] of 2021.", "2022-Q3"),
        ("Net income rose in the third quarter from [the same quarter a year ago].", "2021-Q3"),
        ("Profit in [the 2021 quarter] was lower.", "2021-Q3"),
        ("Sales for [the latest quarter] rose 5%.", "2022-Q2"),
        ("Sales rose in [the quarter] ended June 30.", "2022-Q2"),
        ("Profit was below [last year's quarter].", "2021"),
        ("Profit beat [year-ago] levels.", "2021"),
        ("Profit rose in [the quarter].", "2022-Q2"),
        ("Profit for [the full year] will rise.", "2022"),
    ],
    counter=[
        "The [year-ago] man spoke.",
        "It was [the latest period] of growth.",
    ],
)
