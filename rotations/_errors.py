"""The one error root of the `rotations` package."""

from __future__ import annotations


class RotationError(ValueError):
    """A rotation that cannot be built or a look-up it cannot answer.

    The message says what is wrong and what would be valid.
    """
