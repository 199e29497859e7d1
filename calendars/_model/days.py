"""Days on which no meeting is held: Swedish holidays and configured breaks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter

from calendars._errors import CalendarError
from calendars._words import WEEKDAY_NAMES


def weekday(name: str) -> int:
    """Monday = 0 … Sunday = 6, from an English or Swedish day name.

    Plurals as the seeds write them ("torsdagar", "fredagar") are accepted.
    """
    key = name.strip().lower()
    for candidate in (key, key.removesuffix("ar"), key.removesuffix("s")):
        if candidate in WEEKDAY_NAMES:
            return WEEKDAY_NAMES[candidate]
    msg = f"{name!r} is not a weekday; e.g. thursday or torsdag"
    raise CalendarError(msg)


def _sweden() -> type:
    """python-holidays' Sweden, loaded without `holidays.countries`.

    Importing ``holidays.countries.sweden`` runs ``holidays/countries/__init__``,
    which imports every country (about 0.1 s, most of the CLI's start-up);
    the Swedish module itself needs only the core of the package. It is
    loaded from its file under a private name; tests/test_rules.py checks
    that it gives exactly what ``holidays.country_holidays("SE")`` gives.
    """
    import importlib.util  # noqa: PLC0415 - see above
    import sys  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    import holidays  # noqa: PLC0415

    name = "calendars._holidays_sweden"
    module = sys.modules.get(name)
    if module is None:
        path = Path(holidays.__file__).parent / "countries" / "sweden.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    found: type = module.Sweden
    return found


def _holidays(year: int) -> dict[date, str]:
    # Public holidays and the de-facto ones (midsommarafton, julafton,
    # nyårsafton) from python-holidays; Sundays are not holidays here.
    found = _sweden()(
        years=year, include_sundays=False, categories=("public", "de_facto"), language="sv"
    )
    return dict(found.items())


def _half_days(year: int) -> dict[date, str]:
    # python-holidays' optional Swedish days: the half days many workplaces
    # close from 14.00 (skärtorsdag, valborgsmässoafton, trettondagsafton …)
    # and klämdagar; the public and de-facto holidays are left to _holidays.
    found = _sweden()(years=year, include_sundays=False, categories=("optional",), language="sv")
    return dict(found.items())


class NonMeetingDays:
    """Swedish public and de-facto holidays, looked up once a year for one planning run.

    The planner makes one per plan, so nothing is cached between plans.
    """

    def __init__(self) -> None:
        self._years: dict[int, dict[date, str]] = {}
        self._half: dict[int, dict[date, str]] = {}

    def holiday(self, day: date) -> str | None:
        """The Swedish name of the public or de-facto holiday on `day`, if any."""
        found = self._years.get(day.year)
        if found is None:
            found = self._years[day.year] = _holidays(day.year)
        return found.get(day)

    def half_day(self, day: date) -> str | None:
        """The Swedish name of the half day or klämdag on `day` (python-holidays' optional days)."""
        found = self._half.get(day.year)
        if found is None:
            found = self._half[day.year] = _half_days(day.year)
        return found.get(day)

    def blocked(
        self, day: date, breaks: tuple[Break, ...], *, half_days: bool = False
    ) -> str | None:
        """Why no meeting can be held on `day` (a holiday, a half day, a break), or ``None``."""
        name = self.holiday(day) or (self.half_day(day) if half_days else None)
        if name is not None:
            return name
        return next((b.name for b in breaks if day in b), None)


def holiday(day: date) -> str | None:
    """The Swedish name of the public or de-facto holiday on `day`, if any."""
    return _holidays(day.year).get(day)


EASTER_DAYS = (-60, 60)
"""The days before and after Easter Sunday a moving break may reach."""


@dataclass(frozen=True, slots=True)
class Break:
    """A recurring period without meetings: a day range, an ISO week, or days around Easter."""

    name: str
    """What people call it: "sommaruppehåll", "jul", "sportlov", "påsk"."""
    first: tuple[int, int] | None = None
    """(month, day) of the first day, for a day range."""
    last: tuple[int, int] | None = None
    """(month, day) of the last day (inclusive); before `first` wraps over New Year."""
    week: int | None = None
    """An ISO week number (1–53), for a week's break such as sportlov."""
    weeks: tuple[tuple[int, int], ...] = ()
    """(year, ISO week) for years whose week differs from `week` (sportlov moves by year)."""
    easter: tuple[int, int] | None = None
    """First and last day counted from Easter Sunday (dateutil's): (-3, 1) is
    skärtorsdag to annandag påsk, (1, 7) the week after Easter."""

    def __post_init__(self) -> None:
        kinds = (
            self.first is not None or self.last is not None,
            self.week is not None or bool(self.weeks),
            self.easter is not None,
        )
        ranged = self.first is not None and self.last is not None
        if sum(kinds) != 1 or (kinds[0] and not ranged):
            msg = (
                f"break {self.name!r} needs from and to (MM-DD), a week number "
                "(or weeks by year), or days around Easter"
            )
            raise CalendarError(msg)
        for week in (self.week, *(w for _, w in self.weeks)):
            if week is not None and not 1 <= week <= 53:
                msg = f"break {self.name!r}: week {week} is not an ISO week (1–53)"
                raise CalendarError(msg)
        if self.easter is not None:
            least, most = EASTER_DAYS
            if not least <= self.easter[0] <= self.easter[1] <= most:
                msg = (
                    f"break {self.name!r}: easter = [{self.easter[0]}, {self.easter[1]}] is not "
                    f"two days in order from {least} to {most} around Easter Sunday"
                )
                raise CalendarError(msg)

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        if self.easter is not None:
            sunday = easter(day.year)
            return (
                sunday + timedelta(days=self.easter[0])
                <= day
                <= sunday + timedelta(days=self.easter[1])
            )
        if self.first is None or self.last is None:
            iso = day.isocalendar()
            week = dict(self.weeks).get(iso.year, self.week)
            return iso.week == week
        md = (day.month, day.day)
        if self.first <= self.last:
            return self.first <= md <= self.last
        return md >= self.first or md <= self.last
