"""Recognition rules: a grammar over the lexicon's data, one module per phenomenon.

Each rule is a grammar template and a function that builds a spec of the match, registered with
``@rule`` (:mod:`.base`); the context check a rule's matches must pass is defined beside it and given as
``check=``. The modules:

- :mod:`.absolute`    dates with their year: "Sept. 15, 2022", "March 2021", "1998", "the 1990s"
- :mod:`.days`        calendar names without a year: "June 3", "in May", "Friday", "Christmas"
- :mod:`.periods`     quarters, halves, seasons, "the end of the year"
- :mod:`.clock`       parts of the day and clock times: "Friday evening", "3 p.m. EDT"
- :mod:`.deictic`     from the DCT or the last date: "yesterday", "last week", "the following day"
- :mod:`.durations`   "three years", "a fortnight", "the past 12 months"
- :mod:`.sets`        "every week", "twice a month", "on Mondays"
- :mod:`.references`  "now", "recently", "in the coming weeks"

Domain packs are modules of rules for one kind of text, switched on by name (``packs``):

- :mod:`.earnings`    how company results name periods: "the year-ago quarter", "the latest quarter"

Adding a phenomenon is adding one function to the module it belongs to::

    @rule("{ORD} half of {YEAR}")
    def half_of_year(m):
        return DateSpec(Point(year=int(m["year"]), half=...), "absolute")
"""

from __future__ import annotations

import functools
from typing import Iterable

from timeline.timex.rules import absolute, clock, days, deictic, durations, earnings, periods, references, sets  # noqa: F401  (they register their rules)
from timeline.timex.rules.base import REGISTRY, Rule

PACKS = {earnings.PACK: earnings}  # name -> module
DEFAULT_PACKS = (earnings.PACK,)


class UnknownPack(ValueError):
    """A pack name that no module provides."""


def check_packs(packs: Iterable[str]) -> tuple[str, ...]:
    """The pack names, sorted and checked: an unknown name is an error, not a silent no-op."""
    names = tuple(sorted(set(packs)))
    unknown = [p for p in names if p not in PACKS]
    if unknown:
        raise UnknownPack(f"unknown extractor pack(s) {unknown}; known: {sorted(PACKS)}")
    return names


@functools.lru_cache(maxsize=16)
def rules_for(packs: tuple[str, ...] = DEFAULT_PACKS) -> tuple[Rule, ...]:
    """The core rules and those of ``packs``, highest priority first."""
    names = set(check_packs(packs))
    return tuple(sorted((r for r in REGISTRY if r.pack is None or r.pack in names), key=lambda r: -r.priority))


RULES = rules_for(DEFAULT_PACKS)
