"""Each identity made as a value has one string form, made in one place and read in one place.

MeetingKey (a meeting's UID), DerivedKey (an imported event's), HostSlot
(a turn's key in a rotation), RotationMark (a rotation-feed event's body),
CalendarKey (a calendar's UID) and the index file of a cooperation: each
value -> string -> value is the same value, and the strings are the ones
feeds already carry.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from calendars._model.key import CalendarKey, DerivedKey, HostSlot, MeetingKey, RotationMark
from calendars._model.names import KEY, index_file, index_owner

keys = st.from_regex(KEY, fullmatch=True)
ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)
# A UID someone else made: anything printable, but not one that ends the way a
# further slot's form does ("#2"), which is a slot's form and not a first one's.
foreign = st.text(st.characters(min_codepoint=33, max_codepoint=0x2FF), min_size=1).filter(
    lambda u: not re.search(r"#[1-9][0-9]*\Z", u)
)
meeting_keys = st.one_of(
    st.builds(MeetingKey, keys, keys, ids),
    st.builds(lambda c, b, u: MeetingKey(c, b, u, verbatim=True), keys, keys, foreign),
)


@given(meeting_keys)
def test_a_meeting_key_reads_back_from_its_uid(key: MeetingKey) -> None:
    back = MeetingKey.parse(str(key), coop=key.coop, body=key.body)
    assert back == key
    assert str(back) == str(key)


@given(meeting_keys, st.integers(1, 9))
def test_a_host_slot_reads_back_from_its_string(key: MeetingKey, n: int) -> None:
    slot = HostSlot(key, n)
    back = HostSlot.parse(str(slot), coop=key.coop, body=key.body)
    assert back == slot
    assert str(back) == str(slot)


def test_host_slots_keep_the_form_the_feeds_carry() -> None:
    key = MeetingKey("sodertorn", "kommitten", "2017-02-02")
    assert str(HostSlot(key)) == "sodertorn-kommitten-2017-02-02@samverkan"
    assert str(HostSlot(key, 2)) == "sodertorn-kommitten-2017-02-02@samverkan#2"
    back = HostSlot.parse("sodertorn-kommitten-2017-02-02@samverkan#2", coop="x", body="y")
    assert back.n == 2
    assert str(back.meeting) == "sodertorn-kommitten-2017-02-02@samverkan"


@given(keys)
def test_a_rotation_mark_reads_back_and_no_body_key_is_one(name: str) -> None:
    mark = RotationMark(name)
    assert str(mark) == f"rotation:{name}"
    assert RotationMark.parse(str(mark)) == mark
    assert RotationMark.parse(name) is None  # a body's key has no ":"


@given(keys)
def test_a_calendar_key_reads_back_from_its_uid(stem: str) -> None:
    key = CalendarKey(stem)
    assert str(key) == f"{stem}@samverkan"
    assert CalendarKey.parse(str(key)) == key
    assert CalendarKey.of_feed(f"{stem}.ics") == key
    assert CalendarKey.parse(stem) is None


@given(keys)
def test_an_index_file_names_its_cooperation(coop: str) -> None:
    assert index_file(coop) == f"{coop}-index.json"
    assert index_owner(index_file(coop)) == coop
    assert index_owner(f"{coop}.ics") is None


@given(st.from_regex(r"[0-9a-f]{16}", fullmatch=True), st.integers(1, 99))
def test_a_derived_key_reads_back_from_its_uid(digest: str, n: int) -> None:
    key = DerivedKey(digest, n)
    assert str(key) == (
        f"{digest}@import.samverkan" if n == 1 else f"{digest}-{n}@import.samverkan"
    )
    assert DerivedKey.parse(str(key)) == key
    assert DerivedKey.parse(f"{digest}@samverkan") is None
