#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs what the tests need,
# then lints, type-checks and runs the test suite.
#   - Python packages into .venv (the package, pytest, ruff, mypy, Radicale, caldav)
#   - Mozilla's ical.js from npm into tests/js/node_modules
#   - Taplo (Even Better TOML's engine) from npm into tests/taplo/node_modules
#   - Debian's chromium, when it is missing and we may install (root with apt-get)
#   - Debian's python3-gi and gir1.2-ical-3.0 (libical), the same way
#   - Debian's nginx-light, the same way
# A test whose tool is missing fails; SAMVERKAN_ALLOW_SKIP=1 skips it instead (a laptop
# without node, say). CI never sets it.
# Extra arguments go to pytest, e.g. `bash tests/run.sh -m heavy`.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -e '.[test]'

if command -v npm >/dev/null 2>&1; then
    (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
    (cd tests/taplo && npm ci --no-audit --no-fund --loglevel=error)
else
    echo "tests/run.sh: npm not found; the ical.js and Taplo tests cannot run" >&2
fi

if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "tests/run.sh: chromium not found; the index.html test cannot run" >&2
    fi
fi

# libical (Evolution's parser) checks every feed's RFC 5546 restrictions,
# through the system python3's GObject introspection.
if ! /usr/bin/python3 -c "import gi; gi.require_version('ICalGLib', '3.0')" >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-gi gir1.2-ical-3.0 >/dev/null
    else
        echo "tests/run.sh: libical's python3-gi bindings not found; the libical test cannot run" >&2
    fi
fi

# nginx serves a feed folder with the block docs/feeds.md shows (tests/test_nginx.py).
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
    else
        echo "tests/run.sh: nginx not found; the nginx test cannot run" >&2
    fi
fi

ruff check rotations calendars tests bench
ruff format --check rotations calendars tests bench
mypy
python -m pytest "$@"
