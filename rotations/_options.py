"""Reading a rotation's options: handover days and times, kinds, dates, and their checks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, time
from typing import TypeVar

from rotations._engine import BaseSequence, Fixed
from rotations._errors import RotationError
from rotations._model import After, Deputy, Term
from rotations._units import Clock, Event, MonthDay, Unit, Weekday


def check_listed(base: BaseSequence, clock: Clock) -> None:
    """Every explicit holder is a member when its turn comes."""
    for seg, nxt in zip(base.segments, [*base.segments[1:], None], strict=True):
        if not isinstance(seg, Fixed):
            continue
        stop = seg.start + len(seg.holders) if nxt is None else nxt.start
        for k in range(seg.start, min(stop, seg.start + len(seg.holders))):
            holder = seg.holders[k - seg.start]
            if holder not in seg.members:
                msg = (
                    f"the published list gives {clock.label(k)} to {holder}, "
                    "which is not a member then; list only members, or add a "
                    "change that makes it join before"
                )
                raise RotationError(msg, field="published")


def handover_time_of(value: time | None, unit: Unit) -> time | None:
    if value is None:
        return None
    if not isinstance(value, time) or value.tzinfo is not None:
        msg = (
            "handover_time must be a datetime.time without a time zone, "
            f"e.g. time(17), not {value!r}"
        )
        raise RotationError(msg, field="handover")
    if unit not in (Unit.WEEK, Unit.DAY):
        msg = f"a time of day for the handover applies to week and day turns, not to {unit}"
        raise RotationError(msg, field="handover")
    return value


def by_period(item: tuple[int | str, date]) -> tuple[str, date]:
    return (type(item[0]).__name__, item[1])


def handover_day(value: MonthDay | Weekday | str | None, unit: Unit) -> MonthDay | Weekday | None:
    if not isinstance(value, str):
        return value
    if unit is Unit.WEEK:
        return Weekday.parse(value)
    try:
        return MonthDay.parse(value)
    except RotationError as exc:
        raise RotationError(str(exc), field="handover") from None


@contextmanager
def calendar_ends() -> Iterator[None]:
    """Turn date arithmetic past year 1 or 9999 into a RotationError."""
    try:
        yield
    except OverflowError:
        msg = "the look-up reaches past the calendar; dates run from 0001-01-01 to 9999-12-31"
        raise RotationError(msg) from None


def day_of(value: object, what: str) -> date:
    """`value` if it is a `date` (and not a `datetime`); else a TypeError saying so."""
    if isinstance(value, datetime) or not isinstance(value, date):
        hint = " (for a datetime, pass its .date())" if isinstance(value, datetime) else ""
        msg = (
            f"{what} must be a datetime.date, e.g. date(2024, 1, 1), "
            f"not {type(value).__name__} {value!r}{hint}"
        )
        raise TypeError(msg)
    return value


def with_event(term: Term, event: Event) -> Term:
    return replace(term, start=event.start, end=event.stop, period=event.key, weight=event.weight)


E = TypeVar("E", Unit, After, Deputy)


def enum_of(kind: type[E], value: object, key: str) -> E:
    try:
        return kind(str(value))
    except ValueError:
        valid = " | ".join(m.value for m in kind)
        msg = f"{key} = {value!r} is not valid; use {valid}"
        raise RotationError(msg) from None
