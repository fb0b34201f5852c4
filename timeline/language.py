"""A language bundle: everything the extractor knows of one language, by role, named in one TOML file.

A bundle names its word lists and tables (``[files]``: the timex lexicon, the context checks' words, the tense
reader's verbs, the sentence splitter's abbreviations, ...), the modules of its core timex grammar
(``rules``), the code that is particular to the language (``[code]``: the grammar's fragments, the modifiers
around a core, the tense reader), the rule packs on by default and the languages dateparser reads publication
dates in. Bundles are registered by name (entry points ``timeline_languages``, :mod:`timeline.plugins`): a
second language is its bundle, its files and modules and one entry point, not an edit of the modules that
read English today.

Addresses are written as entry points are: a file is ``"package:file name"`` (``"timeline.timex:lexicon.toml"``),
a function ``"module:name"``.
"""

from __future__ import annotations

import functools
import importlib
import tomllib
from dataclasses import dataclass
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any, Mapping

from timeline import plugins

DEFAULT_LANGUAGE = "en"


class LanguageError(ValueError):
    """A bundle that is malformed, or that lacks what it is asked for."""


@dataclass(frozen=True)
class Language:
    name: str
    source: Path  # the bundle's TOML file
    files: Mapping[str, str]  # role -> "package:file name"
    rule_modules: tuple[str, ...]  # the core grammar, in the order its rules are tried on ties
    code: Mapping[str, str]  # role -> "module:function"
    default_packs: tuple[str, ...]
    dateparser_languages: tuple[str, ...]

    def file(self, role: str) -> Path:
        """The file that plays ``role`` ("lexicon", "context", "tense", "text", ...)."""
        try:
            address = self.files[role]
        except KeyError:
            raise LanguageError(f"language {self.name!r} ({self.source}) names no {role!r} file") from None
        return _resolve_file(address)

    def function(self, role: str) -> Any:
        """The function that plays ``role`` ("fragments", "modifiers", "tense"), its module imported now."""
        try:
            address = self.code[role]
        except KeyError:
            raise LanguageError(f"language {self.name!r} ({self.source}) names no {role!r} code") from None
        return _resolve_function(address)

    def modules(self) -> tuple[str, ...]:
        """Every module the bundle names: its rules and its code."""
        return self.rule_modules + tuple(sorted({a.split(":")[0] for a in self.code.values()}))

    def data_files(self) -> tuple[Path, ...]:
        """Every file the bundle names, and the bundle itself."""
        return (self.source, *(self.file(role) for role in sorted(self.files)))


def read_bundle(path: Path) -> Language:
    """The bundle written in the TOML file ``path``."""
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
        return Language(
            name=str(raw["name"]),
            source=path,
            files={str(k): str(v) for k, v in raw["files"].items()},
            rule_modules=tuple(str(m) for m in raw["rules"]),
            code={str(k): str(v) for k, v in raw.get("code", {}).items()},
            default_packs=tuple(str(p) for p in raw.get("default_packs", ())),
            dateparser_languages=tuple(str(p) for p in raw.get("dateparser", ())),
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, AttributeError, TypeError) as exc:
        raise LanguageError(f"{path}: not a language bundle ({exc!r})") from None


def language(name: str = DEFAULT_LANGUAGE) -> Language:
    """The bundle registered as ``name``."""
    bundle = plugins.load(plugins.LANGUAGES, name)
    if not isinstance(bundle, Language):
        raise LanguageError(f"the entry point of language {name!r} gives {type(bundle).__name__}, not a Language")
    return bundle


def check_language(name: str) -> str:
    """``name`` if a bundle is registered under it (nothing is loaded), else :class:`~timeline.plugins.UnknownName`."""
    return plugins.check(plugins.LANGUAGES, name)


@functools.lru_cache(maxsize=None)
def _resolve_file(address: str) -> Path:
    package, sep, name = address.partition(":")
    if not sep or not name:
        raise LanguageError(f"{address!r} is not a file address (package:file name)")
    return Path(str(package_files(package).joinpath(name)))


@functools.lru_cache(maxsize=None)
def _resolve_function(address: str) -> Any:
    module, sep, attribute = address.partition(":")
    if not sep or not attribute:
        raise LanguageError(f"{address!r} is not a function address (module:name)")
    return getattr(importlib.import_module(module), attribute)
