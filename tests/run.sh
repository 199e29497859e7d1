#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs what the tests need
# into .venv, then lints, type-checks and runs the test suite.
# Extra arguments go to pytest, e.g. `bash tests/run.sh -m heavy`.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -e '.[test]'

ruff check rotations calendars tests bench
ruff format --check rotations calendars tests bench
mypy
python -m pytest "$@"
