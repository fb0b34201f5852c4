"""Load the temporal vocabulary (the language bundle's lexicon: lexicon.toml for English) and turn surface
forms into values; read the word lists beside it."""

from __future__ import annotations

import functools
import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from timeline.language import DEFAULT_LANGUAGE, language


@dataclass(frozen=True, slots=True)
class Unit:
    code: str  # duration code: Y M W D H MIN S DE CE ML Q WE
    granularity: str
    factor: int = 1  # how many of ``code`` one of this unit is ("fortnight": 2 weeks)
    period: bool = False  # names a calendar period, so "last"/"next"/"the" + it is a date ("last week")
    plural: bool = False  # the form counts several ("years"): "{NUM} years", "for years"
    singular: bool = True  # the form counts one ("year"): "a year", "every year"

    @property
    def calendar(self) -> bool:
        """Whether "last"/"this"/"next" + this unit is a calendar period (a date) rather than a stretch of
        ``factor`` units (a duration): "last week" is 2022-W36, "the past fortnight" is P2W."""
        return self.period and self.factor == 1

    def amount(self, n: float | None) -> tuple[float | None, str]:
        """``n`` of this unit as an amount of its code: two fortnights are (4, "W")."""
        return (None if n is None else n * self.factor, self.code)


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]
    common_word_months: frozenset[str]  # month names that are common words too ("may"): only capitalized
    weekdays: dict[str, int]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    clock_words: dict[str, str]
    units: dict[str, Unit]
    numbers: dict[str, float]
    indefinite_articles: frozenset[str]  # "a", "an": one, but no number of their own before "hundred"
    number_scales: dict[str, int]  # "hundred" 100, "thousand" 1000
    number_joiners: frozenset[str]  # "one hundred and five"
    halves: dict[str, str]  # "two and a half": the phrases that add a half, as the word "half"
    compound_links: frozenset[str]  # "year-over-year": words that make a unit the first half of a compound
    fiscal: frozenset[str]  # "fiscal", "financial": an accounting period ("the last financial quarter")
    vague_numbers: dict[str, str]
    ordinals: dict[str, int]
    point_mods: dict[str, str]
    approx_mods: dict[str, str]
    outside_mods: frozenset[str]
    references: dict[str, str]
    sets: dict[str, str]
    holidays: dict[str, str]
    shifts: dict[str, int]  # "last" -1, "this" 0, "next" 1: from the DCT
    anaphoric_shifts: dict[str, int]  # "the following" 1, "the previous" -1: from the last mentioned date
    day_shifts: dict[str, int]  # "yesterday" -1, "tomorrow" 1: days from the DCT
    year_halves: dict[str, int]  # "first" 1, "latter" 2: halves of a year
    same: frozenset[str]  # "that", "the same": the period last mentioned
    of_that_year: dict[str, int]  # "of that year" 0, "of the following year" 1
    times: dict[str, int]  # "once" 1, "twice" 2
    decade_words: dict[str, int]  # "the eighties": the tens digit
    period_parts: dict[str, str]  # "the end of the year": TIMEX3 mod of the part
    spelled_centuries: tuple[str, ...]  # "nineteen" in "nineteen eighty-four"
    time_zones: dict  # abbreviations and names of time zones

    def month(self, word: str) -> int:
        return self.months[_key(word)]

    def weekday(self, word: str) -> int:
        return self.weekdays[_key(word)]

    def unit(self, word: str) -> Unit:
        return self.units[_key(word)]

    def part_of_day(self, word: str) -> str:
        return self.parts_of_day[_key(word)]

    def season(self, word: str) -> str:
        return self.seasons[_key(word)]


# the characters that match an ASCII letter case-insensitively besides its two cases ("ſ" is an "s" to a
# case-insensitive pattern, so a word matched with one is looked up as the word with the letter)
ASCII_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u212a": "k", "\u017f": "s"})


def _key(word: str) -> str:
    return re.sub(r"\s+", " ", word.translate(ASCII_FOLD).lower().strip()).rstrip(".")


@functools.lru_cache(maxsize=None)
def load(name: str = DEFAULT_LANGUAGE) -> Lexicon:
    """The lexicon of the language ``name`` (the file its bundle names as "lexicon")."""
    with language(name).file("lexicon").open("rb") as handle:
        raw = tomllib.load(handle)
    units = {k: Unit(v["code"], v["granularity"], v.get("factor", 1), v.get("period", False), v.get("plural", False),
                     v.get("singular", not v.get("plural", False))) for k, v in raw["units"].items()}
    numbers = raw["numbers"]
    return Lexicon(
        months=raw["months"],
        common_word_months=frozenset(raw["common_word_months"]["words"]),
        weekdays=raw["weekdays"],
        seasons=raw["seasons"],
        parts_of_day=raw["parts_of_day"],
        clock_words=raw["clock_words"],
        units=units,
        numbers=numbers["values"],
        indefinite_articles=frozenset(numbers["indefinite_articles"]),
        number_scales=numbers["scales"],
        number_joiners=frozenset(numbers["joiners"]),
        halves=numbers["halves"],
        compound_links=frozenset(raw["compound_links"]["words"]),
        fiscal=frozenset(raw["fiscal"]["words"]),
        vague_numbers=raw["vague_numbers"],
        ordinals=raw["ordinals"],
        point_mods=raw["point_mods"],
        approx_mods=raw["approx_mods"],
        outside_mods=frozenset(raw["outside_mods"]["words"]),
        references=raw["references"],
        sets=raw["sets"],
        holidays=raw["holidays"],
        shifts=raw["shifts"]["deictic"],
        anaphoric_shifts=raw["shifts"]["anaphoric"],
        day_shifts=raw["day_shifts"],
        year_halves=raw["year_halves"],
        same=frozenset(raw["same"]["words"]),
        of_that_year=raw["of_that_year"],
        times=raw["times"],
        decade_words=raw["decade_words"],
        period_parts=raw["period_parts"],
        spelled_centuries=tuple(raw["spelled_centuries"]["words"]),
        time_zones=raw["time_zones"],
    )


@functools.lru_cache(maxsize=None)
def words(role: str | Path, name: str = DEFAULT_LANGUAGE) -> dict:
    """A word-list file of the language ``name`` by its role in the bundle (``words("context")`` reads
    context.toml for English), or at a path: its sections, each list of words as a frozenset of lower-case
    words, each table as a dict.

    The lists say which words make a match temporal or not (context.toml), which verbs and cues give a
    sentence its direction (tense.toml), and what a domain pack adds (rules/earnings.toml)."""
    path = role if isinstance(role, Path) else language(name).file(role)
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    return {key: _frozen(value) for key, value in raw.items()}


def _frozen(value):
    if isinstance(value, list):
        return frozenset(str(v).lower() for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value


def parse_number(text: str) -> float | None:
    """A cardinal in digits or words: "24", "2 1/2", "twenty-four", "a couple of", "two hundred".

    None when it is not a number, or too large for arithmetic on amounts (beyond a float:
    "99...9.5" with 400 digits would be infinite).

    >>> parse_number("twenty four"), parse_number("2 1/2"), parse_number("a dozen")
    (24, 2.5, 12)
    """
    try:
        value = _parse_number(text)
        return value if value is None or math.isfinite(value) else None
    except (ValueError, OverflowError, ZeroDivisionError):  # more digits than int() takes; "1/0"
        return None


def _parse_number(text: str) -> float | None:
    lex = load()
    half = 0.5
    s = _key(text).replace(",", "")
    if not s:
        return None
    if s in lex.numbers:
        return lex.numbers[s]
    m = re.fullmatch(r"(\d+)(?:\s+|-)(\d+)/(\d+)", s)
    if m:
        return int(m[1]) + int(m[2]) / int(m[3])
    m = re.fullmatch(r"(\d+)/(\d+)", s)
    if m:
        return int(m[1]) / int(m[2])
    try:
        return int(s) if s.isdigit() else float(s)
    except ValueError:
        pass
    for phrase, word in lex.halves.items():
        s = s.replace(phrase, word)
    halves = set(lex.halves.values())
    total = 0.0
    current = 0.0
    seen = False
    for word in re.split(r"[\s-]+", s):
        if word in lex.number_joiners:
            continue
        if word in halves:
            current += half
            seen = True
            continue
        scale = lex.number_scales.get(word)
        if scale is not None and scale < 1000:
            current = (current or 1) * scale
        elif scale is not None:
            total += (current or 1) * scale
            current = 0
        elif word in lex.numbers:
            current += lex.numbers[word]
        elif word.isdigit():
            current += int(word)
        else:
            return None
        seen = True
    if not seen:
        return None
    value = total + current
    return int(value) if value == int(value) else value
