"""What is registered by name: languages, timex rule packs and export formats, found through the package's
entry points (``[project.entry-points.<group>]`` in pyproject.toml), the way spaCy finds the ``timex_tagger``
component. Another installed package can add one of each without editing this one.

Names are read from the installed metadata once per process; an object is loaded (its module imported) only
when it is asked for by name, so listing the known packs to check a setting imports none of them.
"""

from __future__ import annotations

import functools
from importlib.metadata import EntryPoint, entry_points
from typing import Any

LANGUAGES = "timeline_languages"  # a Language bundle (timeline.language)
TIMEX_PACKS = "timeline_timex_packs"  # a module of timex rules for one kind of text (timeline.timex.rules)
EXPORT_FORMATS = "timeline_export_formats"  # an ExportFormat (timeline.export.format)

_WHAT = {LANGUAGES: "language", TIMEX_PACKS: "extractor pack", EXPORT_FORMATS: "export format"}


class UnknownName(ValueError):
    """A name that nothing registers in its group."""


@functools.lru_cache(maxsize=None)
def _registered(group: str) -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for point in entry_points(group=group):
        found.setdefault(point.name, point)  # the first installed distribution that claims a name keeps it
    return found


def names(group: str) -> tuple[str, ...]:
    """The names registered in ``group``, sorted."""
    return tuple(sorted(_registered(group)))


def check(group: str, wanted: str) -> str:
    """``wanted`` if something registers it in ``group``; else :class:`UnknownName` saying what is known."""
    known = _registered(group)
    if wanted in known:
        return wanted
    what = _WHAT.get(group, group)
    if not known:
        raise UnknownName(f"no {what} is registered (entry points {group!r}): is the package installed? "
                          f"(pip install -e .)")
    raise UnknownName(f"unknown {what} {wanted!r}; known: {sorted(known)}")


@functools.lru_cache(maxsize=None)
def load(group: str, name: str) -> Any:
    """The object registered as ``name`` in ``group`` (its module imported on first use)."""
    return _registered(group)[check(group, name)].load()
