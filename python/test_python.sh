#!/usr/bin/env bash
# Builds the Python package in a fresh virtualenv and runs its tests against
# the command line.
#
#   bash python/test_python.sh [STANCEKIT_BINARY]   (default target/debug/stancekit)
#
# Creates a virtualenv in a temporary directory, pip-installs maturin, pytest
# and pandas, builds a wheel of python/ with `maturin build` (a debug build
# with the root crate's dev profile, in the root's target directory, so most
# dependencies compiled by `cargo test` are reused; `pip install ./python`
# makes the same package in release mode, minutes longer to compile),
# installs it, and runs python/tests with STANCEKIT_BIN set. Any failure
# exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$(realpath "${1:-target/debug/stancekit}")
[ -x "$BIN" ] || { echo "test_python: $BIN is not an executable stancekit binary" >&2; exit 1; }

WORK=$(mktemp -d -t stancekit-python.XXXXXX)
if [ -n "${PYTHON_TEST_KEEP:-}" ]; then echo "test_python: keeping $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
start=$SECONDS
phase() { echo "test_python: $1 ($((SECONDS - start)) s)"; }

python3 -m venv "$WORK/venv"
PIP=("$WORK/venv/bin/pip" --quiet --disable-pip-version-check --cache-dir "$WORK/pip")
"${PIP[@]}" install maturin pytest pandas
phase "maturin, pytest and pandas installed"

CARGO_TARGET_DIR="$ROOT/target" "$WORK/venv/bin/maturin" build --quiet \
  -m python/Cargo.toml --out "$WORK/wheels"
"${PIP[@]}" install "$WORK"/wheels/stancekit-*.whl
phase "package built and installed"

# From outside the repository, so that `import stancekit` is the installed package.
(cd "$WORK" && STANCEKIT_BIN="$BIN" "$WORK/venv/bin/python" -m pytest -q -p no:cacheprovider "$ROOT/python/tests")
phase "Python package tests passed"
