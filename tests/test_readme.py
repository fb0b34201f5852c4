"""The README's two commands are the ones that work: CI runs the test command exactly as written."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _command_after(heading: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(f"## {heading}", 1)[1]
    return re.search(r"```sh\n(.+?)\n```", section, re.S).group(1).strip()


def test_ci_runs_the_readme_test_command_and_nothing_before_it():
    command = _command_after("Run the tests")
    lines = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines[-1] == command
    assert all(line.startswith(("set ", "cd ")) for line in lines[:-1]), lines


def test_the_run_command_installs_and_serves():
    command = _command_after("Set up and run")
    assert "pip install -e ." in command and command.endswith("timeline serve")
