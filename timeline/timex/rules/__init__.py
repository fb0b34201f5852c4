"""Recognition rules: a grammar over the lexicon's data, one module per phenomenon.

Each rule is a grammar template and a function that builds a spec of the match, registered with
``@rule`` (:mod:`.base`); the context check a rule's matches must pass is defined beside it and given as
``check=``. The modules of English, named by its language bundle (timeline/languages/en.toml):

- :mod:`.absolute`    dates with their year: "Sept. 15, 2022", "March 2021", "1998", "the 1990s"
- :mod:`.days`        calendar names without a year: "June 3", "in May", "Friday", "Christmas"
- :mod:`.periods`     quarters, halves, seasons, "the end of the year"
- :mod:`.clock`       parts of the day and clock times: "Friday evening", "3 p.m. EDT"
- :mod:`.deictic`     from the DCT or the last date: "yesterday", "last week", "the following day"
- :mod:`.durations`   "three years", "a fortnight", "the past 12 months"
- :mod:`.sets`        "every week", "twice a month", "on Mondays"
- :mod:`.references`  "now", "recently", "in the coming weeks"

Domain packs are modules of rules for one kind of text, registered by name (entry points
``timeline_timex_packs``) and switched on by name (``packs``); a pack module says its ``LANGUAGE``:

- :mod:`.earnings`    how company results name periods: "the year-ago quarter", "the latest quarter"

Adding a phenomenon is adding one function to the module it belongs to, with an example of it in the
module's ``CORPUS`` (tests/test_rule_corpus.py runs every module's examples and counter-examples)::

    @rule("{ORD} half of {YEAR}")
    def half_of_year(m):
        return DateSpec(Point(year=int(m["year"]), half=...), "absolute")

Nothing is compiled when these modules are imported: :func:`rules_for` compiles a language's rules the first
time they are asked for.
"""

from __future__ import annotations

import functools
import importlib
from types import ModuleType
from typing import Iterable

from timeline import plugins
from timeline.language import DEFAULT_LANGUAGE, language
from timeline.timex.rules.base import REGISTERED, CompiledRule, Rule, compile_for

__all__ = ["CompiledRule", "Rule", "UnknownPack", "check_packs", "default_packs", "pack_module", "rules_for"]


class UnknownPack(plugins.UnknownName):
    """A pack name that no module provides, or a pack of another language."""


def default_packs(name: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """The packs the language ``name`` switches on when the settings name none."""
    return language(name).default_packs


def check_packs(packs: Iterable[str] | None, name: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """The pack names, sorted and checked (None: the language's default packs): an unknown name is an
    error, not a silent no-op. Nothing is imported."""
    names = tuple(sorted(set(default_packs(name) if packs is None else packs)))
    for pack in names:
        try:
            plugins.check(plugins.TIMEX_PACKS, pack)
        except plugins.UnknownName as exc:
            raise UnknownPack(str(exc)) from None
    return names


def pack_module(pack: str) -> ModuleType:
    """The module of a registered pack (imported now)."""
    module = plugins.load(plugins.TIMEX_PACKS, pack)
    if not isinstance(module, ModuleType):
        raise UnknownPack(f"the pack {pack!r} is registered as {module!r}, not a module of rules")
    return module


def modules_of(name: str = DEFAULT_LANGUAGE, packs: Iterable[str] | None = None) -> tuple[str, ...]:
    """The modules whose rules a language and its packs run: the core grammar, then each pack's."""
    core = language(name).rule_modules
    extra = []
    for pack in check_packs(packs, name):
        module = pack_module(pack)
        if getattr(module, "LANGUAGE", None) != name:
            raise UnknownPack(f"the pack {pack!r} is for language {getattr(module, 'LANGUAGE', None)!r}, not {name!r}")
        extra.append(module.__name__)
    return core + tuple(extra)


def rules_of(modules: Iterable[str]) -> list[Rule]:
    """The rules these modules register, module by module in the order given (each imported now)."""
    out: list[Rule] = []
    for module in modules:
        importlib.import_module(module)
        out.extend(REGISTERED.get(module, ()))
    return out


@functools.lru_cache(maxsize=16)
def _compiled(name: str, packs: tuple[str, ...]) -> tuple[CompiledRule, ...]:
    rules = rules_of(modules_of(name, packs))
    return tuple(sorted((compile_for(r, name) for r in rules), key=lambda r: -r.priority))


def rules_for(packs: Iterable[str] | None = None, name: str = DEFAULT_LANGUAGE) -> tuple[CompiledRule, ...]:
    """The core rules of the language ``name`` and those of ``packs`` (None: its default packs), highest
    priority first, compiled the first time they are asked for."""
    return _compiled(name, check_packs(packs, name))
