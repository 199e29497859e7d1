"""The change log: what an export changed, per cooperation and member, in JSON, Atom and the CLI.

tests/data/rich.toml, with Kungsör not attending: the per-event host
rotation gives 31 March to Arboga, 16 June to Köping and 27 October to
Kungsör; Köping chairs 2025. The second export moves June to the 23rd and
names Arboga its host, gives the March chair to Arboga, removes October
and adds 24 November: a host named on a date continues the per-event
rotation after it (docs/reference.md), so November goes to Köping.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser
from conftest import DATA

from calendars import load_text
from calendars._publish.export import export

STAMP = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)
LATER = datetime(2025, 2, 3, 9, 30, tzinfo=UTC)
WINDOW = (date(2025, 1, 1), date(2026, 1, 1))
PREFIX = "rik-styrgrupp-"


def _text() -> str:
    text = (DATA / "rich.toml").read_text()
    return text.replace(
        "[bodies.styrgrupp]\n", '[bodies.styrgrupp]\nattendees = ["Arboga", "Köping"]\n'
    )


def _changed(text: str) -> str:
    moved = text.replace(
        '{ date = "2025-06-16", id = "juni",',
        '{ date = "2025-06-23", id = "juni", host = "Arboga",',
    )
    gone = moved.replace(
        '    { date = "2025-10-27", id = "oktober" },\n',
        '    { date = "2025-11-24", id = "november" },\n',
    )
    chair = gone.replace(
        '[[bodies.styrgrupp.overrides]]\ndate = "2025-10-27"\nminutes = "https://rik.example/protokoll/oktober.pdf"\n',
        '[[bodies.styrgrupp.overrides]]\ndate = "2025-03-31"\nchair = "Arboga"\n',
    )
    assert chair.count("2025-06-23") == 1 and "november" in chair and 'chair = "Arboga"' in chair
    return chair


def _export(out: Path, text: str, stamp: datetime) -> None:
    export(
        [load_text(text, file="rich.toml")], out=out, start=WINDOW[0], end=WINDOW[1], stamp=stamp
    )


def _log(out: Path) -> list[dict[str, Any]]:
    return json.loads((out / "changes.json").read_text())["changes"]  # type: ignore[no-any-return]


def test_first_export_logs_nothing(tmp_path: Path) -> None:
    _export(tmp_path, _text(), STAMP)
    assert _log(tmp_path) == []
    feed = feedparser.parse((tmp_path / "rik-andringar.xml").read_bytes())
    assert feed.version == "atom10" and not feed.bozo
    assert feed.entries == []


def test_moved_cancelled_new_and_new_chair(tmp_path: Path) -> None:
    _export(tmp_path, _text(), STAMP)
    _export(tmp_path, _changed(_text()), LATER)
    by_uid = {c["uid"].removeprefix(PREFIX).removesuffix("@samverkan"): c for c in _log(tmp_path)}
    assert set(by_uid) == {"mars", "juni", "oktober", "november"}
    mars, juni, okt, nov = (by_uid[k] for k in ("mars", "juni", "oktober", "november"))
    assert mars["kinds"] == ["chair"]
    assert (mars["old_chair"], mars["chair"]) == ("Köping", "Arboga")
    assert juni["kinds"] == ["moved", "host"]
    assert juni["old_start"] == "2025-06-16T12:00:00+02:00"
    assert juni["start"] == "2025-06-23T12:00:00+02:00"
    assert (juni["old_hosts"], juni["hosts"]) == (["Köping"], ["Arboga"])
    assert okt["kinds"] == ["cancelled"]
    assert nov["kinds"] == ["new"]
    assert nov["hosts"] == ["Köping"]
    assert {c["when"] for c in by_uid.values()} == {"2025-02-03T09:30:00Z"}
    # Kungsör does not attend: only what it hosts (October) concerns it.
    assert okt["members"] == ["Arboga", "Köping", "Kungsör"]
    assert juni["members"] == nov["members"] == ["Arboga", "Köping"]


def test_atom_feeds_per_cooperation_and_member(tmp_path: Path) -> None:
    _export(tmp_path, _text(), STAMP)
    _export(tmp_path, _changed(_text()), LATER)
    whole = feedparser.parse((tmp_path / "rik-andringar.xml").read_bytes())
    assert whole.version == "atom10" and not whole.bozo, whole.get("bozo_exception")
    assert whole.feed.title == "Riksamverkan – Ändringar"
    assert whole.feed.author == "Samverkanskansliet"
    assert whole.feed.updated == "2025-02-03T09:30:00Z"
    assert len(whole.entries) == 4
    titles = sorted(e.title for e in whole.entries)
    assert (
        "Styrgruppen: flyttat 2025-06-16 12:00 → 2025-06-23 12:00; ny värd Köping → Arboga"
        in titles
    )
    assert "Styrgruppen: inställt 2025-10-27 12:00" in titles
    assert "Styrgruppen: nytt möte 2025-11-24 12:00" in titles
    assert "Styrgruppen: ny ordförande Köping → Arboga" in titles
    assert all(e.id.startswith("urn:uuid:") for e in whole.entries)
    cancelled = next(e for e in whole.entries if "inställt" in e.title)
    assert (
        cancelled.summary
        == "Styrgruppen: inställt 2025-10-27 12:00. Berör: Arboga, Köping, Kungsör."
    )
    assert len({e.id for e in whole.entries}) == 4
    kungsor = feedparser.parse((tmp_path / "rik-kommun-kungsor-andringar.xml").read_bytes())
    assert kungsor.version == "atom10" and not kungsor.bozo
    assert [e.title for e in kungsor.entries] == ["Styrgruppen: inställt 2025-10-27 12:00"]
    arboga = feedparser.parse((tmp_path / "rik-kommun-arboga-andringar.xml").read_bytes())
    assert len(arboga.entries) == 4


def test_the_index_page_lists_the_latest_changes(tmp_path: Path) -> None:
    _export(tmp_path, _text(), STAMP)
    page = (tmp_path / "index.html").read_text()
    assert "<h3>Senaste ändringarna</h3>\n<p>Inga ändringar ännu.</p>" in page
    _export(tmp_path, _changed(_text()), LATER)
    page = (tmp_path / "index.html").read_text()
    listed = re.findall(r"<li><time>([^<]+)</time> ([^<]+)</li>", page)
    assert len(listed) == 4
    assert ("2025-02-03", "Styrgruppen: inställt 2025-10-27 12:00") in listed
    assert '<a class="atom" href="rik-andringar.xml">' in page


def test_unchanged_export_adds_nothing_and_old_changes_age_out(tmp_path: Path) -> None:
    _export(tmp_path, _text(), STAMP)
    _export(tmp_path, _changed(_text()), LATER)
    kept = {
        p.name: p.read_bytes()
        for p in tmp_path.glob("*")
        if p.suffix in (".xml", ".json") and not p.name.endswith("-index.json")
    }
    _export(tmp_path, _changed(_text()), LATER + timedelta(days=3))
    assert {n: (tmp_path / n).read_bytes() for n in kept} == kept
    # A year and a day later the changes are gone from the log and the feeds.
    _export(tmp_path, _changed(_text()), LATER + timedelta(days=366))
    assert _log(tmp_path) == []
    assert feedparser.parse((tmp_path / "rik-andringar.xml").read_bytes()).entries == []


def test_the_log_keeps_other_cooperations(tmp_path: Path) -> None:
    _export(tmp_path, _text(), STAMP)
    _export(tmp_path, _changed(_text()), LATER)
    other = (DATA / "feeds.toml").read_text()
    export(
        [load_text(other, file="feeds.toml")],
        out=tmp_path,
        start=WINDOW[0],
        end=WINDOW[1],
        stamp=LATER + timedelta(days=1),
    )
    assert {c["coop"] for c in _log(tmp_path)} == {"rik"}
    assert len(_log(tmp_path)) == 4


def test_cli_prints_the_changes(tmp_path: Path, cli: Callable[..., Any]) -> None:
    (tmp_path / "rik.toml").write_text(_text())
    common = ("--from", "2025-01-01", "--to", "2025-12-31", "--out", tmp_path / "feeds")
    assert (
        cli("export", tmp_path / "rik.toml", *common, "--stamp", "2025-01-10T08:00:00Z").status == 0
    )
    (tmp_path / "rik.toml").write_text(_changed(_text()))
    run = cli("export", tmp_path / "rik.toml", *common, "--stamp", "2025-02-03T09:30:00Z")
    assert run.status == 0, run.err
    assert "2025-02-03 Styrgruppen: inställt 2025-10-27 12:00" in run.out
    listed = cli("changes", tmp_path / "feeds", "--member", "Kungsör", "--format", "json")
    assert listed.status == 0, listed.err
    assert [c["kinds"] for c in json.loads(listed.out)] == [["cancelled"]]
    csv = cli("changes", tmp_path / "feeds", "--format", "csv")
    assert csv.out.splitlines()[0].startswith("when,coop,body,title,kinds,start,old_start")
    assert len(csv.out.splitlines()) == 5
    missing = cli("changes", tmp_path)
    assert missing.status == 2 and "no change log" in missing.err


def test_a_damaged_log_is_an_error_and_nothing_is_written(
    tmp_path: Path, cli: Callable[..., Any]
) -> None:
    _export(tmp_path, _text(), STAMP)
    before = (tmp_path / "rik.ics").read_bytes()
    (tmp_path / "changes.json").write_text("{not json")
    (tmp_path / "rik.toml").write_text(_changed(_text()))
    run = cli(
        "export",
        tmp_path / "rik.toml",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--out",
        tmp_path,
        "--stamp",
        "2025-02-03T09:30:00Z",
    )
    assert run.status == 2
    assert "changes.json" in run.err and "Traceback" not in run.err
    assert (tmp_path / "rik.ics").read_bytes() == before


def test_previous_feed_in_reverse_order_gives_the_same_log(tmp_path: Path) -> None:
    logs = []
    for reverse in (False, True):
        out = tmp_path / str(reverse)
        _export(out, _text(), STAMP)
        if reverse:
            data = (out / "rik.ics").read_bytes()
            events = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", data, re.DOTALL)
            assert len(events) == 3
            head, tail = data.split(events[0], 1)[0], b"END:VCALENDAR\r\n"
            (out / "rik.ics").write_bytes(head + b"".join(reversed(events)) + tail)
        _export(out, _changed(_text()), LATER)
        logs.append((out / "changes.json").read_bytes())
    assert logs[0] == logs[1]
    assert len(json.loads(logs[0])["changes"]) == 4


def test_changes_table_speaks_the_cooperations_language(
    tmp_path: Path, cli: Callable[..., Any]
) -> None:
    english = _text().replace('name = "Riksamverkan"\n', 'name = "Riksamverkan"\nlanguage = "en"\n')
    _export(tmp_path, english, STAMP)
    _export(tmp_path, _changed(english), LATER)
    run = cli("changes", tmp_path, "--member", "Kungsör")
    assert run.status == 0, run.err
    assert run.out == "2025-02-03 Styrgruppen: cancelled 2025-10-27 12:00\n"


def test_atom_links_itself_with_a_base_url(tmp_path: Path) -> None:
    coop = load_text(_text(), file="rich.toml")
    export(
        [coop],
        out=tmp_path,
        start=WINDOW[0],
        end=WINDOW[1],
        stamp=STAMP,
        base_url="https://rik.example/kalender",
    )
    feed = feedparser.parse((tmp_path / "rik-kommun-arboga-andringar.xml").read_bytes())
    assert feed.version == "atom10" and not feed.bozo
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {
        "related": "https://rik.example/kalender/rik-kommun-arboga.ics",
        "self": "https://rik.example/kalender/rik-kommun-arboga-andringar.xml",
    }
