"""Errors a member or organizer can act on. Adapters show the message as it is (Korean, short)."""

from __future__ import annotations


class UserFacingError(Exception):
    """Bad input or a refused action: not a bug. `message` says what is wrong and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(UserFacingError):
    pass


class NotAllowed(UserFacingError):
    pass
