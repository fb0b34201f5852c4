#!/bin/sh
# What the test suite needs, installed where a fresh machine lacks it; the README's test command runs this
# first, and so does CI (.ci/run runs that same command). Safe to run again: it installs only what is missing.
#   - Debian's chromium (the widget's browser tests; Playwright drives it and downloads no browser),
#     postgresql (the store's tests start a throwaway server) and nginx (a test runs the README's configuration
#     in front of the service), with apt-get (through sudo when not root);
#   - the project and its test extras in .venv (pip, from PyPI);
#   - axe-core and the other test-only JavaScript packages of package-lock.json (npm ci).
# Where something cannot be installed, it says so and goes on: the tests that need it skip with the reason.
set -u
cd "$(dirname "$0")/.."

say() { printf 'tests/setup.sh: %s\n' "$1" >&2; }

missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
[ -x /usr/sbin/nginx ] || missing="$missing nginx"
if [ -n "$missing" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "no apt-get here: cannot install$missing; the tests that need them will skip"
  else
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
      if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else say "not root and no sudo: cannot install$missing"; missing=""; fi
    fi
    if [ -n "$missing" ]; then
      say "installing$missing from Debian"
      $sudo apt-get update -q >/dev/null && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null \
        || say "apt-get could not install$missing; the tests that need them will skip"
    fi
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv || { say "python3 -m venv failed"; exit 1; }
.venv/bin/python -m pip install -q -e ".[test]" || { say "pip install failed"; exit 1; }

if command -v npm >/dev/null 2>&1; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null || say "npm ci failed: the accessibility tests, which need axe-core, will fail"
else
  say "no npm here: the accessibility tests, which need axe-core, will fail"
fi
exit 0
