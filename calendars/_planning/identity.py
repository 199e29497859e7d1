"""Each meeting's key: its own id, the previous feed's UID on the nearest date, or its date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from calendars._model.body import Body, Entry
from calendars._model.cooperation import Cooperation
from calendars._model.key import KnownMeeting, MeetingKey
from calendars._planning.drafts import Draft

MATCH_DAYS = 62
"""A meeting without an id takes the UID of the previous feed's meeting of
the same body on the nearest date, if that is at most this many days away."""


def meeting_keys(
    coop: Cooperation, body: Body, drafts: Sequence[Draft], known: Sequence[KnownMeeting]
) -> list[MeetingKey]:
    """Each draft's key: its own id, the previous feed's UID, or its date."""
    keys: list[MeetingKey | None] = [None] * len(drafts)
    given: dict[MeetingKey, Entry] = {}
    for i, d in enumerate(drafts):
        entry = d.entry
        if entry is None or (entry.id is None and entry.uid is None):
            continue
        key = (
            MeetingKey(coop.id, body.key, entry.uid, verbatim=True)
            if entry.uid is not None
            else MeetingKey(coop.id, body.key, entry.id or "")
        )
        if key in given:
            raise entry.origin.error(
                f"a second meeting with the UID {key}",
                "uid" if entry.uid else "id",
                hint=f"the first is on {given[key].start}; ids must be unique within the body",
            )
        given[key] = entry
        keys[i] = key
    # The previous feed's meetings of this body that no own id claims, by
    # exact date first, then by the nearest date.
    before = [
        (k.day, MeetingKey.parse(k.uid, coop=coop.id, body=body.key))
        for k in known
        if k.body == body.key
    ]
    before = [(day, key) for day, key in before if key not in given]
    open_ = [i for i, k in enumerate(keys) if k is None]
    taken_known: set[int] = set()
    # Exact dates first (the usual case, in linear time), in the order of the drafts.
    on_day: dict[date, list[int]] = defaultdict(list)
    for j, (day, _) in enumerate(before):
        on_day[day].append(j)
    for i in sorted(open_, key=lambda i: (drafts[i].first, i)):
        waiting = on_day.get(drafts[i].middle)
        if waiting:
            j = waiting.pop(0)
            keys[i] = before[j][1]
            taken_known.add(j)
    # Then the nearest date, among what is left.
    rest = [j for j in range(len(before)) if j not in taken_known]
    pairs = sorted(
        (abs((drafts[i].middle - before[j][0]).days), drafts[i].first, i, j)
        for i in open_
        if keys[i] is None
        for j in rest
        if abs((drafts[i].middle - before[j][0]).days) <= MATCH_DAYS
    )
    for _, _, i, j in pairs:
        if keys[i] is None and j not in taken_known:
            keys[i] = before[j][1]
            taken_known.add(j)
    used = {k for k in keys if k is not None}
    for i, d in enumerate(drafts):
        if keys[i] is not None:
            continue
        base = d.first.strftime("%Y-%m") if d.month_only else d.first.isoformat()
        key, n = MeetingKey(coop.id, body.key, base), 1
        while key in used:
            n += 1
            key = MeetingKey(coop.id, body.key, f"{base}-{n}")
        used.add(key)
        keys[i] = key
    return [k for k in keys if k is not None]
