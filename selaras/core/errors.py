"""Errors raised by services. Views and API handlers turn them into messages/status codes."""

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["ActionNotAllowed", "PermissionDenied", "ValidationError", "NotFound"]


class ActionNotAllowed(Exception):
    """The workflow table does not allow this action in the case's current state (HTTP 409)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(Exception):
    """A referenced object does not exist for this user (HTTP 404)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
