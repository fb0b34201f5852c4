"""Regular-expression fragments built from the lexicon, and the template language rules use.

A rule pattern is a template such as ``"{MONTH} {DAY},? {YEAR}"``: each ``{NAME}`` expands to
the fragment below, and a space means "one or more spaces". Name the parts you need with
``(?P<name>...)``. Patterns are matched case-insensitively; fragments that must keep their case
(month and weekday names, so that "may" and "march" the words are not months) say so.
"""

from __future__ import annotations

import functools
import re
# the parser of the standard library, to read what a pattern begins with (private, so the type checker has no stubs)
from re import _constants, _parser  # type: ignore[attr-defined]

from timeline.language import DEFAULT_LANGUAGE, language
from timeline.timex.lexicon import ASCII_FOLD, full_names, load


def _alternation(words, *, cased: bool = False, lower_ok=()) -> str:
    forms: list[str] = []
    for word in sorted(words, key=len, reverse=True):
        variants = {word.title(), word.upper()} if cased else {word}
        if cased and word in lower_ok:
            variants.add(word)
        for variant in sorted(variants):
            escaped = re.escape(variant).replace(r"\ ", r"\s+")
            forms.append(escaped)
    body = "|".join(forms)
    return f"(?-i:{body})" if cased else f"(?:{body})"


def _abbreviations(names: dict[str, int]) -> tuple[list[str], list[str]]:
    """The full names of a table of names (``full_names``: "september") and the others, its abbreviations
    ("sept", "sep"), which take an optional full stop."""
    full = {name.lower() for name in full_names(names)}
    return [w for w in names if w in full], [w for w in names if w not in full]


def _time_zone(zones: dict) -> str:
    """A time zone after a clock time: an upper-case abbreviation, "local time", or a zone's name + "time"."""
    abbreviations = "|".join(sorted((re.escape(z) for z in zones["abbreviations"]), key=len, reverse=True))
    names = "|".join(re.escape(n).replace(r"\ ", " ") for n in zones["names"])
    return (rf"(?:(?-i:(?:{abbreviations}))(?!\w)|local time(?!\w)|"
            rf"(?-i:{names}) (?:(?-i:Standard|Daylight) )?time(?!\w))")


@functools.lru_cache(maxsize=None)
def fragments(name: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The fragments of the English grammar, built from the lexicon of the language ``name``."""
    lex = load(name)
    full_months, abbr_months = _abbreviations(lex.months)
    month_full = _alternation(full_months, cased=True, lower_ok=set(full_months) - lex.common_word_months)
    month_abbr = _alternation(abbr_months, cased=True)
    full_days, abbr_days = _abbreviations(lex.weekdays)
    weekday_full = _alternation(full_days, cased=True, lower_ok=set(full_days))
    weekday_abbr = _alternation(abbr_days, cased=True)
    units = _alternation(lex.units)
    singular_units = _alternation([w for w, u in lex.units.items() if u.singular])
    plural_units = _alternation([w for w, u in lex.units.items() if u.plural])

    articles = lex.indefinite_articles
    small = [w for w, v in lex.numbers.items() if " " not in w and isinstance(v, int) and 1 <= v <= 19 and w not in articles]
    tens = [w for w, v in lex.numbers.items() if " " not in w and isinstance(v, int) and v in range(20, 100, 10)]
    small_alt = _alternation(small)
    tens_alt = _alternation(tens)
    ones = _alternation(w for w, v in lex.numbers.items() if v == 1 and " " not in w)  # "a", "an", "one"
    scales = _alternation(lex.number_scales)
    joiners = _alternation(lex.number_joiners)
    below_100 = rf"(?:{tens_alt}(?:[\s-]+{small_alt})?|{small_alt})"
    number_word = (
        rf"(?:(?:{below_100}|{ones})[\s-]+{scales}(?:[\s-]+(?:{joiners}[\s-]+)?{below_100})?|{below_100})"
    )
    number_digits = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:[\s-]+\d/\d)?|\d/\d)"
    # the phrases the number words above do not read ("a dozen", "a couple of"); "one hundred" they read
    counted_one = {w for w, v in lex.numbers.items() if v == 1 and " " not in w} - articles
    idioms = _alternation([w for w in lex.numbers if " " in w and w.split()[0] not in counted_one])
    vague = _alternation(lex.vague_numbers)
    ordinals = _alternation(lex.ordinals)
    day_words = _alternation([w for w, n in lex.ordinals.items() if 1 <= n <= 31]).replace(r"\-", r"[\s-]")

    return {
        "MONTH": rf"(?:{month_full}|{month_abbr}\.?)",
        "MONTH_FULL": month_full,
        "WEEKDAY": rf"(?:{weekday_full}|{weekday_abbr}\.)",
        "WEEKDAY_ANY": rf"(?:{weekday_full}|{weekday_abbr}\.?)",
        "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)",
        "DAYWORD": day_words,  # "eighth", "twenty-first": days said in words
        "YEAR": r"(?:1\d{3}|20\d{2})(?![\d,]\d)",
        "YEAR2": r"'\d\d",
        "NUMWORD": number_word,
        "NUM": rf"(?:{number_digits}|{idioms}|{number_word})",
        "VAGUE": vague,
        "ORD": rf"(?:{ordinals}|\d{{1,2}}(?:st|nd|rd|th))",
        "UNIT": units,
        "UNIT1": singular_units,
        "UNITS": plural_units,
        "SEASON": _alternation(lex.seasons),
        "POD": _alternation(lex.parts_of_day),
        "CLOCKWORD": _alternation(lex.clock_words),
        "AMPM": r"(?:a\.m\.|p\.m\.|a\.m(?!\w)|p\.m(?!\w)|am(?!\w)|pm(?!\w))",
        "TZ": _time_zone(lex.time_zones),
        "HOLIDAY": _alternation(lex.holidays),
        "DECADE_WORD": _alternation(lex.decade_words),
        "CENTURY_WORD": _alternation(lex.spelled_centuries),
        "SHIFT": _alternation(lex.shifts),  # "last", "this", "the coming": from the DCT
        "ANAPHORIC_SHIFT": _alternation(lex.anaphoric_shifts),  # "the following", "the previous"
        "SAME": _alternation(lex.same),  # "that", "the same"
        "PERIOD_UNIT": _alternation([w for w, u in lex.units.items() if u.period]),  # year, week, weekend...
        "SHIFT_UNIT": _alternation([w for w, u in lex.units.items() if u.period or (u.factor > 1 and not w.endswith("s"))]),
        "TIMES": _alternation(lex.times),  # "once", "twice"
        "OF_THAT_YEAR": _alternation(lex.of_that_year),  # "that", "the following": "in March of that year"
        "SET_ADVERB": _alternation([w for w in lex.sets if " " not in w]),  # "daily", "fortnightly"
        "WEEKDAYS": _alternation([d + "s" for d in full_days], cased=True),  # "Mondays": every Monday
        "REFERENCE": _alternation(lex.references),  # "now", "recently", "the near future"
        "PERIOD_PART": _alternation(lex.period_parts),  # "end", "beginning": "the end of the year"
        "FISCAL": _alternation(lex.fiscal),  # "fiscal", "financial": "the last financial quarter"
        " ": r"\s+",
    }


_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


_LOOKBEHIND = re.compile(r"\(\?<[=!][^()]*\)")


def expand(template: str, name: str = DEFAULT_LANGUAGE) -> str:
    """Expand ``{NAME}`` fragments (those of the language ``name``) and turn literal spaces into ``\\s+`` (one
    ``\\s`` inside a look-behind, which must have a fixed width), and ",? " into an optional comma that may
    follow a space."""
    frags = language(name).function("fragments")(name)
    template = _LOOKBEHIND.sub(lambda m: m.group(0).replace(" ", r"\s"), template)
    # an optional comma may stand apart in tokenized text: "April 28 , 2003"
    template = template.replace(",? ", "\x01")
    body = _PLACEHOLDER.sub(lambda m: frags[m.group(1)], template.replace(" ", "\x00"))
    return body.replace("\x00", r"\s+").replace("\x01", r"(?:\s?,)?\s+")


def compile_rule(template: str, name: str = DEFAULT_LANGUAGE) -> re.Pattern:
    """A rule pattern with word boundaries on both sides, matched case-insensitively; never the first
    half of a compound such as "quarter-to-quarter", "year-over-year" or "day-by-day".

    The pattern opens with a look-ahead for the characters a match can begin with (:func:`first_chars`):
    at the many positions where none stands, the search moves on after one cheap test instead of trying
    every branch of the rule. It changes no match."""
    links = "|".join(sorted(map(re.escape, load(name).compound_links)))
    body = rf"(?<![\w$£€¥#@])(?:{expand(template, name)})(?![\w%$])(?!-(?:{links})-)"
    pattern = re.compile(body, re.I)
    first = first_chars(pattern)
    return re.compile(f"(?={first}){body}", re.I) if first else pattern


# --- words a match must contain ------------------------------------------------------------------


def fold(text: str) -> str:
    """The text as :func:`needles` are written: lower case, with the letters that a case-insensitive pattern
    takes for an ASCII letter written as that letter."""
    return text.lower() if text.isascii() else text.translate(ASCII_FOLD).lower()


def needles(pattern: re.Pattern) -> frozenset[str] | None:
    r"""Strings one of which every match of ``pattern`` contains (in :func:`fold`'s spelling), chosen as long
    as the pattern allows; None when no string of two characters or more is sure to be there. A text that
    holds none of them cannot match, so the rule need not scan it.

    >>> sorted(needles(re.compile(r"(?:the\s+)?(?:first|second)\s+quarter", re.I)))
    ['quarter']
    """
    try:
        found = _needles_of_sequence(_parser.parse(pattern.pattern, pattern.flags))
    except _Unbounded:
        return None
    return frozenset(found) if found and min(map(len, found)) >= 2 else None


def _needles_of_sequence(items) -> set[str] | None:
    c = _constants
    options: list[set[str]] = []
    run = ""
    for op, av in list(items) + [(None, None)]:
        if op is c.LITERAL:
            run += chr(av).lower()
            continue
        if run:
            options.append({run})
            run = ""
        if op is None or op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue
        found = _needles_of_item(op, av)
        if found:
            options.append(found)
    if not options:
        return None
    return max(options, key=lambda o: min(map(len, o)))


def _needles_of_item(op, av) -> set[str] | None:
    c = _constants
    if op is c.SUBPATTERN:
        return _needles_of_sequence(av[3])
    if op is c.ATOMIC_GROUP:
        return _needles_of_sequence(av)
    if op is c.BRANCH:
        found: set[str] = set()
        for branch in av[1]:
            one = _needles_of_sequence(branch)
            if not one:
                return None
            found |= one
        return found
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _needles_of_sequence(av[2])
    return None  # optional, a class of characters, or any character: no string is sure


# --- what a match can begin with ------------------------------------------------------------------
_CATEGORIES = {_constants.CATEGORY_DIGIT: r"\d", _constants.CATEGORY_WORD: r"\w", _constants.CATEGORY_SPACE: r"\s"}


class _Unbounded(Exception):
    """The first character of a match cannot be told from the pattern (any character, a negated class)."""


def first_chars(pattern: re.Pattern) -> str | None:
    r"""A character class that holds the first character of every match of ``pattern``, or None when the
    pattern could begin with any character or match the empty string.

    >>> first_chars(re.compile(r"(?<!\w)(?:the )?(?:May|June) \d"))
    '[JMt]'
    """
    try:
        chars, nullable = _first_of_sequence(_parser.parse(pattern.pattern, pattern.flags))
    except _Unbounded:
        return None
    if nullable or not chars:
        return None
    return "[" + "".join(sorted(chars)) + "]"


def _first_of_sequence(items) -> tuple[set[str], bool]:
    chars: set[str] = set()
    for op, av in items:
        first, nullable = _first_of_item(op, av)
        chars |= first
        if not nullable:
            return chars, False
    return chars, True


def _first_of_item(op, av) -> tuple[set[str], bool]:
    c = _constants
    if op is c.LITERAL:
        return {re.escape(chr(av))}, False
    if op is c.IN:
        chars = set()
        for item_op, item in av:
            if item_op is c.LITERAL:
                chars.add(re.escape(chr(item)))
            elif item_op is c.RANGE:
                chars.add(re.escape(chr(item[0])) + "-" + re.escape(chr(item[1])))
            elif item_op is c.CATEGORY and item in _CATEGORIES:
                chars.add(_CATEGORIES[item])
            else:
                raise _Unbounded
        return chars, False
    if op is c.SUBPATTERN:
        return _first_of_sequence(av[3])
    if op is c.ATOMIC_GROUP:
        return _first_of_sequence(av)
    if op is c.BRANCH:
        chars, nullable = set(), False
        for branch in av[1]:
            first, empty = _first_of_sequence(branch)
            chars |= first
            nullable = nullable or empty
        return chars, nullable
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _, sub = av
        first, nullable = _first_of_sequence(sub)
        return first, nullable or low == 0
    if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
        return set(), True  # takes no character
    raise _Unbounded
