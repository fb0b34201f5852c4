"""Regular-expression fragments built from the lexicon, and the template language rules use.

A rule pattern is a template such as ``"{MONTH} {DAY},? {YEAR}"``: each ``{NAME}`` expands to
the fragment below, and a space means "one or more spaces". Name the parts you need with
``(?P<name>...)``. Patterns are matched case-insensitively; fragments that must keep their case
(month and weekday names, so that "may" and "march" the words are not months) say so.
"""

from __future__ import annotations

import functools
import re

from timeline.timex.lexicon import load

# Words a few letters long that are abbreviations (they take an optional period).
_FULL_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december"}
_FULL_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# a time zone after a clock time: "3 a.m. EDT", "3 a.m. local time", "5:30 p.m. Eastern time"
TIME_ZONE = (
    r"(?:(?-i:(?:[ECMP][SD]?T|GMT|UTC|BST|CET|CEST|EET|MSK|JST|IST|HKT|SGT|AEST|AEDT)(?!\w))|local time(?!\w)|"
    r"(?-i:Eastern|Central|Mountain|Pacific|Greenwich Mean|Moscow|Beijing|Tokyo) (?:(?-i:Standard|Daylight) )?time(?!\w))"
)
# Month names that are also common words: only their capitalized forms are months.
_AMBIGUOUS_MONTHS = {"may", "march", "mar", "jan", "jun", "dec", "sept", "sep", "oct", "nov", "aug", "apr", "feb", "jul"}


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


def _abbreviations(words, full) -> tuple[list[str], list[str]]:
    return [w for w in words if w in full], [w for w in words if w not in full]


@functools.lru_cache(maxsize=1)
def fragments() -> dict[str, str]:
    lex = load()
    full_months, abbr_months = _abbreviations(lex.months, _FULL_MONTHS)
    month_full = _alternation(full_months, cased=True, lower_ok=_FULL_MONTHS - _AMBIGUOUS_MONTHS)
    month_abbr = _alternation(abbr_months, cased=True)
    full_days, abbr_days = _abbreviations(lex.weekdays, _FULL_WEEKDAYS)
    weekday_full = _alternation(full_days, cased=True, lower_ok=_FULL_WEEKDAYS)
    weekday_abbr = _alternation(abbr_days, cased=True)
    units = _alternation(lex.units)
    singular_units = _alternation([u for u in lex.units if not u.endswith("s") or u in ("hrs",)])
    plural_units = _alternation([u for u in lex.units if u.endswith("s") or u in ("centuries", "millennia")])

    small = [w for w, v in lex.numbers.items() if " " not in w and isinstance(v, int) and 1 <= v <= 19 and w not in ("a", "an")]
    tens = [w for w, v in lex.numbers.items() if " " not in w and isinstance(v, int) and v in range(20, 100, 10)]
    small_alt = _alternation(small)
    tens_alt = _alternation(tens)
    below_100 = rf"(?:{tens_alt}(?:[\s-]+{small_alt})?|{small_alt})"
    number_word = (
        rf"(?:(?:{below_100}|a|one)[\s-]+(?:hundred|thousand)(?:[\s-]+(?:and[\s-]+)?{below_100})?|{below_100})"
    )
    number_digits = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:[\s-]+\d/\d)?|\d/\d)"
    idioms = _alternation([w for w in lex.numbers if " " in w and not w.startswith(("one ",))])
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
        "TZ": TIME_ZONE,
        "HOLIDAY": _alternation(lex.holidays),
        "DECADE_WORD": r"(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)",
        " ": r"\s+",
    }


_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


_LOOKBEHIND = re.compile(r"\(\?<[=!][^()]*\)")


def expand(template: str) -> str:
    """Expand ``{NAME}`` fragments and turn literal spaces into ``\\s+`` (one ``\\s`` inside a
    look-behind, which must have a fixed width), and ",? " into an optional comma that may follow a space."""
    frags = fragments()
    template = _LOOKBEHIND.sub(lambda m: m.group(0).replace(" ", r"\s"), template)
    # an optional comma may stand apart in tokenized text: "April 28 , 2003"
    template = template.replace(",? ", "\x01")
    body = _PLACEHOLDER.sub(lambda m: frags[m.group(1)], template.replace(" ", "\x00"))
    return body.replace("\x00", r"\s+").replace("\x01", r"(?:\s?,)?\s+")


def compile_rule(template: str) -> re.Pattern:
    """A rule pattern with word boundaries on both sides, matched case-insensitively; never the first
    half of a compound such as "quarter-to-quarter", "year-over-year" or "day-by-day"."""
    return re.compile(rf"(?<![\w$£€¥#@])(?:{expand(template)})(?![\w%$])(?!-(?:to|over|on|by|after|for)-)", re.I)
