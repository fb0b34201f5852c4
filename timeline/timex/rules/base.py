"""What every rule module shares: the rule record, the ``@rule`` decorator that registers one, and the
helpers that turn matched words into calendar fields through the lexicon.

A rule is a grammar template (see :mod:`timeline.timex.grammar`), a builder that makes a spec of the
match (or ``None`` to reject it), and optionally the context check it must pass (a
:class:`~timeline.timex.checks.Check` defined beside it) and the pack it belongs to. Registering a rule
compiles nothing: its template becomes a pattern when a language's rules are first asked for
(:func:`timeline.timex.rules.rules_for`), against that language's fragments.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from timeline.calendar import Point
from timeline.timex.checks import Check
from timeline.timex.grammar import compile_rule, needles
from timeline.timex.lexicon import ASCII_FOLD, Unit, load
from timeline.timex.specs import DateSpec, Spec

Builder = Callable[[re.Match], Spec | None]


@dataclass(frozen=True)
class Rule:
    """A rule as its module registers it."""

    name: str
    template: str
    build: Builder
    priority: int = 0
    check: Check | None = None
    span: str | None = None  # the group that is the expression, when the rest is context
    pack: str | None = None  # the domain pack the rule belongs to (None: the core grammar of its language)
    module: str = ""  # the module that registers it


@dataclass(frozen=True)
class CompiledRule:
    """A rule with its template compiled against one language's fragments: what the recognizer runs."""

    rule: Rule
    pattern: re.Pattern
    # strings one of which every match contains (grammar.needles): a text without any needs no scan
    needles: frozenset[str] | None

    @property
    def name(self) -> str:
        return self.rule.name

    @property
    def build(self) -> Builder:
        return self.rule.build

    @property
    def priority(self) -> int:
        return self.rule.priority

    @property
    def check(self) -> Check | None:
        return self.rule.check

    @property
    def span(self) -> str | None:
        return self.rule.span

    @property
    def pack(self) -> str | None:
        return self.rule.pack


def compile_for(rule_: Rule, language: str) -> CompiledRule:
    pattern = compile_rule(rule_.template, language)
    return CompiledRule(rule_, pattern, needles(pattern))


REGISTERED: dict[str, list[Rule]] = {}  # module name -> its rules, in the order it registers them


# --- the examples a module carries -------------------------------------------------------------
EXAMPLE_DCT = "2022-09-15"  # a Thursday: the publication date of the examples unless one says otherwise
_MARKED = re.compile(r"\[([^\]]+)\]")


@dataclass(frozen=True)
class Example:
    """A sentence with one temporal expression in [brackets], and the TIMEX3 value (and mod) it is read as."""

    marked: str
    value: str
    mod: str | None = None
    dct: str = EXAMPLE_DCT

    @property
    def text(self) -> str:
        return self.marked.replace("[", "").replace("]", "")

    @property
    def span(self) -> tuple[int, int]:
        m = _MARKED.search(self.marked)
        if m is None:
            raise ValueError(f"no [expression] in {self.marked!r}")
        return m.start(), m.end() - 2


@dataclass(frozen=True)
class Corpus:
    """What a module's rules must read and must not, as Duckling's corpus and negative corpus: examples (a
    sentence, its expression in brackets, the value) and counter-examples (a sentence whose words in brackets
    are no temporal expression, nor part of one). tests/test_rule_corpus.py runs every module's corpus and
    checks that every registered rule reads at least one of the examples."""

    examples: tuple[Example, ...]
    counter: tuple[Example, ...]  # value "": none


def corpus(examples: Iterable[tuple[str, ...]], counter: Iterable[str]) -> Corpus:
    """A corpus from rows ``(sentence, value[, mod[, dct]])`` and counter-example sentences."""
    rows = []
    for row in examples:
        marked, value, *rest = row
        rows.append(Example(marked, value, rest[0] if rest else None, *rest[1:2]))
    return Corpus(tuple(rows), tuple(Example(marked, "") for marked in counter))


def rule(template: str, *, priority: int = 0, check: Check | None = None, name: str | None = None,
         span: str | None = None, pack: str | None = None) -> Callable[[Builder], Builder]:
    """Register a recognition rule: a grammar template and the builder below it (``span``: the named
    group that is the expression, when the rest of the match is only its context; ``check``: the context
    check a match must pass; ``pack``: the domain pack that owns it, switched off with the pack)."""

    def register(build: Builder) -> Builder:
        module = build.__module__
        REGISTERED.setdefault(module, []).append(
            Rule(name or build.__name__, template, build, priority, check, span, pack, module))
        return build

    return register


def alt(words: Iterable[str]) -> str:
    """A regex alternation of words, longest first, spaces matching any run of spaces."""
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", " ") for w in sorted(words, key=len, reverse=True)) + ")"


def key(text: str) -> str:
    """A matched phrase as the lexicon writes it: lower case, single spaces."""
    return re.sub(r"\s+", " ", text.translate(ASCII_FOLD).lower().strip())


# --- words to calendar fields ------------------------------------------------------------
def month(word: str) -> int:
    return load().month(word)


def weekday(word: str) -> int:
    return load().weekday(word)


def day(text: str) -> int:
    m = re.match(r"\d+", text)
    assert m is not None, text  # the rules call it on a day number they matched
    return int(m.group())


def ordinal(text: str) -> int | None:
    text = key(text)
    m = re.match(r"(\d+)", text)
    if m:
        return int(m.group(1))
    return load().ordinals.get(text)


def day_word(text: str) -> int | None:
    """ "eighth", "twenty first", "Twenty-First" → 8, 21, 21."""
    return ordinal(re.sub(r"[\s-]+", "-", text))


def unit(word: str) -> Unit:
    return load().unit(word)


def season(word: str) -> str:
    return load().season(word)


def part_of_day(word: str) -> str:
    return load().part_of_day(word)


def holiday_code(name: str) -> str:
    """The lexicon's code for a holiday name: "MM-DD" for a fixed one, a rule name for a movable one."""
    return load().holidays[key(name)]


def valid(year: int | None, month_: int, day_: int) -> bool:
    try:
        dt.date(year or 2000, month_, day_)
    except ValueError:
        return False
    return True


def two_digit_year(text: str) -> int:
    yy = int(text.strip("'"))
    return 1900 + yy if yy >= 30 else 2000 + yy


def point_mod(word: str | None) -> str | None:
    """ "early" START, "mid" MID, "late" END (the lexicon's point modifiers); None for no word."""
    return load().point_mods.get(key(word or "").rstrip("-")) if word else None


# --- "last April", "next Friday" ----------------------------------------------------------
def last_or_next(which: str, point: Point, this: DateSpec) -> DateSpec:
    """ "last April" / "next Friday": the nearest one strictly before / after the anchor's own; "this"
    keeps ``this``."""
    shift = load().shifts[key(which)]
    if shift == 0:
        return this
    return DateSpec(point, "latent", direction="past" if shift < 0 else "future", strict=True)
