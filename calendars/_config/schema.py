"""The JSON Schema of a cooperation file, made from the key tables.

Editors that read TOML with a schema (Taplo, VS Code's Even Better TOML)
check keys and types while one types and show each key's doc line. The
package ships the schema as ``calendars/data/samverkan.schema.json``;
``samverkan schema`` prints it, and a test fails when the file is stale.
"""

from __future__ import annotations

import json
from typing import Any

from calendars._config.cooperation import TOP

FILE = "samverkan.schema.json"
"""The schema's file name in ``calendars/data``."""


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 7) of a cooperation file: every key, its type and doc line.

    TOML dates are strings here, as Taplo gives them to a schema. The
    loader checks more than a schema can say (that a holder is a member, a
    body's rotation exists, dates are in order); the schema catches a
    mistyped key or a value of the wrong kind while the file is written.
    """
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "samverkan cooperation file",
        "description": "Members, rotations and bodies of a cooperation (see docs/reference.md).",
        **TOP.json_schema(),
    }


def schema_text() -> str:
    """The schema as the shipped file holds it (and `samverkan schema` prints it)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
