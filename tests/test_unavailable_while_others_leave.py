"""Regression: an unavailable member whose only successors are itself.

A, B, C; A leaves from 2006, C from 2015, so from 2015 only B is left. With
B unavailable in 2014 there is no later turn of another member to move up:
the defer walk used to loop for ever.
"""

from __future__ import annotations

from datetime import date

from rotations import Anchor, Leave, Rotation, Unavailable


def test_a_current_member_stands_in_and_the_walk_ends() -> None:
    r = Rotation(
        "r",
        ["A", "B", "C"],
        anchor=Anchor("B", date(2000, 1, 1)),
        changes=[Leave("A", date(2006, 1, 1)), Leave("C", date(2015, 1, 1))],
        overrides=[Unavailable("B", date(2014, 1, 1), date(2015, 1, 1))],
    )
    terms = r.terms(date(2012, 1, 1), date(2017, 1, 1))
    # By hand: 2005 was A's; from 2006 B and C alternate (B first); C stands
    # in for B in 2014, and from 2015 only B is left.
    assert [t.holder for t in terms] == ["B", "C", "C", "B", "B"]
    assert terms[2].rule == "stand-in"
