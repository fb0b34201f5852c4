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
    factor: int = 1


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


def _key(word: str) -> str:
    return re.sub(r"\s+", " ", word.lower().strip()).rstrip(".")


@functools.lru_cache(maxsize=1)
def load() -> Lexicon:
    with LEXICON_PATH.open("rb") as handle:
        raw = tomllib.load(handle)
    units = {k: Unit(v["code"], v["granularity"], v.get("factor", 1)) for k, v in raw["units"].items()}
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
    )


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
