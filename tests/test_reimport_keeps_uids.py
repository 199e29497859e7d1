"""Re-importing an edited kalendarium keeps every unchanged meeting's UID, date, host and SEQUENCE."""

from __future__ import annotations

from pathlib import Path

from conftest import DATA
from icalendar import Calendar


def _events(path: Path) -> dict[str, tuple[str, str, str, int]]:
    cal = Calendar.from_ical(path.read_bytes())
    return {
        str(ev["uid"]): (
            ev["dtstart"].to_ical().decode(),
            str(ev.get("x-samverkan-host", "")),
            str(ev.get("status", "")),
            int(ev.get("sequence", 0)),
        )
        for ev in cal.walk("VEVENT")
    }


def test_removing_the_23_mars_line_cancels_exactly_that_meeting(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = (DATA / "kalendarium_2017.txt").read_text("utf-8")
    source = tmp_path / "kalendarium.txt"
    toml, feeds = tmp_path / "sodertorn.toml", tmp_path / "feeds"
    export = ("export", toml, "--from", "2017-01-01", "--to", "2018-12-31", "--out", feeds,
              "--stamp", "2017-01-10T08:00:00+00:00")  # fmt: skip
    source.write_text(text, "utf-8")
    assert cli("import-text", source, "--id", "sodertorn", "--out", toml).status == 0
    assert cli(*export).status == 0
    feed = feeds / "sodertorn-sodertorns-samarbetskommitte.ics"
    before = _events(feed)

    assert "23 mars\t(Nykvarn)\n" in text
    source.write_text(text.replace("23 mars\t(Nykvarn)\n", ""), "utf-8")
    run = cli("import-text", source, "--id", "sodertorn", "--out", toml, "--force")
    assert run.status == 0, run.err
    assert cli(*export).status == 0
    after = _events(feed)

    gone = "sodertorn-sodertorns-samarbetskommitte-2017-03-23@samverkan"
    # The meeting of 23 March 2017, hosted by Nykvarn (seed 003 §7), goes out cancelled.
    assert before[gone][:3] == ("20170323T120000", "Nykvarn", "CONFIRMED")
    assert after[gone][2] == "CANCELLED"
    assert after[gone][3] == before[gone][3] + 1
    # Every other meeting: same UID, date, host and SEQUENCE. The hosts are the
    # ones the text names (Salem on 1 June, not Nykvarn moved up a turn).
    assert set(after) == set(before)
    assert {u: v for u, v in after.items() if u != gone} == {
        u: v for u, v in before.items() if u != gone
    }
    assert after["sodertorn-sodertorns-samarbetskommitte-2017-06-01@samverkan"][1] == "Salem"
    assert len(before) == 9
