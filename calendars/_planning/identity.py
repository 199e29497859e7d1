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
    """Each draft's key: its own id, the previous feed's UID, or its date.

    UIDs rest on this: each step only fills the drafts the steps before it
    left without a key, in the same order every time.
    """
    keys, given = _own_keys(coop, body, drafts)
    # The previous feed's meetings of this body that no own id claims.
    before = [
        (k.day, MeetingKey.parse(k.uid, coop=coop.id, body=body.key))
        for k in known
        if k.body == body.key
    ]
    before = [(day, key) for day, key in before if key not in given]
    open_ = [i for i, k in enumerate(keys) if k is None]
    taken = _on_the_day(drafts, before, open_, keys)
    _nearest(drafts, before, open_, taken, keys)
    _by_date(coop, body, drafts, keys)
    return [k for k in keys if k is not None]


Keys = list[MeetingKey | None]
"""Each draft's key so far, ``None`` where no step has given one yet."""


def _own_keys(
    coop: Cooperation, body: Body, drafts: Sequence[Draft]
) -> tuple[Keys, dict[MeetingKey, Entry]]:
    """The keys of the drafts whose date has its own `id` or `uid`, and those entries by key."""
    keys: Keys = [None] * len(drafts)
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
    return keys, given


def _on_the_day(
    drafts: Sequence[Draft],
    before: Sequence[tuple[date, MeetingKey]],
    open_: Sequence[int],
    keys: Keys,
) -> set[int]:
    """Fill `keys` from the previous meetings on a draft's exact date; the ones taken.

    The usual case, in linear time, in the order of the drafts.
    """
    taken: set[int] = set()
    on_day: dict[date, list[int]] = defaultdict(list)
    for j, (day, _) in enumerate(before):
        on_day[day].append(j)
    for i in sorted(open_, key=lambda i: (drafts[i].first, i)):
        waiting = on_day.get(drafts[i].middle)
        if waiting:
            j = waiting.pop(0)
            keys[i] = before[j][1]
            taken.add(j)
    return taken


def _nearest(
    drafts: Sequence[Draft],
    before: Sequence[tuple[date, MeetingKey]],
    open_: Sequence[int],
    taken: set[int],
    keys: Keys,
) -> None:
    """Fill `keys` from the previous meetings left, nearest date first, `MATCH_DAYS` at most."""
    rest = [j for j in range(len(before)) if j not in taken]
    pairs = sorted(
        (abs((drafts[i].middle - before[j][0]).days), drafts[i].first, i, j)
        for i in open_
        if keys[i] is None
        for j in rest
        if abs((drafts[i].middle - before[j][0]).days) <= MATCH_DAYS
    )
    for _, _, i, j in pairs:
        if keys[i] is None and j not in taken:
            keys[i] = before[j][1]
            taken.add(j)


def _by_date(coop: Cooperation, body: Body, drafts: Sequence[Draft], keys: Keys) -> None:
    """Fill the rest of `keys` with the draft's date ("2018-01" for a month), then "-2" …."""
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
