"""Candidate readings where the rules see more than one, and a small log-linear model that picks one.

Where an expression can be read several ways, the rules propose the readings instead of deciding alone:

- ``past`` / ``future`` / ``near``: a year-less date ("Friday", "in March") placed before the DCT, after it,
  or wherever it is nearest (the direction the sentence's tense gives is one of them);
- ``dct``: a relative date ("the next day", "a year earlier", "the quarter") counted from the publication date
  instead of the date the text last mentioned;
- ``year``: a comparison point ("a year ago", "the year-earlier period") at the granularity of a year
  instead of the period under report;
- ``drop``: no temporal expression at all, for words that are one only in some uses ("now", "the day",
  "daily", "years").

The rules' own reading is always among them (``rules``). Each reading gets a score, the sum of the
weights of its features: the kinds of reading it is crossed with features of the context (the rule that
matched, the governing verb's tense, the words around, where it stands in its sentence and in the article,
the date mentioned before and its granularity, the kind of report), and features of the reading itself
(on which side of the DCT it falls, how far away). The highest score wins; with one reading there is
nothing to choose. The weights are trained by ``timeline train`` (:mod:`timeline.evaluate.choices`) and
ship beside this module as ``choices.json``; without that file the rules' reading is kept.

The model has not beaten the rules on held-out documents, so it lives with the evaluation: the extractor
never imports it, and takes it only as a :data:`~timeline.timex.extractor.Chooser` it is handed
(:func:`learned_chooser`; ``timeline eval tempeval3 --learned``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from timeline import calendar as cal
from timeline.calendar import Point
from timeline.timex import tense as tense_mod
from timeline.timex.discourse import Mention, needs_tense
from timeline.timex.extractor import ChoicePoint, Chooser
from timeline.timex.lexicon import words
from timeline.timex.resolve import Reference, Resolved, resolve
from timeline.timex.specs import DateSpec

WEIGHTS_PATH = Path(__file__).with_name("choices.json")

# rules whose words are temporal only in some uses: "now", "the day", "daily", "years", "the quarter"
MAYBE_NOT_A_TIMEX = frozenset({
    "reference", "the_unit", "set_adverb", "bare_units", "the_part_of_day", "per_unit", "a_unit", "vague_units",
    "the_first_units", "over_the_years", "latest_period", "reporting_quarter", "year_ago_adjective", "bare_month",
    "weekday", "today", "relative_unit", "number_unit", "bare_season", "tonight", "year",
})

# the words before and after a candidate that are features as themselves; any other word is its shape
_FUNCTION_WORDS = frozenset("""
in on at by for from to until till since during before after through over within into of about around
the a an this that these those last next its his her their our
is are was were be been being has have had will would could can may might should must shall do does did not
and or but as than when while if said says say says told
""".split())


@dataclass
class Reading:
    """One way to read a candidate: its resolution (None for "not a timex") and the kinds that propose it."""

    resolved: Resolved | None
    kinds: set[str] = field(default_factory=set)

    @property
    def value(self) -> str | None:
        return None if self.resolved is None else self.resolved.value


def readings(spec, dct: dt.date, reference: Reference, tense: str | None, rule: str, base_rule: str,
             rules_reading: Resolved) -> list[Reading]:
    """The distinct readings of a candidate, the rules' first (each with the kinds that give it)."""
    out: list[Reading] = [Reading(rules_reading, {"rules"})]

    def add(kind: str, res: Resolved | None) -> None:
        for reading in out:
            same = (reading.resolved is None and res is None) or (
                reading.resolved is not None and res is not None
                and (reading.resolved.type, reading.resolved.value, reading.resolved.mod) == (res.type, res.value, res.mod))
            if same:
                reading.kinds.add(kind)
                return
        out.append(Reading(res, {kind}))

    if isinstance(spec, DateSpec):
        focus = _focus_day(reference)
        if needs_tense(spec):
            for kind, direction in (("past", "past"), ("future", "future"), ("near", None)):
                add(kind, rules_reading if direction == tense else resolve(spec, dct, reference, direction, rule))
            if focus is not None and focus != dct:
                # the story is at another date than its publication ("On Aug. 7 ... Tuesday"): place it from there
                for kind, direction in (("focus_past", "past"), ("focus_near", None)):
                    add(kind, resolve(spec, focus, Reference(), direction, rule))
        elif spec.relation in ("anaphoric", "deictic") and spec.unit and reference.history:
            add("dct", resolve(spec, dct, Reference(), tense, rule))
        if spec.unit == "year" and spec.shift and not spec.detail.resolved and spec.base is None:
            # "a year ago": the same day a year back, or the year, besides the period under report
            add("day", resolve(replace(spec, base="day", comparison=False, granularity=None), dct, Reference(), tense, rule))
        point = rules_reading.point
        if spec.comparison and point is not None and point.resolved and cal.RANK[point.granularity] > cal.RANK["year"]:
            year = cal.coarsen(point, "year")
            add("year", replace(rules_reading, value=year.value(), point=year))
        if spec.comparison and spec.unit == "year" and spec.shift and point is not None and point.resolved \
                and point.granularity == "year":
            # "up from $5 million a year ago" in a report: the last quarter completed, that many years back
            last = cal.shift(cal.coarsen(Point(year=dct.year, month=dct.month, day=dct.day), "quarter"), "quarter", -1)
            moved = cal.shift(last, "year", spec.shift) if last is not None else None
            if moved is not None:
                add("quarter", replace(rules_reading, value=moved.value(), point=moved))
    if base_rule in MAYBE_NOT_A_TIMEX:
        add("drop", None)
    return out


def _focus_day(reference: Reference) -> dt.date | None:
    """The last mentioned date precise to the day, if any."""
    for point in reversed(reference.history):
        if point.resolved and point.date() is not None:
            return point.date()
    return None


@dataclass(frozen=True)
class Context:
    """What the features of a candidate are made of; filled by the extractor from what it already has."""

    text: str
    start: int
    end: int
    rule: str
    spec: object
    dct: dt.date
    tense: str | None  # the governing verb group's direction, when the sentence was tagged
    tagged: bool
    sentence: int  # index in the document
    paragraph: int
    first_in_sentence: bool
    previous: Mention | None  # the last date mention
    report: bool  # the article reports results ("quarter" and a figure word)


@functools.lru_cache(maxsize=1)
def _report_cues() -> tuple[re.Pattern, re.Pattern]:
    figures = words(Path(__file__).with_name("choice_model.toml"))["report_figures"]
    return (re.compile(r"\bquarter", re.I),
            re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, figures))) + r")\b", re.I))


@functools.lru_cache(maxsize=64)
def is_report(text: str) -> bool:
    """Whether an article reports a company's results: it names a quarter and a figure of results
    (choice_model.toml's report figures)."""
    quarter, figure = _report_cues()
    return bool(quarter.search(text) and figure.search(text))


def _bucket(n: int, edges=(0, 1, 2, 4, 8)) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _word_feature(word: str) -> str:
    w = word.lower()
    if w in _FUNCTION_WORDS:
        return w
    if not w:
        return "<none>"
    if w[0].isdigit():
        return "<num>"
    if w[0] in "$€£¥":
        return "<money>"
    if not w[0].isalpha():
        return "<punct>"
    return "<Cap>" if word[:1].isupper() else "<word>"


_PREV_WORD = re.compile(r"([\w'$%.-]+|[^\w\s])\s*$")
_NEXT_WORD = re.compile(r"\s*([\w'$%.-]+|[^\w\s])")


def context_features(c: Context) -> list[str]:
    spec = c.spec
    surface = c.text[c.start : c.end]
    base_rule = c.rule.split("+")[0]
    prev = _PREV_WORD.search(c.text, max(0, c.start - 30), c.start)
    nxt = _NEXT_WORD.match(c.text, c.end, min(len(c.text), c.end + 30))
    feats = [
        "bias",
        f"rule={base_rule}",
        f"suffix={c.rule[len(base_rule):] or '-'}",
        f"spec={type(spec).__name__}",
        f"prev={_word_feature(prev.group(1) if prev else '')}",
        f"next={_word_feature(nxt.group(1) if nxt else '')}",
        f"tense={c.tense if c.tagged else 'untagged'}",
        f"sentence={_bucket(c.sentence)}",
        f"paragraph={_bucket(c.paragraph)}",
        f"first_in_sentence={c.first_in_sentence}",
        f"report={c.report}",
        f"capitalized={surface[:1].isupper()}",
        f"words={min(len(surface.split()), 3)}",
    ]
    if len(surface.split()) <= 2:
        feats.append(f"surface={surface.lower()}")  # "now", "the day", "current": the word itself
        # the words around an ambiguous word, as themselves: "is now", "now that", "until now", "a day"
        for name, word in (("prev_word", prev.group(1) if prev else ""), ("next_word", nxt.group(1) if nxt else "")):
            w = word.lower()
            if w.isalpha() and len(w) <= 15:
                feats.append(f"{name}={w}")
    if isinstance(spec, DateSpec):
        detail = spec.detail
        feats += [f"relation={spec.relation}", f"unit={spec.unit}", f"comparison={spec.comparison}",
                  f"detail={detail.granularity if detail != type(detail)() else 'none'}"]
        if detail.weekday is not None:
            gap = (detail.weekday - c.dct.isoweekday()) % 7
            feats.append(f"weekday_from_dct={gap}")  # 0: the DCT's own weekday
        if detail.month is not None and detail.day is None:
            feats.append(f"month_from_dct={(detail.month - c.dct.month) % 12}")
    if c.previous is None:
        feats.append("previous=none")
    else:
        p = c.previous
        feats += [f"previous_granularity={p.point.granularity}",
                  f"previous_distance={_bucket(c.sentence - p.sentence)}",
                  f"previous_comparison={p.comparison}"]
        span = cal.interval_of(p.point)
        if span is not None:
            feats.append(f"previous_side={_side(span, c.dct)}")
    return feats


def _side(span, dct: dt.date) -> str:
    day = dt.datetime.combine(dct, dt.time())
    if span[1] <= day:
        return "before"
    if span[0] > day + dt.timedelta(days=1):
        return "after"
    return "around"


def _distance(span, dct: dt.date) -> str:
    day = dt.datetime.combine(dct, dt.time())
    gap = max((day - span[1]).days, (span[0] - day).days, 0)
    for edge in (0, 7, 31, 92, 366):
        if gap <= edge:
            return str(edge)
    return ">366"


def reading_features(reading: Reading, context: list[str], dct: dt.date, previous) -> list[str]:
    """The features of one reading: its kinds crossed with the context, and where it lands."""
    kinds = sorted(reading.kinds)
    feats = [f"{k}|{f}" for k in kinds for f in context]
    res = reading.resolved
    if res is not None and res.point is not None and res.point.resolved:
        span = cal.interval_of(res.point)
        if span is not None:
            side = _side(span, dct)
            distance = _distance(span, dct)
            feats += [f"side={side}", f"distance={distance}", f"granularity={res.point.granularity}",
                      f"tense_side={context_value(context, 'tense')}|{side}"]
            if previous is not None:
                feats.append(f"same_as_previous={res.point == previous.point}")
    elif res is not None:
        feats.append(f"value_kind={res.value[:1]}")
    return feats


def context_value(context: list[str], name: str) -> str:
    prefix = name + "="
    return next((f[len(prefix):] for f in context if f.startswith(prefix)), "")


@dataclass(frozen=True)
class ChoiceModel:
    """Weights of features; a reading's score is the sum of its features' weights."""

    weights: dict[str, float]

    def score(self, features: list[str]) -> float:
        w = self.weights
        return sum(w.get(f, 0.0) for f in features)

    def choose(self, options: list[Reading], context: list[str], dct: dt.date, previous) -> int:
        scores = [self.score(reading_features(r, context, dct, previous)) for r in options]
        best = max(range(len(options)), key=lambda i: (scores[i], i == 0))
        return best

    def to_json(self) -> dict:
        return {"weights": {k: round(v, 5) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-3}}

    @classmethod
    def from_json(cls, data: dict) -> "ChoiceModel":
        return cls({k: float(v) for k, v in data["weights"].items() if math.isfinite(float(v))})


@functools.lru_cache(maxsize=1)
def shipped_model() -> ChoiceModel | None:
    """The weights trained on TimeBank + AQUAINT that ship with the package, or None when absent."""
    if not WEIGHTS_PATH.exists():
        return None
    return ChoiceModel.from_json(json.loads(WEIGHTS_PATH.read_text(encoding="utf-8")))


# what is called at each choice point, for training: (context features, readings, candidate, previous mention)
Recorder = Callable[[list[str], list[Reading], object, Mention | None], None]


def choice_point(point: ChoicePoint) -> tuple[list[Reading], list[str]] | None:
    """The readings of a candidate and the features of its context, None when the rules see one reading."""
    cand = point.cand
    base_rule = cand.rule.split("+")[0]
    options = readings(cand.spec, point.dct, point.reference, point.tense, cand.rule, base_rule, point.resolved)
    if len(options) < 2:
        return None
    tokens = point.analysis.tokens(cand.start)
    tense = point.tense
    if tense is None and tokens is not None:
        tense = tense_mod.direction(tokens, cand.start, cand.end)
    features = context_features(Context(
        point.text, cand.start, cand.end, cand.rule, cand.spec, point.dct, tense, tokens is not None, point.sentence,
        point.paragraph, point.first_in_sentence, point.previous, is_report(point.text)))
    return options, features


def learned_chooser(model: ChoiceModel) -> Chooser:
    """A chooser that takes the reading ``model`` scores highest."""

    def choose(point: ChoicePoint) -> Resolved | None:
        found = choice_point(point)
        if found is None:
            return point.resolved
        options, features = found
        return options[model.choose(options, features, point.dct, point.previous)].resolved

    return choose


def recording_chooser(recorder: Recorder) -> Chooser:
    """A chooser that keeps the rules' reading and hands every choice point to ``recorder`` (training)."""

    def record(point: ChoicePoint) -> Resolved | None:
        found = choice_point(point)
        if found is not None:
            options, features = found
            recorder(features, options, point.cand, point.previous)
        return point.resolved

    return record


def shipped_chooser() -> Chooser:
    """The chooser of the shipped weights; the rules' own reading when they are absent."""
    model = shipped_model()
    return learned_chooser(model) if model is not None else (lambda point: point.resolved)
