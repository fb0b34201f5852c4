"""The temporal tagger: recognize spans, check them in context, build specs, resolve to TIMEX3.

``extract_timexes(text, dct)`` is the plain API. It matches the rules over the raw text (cheap),
tags only the sentences whose candidates need part-of-speech or tense, and anchors each value
to the DCT or to the dates the text mentioned before (the discourse). ``extract(analysis, dct)`` does the
same over a document's shared :class:`~timeline.analysis.Analysis`, and returns the discourse too.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from timeline.analysis import Analysis
from timeline.calendar import Point
from timeline.language import DEFAULT_LANGUAGE, language
from timeline.model import Timex
from timeline.timex import checks as checks_mod
from timeline.timex.checks import Candidate, View
from timeline.timex.discourse import Discourse, Mention, needs_tense
from timeline.timex.grammar import fold
from timeline.timex.resolve import NO_REFERENCE, Reference, Resolved, resolve
from timeline.timex.rules import CompiledRule, rules_for
from timeline.timex.specs import DateSpec

Packs = tuple[str, ...] | list[str] | None  # the domain packs of rules besides the core grammar (None: the language's defaults)


def recognize(text: str, rules: tuple[CompiledRule, ...] | None = None) -> list[Candidate]:
    """Every match of every rule (the default language's core and default packs, unless ``rules`` are given)
    whose builder accepts it (overlapping)."""
    out: list[Candidate] = []
    folded = fold(text)
    for rule in rules if rules is not None else rules_for():
        if rule.needles is not None and not any(n in folded for n in rule.needles):
            continue  # none of the words every match of the rule holds is in the text
        for m in rule.pattern.finditer(text):
            spec = rule.build(m)
            if spec is not None:
                start, end = m.span(rule.span) if rule.span else m.span()
                out.append(Candidate(start, end, rule.name, spec, rule.priority, rule.check))
    return out


def select(cands: Iterable[Candidate]) -> list[Candidate]:
    """A non-overlapping subset: longest first, then the higher priority, then the leftmost."""
    chosen: list[Candidate] = []
    starts: list[int] = []  # the chosen spans, sorted and disjoint: a new one only has to be checked
    ends: list[int] = []  # against its two neighbours
    for cand in sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
        i = bisect.bisect_left(starts, cand.start)
        if i > 0 and ends[i - 1] > cand.start:
            continue
        if i < len(starts) and starts[i] < cand.end:
            continue
        starts.insert(i, cand.start)
        ends.insert(i, cand.end)
        chosen.append(cand)
    chosen.sort(key=lambda c: c.start)
    return chosen


def tense_matters(spec, dct: dt.date, local=None) -> bool:
    """Whether the sentence's tense can change the value (a Thursday said on a Thursday cannot), given the
    date its sentence already gave (``local``), if any."""
    if not needs_tense(spec):
        return False
    reference = Reference(local=local) if local is not None else NO_REFERENCE
    values = {resolve(spec, dct, reference, direction).value for direction in ("past", "future", None)}
    return len(values) > 1


def tag_candidates(text: str, dct: dt.date, context: Analysis, packs: Packs = None,
                   name: str = DEFAULT_LANGUAGE) -> list[Candidate]:
    """Recognize, drop what fails its check, choose, and extend.

    Sentences are tagged only for the chosen candidates that need it: a check that reads
    part-of-speech ("May" the month or the modal) or a year-less date whose value depends on
    tense. A candidate that then fails its check gives way to the next best one.
    """
    cands = recognize(text, rules_for(packs, name))
    pending = {id(c) for c in cands if checks_mod.needs_tags(c.check, text[c.start : c.end])}
    kept = [c for c in cands if id(c) in pending or checks_mod.passes(c.check, View(text, c, None))]
    while True:
        chosen = select(kept)
        wanted = [c.start for c in chosen if id(c) in pending or tense_matters(c.spec, dct)]
        context.prepare(wanted)
        failed = {
            id(c)
            for c in chosen
            if id(c) in pending and not checks_mod.passes(c.check, View(text, c, context.tokens(c.start)))
        }
        pending -= {id(c) for c in chosen}
        if not failed:
            break
        kept = [c for c in kept if id(c) not in failed]
    extend = language(name).function("modifiers")
    return select(extend(text, c) for c in chosen)


@dataclass(frozen=True, slots=True)
class ChoicePoint:
    """A candidate as the rules resolved it, with what they read to do so: what a chooser of readings sees."""

    text: str
    cand: Candidate
    dct: dt.date
    reference: Reference
    tense: str | None  # the direction the sentence's tense gave, when the rules read it
    resolved: Resolved  # the rules' own reading
    analysis: Analysis
    sentence: int
    paragraph: int
    first_in_sentence: bool
    previous: Mention | None  # the last date mention before it


# Picks the reading of a candidate: the resolution to keep, or None when it is no temporal expression here. The
# rules' own reading is the default (no chooser); a learned one lives with the evaluation
# (timeline.evaluate.choice_model), off the production path.
Chooser = Callable[[ChoicePoint], Resolved | None]


def anchor_candidates(text: str, cands: list[Candidate], dct: dt.date, context: Analysis,
                      chooser: Chooser | None = None, name: str = DEFAULT_LANGUAGE) -> tuple[list[Timex], Discourse]:
    """Resolve candidates in text order, each against the discourse so far (the tense of a sentence read by
    the language ``name``); the timexes and that discourse.

    ``chooser``, when given, is asked about every candidate once the rules have resolved it, and may keep
    another reading or drop it (see :data:`Chooser`)."""
    direction = language(name).function("tense")
    discourse = Discourse(dct)
    out: list[Timex] = []
    last_sentence = -1
    for cand in cands:
        sentence = context.sentence_index(cand.start)
        paragraph = context.paragraph_index(cand.start)
        previous = discourse.previous
        after = previous[1] if previous is not None and needs_tense(cand.spec) and _ends_range(text, previous[0], cand) else None
        reference = discourse.reference(sentence, paragraph, cand.spec, after)
        tense = None
        if tense_matters(cand.spec, dct):
            tense = direction(context.tokens(cand.start), cand.start, cand.end)
        elif reference.local is not None and tense_matters(cand.spec, dct, reference.local):
            # a year-less date beside another date of its sentence goes next to it unless the tense disagrees;
            # rare, so its sentence is tagged now (it was not asked for up front, the other date unknown then)
            context.prepare([cand.start])
            tense = direction(context.tokens(cand.start), cand.start, cand.end)
        res: Resolved = resolve(cand.spec, dct, reference, tense, cand.rule)
        if chooser is not None:
            chosen = chooser(ChoicePoint(text, cand, dct, reference, tense, res, context, sentence, paragraph,
                                         sentence != last_sentence,
                                         discourse.mentions[-1] if discourse.mentions else None))
            if chosen is None:
                continue  # not a temporal expression here
            res = chosen
        last_sentence = sentence
        discourse.record(cand, text, sentence, paragraph, res)
        measured = isinstance(cand.spec, DateSpec) and cand.spec.measure is not None
        reached = res.point if res.point is not None and res.point.resolved else None
        out.append(
            Timex(
                id=f"t{len(out) + 1}",
                text=text[cand.start : cand.end],
                start=cand.start,
                end=cand.end,
                type=res.type,
                value=res.value,
                mod=res.mod,
                anchor=res.anchor,
                quant=res.quant,
                freq=res.freq,
                point=reached.value() if measured and reached is not None else None,
                date=reached if res.type in ("DATE", "TIME") or measured else None,
            )
        )
    return out, discourse


_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|until|till|through|thru)\s*", re.I)
_BETWEEN_GAP = re.compile(r"\s*and\s*", re.I)
_BETWEEN = re.compile(r"\bbetween\s*$", re.I)


def _shape(point: Point) -> tuple[bool, ...]:
    return tuple(getattr(point, f) is not None for f in ("month", "day", "weekday", "season", "quarter", "half"))


def _ends_range(text: str, first: Candidate, second: Candidate) -> bool:
    """ "Monday to Wednesday", "from Nov. 28 through Dec. 2", "between March and May": the second date
    closes a range the first opens."""
    if not (isinstance(first.spec, DateSpec) and isinstance(second.spec, DateSpec)
            and _shape(first.spec.detail) == _shape(second.spec.detail)):
        return False  # "a revision Tuesday to November's numbers", "from Oct. 3 to Thursday"
    gap = text[first.end : second.start]
    if _RANGE_GAP.fullmatch(gap):
        return True
    return bool(_BETWEEN_GAP.fullmatch(gap)) and bool(_BETWEEN.search(text, max(0, first.start - 12), first.start))


def extract(analysis: Analysis, dct: dt.date, packs: Packs = None, chooser: Chooser | None = None,
            name: str = DEFAULT_LANGUAGE) -> tuple[list[Timex], Discourse]:
    """The timexes of an analysed document and the discourse of dates they make (``packs``: the domain packs
    of rules to use besides the core grammar, see :mod:`timeline.timex.rules`, None for the language's
    defaults; ``chooser``: what may pick another reading than the rules', see :func:`anchor_candidates`;
    ``name``: the language bundle, :mod:`timeline.language`)."""
    cands = tag_candidates(analysis.text, dct, analysis, packs, name)
    return anchor_candidates(analysis.text, cands, dct, analysis, chooser, name)


def prepare(model: str, packs: Packs = None, name: str = DEFAULT_LANGUAGE):
    """The spaCy pipeline ``model``, loaded, and the rules of the language ``name`` and ``packs``, compiled: what
    a worker does once before its first document, so that no document's time pays for it."""
    from timeline.nlp import load_pipeline

    nlp = load_pipeline(model)
    rules_for(packs, name)
    return nlp


def extract_timexes(text: str, dct: dt.date | str, *, nlp=None, model: str | None = None, packs: Packs = None,
                    chooser: Chooser | None = None, language: str = DEFAULT_LANGUAGE) -> list[Timex]:
    """The temporal expressions of ``text`` normalized to TIMEX3, anchored to ``dct``, with the rules of the
    core grammar of ``language`` and of ``packs`` (by default the language's: for English the earnings pack;
    ``packs=()`` for none).

    >>> [(t.text, t.value) for t in extract_timexes("Putin met Xi on Thursday.", "2022-09-15")]
    [('Thursday', '2022-09-15')]
    """
    if isinstance(dct, str):
        dct = dt.date.fromisoformat(dct[:10])
    if nlp is None:
        from timeline.nlp import DEFAULT_MODEL, load_pipeline

        nlp = load_pipeline(model or DEFAULT_MODEL)
    return extract(Analysis(text, nlp, language=language), dct, packs, chooser, language)[0]
