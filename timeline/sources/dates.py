"""Publication dates: parsing what a source gives, and the one rule for choosing a document's date.

The rule, for every kind of file: the date the caller gives (``--dct``) wins; else the first date the
document itself carries (front matter, sidecar, JSON field, TimeML DCT, page metadata, feed entry), in
the order its loader lists them; else the configured fallback; else the document is refused. A date the
document carries but that is not a date is an error naming it, never silently replaced: the extractor
never anchors to a guessed or "today" date.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any, Iterable

from timeline.language import language
from timeline.sources.entry import SourceError


@dataclass(frozen=True, slots=True)
class ParsedDate:
    date: dt.date
    time: str | None  # "HH:MM" when given


@functools.lru_cache(maxsize=4096)
def _dateparser_parse(value: str):
    return _date_data_parser().get_date_data(value)


@functools.lru_cache(maxsize=1)
def _date_data_parser():
    from dateparser.date import DateDataParser  # imported lazily: it is slow to import

    # the languages the default language bundle names (English: ["en"])
    return DateDataParser(languages=list(language().dateparser_languages), settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "YMD"})


_ISO = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


def parse_dct(value: Any) -> ParsedDate:
    """Parse a publication date given as a date, a datetime, or a string in any common form.

    Raises ValueError when the value does not name a day.

    >>> parse_dct("2022-09-15").date
    datetime.date(2022, 9, 15)
    >>> parse_dct("Thu, 15 Sep 2022 10:30:00 GMT").time
    '10:30'
    """
    if isinstance(value, dt.datetime):
        return ParsedDate(value.date(), value.strftime("%H:%M"))
    if isinstance(value, dt.date):
        return ParsedDate(value, None)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{value!r} is not a date")
    text = value.strip()
    compact = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)  # TimeML DCTs such as 19980108
    if compact:
        text = f"{compact[1]}-{compact[2]}-{compact[3]}"
    iso = _ISO.fullmatch(text)
    if iso:
        try:
            day = dt.date.fromisoformat(iso[1])
        except ValueError as exc:
            raise ValueError(f"not a valid date: {value!r} ({exc})") from None
        return ParsedDate(day, f"{iso[2]}:{iso[3]}" if iso[2] else None)
    data = _dateparser_parse(text)
    if data.date_obj is None:
        raise ValueError(f"{value!r} is not a date")
    if data.period not in ("day", "time"):
        raise ValueError(f"a publication date must name a day, {value!r} names a {data.period}")
    has_time = data.period == "time" or bool(re.search(r"\d:\d\d", text))
    return ParsedDate(data.date_obj.date(), data.date_obj.strftime("%H:%M") if has_time else None)


def publication_date(
    carried: Iterable[tuple[str, Any]],
    where: str,
    *,
    given: dt.date | None,
    fallback: dt.date | None,
    missing: str,
) -> tuple[ParsedDate, str]:
    """The document's date and where it came from, by the rule above.

    ``carried``: (source label, raw value) pairs in order of precedence, e.g. ``("front-matter:published",
    "2022-09-15")``; empty values are passed over. ``missing`` ends the error message when no date is found
    (what the user can do about it).

    >>> publication_date([("json:published", "2022-09-15")], "a.json", given=None, fallback=None, missing="")[1]
    'json:published'
    """
    if given is not None:
        return ParsedDate(given, None), "cli"
    for source, raw in carried:
        if raw is None or raw == "":
            continue
        try:
            return parse_dct(raw), source
        except ValueError as exc:
            raise SourceError(where, f"malformed publication date in {source.replace(':', ' ', 1)}: {exc}") from None
    if fallback is not None:
        return ParsedDate(fallback, None), "fallback"
    raise SourceError(where, f"no publication date: {missing}")
