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
from xml.etree import ElementTree as ET

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
    feed = feedparser.parse((tmp_path / "rik-andringar.atom").read_bytes())
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
    whole = feedparser.parse((tmp_path / "rik-andringar.atom").read_bytes())
    assert whole.version == "atom10" and not whole.bozo, whole.get("bozo_exception")
    assert whole.feed.title == "Riksamverkan – Ändringar"
    assert whole.feed.author == "Samverkanskansliet"
    assert whole.feed.updated == "2025-02-03T09:30:00Z"
    # One entry for the export that found the four changes; one line each.
    assert len(whole.entries) == 1
    lines = whole.entries[0].content[0].value.splitlines()
    assert (
        "Styrgruppen: flyttat 2025-06-16 12:00 → 2025-06-23 12:00; ny värd Köping → Arboga."
        " Berör: Arboga, Köping." in lines
    )
    assert "Styrgruppen: inställt 2025-10-27 12:00. Berör: Arboga, Köping, Kungsör." in lines
    assert "Styrgruppen: nytt möte 2025-11-24 12:00. Berör: Arboga, Köping." in lines
    assert "Styrgruppen: ny ordförande Köping → Arboga. Berör: Arboga, Köping." in lines
    assert whole.entries[0].summary == "4 ändringar 2025-02-03"
    assert whole.entries[0].id.startswith("urn:uuid:")
    kungsor = feedparser.parse((tmp_path / "rik-kommun-kungsor-andringar.atom").read_bytes())
    assert kungsor.version == "atom10" and not kungsor.bozo
    assert kungsor.entries[0].content[0].value == (
        "Styrgruppen: inställt 2025-10-27 12:00. Berör: Arboga, Köping, Kungsör."
    )
    arboga = feedparser.parse((tmp_path / "rik-kommun-arboga-andringar.atom").read_bytes())
    assert len(arboga.entries[0].content[0].value.splitlines()) == 4


def test_the_index_page_lists_the_latest_changes(tmp_path: Path) -> None:
    _export(tmp_path, _text(), STAMP)
    page = (tmp_path / "index.html").read_text()
    assert "<h3>Senaste ändringarna</h3>\n<p>Inga ändringar ännu.</p>" in page
    _export(tmp_path, _changed(_text()), LATER)
    page = (tmp_path / "index.html").read_text()
    listed = re.findall(r"<li><time>([^<]+)</time> ([^<]+)</li>", page)
    assert len(listed) == 4
    # Moves and cancellations first: a subscriber must act on them.
    assert [text.split(": ", 1)[1].split(" ", 1)[0] for _, text in listed] == [
        "flyttat",
        "inställt",
        "nytt",
        "ny",
    ]
    assert ("2025-02-03", "Styrgruppen: inställt 2025-10-27 12:00") in listed
    assert '<a class="atom" href="rik-andringar.atom">' in page


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
    assert feedparser.parse((tmp_path / "rik-andringar.atom").read_bytes()).entries == []


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
    entry = feedparser.parse((tmp_path / "rik-andringar.atom").read_bytes()).entries[0]
    assert entry.title == "4 changes 2025-02-03"
    page = (tmp_path / "index.html").read_text()
    assert "<h3>Which calendar is mine?</h3>" in page
    assert "<span>Host: Arboga</span>" in page


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
    feed = feedparser.parse((tmp_path / "rik-kommun-arboga-andringar.atom").read_bytes())
    assert feed.version == "atom10" and not feed.bozo
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {
        "related": "https://rik.example/kalender/rik-kommun-arboga.ics",
        "self": "https://rik.example/kalender/rik-kommun-arboga-andringar.atom",
        "alternate": "https://rik.example/kalender/index.html",
    }


_A = "{http://www.w3.org/2005/Atom}"
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def _entry_faults(i: int, entry: ET.Element) -> list[str]:
    """RFC 4287 §4.1.2: one id, title and updated; content, or an alternate link (we want both)."""
    faults = [
        f"entry {i}: {len(entry.findall(f'{_A}{name}'))} × {name}"
        for name in ("id", "title", "updated")
        if len(entry.findall(f"{_A}{name}")) != 1
    ]
    if not _STAMP.match(entry.findtext(f"{_A}updated") or ""):
        faults.append(f"entry {i}: updated is not an RFC 3339 date-time")
    if len(entry.findall(f"{_A}content")) != 1 or not entry.findtext(f"{_A}content"):
        faults.append(f"entry {i}: no content")
    alternates = [
        link for link in entry.findall(f"{_A}link") if link.get("rel", "alternate") == "alternate"
    ]
    if len(alternates) != 1 or not alternates[0].get("href"):
        faults.append(f"entry {i}: no rel=alternate link")
    return faults


def _rfc4287(data: bytes) -> list[str]:
    """What RFC 4287 (§4.1.1, §4.1.2) and the W3C feed validator object to, as lines."""
    feed = ET.fromstring(data)
    if feed.tag != f"{_A}feed":
        return [f"root is {feed.tag}"]
    faults = [
        f"feed: {len(feed.findall(f'{_A}{name}'))} × {name}"
        for name in ("id", "title", "updated", "author")
        if len(feed.findall(f"{_A}{name}")) != 1
    ]
    rels = [link.get("rel", "alternate") for link in feed.findall(f"{_A}link")]
    if rels.count("self") != 1 or len(rels) != len(set(rels)):
        faults.append(f"feed: links {rels}, want one rel=self and no rel twice")
    entries = feed.findall(f"{_A}entry")
    for i, entry in enumerate(entries):
        faults += _entry_faults(i, entry)
    # The validator's DuplicateUpdated and RFC 4287 §4.1.1's unique ids.
    for name in ("updated", "id"):
        values = [e.findtext(f"{_A}{name}") for e in entries]
        if len(values) != len(set(values)):
            faults.append(f"entries share an {name}: {values}")
    return faults


def test_atom_is_valid_without_a_base_url(tmp_path: Path) -> None:
    _export(tmp_path, _text(), STAMP)
    _export(tmp_path, _changed(_text()), LATER)
    feeds = sorted(tmp_path.glob("*-andringar.atom"))
    assert [p.name for p in feeds] == [
        "rik-andringar.atom",
        "rik-kommun-arboga-andringar.atom",
        "rik-kommun-koping-andringar.atom",
        "rik-kommun-kungsor-andringar.atom",
    ]
    assert not list(tmp_path.glob("*-andringar.xml"))
    for path in feeds:
        data = path.read_bytes()
        assert _rfc4287(data) == [], path.name
        parsed = feedparser.parse(data)
        assert parsed.version == "atom10" and not parsed.bozo, path.name
    whole = feedparser.parse((tmp_path / "rik-andringar.atom").read_bytes())
    # Without --base-url, rel="self" is the file's own name: a relative reference
    # (RFC 4287 §4.2.7.1, RFC 3986 §4.2) that resolves wherever the folder is published.
    links = {link.rel: link.href for link in whole.feed.links}
    assert links == {"related": "rik.ics", "self": "rik-andringar.atom", "alternate": "index.html"}
    # One entry per export: the four changes of 3 February, moves and cancellations first.
    assert len(whole.entries) == 1
    entry = whole.entries[0]
    assert entry.updated == "2025-02-03T09:30:00Z"
    assert entry.title == "4 ändringar 2025-02-03"
    assert entry.link == "index.html#rik"
    assert entry.content[0].value.splitlines() == [
        "Styrgruppen: flyttat 2025-06-16 12:00 → 2025-06-23 12:00; ny värd Köping → Arboga."
        " Berör: Arboga, Köping.",
        "Styrgruppen: inställt 2025-10-27 12:00. Berör: Arboga, Köping, Kungsör.",
        "Styrgruppen: nytt möte 2025-11-24 12:00. Berör: Arboga, Köping.",
        "Styrgruppen: ny ordförande Köping → Arboga. Berör: Arboga, Köping.",
    ]
    kungsor = feedparser.parse((tmp_path / "rik-kommun-kungsor-andringar.atom").read_bytes())
    assert [e.title for e in kungsor.entries] == ["1 ändring 2025-02-03"]


def test_three_exports_give_three_entries_with_their_own_updated(tmp_path: Path) -> None:
    _export(tmp_path, _text(), STAMP)
    _export(tmp_path, _changed(_text()), LATER)
    _export(tmp_path, _text(), LATER + timedelta(days=1))
    data = (tmp_path / "rik-andringar.atom").read_bytes()
    assert _rfc4287(data) == []
    parsed = feedparser.parse(data)
    assert [e.updated for e in parsed.entries] == ["2025-02-04T09:30:00Z", "2025-02-03T09:30:00Z"]
    assert parsed.feed.updated == "2025-02-04T09:30:00Z"


def test_every_change_kind_has_an_urgency() -> None:
    """A kind added later (vice_chair came with issue 18) must be ranked too, or the page fails."""
    from calendars._publish.changes import URGENCY, ChangeKind

    assert set(URGENCY) == set(ChangeKind)
