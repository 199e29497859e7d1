"""Which cooperation made each file of a feed folder, across separate exports.

Every feed we write names its cooperation (``X-SAMVERKAN-COOP``, read by
`owner_of`); that is the folder's record of who made what. An export
refuses to replace a feed that another cooperation made: cooperation ``a``
with body ``b-c`` and cooperation ``a-b`` with body ``c`` both make
``a-b-c.ics``, and exported one after the other into one folder, the second
overwrote the first with exit 0. Within one export the same clash is found
before anything is built (see `calendars._publish.export`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from calendars._errors import CalendarError
from calendars._formats.feed import FeedFile
from calendars._formats.previous import owner_of


def refuse_foreign(out: Path, files: Iterable[FeedFile], previous: Mapping[str, bytes]) -> None:
    """Raise when a feed of this export is a file another cooperation made.

    A feed whose owner cannot be read (an older release's, or not ours)
    is not refused here; the previous-feed check names what it cannot read.
    """
    for f in files:
        data = previous.get(f.name)
        if data is None:
            continue
        try:
            owner = owner_of(data)
        except UnicodeDecodeError:
            continue
        if owner is not None and owner != f.coop:
            msg = (
                f"{out / f.name} was made by the cooperation {owner!r}, and {f.coop!r} makes a "
                "file of that name too: one would overwrite the other, so nothing was written "
                "(export them into separate folders, or rename a body or an id)"
            )
            raise CalendarError(msg)
