"""Errors raised by services. Views and API handlers turn them into messages/status codes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

__all__ = ["ActionNotAllowed", "ErrorCollector", "PermissionDenied", "ValidationError", "NotFound"]


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


class ErrorCollector:
    """Collects a service's input errors field by field, so every problem is reported at
    once; ``raise_if_any`` then raises them together (``ValidationError`` keyed by field,
    or whatever ``exception()`` of a subclass builds)."""

    def __init__(self):
        self.items: list[tuple[str | None, str]] = []

    def add(self, field: str | None, message) -> None:
        self.items.append((field, str(message)))

    def fields(self) -> set:
        return {f for f, _m in self.items}

    def as_dict(self) -> dict:
        errors: dict = {}
        for field, message in self.items:
            errors.setdefault(field, []).append(message)
        return errors

    def text(self, value, field: str, *, max_length: int, required: bool = False) -> str:
        """``value`` stripped; an error if it is not text, holds NUL, is missing though
        ``required`` or is longer than ``max_length``."""
        value = "" if value is None else value
        if not isinstance(value, str):
            self.add(field, _("Must be text."))
            return ""
        value = value.strip()
        if "\x00" in value:
            self.add(field, _("Contains a character that is not allowed."))
        elif required and not value:
            self.add(field, _("This field is required."))
        elif len(value) > max_length:
            self.add(field, _("At most %(max)d characters (this has %(n)d).")
                     % {"max": max_length, "n": len(value)})
        return value

    def exception(self) -> Exception:
        return ValidationError(self.as_dict())

    def raise_if_any(self) -> None:
        if self.items:
            raise self.exception()
