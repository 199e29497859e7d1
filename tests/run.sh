#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs what the tests need,
# then lints, type-checks and runs the test suite.
#   - Python packages into .venv (the package and its test extra: pytest, ruff, mypy,
#     Radicale, Xandikos, caldav, vdirsyncer, khal, feedparser, jsonschema, ...)
#   - from npm into tests/js/node_modules: Mozilla's ical.js and node-ical; for the index
#     page chrome-remote-interface (drives Debian's chromium; no browser download),
#     axe-core and vnu-jar (the Nu HTML checker)
#   - Taplo (Even Better TOML's engine) from npm into tests/taplo/node_modules
#   - Debian's packages listed below (chromium, java, libical, calcurse, nginx, ...),
#     when they are missing and we may install (root with apt-get)
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

# Debian's packages the tests use, each with the check that says it is there and
# what needs it. The missing ones are installed together (one apt-get update).
debian=(
    "command -v chromium|chromium|the index page in headless Chromium"
    "test -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf|fonts-dejavu-core|the PDF forms of the real meeting lists (DejaVu Sans: å, ä, ö, –, •)"
    "command -v java|default-jre-headless|the Nu HTML checker (vnu.jar)"
    "command -v pdftotext|poppler-utils|reading the kalendarium's PDF back"
    "/usr/bin/python3 -c 'import gi; gi.require_version(\"ICalGLib\", \"3.0\")'|python3-gi gir1.2-ical-3.0|libical (Evolution's parser) on every feed"
    "command -v calcurse|calcurse|calcurse importing every feed (tests/test_consumers.py)"
    "command -v nginx || test -x /usr/sbin/nginx|nginx-light|the nginx block of docs/feeds.md (tests/test_nginx.py)"
)
missing=()
for entry in "${debian[@]}"; do
    IFS='|' read -r check packages what <<<"$entry"
    if ! bash -c "$check" >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            read -r -a names <<<"$packages"
            missing+=("${names[@]}")
        else
            echo "tests/run.sh: Debian's $packages not found; $what cannot run" >&2
        fi
    fi
done
if [ "${#missing[@]}" -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

ruff check rotations calendars tests bench
ruff format --check rotations calendars tests bench
mypy
python -m pytest "$@"
