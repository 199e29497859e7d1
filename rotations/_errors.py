"""The one error root of the `rotations` package."""

from __future__ import annotations


class RotationError(ValueError):
    """A rotation that cannot be built or a look-up it cannot answer.

    The message says what is wrong and what would be valid.

    Attributes:
        field: the constructor option at fault ("handovers", "start",
            "published", "changes", "overrides", …), where one is.

    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
