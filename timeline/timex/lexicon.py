"""Load the temporal vocabulary (lexicon.toml) and turn surface forms into values."""

from __future__ import annotations

import functools
import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

LEXICON_PATH = Path(__file__).with_name("lexicon.toml")


@dataclass(frozen=True, slots=True)
class Unit:
    code: str  # duration code: Y M W D H MIN S DE CE ML Q WE
    granularity: str
    factor: int = 1  # how many of ``code`` one of this unit is ("fortnight": 2 weeks)
    period: bool = False  # names a calendar period, so "last"/"next"/"the" + it is a date ("last week")

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
    weekdays: dict[str, int]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    clock_words: dict[str, str]
    units: dict[str, Unit]
    numbers: dict[str, float]
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


@functools.lru_cache(maxsize=1)
def load() -> Lexicon:
    with LEXICON_PATH.open("rb") as handle:
        raw = tomllib.load(handle)
    units = {k: Unit(v["code"], v["granularity"], v.get("factor", 1), v.get("period", False)) for k, v in raw["units"].items()}
    return Lexicon(
        months=raw["months"],
        weekdays=raw["weekdays"],
        seasons=raw["seasons"],
        parts_of_day=raw["parts_of_day"],
        clock_words=raw["clock_words"],
        units=units,
        numbers=raw["numbers"],
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
        same=frozenset(raw["same"]["words"]),
        of_that_year=raw["of_that_year"],
        times=raw["times"],
        decade_words=raw["decade_words"],
        period_parts=raw["period_parts"],
        spelled_centuries=tuple(raw["spelled_centuries"]["words"]),
        time_zones=raw["time_zones"],
    )


@functools.lru_cache(maxsize=None)
def words(name: str | Path) -> dict:
    """A word-list file beside the lexicon (``words("context")`` reads context.toml) or at a path: its
    sections, each list of words as a frozenset of lower-case words, each table as a dict.

    The lists say which words make a match temporal or not (context.toml), which verbs and cues give a
    sentence its direction (tense.toml), and what a domain pack adds (rules/earnings.toml)."""
    path = Path(name) if isinstance(name, Path) else LEXICON_PATH.with_name(f"{name}.toml")
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
    s = s.replace(" and a half", " half").replace("-and-a-half", " half")
    total = 0.0
    current = 0.0
    seen = False
    for word in re.split(r"[\s-]+", s):
        if word in ("and",):
            continue
        if word == "half":
            current += 0.5
            seen = True
            continue
        if word in ("hundred",):
            current = (current or 1) * 100
        elif word in ("thousand",):
            total += (current or 1) * 1000
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
