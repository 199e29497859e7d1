"""Rotations: members, turns, terms, exceptions and fairness.

Only the names in ``__all__`` are stable; modules whose names start with an
underscore are private.
"""

from rotations._collation import alphabetical, collation_key
from rotations._errors import RotationError
from rotations._fairness import (
    Adjustment,
    AdjustmentKind,
    FairnessError,
    FairnessReport,
    Violation,
    ViolationKind,
    assert_fair,
    fairness,
)
from rotations._model import (
    After,
    Anchor,
    Deputy,
    Join,
    Leave,
    LeavePolicy,
    Member,
    Rule,
    Substitution,
    Swap,
    Term,
    Unavailable,
    UnavailablePolicy,
)
from rotations._rotation import Rotation
from rotations._units import (
    CalendarClock,
    Event,
    MonthDay,
    Unit,
    Unlisted,
    Weekday,
    election_day,
)

__all__ = [
    "Adjustment",
    "AdjustmentKind",
    "After",
    "Anchor",
    "CalendarClock",
    "Deputy",
    "Event",
    "FairnessError",
    "FairnessReport",
    "Join",
    "Leave",
    "LeavePolicy",
    "Member",
    "MonthDay",
    "Rotation",
    "RotationError",
    "Rule",
    "Substitution",
    "Swap",
    "Term",
    "Unavailable",
    "UnavailablePolicy",
    "Unit",
    "Unlisted",
    "Violation",
    "ViolationKind",
    "Weekday",
    "alphabetical",
    "assert_fair",
    "collation_key",
    "election_day",
    "fairness",
]
