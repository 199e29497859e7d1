"""One view of a meeting as a row (`Listed.of`), shared by the CLI table, the page and index.json."""

from __future__ import annotations

from datetime import UTC, date, datetime

from calendars._config.cooperation import load
from calendars._formats.section import Listed, Section
from calendars._model.meeting import Status
from calendars._planning.planner import plan
from calendars._publish.views import section_of


def test_a_meeting_as_a_row_by_the_seed() -> None:
    coop = load("sodertorn")
    meetings = {m.uid: m for m in plan(coop, date(2017, 1, 1), date(2018, 1, 1)).meetings}
    # Seed 003 §7: the committee on Thursday 2 February 2017, 12.00–15.00.
    committee = Listed.of(meetings["sodertorn-kommitten-2017-02-02@samverkan"])
    assert (committee.first, committee.last, committee.time) == (
        date(2017, 2, 2),
        date(2017, 2, 2),
        "12.00–15.00",
    )
    assert committee.status is Status.CONFIRMED
    # §7: the planning conference, 16–17 August 2017 in Nynäshamn, all day.
    conference = Listed.of(meetings["sodertorn-planeringskonferens-2017-08-16@samverkan"])
    assert (conference.first, conference.last, conference.time) == (
        date(2017, 8, 16),
        date(2017, 8, 17),
        "",
    )
    assert conference.hosts == ("Nynäshamn",)


def test_a_section_reads_back_from_its_index_file_as_the_same_value() -> None:
    coop = load("sodertorn")
    start, end = date(2017, 1, 1), date(2019, 1, 1)
    section = section_of(
        coop,
        plan(coop, start, end),
        [],
        [],
        start=start,
        end=end,
        stamp=datetime(2018, 3, 1, tzinfo=UTC),
    )
    assert section.meetings
    # The file does not store the export's day (an unchanged section is untouched on any
    # day, issue 21): the reader is given it.
    assert Section.from_json(section.to_json(), today=section.today) == section
