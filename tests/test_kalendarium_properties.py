"""Random lines mixed into a valid kalendarium: read or reported, never changing the valid dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from calendars._importers import kalendarium
from calendars._importers.phrases import read_line

_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
           "september", "oktober", "november", "december")  # fmt: skip
_HOSTS = ("Haninge", "Nykvarn", "Salem", "Botkyrka")


@st.composite
def _valid_line(draw: st.DrawFn) -> tuple[str, date]:
    day = draw(st.dates(min_value=date(2016, 1, 1), max_value=date(2030, 12, 31)))
    host = draw(st.sampled_from(_HOSTS))
    written = draw(
        st.sampled_from(
            (
                f"{day.day} {_MONTHS[day.month - 1]} {day.year} ({host})",
                f"{day.isoformat()}\t{host}",
                f"{day.day}/{day.month} {day.year} {host}",
                f"{day.day} {_MONTHS[day.month - 1][:3]}. {day.year}, {host}",
            )
        )
    )
    return written, day


# Noise: any text that stays on one line. The valid lines carry their year, so
# a noise heading that names a year cannot move them (by design it moves the
# dates written without one, tests/data/kalendarium/07-*).
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_noise = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters=_LINE_BREAKS), max_size=40
)


def _days_by_line(parsed: kalendarium.Parsed) -> dict[int, list[date]]:
    """Each line's days, in date order (a table row's cells are several bodies' dates)."""
    found: dict[int, list[date]] = {}
    for body in parsed.bodies:
        for d in body.dates:
            found.setdefault(d.line, []).append(d.first)
    return {line: sorted(days) for line, days in found.items()}


@given(
    st.lists(_valid_line(), min_size=1, max_size=8),
    st.lists(st.tuples(st.integers(0, 10), _noise), max_size=6),
)
def test_random_lines_are_read_or_reported_and_change_no_valid_date(
    valid: list[tuple[str, date]], noise: list[tuple[int, str]]
) -> None:
    lines = ["Styrelsen", *(text for text, _ in valid)]
    clean = kalendarium.parse("\n".join(lines))
    assert not clean.problems
    assert _days_by_line(clean) == {n: [day] for n, (_, day) in enumerate(valid, start=2)}

    mixed: list[tuple[str, int | None]] = [(line, n) for n, line in enumerate(lines, start=1)]
    for position, text in noise:
        mixed.insert(min(max(position, 1), len(mixed)), (text, None))
    parsed = kalendarium.parse("\n".join(text for text, _ in mixed), year=2020)
    reported = {p.line for p in parsed.problems}
    for number, (text, _) in enumerate(mixed, start=1):
        if text.strip():
            assert number in parsed.read or number in reported, (number, text)
    days = _days_by_line(parsed)
    for number, (_, original) in enumerate(mixed, start=1):
        if original is not None and original > 1:
            assert days.get(number) == [valid[original - 2][1]], (number, parsed.problems)


_REAL = sorted((Path(__file__).parent / "data" / "kalendarium" / "real").glob("*.txt"))


def _says_nothing_of_when(text: str) -> bool:
    """Noise that names no date, time, weekday, year or status (those may rightly move dates)."""
    read = read_line(text)
    return not (read.phrases or read.time or read.weekday is not None or read.years or read.status)


@given(
    st.sampled_from(_REAL),
    st.lists(st.tuples(st.integers(0, 40), _noise.filter(_says_nothing_of_when)), max_size=6),
)
def test_random_lines_in_a_real_list_never_change_its_days(
    source: Path, noise: list[tuple[int, str]]
) -> None:
    lines = source.read_text("utf-8").splitlines()
    clean = kalendarium.parse("\n".join(lines), body="Direktionen")
    mixed: list[tuple[str, int | None]] = [(line, n) for n, line in enumerate(lines, start=1)]
    for position, text in noise:
        mixed.insert(min(position, len(mixed)), (text, None))
    parsed = kalendarium.parse("\n".join(text for text, _ in mixed), body="Direktionen")
    reported = {p.line for p in parsed.problems}
    for number, (text, _) in enumerate(mixed, start=1):
        if text.strip() and read_line(text).text:
            assert number in parsed.read or number in reported, (number, text)
    before = _days_by_line(clean)
    after = _days_by_line(parsed)
    moved = {n: original for n, (_, original) in enumerate(mixed, start=1) if original}
    assert {moved[n]: days for n, days in after.items() if n in moved} == before
