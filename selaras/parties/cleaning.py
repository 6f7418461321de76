"""Input cleaning shared by the parties and handling services.

Every helper turns raw input (a form string, a JSON value, a Python object) into
a clean value or records a message under the field's name. Services collect all
messages first and raise one ``ValidationError`` with a field dict, so a form or
an API client sees every problem at once and nothing is written.

(Candidates for ``selaras.core`` once the foundation settles.)
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from selaras.core.errors import ValidationError

MAX_COUNT = 1_000_000
MAX_RUPIAH = 10**15


class Errors:
    """Collects field messages; ``raise_if_any()`` raises them as one ValidationError."""

    def __init__(self) -> None:
        self.messages: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.messages.setdefault(field, []).append(str(message))

    def __bool__(self) -> bool:
        return bool(self.messages)

    def raise_if_any(self) -> None:
        if self.messages:
            raise ValidationError(self.messages)

    # Each cleaner returns the clean value, or None after recording a message.

    def text(self, value, *, field: str, max_length: int, required: bool = False) -> str | None:
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.add(field, _("Must be text."))
            return None
        value = value.strip()
        if required and not value:
            self.add(field, _("This field is required."))
            return None
        if len(value) > max_length:
            self.add(field, _("At most %(max)d characters (this has %(n)d).") % {
                "max": max_length, "n": len(value)})
            return None
        return value

    def choice(self, value, choices, *, field: str, required: bool = True) -> str | None:
        if value in (None, ""):
            if required:
                self.add(field, _("This field is required."))
                return None
            return ""
        if str(value) not in {str(v) for v in choices.values}:
            self.add(field, _("'%(value)s' is not one of: %(choices)s.") % {
                "value": value, "choices": ", ".join(str(v) for v in choices.values)})
            return None
        return str(value)

    def count(self, value, *, field: str, maximum: int = MAX_COUNT,
              allow_none: bool = False, grouped: bool = False) -> int | None:
        """A whole number ≥ 0 (accepts digit strings from forms).

        ``grouped``: also accept thousands separators as typed in Indonesia
        ("1.500.000") — for money, never for counts where "1.5" would be a typo.
        """
        if value in (None, ""):
            if allow_none:
                return None
            self.add(field, _("This field is required."))
            return None
        if isinstance(value, bool):
            self.add(field, _("Must be a whole number."))
            return None
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if grouped:
                value = value.replace(".", "").replace(",", "")
            try:
                value = int(value)
            except ValueError:
                self.add(field, _("Must be a whole number."))
                return None
        if not isinstance(value, int):
            self.add(field, _("Must be a whole number."))
            return None
        if value < 0:
            self.add(field, _("Must be zero or more."))
            return None
        if value > maximum:
            self.add(field, _("Must be at most %(max)s.") % {"max": f"{maximum:,}"})
            return None
        return value

    def day(self, value, *, field: str, required: bool = True, not_future: bool = False,
            not_past: bool = False) -> date | None:
        """A calendar date (a ``date`` or ``YYYY-MM-DD``), judged in the local time zone."""
        if value in (None, ""):
            if required:
                self.add(field, _("This field is required."))
            return None
        if isinstance(value, datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        elif isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                self.add(field, _("Use the date format YYYY-MM-DD."))
                return None
        elif not isinstance(value, date):
            self.add(field, _("Use the date format YYYY-MM-DD."))
            return None
        today = timezone.localdate()
        if not_future and value > today:
            self.add(field, _("The date cannot be in the future."))
            return None
        if not_past and value < today:
            self.add(field, _("The date cannot be in the past."))
            return None
        if value.year < 1945:
            self.add(field, _("The date is too far in the past."))
            return None
        return value


def lock_case(case, *, expected_version: int | None = None):
    """Lock the case row and bump its version (every service write does; ETags rely on it).

    Call inside ``transaction.atomic``. Keeps the caller's instance's version in step.
    """
    from selaras.cases.models import Case
    from selaras.core.errors import ActionNotAllowed

    assert transaction.get_connection().in_atomic_block
    # Lock the case row only (of=self): locking the joined office row too made
    # concurrent intake (which key-share locks the office through its foreign key)
    # and transitions deadlock against the audit chain head.
    current = (Case.objects.select_for_update(of=("self",))
               .select_related("handling_unit").get(pk=case.pk))
    if expected_version is not None and current.version != expected_version:
        raise ActionNotAllowed(
            _("Someone else changed this case in the meantime. Reload it and try again.")
        )
    current.version += 1
    current.save(update_fields=["version", "updated_at"])
    case.version = current.version
    return current
