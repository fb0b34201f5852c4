"""Digests of what code does, not of how it is written: the version of a stored result is a digest of the
modules that made it, each read as its syntax tree without docstrings (comments are not in the tree; line
numbers are not dumped), of the data files beside them as parsed (a TOML or JSON file's values, not its
comments or layout), of the versions of the third-party distributions they import (spaCy, dateparser, ...)
and of the settings given. A comment, a docstring, a blank line or a reordered TOML table leaves it as it
is; a changed rule, word, weight, setting or library changes it.

The modules are found by reading the imports (``timeline.imports.closure``), so a new or moved module is
never missed.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.metadata
import json
import sys
import tomllib
from pathlib import Path
from typing import Iterable, Mapping

from timeline.imports import ROOT, closure, module_file

DATA_SUFFIXES = (".toml", ".json", ".npz", ".txt")


def _without_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return tree


def code_text(source: str) -> str:
    """What a module does, as text: its syntax tree without docstrings, without positions."""
    return ast.dump(_without_docstrings(ast.parse(source)), include_attributes=False)


def data_text(path: Path) -> bytes:
    """What a data file holds: TOML and JSON as their parsed values (sorted keys), anything else as bytes."""
    if path.suffix == ".toml":
        return json.dumps(tomllib.loads(path.read_text(encoding="utf-8")), sort_keys=True, default=str).encode()
    if path.suffix == ".json":
        return json.dumps(json.loads(path.read_text(encoding="utf-8")), sort_keys=True).encode()
    return path.read_bytes()


def third_party(source: str) -> set[str]:
    """The top-level names of the modules a source imports that are neither the standard library's nor
    relative (the packages of this project are told apart by the caller)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n != "__future__"}


@functools.lru_cache(maxsize=1)
def _distributions() -> Mapping[str, list[str]]:
    return importlib.metadata.packages_distributions()


@functools.lru_cache(maxsize=None)
def distribution_version(name: str) -> str:
    """The installed version of the distribution that provides top-level module ``name`` (or is named so:
    a spaCy model), or "" when there is none."""
    for dist in _distributions().get(name, [name]):
        try:
            return f"{dist}=={importlib.metadata.version(dist)}"
        except importlib.metadata.PackageNotFoundError:
            continue
    return ""


def files_of(starts: Iterable[str], root: Path = ROOT, parents: bool = True,
             extra_files: Iterable[Path] = ()) -> list[Path]:
    """The source files of ``starts`` and of every module of ``root`` they import (``parents``: and the
    packages above them, whose ``__init__`` runs first), ``extra_files``, and the data files beside them all,
    sorted."""
    modules = sorted({m for start in starts for m in closure(start, root, parents)})
    files = {f for f in (module_file(m, root) for m in modules) if f is not None} | set(extra_files)
    for directory in {f.parent for f in files}:
        files.update(p for p in directory.iterdir() if p.suffix in DATA_SUFFIXES and p.is_file())
    return sorted(files)


# what each file read for a digest holds (its text as digested, the libraries it imports), by where it is and
# the size and modification time it had: a service works out its versions at every refresh, and reading
# every module's syntax tree again each time cost seconds of CPU for files that had not changed
_READ: dict[tuple[str, int, int], tuple[bytes, frozenset[str]]] = {}


def _read(file: Path) -> tuple[bytes, frozenset[str]]:
    stat = file.stat()
    key = (str(file), stat.st_mtime_ns, stat.st_size)
    known = _READ.get(key)
    if known is None:
        if file.suffix == ".py":
            source = file.read_text(encoding="utf-8")
            known = code_text(source).encode("utf-8"), frozenset(third_party(source))
        else:
            known = data_text(file), frozenset()
        if len(_READ) > 4096:  # files of trees no longer read (tests' copies)
            _READ.clear()
        _READ[key] = known
    return known


def version_of(starts: Iterable[str], settings: Mapping[str, object] | None = None, root: Path = ROOT,
               parents: bool = True, extra_files: Iterable[Path] = ()) -> str:
    """A digest of what the modules ``starts`` (and all they import under ``root``, as ``files_of`` finds
    them) do, with ``settings`` (their values, JSON-serializable) and the versions of the libraries they
    import: see the module's docstring."""
    digest = hashlib.sha256()
    packages = {p.name for p in root.iterdir() if (p / "__init__.py").is_file()}
    libraries: set[str] = set()
    for file in files_of(starts, root, parents, extra_files):
        name = file.relative_to(root).as_posix() if file.is_relative_to(root) else file.name
        digest.update(b"\0" + name.encode("utf-8") + b"\0")
        text, imported = _read(file)
        digest.update(text)
        libraries |= imported - packages
    for name in sorted(libraries):
        digest.update(f"\0lib:{name}={distribution_version(name)}".encode("utf-8"))
    digest.update(b"\0settings:" + json.dumps(settings or {}, sort_keys=True, default=str).encode("utf-8"))
    return digest.hexdigest()[:16]
