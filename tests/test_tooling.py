"""The linter and the type checker (configured in pyproject.toml) pass on the whole tree, so the README's test
command runs them too. Alone: `.venv/bin/ruff check` and `.venv/bin/mypy` from the repository's root."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(tool: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", tool, *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean():
    done = _run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert done.returncode == 0, f"ruff check found problems:\n{done.stdout}{done.stderr}"


def test_mypy_is_clean():
    # mypy's incremental cache (.mypy_cache, ignored by git) makes the later runs take a second or two
    done = _run("mypy")
    assert done.returncode == 0, f"mypy found problems:\n{done.stdout}{done.stderr}"
