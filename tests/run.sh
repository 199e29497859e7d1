#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs what the tests need,
# then lints, type-checks and runs the test suite.
#   - Python packages into .venv (the package, pytest, ruff, mypy, Radicale, caldav)
#   - from npm into tests/js/node_modules: Mozilla's ical.js; for the index page
#     chrome-remote-interface (drives Debian's chromium; no browser download),
#     axe-core and vnu-jar (the Nu HTML checker)
#   - Debian's default-jre-headless (java, for vnu.jar) and poppler-utils
#     (pdftotext reads the kalendarium's PDF back), the same way as chromium
#   - Taplo (Even Better TOML's engine) from npm into tests/taplo/node_modules
#   - Debian's chromium, when it is missing and we may install (root with apt-get)
#   - Debian's python3-gi and gir1.2-ical-3.0 (libical), the same way
#   - Debian's fonts-dejavu-core (the PDF forms of the real meeting lists), the same way
#   - Debian's calcurse, the same way; Xandikos, vdirsyncer and khal come with the
#     test extra, node-ical with tests/js (tests/test_consumers.py, test_caldav.py)
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

# The PDF forms of the real meeting lists are set in DejaVu Sans (å, ä, ö, –, •).
if [ ! -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null
    else
        echo "tests/run.sh: DejaVu Sans not found; the PDF import tests cannot run" >&2
    fi
fi

# java runs the Nu HTML checker (vnu.jar); pdftotext reads hand-out PDFs back.
for tool in java:default-jre-headless pdftotext:poppler-utils; do
    if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool#*:}" >/dev/null
        else
            echo "tests/run.sh: ${tool%%:*} not found (Debian: ${tool#*:}); its tests cannot run" >&2
        fi
    fi
done

# libical (Evolution's parser) checks every feed's RFC 5546 restrictions,
# through the system python3's GObject introspection.
if ! /usr/bin/python3 -c "import gi; gi.require_version('ICalGLib', '3.0')" >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-gi gir1.2-ical-3.0 >/dev/null
    else
        echo "tests/run.sh: libical's python3-gi bindings not found; the libical test cannot run" >&2
    fi
fi

# calcurse (a terminal calendar) imports every feed in tests/test_consumers.py.
if ! command -v calcurse >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq calcurse >/dev/null
    else
        echo "tests/run.sh: calcurse not found; its consumer test cannot run" >&2
    fi
fi

ruff check rotations calendars tests bench
ruff format --check rotations calendars tests bench
mypy
python -m pytest "$@"
