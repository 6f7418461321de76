"""Input cleaning shared by the parties and handling services.

Every cleaner turns raw input (a form string, a JSON value, a Python object) into
a clean value or raises a ``ValidationError`` under the field's name. Services collect
all messages first (``Errors``, on the shared ``selaras.core.errors.collector``) and
raise one ``ValidationError`` with a field dict, so a form or an API client sees every
problem at once and nothing is written.

(Candidates for ``selaras.core`` once the foundation settles.)
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from selaras.core.errors import ValidationError, collector

MAX_COUNT = 1_000_000
MAX_RUPIAH = 10**15


def _invalid(field: str, message: str):
    return ValidationError({field: [str(message)]})


# Each cleaner returns the clean value or raises a ValidationError keyed by ``field``.


def clean_text(value, *, field: str, max_length: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _invalid(field, _("Must be text."))
    value = value.strip()
    if required and not value:
        raise _invalid(field, _("This field is required."))
    if len(value) > max_length:
        raise _invalid(field, _("At most %(max)d characters (this has %(n)d).") % {
            "max": max_length, "n": len(value)})
    return value


def clean_choice(value, choices, *, field: str, required: bool = True) -> str | None:
    if value in (None, ""):
        if required:
            raise _invalid(field, _("This field is required."))
        return ""
    if str(value) not in {str(v) for v in choices.values}:
        raise _invalid(field, _("'%(value)s' is not one of: %(choices)s.") % {
            "value": value, "choices": ", ".join(str(v) for v in choices.values)})
    return str(value)


def clean_count(value, *, field: str, maximum: int = MAX_COUNT, allow_none: bool = False,
                grouped: bool = False) -> int | None:
    """A whole number ≥ 0 (accepts digit strings from forms).

    ``grouped``: also accept thousands separators as typed in Indonesia
    ("1.500.000") — for money, never for counts where "1.5" would be a typo.
    """
    if value in (None, ""):
        if allow_none:
            return None
        raise _invalid(field, _("This field is required."))
    if isinstance(value, bool):
        raise _invalid(field, _("Must be a whole number."))
    if isinstance(value, str):
        value = value.strip().replace(" ", "")
        if grouped:
            value = value.replace(".", "").replace(",", "")
        try:
            value = int(value)
        except ValueError:
            raise _invalid(field, _("Must be a whole number.")) from None
    if not isinstance(value, int):
        raise _invalid(field, _("Must be a whole number."))
    if value < 0:
        raise _invalid(field, _("Must be zero or more."))
    if value > maximum:
        raise _invalid(field, _("Must be at most %(max)s.") % {"max": f"{maximum:,}"})
    return value


def clean_day(value, *, field: str, required: bool = True, not_future: bool = False,
              not_past: bool = False) -> date | None:
    """A calendar date (a ``date`` or ``YYYY-MM-DD``), judged in the local time zone."""
    if value in (None, ""):
        if required:
            raise _invalid(field, _("This field is required."))
        return None
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    elif isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise _invalid(field, _("Use the date format YYYY-MM-DD.")) from None
    elif not isinstance(value, date):
        raise _invalid(field, _("Use the date format YYYY-MM-DD."))
    today = timezone.localdate()
    if not_future and value > today:
        raise _invalid(field, _("The date cannot be in the future."))
    if not_past and value < today:
        raise _invalid(field, _("The date cannot be in the past."))
    if value.year < 1945:
        raise _invalid(field, _("The date is too far in the past."))
    return value


class Errors:
    """Collects field messages through the shared ``selaras.core.errors.collector``;
    ``raise_if_any()`` raises them as one ValidationError.

    ``text``, ``choice``, ``count`` and ``day`` return the clean value, or None after
    recording the cleaner's message (``check`` does the same for any other validator
    that raises a ValidationError)."""

    def __init__(self) -> None:
        self.messages: dict[str, list[str]] = {}
        self.check = collector(self.messages)

    def add(self, field: str, message: str) -> None:
        self.messages.setdefault(field, []).append(str(message))

    def __bool__(self) -> bool:
        return bool(self.messages)

    def raise_if_any(self) -> None:
        if self.messages:
            raise ValidationError(self.messages)

    def text(self, value, **kwargs) -> str | None:
        return self.check(clean_text, value, **kwargs)

    def choice(self, value, choices, **kwargs) -> str | None:
        return self.check(clean_choice, value, choices, **kwargs)

    def count(self, value, **kwargs) -> int | None:
        return self.check(clean_count, value, **kwargs)

    def day(self, value, **kwargs) -> date | None:
        return self.check(clean_day, value, **kwargs)


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
