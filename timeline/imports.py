"""The import graph of Python packages read from their source (never by importing them): which modules of
the packages each module imports, at module level or inside functions. The extraction fingerprint hashes
what the pipeline imports, and the architecture test checks the graph for cycles and back-edges."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the directory that holds the `timeline` package


def module_file(name: str, root: Path = ROOT) -> Path | None:
    """The source file of module ``name`` ("timeline.timex.rules") under ``root``, or None."""
    base = root.joinpath(*name.split("."))
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return None


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.resolve().relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


@functools.lru_cache(maxsize=None)
def imports_of(name: str, root: Path = ROOT, parents: bool = True) -> frozenset[str]:
    """The modules under ``root`` that module ``name`` imports (a package's ``__init__`` counts as the
    package). ``parents``: count the packages above an imported module too, whose ``__init__`` runs first
    (what code runs); without them, only what the module names (what it depends on by design)."""
    path = module_file(name, root)
    if path is None:
        return frozenset()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - node.level + 1]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            # "from a.b import c": c may be a module of a.b or a name defined in it
            targets = [f"{base}.{alias.name}" if module_file(f"{base}.{alias.name}", root) else base
                       for alias in node.names]
        else:
            continue
        for target in targets:
            if module_file(target, root) is not None:
                found.add(target)
                if parents:
                    found.update(p for p in _parents(target) if module_file(p, root) is not None)
    found.discard(name)
    return frozenset(found)


def modules(package: str, root: Path = ROOT) -> list[str]:
    """Every module of ``package`` (its ``__init__`` included), sorted."""
    base = root.joinpath(*package.split("."))
    return sorted(module_name(p, root) for p in base.rglob("*.py") if "__pycache__" not in p.parts)


def closure(start: str, root: Path = ROOT, parents: bool = True) -> list[str]:
    """``start`` and every module of ``root`` it imports, directly or not, sorted (``parents`` as for
    ``imports_of``: with the packages above each, whose ``__init__`` runs first)."""
    seen: set[str] = set()
    todo = [start, *(p for p in _parents(start) if parents and module_file(p, root))]
    while todo:
        name = todo.pop()
        if name in seen or module_file(name, root) is None:
            continue
        seen.add(name)
        todo.extend(imports_of(name, root, parents))
    return sorted(seen)
