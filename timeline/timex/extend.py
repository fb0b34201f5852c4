"""Grow a recognized core with the words around it that change its meaning.

Suffixes first ("two years" + "ago" → a date two years before the DCT; "a day" + "later" → a
day after the last mentioned date; "a week" + "or so" → APPROX), then prefixes ("early" + a
date → START, "the end of" → END, "more than" + a duration → MORE_THAN, "about" → APPROX).
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from timeline.calendar import RANK, Point
from timeline.timex.checks import Candidate
from timeline.timex.lexicon import load, words
from timeline.timex.specs import DateSpec, DurationSpec, RefSpec, SetSpec, duration_value

_CODE_GRANULARITY = {
    "Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour", "MIN": "minute", "S": "second",
    "DE": "decade", "CE": "century", "ML": "millennium", "Q": "quarter",
}

_LEX = words("lexicon")
_SUFFIXES = _LEX["suffixes"]


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


# the group names are the kinds of suffix
_SUFFIX = re.compile(
    r"\s*(?:" + "|".join(
        f"(?P<{group}>{_alt(_SUFFIXES[kind])})"
        for group, kind in (("ago", "ago"), ("rel", "relative"), ("approx", "approx"), ("more", "more"),
                            ("less", "less"), ("onafter", "on_or_after"), ("onbefore", "on_or_before"))
    ) + r")(?![\w-])",
    re.I,
)


@functools.lru_cache(maxsize=1)
def _prefix() -> re.Pattern:
    """Modifiers that end right where a core expression begins."""
    lex = load()
    return re.compile(
        rf"(?<![\w-])(?:(?P<approx>{_alt(lex.approx_mods)})\s+|(?P<point>{_alt(lex.point_mods)})(?:\s+|(?<=-))"
        rf"|(?P<rel>{_alt(_LEX['comparatives'])})\s+|(?P<the>{_alt(_LEX['articles']['definite'])})\s+)$",
        re.I,
    )


# words after a duration that TimeML marks as signals: the expression is the duration alone
_SIGNALS = _SUFFIXES["signals"]
_FORWARD = _SUFFIXES["forward"]
# a date made of a duration and one of these takes an approximation before it ("nearly six years ago")
_FROM_DURATION = tuple(f"+{word}" for word in sorted(_SUFFIXES["approximable"]))
_NO_DATE = _SUFFIXES["no_date"]  # "three years on": the duration and its signal, no date
_SIGNAL_BEFORE_OBJECT = _SUFFIXES["signal_before_object"]  # "two days before the vote": a signal

# what "earlier"/"later"/"early"/"late" may modify: "earlier this year", "late Thursday", "later that day"
_REL_TARGET = re.compile(_LEX["modifier_targets"]["date"], re.I)
# "Earlier Friday": the comparative says nothing of the date when it is a day's
_DAY_TARGET = re.compile(_LEX["modifier_targets"]["day"], re.I)
_OVER = re.compile(rf"(?<![\w-])(?:{_alt(_LEX['more_than_prefixes']['words'])})\s+$", re.I)  # "over a week"
_ONE = re.compile(rf"(?:{_alt(_LEX['numbers']['indefinite_articles'])})\s", re.I)


# "three days a week", "2 days each week": a count of a unit in every period, a SET (TimeML: value P1W, freq 3D)
_RATES = _LEX["rates"]


@functools.lru_cache(maxsize=1)
def _rate() -> re.Pattern:
    periods = list(load().units) + list(_RATES["periods"])
    return re.compile(rf"\s+(?P<word>{_alt(_RATES['words'])})\s+(?P<period>{_alt(periods)})(?![\w-])", re.I)


def _per_period(text: str, cand: Candidate) -> Candidate:
    spec = cand.spec
    if not isinstance(spec, DurationSpec) or len(spec.amounts) != 1 or spec.mod is not None:
        return cand
    amount, code = spec.amounts[0]
    granularity = _CODE_GRANULARITY.get(code)
    m = _rate().match(text, cand.end, min(len(text), cand.end + 30))
    if m is None or granularity is None or amount is None or amount <= 0 or amount != int(amount):
        return cand
    lex = load()
    word = re.sub(r"\s+", " ", m["period"].lower())
    period = lex.units.get(_RATES["periods"].get(word, word))
    if period is None or not period.singular or "WE" in (code, period.code) or RANK[granularity] <= RANK[period.granularity]:
        return cand
    quant = _RATES["words"][m["word"].lower()] or None
    return replace(cand, end=m.end(), spec=SetSpec(duration_value((period.amount(1),)), quant=quant,
                                                    freq=f"{int(amount)}{code}"), rule=cand.rule + "+per")


def extend(text: str, cand: Candidate) -> Candidate:
    """The candidate grown by the modifiers next to it (applied until nothing more applies)."""
    grown = _per_period(text, cand)
    if grown is not cand:
        return grown
    cand = _suffix(text, cand)
    for _ in range(3):
        grown = _prefix_once(text, cand)
        if grown is cand:
            break
        cand = grown
    return cand


def _suffix(text: str, cand: Candidate) -> Candidate:
    m = _SUFFIX.match(text, cand.end, min(len(text), cand.end + 30))
    if not m or not m.lastgroup:
        return cand
    spec = cand.spec
    kind = m.lastgroup
    word = re.sub(r"\s+", " ", m.group(kind).lower())
    if isinstance(spec, DurationSpec) and len(spec.amounts) == 1:
        amount, code = spec.amounts[0]
        granularity = _CODE_GRANULARITY.get(code)
        if kind == "ago" or (kind == "rel" and word not in _NO_DATE):
            if granularity is None:
                return cand
            if kind == "rel" and word in _SIGNAL_BEFORE_OBJECT and _followed_by_word(text, m.end()):
                return cand  # "two days before the vote": a duration and a signal, not a date
            if amount is None:
                value = "FUTURE_REF" if word in _FORWARD else "PAST_REF"
                if kind == "rel":
                    return cand
                return replace(cand, end=m.end(), spec=RefSpec(value, spec.mod), rule=cand.rule + "+ago")
            sign = 1 if word in _FORWARD else -1
            n = amount
            if n != int(n):
                if granularity == "year":
                    granularity, n = "month", round(n * 12)
                else:
                    n = round(n)
            relation = "deictic" if kind == "ago" else "anaphoric"
            if granularity in ("decade", "century", "millennium"):
                # "a decade ago" is about ten years back, not "the 1980s"
                n *= {"decade": 10, "century": 100, "millennium": 1000}[granularity]
                granularity = "year"
            date = DateSpec(Point(), relation, unit=granularity, shift=int(sign * n), mod=spec.mod,
                            comparison=(kind == "rel" or granularity == "year" and n == 1))
            if word in _SIGNALS:
                # TimeML: "later" is a signal, not part of the expression; "three days" stays a duration,
                # and the date it reaches is kept for the timeline
                # (and the story moves on to that date: "the next day" is the day after it)
                date = replace(date, measure=spec.amounts, comparison=False)
                return replace(cand, spec=date, rule=cand.rule + f"+{word}")
            if word in _SUFFIXES["from_the_day"]:
                # "a week from today": that day a week on
                return replace(cand, end=m.end(), spec=replace(date, base="day", comparison=False), rule=cand.rule + "+" + word)
            anniversary = _ANNIVERSARY.match(text, m.end()) if word == "ago" else None
            base = _ANNIVERSARY_BASE[re.sub(r"\s+", " ", anniversary.group(1).lower())] if anniversary else None
            if anniversary and base and RANK[base] >= RANK[granularity]:
                # "twenty years ago today": the same day twenty years back, one expression
                return replace(cand, end=anniversary.end(), spec=replace(date, base=base, comparison=False), rule=cand.rule + "+ago+" + base)
            return replace(cand, end=m.end(), spec=date, rule=cand.rule + f"+{word}")
        if kind == "approx":
            return replace(cand, end=m.end(), spec=spec.with_mod("APPROX"))
        if kind == "more":
            return replace(cand, end=m.end(), spec=spec.with_mod("EQUAL_OR_MORE"))
        if kind == "less":
            return replace(cand, end=m.end(), spec=spec.with_mod("EQUAL_OR_LESS"))
        return cand
    if isinstance(spec, DateSpec):
        if kind == "approx":
            return replace(cand, end=m.end(), spec=spec.with_mod("APPROX"))
        if kind == "onafter":
            return replace(cand, end=m.end(), spec=spec.with_mod("ON_OR_AFTER"))
        if kind == "onbefore":
            return replace(cand, end=m.end(), spec=spec.with_mod("ON_OR_BEFORE"))
    return cand


# "N years ago today / this week / this month": an anniversary, counted from the DCT's day, week or month
_ANNIVERSARY_BASE = _LEX["anniversaries"]
_ANNIVERSARY = re.compile(rf"\s+({_alt(_ANNIVERSARY_BASE)})(?![\w-])", re.I)


def _followed_by_word(text: str, pos: int) -> bool:
    return bool(re.match(r"\s+[A-Za-z\"'“]", text[pos : pos + 3]))




def _prefix_once(text: str, cand: Candidate) -> Candidate:
    window_start = max(0, cand.start - 40)
    over = _OVER.search(text, window_start, cand.start)
    if over and _ONE.match(text, cand.start) and (
        isinstance(cand.spec, DurationSpec) or isinstance(cand.spec, DateSpec) and cand.spec.measure
    ):
        # "over a week", "just over an hour afterwards": more than one unit ("over the weekend", "over three
        # years" are a preposition and its object)
        return replace(cand, start=over.start(), spec=cand.spec.with_mod("MORE_THAN"))
    m = _prefix().search(text, window_start, cand.start)
    if not m or m.end() != cand.start:
        return cand
    spec = cand.spec
    lex = load()
    if m.group("the"):
        if isinstance(spec, DurationSpec) and not text[cand.start : cand.end].lower().startswith("the "):
            if re.search(r"\d-|-\w", text[cand.start : cand.end]):
                return cand  # "the 10-year note": the article belongs to the noun
            return replace(cand, start=m.start())
        return cand
    if m.group("approx"):
        word = re.sub(r"\s+", " ", m.group("approx").lower())
        mod: str | None = lex.approx_mods[word]
        if isinstance(spec, (SetSpec, RefSpec)):
            return cand
        if isinstance(spec, DateSpec) and mod != "APPROX" and spec.measure is None:
            if not cand.rule.endswith(_FROM_DURATION):
                return cand  # "more than" a date is not a date modifier
            mod = "APPROX"  # "nearly six years ago": about then
        if word == "some" and not isinstance(spec, DurationSpec):
            return cand
        if word in lex.outside_mods:
            return replace(cand, spec=spec.with_mod(mod))
        return replace(cand, start=m.start(), spec=spec.with_mod(mod))
    if m.group("point"):
        word = re.sub(r"\s+", " ", m.group("point").lower())
        if not isinstance(spec, DateSpec):
            return cand
        return replace(cand, start=m.start(), spec=spec.with_mod(lex.point_mods[word]))
    if m.group("rel"):
        word = m.group("rel").lower()
        if not isinstance(spec, DateSpec) or not _REL_TARGET.match(text, cand.start):
            return cand
        if not _LEX["comparatives"][word] and _DAY_TARGET.match(text, cand.start):
            # "Earlier Friday, the union voted ...": earlier than the event just told, on Friday; the comparative
            # says nothing of the date (it is a signal, as AQUAINT marks it); "earlier this week" stays whole
            return cand
        mod = _LEX["comparatives"][word] or None
        return replace(cand, start=m.start(), spec=spec.with_mod(mod))
    return cand

