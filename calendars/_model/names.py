"""Names that become file names: what an id or key may be, and the feed file of each thing.

A cooperation's id and its body and rotation keys name files and UIDs, so
they are restricted to lowercase ASCII letters, digits and ``-`` (no path,
no dot, no CR/LF). Member names are free text; their feed files use
`slug`, so two names can fold alike (`"Håbo"` and `"Habo"`): then each
file carries the member's kommunkod too, and without codes the
configuration refuses the pair (see `calendars._config.cooperation`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from enum import StrEnum

KEY = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
"""An id or key: lowercase ASCII letters, digits and "-", 1–64 characters, no "-" at an end."""
_CHANGES = "-andringar"
_INDEX = "-index.json"
KEY_RULE = (
    'lowercase ASCII letters, digits and "-" (1–64 characters, not starting or ending with "-")'
)


class FeedKind(StrEnum):
    """What a feed file of a set holds."""

    COOPERATION = "cooperation"
    """Every meeting of the cooperation."""
    BODY = "body"
    """One body's meetings."""
    MEMBER = "member"
    """What one member attends or hosts, and its own turns."""
    ROTATIONS = "rotations"
    """Every rotation's terms."""
    RETIRED = "retired"
    """No longer made: its meetings go out as cancelled."""


def slug(text: str) -> str:
    """A file-name-safe form of `text`: "Södertälje" -> "sodertalje"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def cooperation_feed(coop_id: str) -> str:
    """The file of the whole cooperation's feed."""
    return f"{coop_id}.ics"


def body_feed(coop_id: str, body: str) -> str:
    """The file of one body's feed."""
    return f"{coop_id}-{slug(body)}.ics"


def rotations_feed(coop_id: str) -> str:
    """The file of the rotations' feed."""
    return f"{coop_id}-rotationer.ics"


def member_feed(coop_id: str, member: str, *, code: str | None = None) -> str:
    """The file of one member's feed (with its kommunkod `code`, see `member_codes`)."""
    return f"{member_stem(coop_id, member, code=code)}.ics"


def member_stem(coop_id: str, member: str, *, code: str | None = None) -> str:
    """One member's files without their ending: "sodertorn-kommun-huddinge"."""
    suffix = f"-{slug(code)}" if code else ""
    return f"{coop_id}-kommun-{slug(member)}{suffix}"


def member_codes(members: Iterable[tuple[str, str | None]]) -> dict[str, str | None]:
    """The code each member's file names carry: its kommunkod where two names fold alike.

    Håbo (0305) and Habo (0643), both real municipalities, would share a file;
    every other member's files carry no code (None).
    """
    listed = list(members)
    folded = Counter(slug(name) for name, _ in listed)
    return {name: code if folded[slug(name)] > 1 else None for name, code in listed}


def change_key(coop_id: str, member: str | None = None, *, code: str | None = None) -> str:
    """The stable key of a change feed (its Atom id is made of it): `change_feed`, no ending."""
    stem = coop_id if member is None else member_stem(coop_id, member, code=code)
    return f"{stem}{_CHANGES}"


def change_feed(coop_id: str, member: str | None = None, *, code: str | None = None) -> str:
    """The Atom file of what changed: the cooperation's, or one member's.

    It ends in ".atom" (served as application/atom+xml), so that a browser or
    feed reader opening it knows it for a feed; release 2.x wrote ".xml".
    """
    return f"{change_key(coop_id, member, code=code)}.atom"


def index_file(coop_id: str) -> str:
    """The file that stores what the index page shows of one cooperation."""
    return f"{coop_id}{_INDEX}"


def index_owner(name: str) -> str | None:
    """The cooperation whose `index_file` `name` is; ``None`` for another file."""
    return name.removesuffix(_INDEX) if name.endswith(_INDEX) else None


INDEX_GLOB = f"*{_INDEX}"
"""The pattern of every `index_file` in a folder."""
CHANGE_LOG = "changes.json"
"""The file of the change log of a feed folder."""
INDEX_PAGE = "index.html"
"""The index page of a feed folder."""
