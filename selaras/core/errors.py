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


def collector(errors: dict[str, list]):
    """``check(fn, *args, **kwargs)``: ``fn``'s result, or None with the messages of the
    ``ValidationError`` it raised added to ``errors`` — so a service validates every field
    and reports all problems at once."""

    def check(fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                errors.setdefault(key, []).extend(messages)
            return None

    return check
