"""The formats of registry ids — ASSUMPTIONS, kept in one table so they are easy to change.

The ministry's registries do not publish their id formats where this project
could read them, so each rule below is an assumption from public examples and
naming conventions (decision 0011). Each rule is deliberately about shape only
(no check digits, no lookup); a wrong assumption is fixed by editing one entry
of ``FORMATS`` — no migration, since ids are stored as typed text.

- SIMAS (Sistem Informasi Masjid, simas.kemenag.go.id) — the mosque/musala id:
  dotted groups of digits such as ``01.2.12.01.01.000123`` (the same rule as
  ``Party.simas_id``); a leading ``ID`` is accepted and dropped.
- SIWAK (Sistem Informasi Wakaf) — a waqf land record: a land certificate or
  registry number, e.g. ``10.05.01.02.4.00123`` or an AIW (pledge deed) number
  such as ``W.2/123/2020``: letters and digits in groups separated by ``.``,
  ``/`` or ``-``, at least one digit.
- SIMKAH (Sistem Informasi Manajemen Nikah) — a marriage certificate (akta
  nikah) number: ``number/number/roman month/year``, e.g. ``0123/045/VI/2024``.
- EMIS (Education Management Information System) — a madrasah's NSM or a
  pesantren's NSPP (12 digits, e.g. ``111232730001``), the 18-digit form some
  exports use, or a school's NPSN (8 digits).
"""

import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Registry(models.TextChoices):
    SIMAS = "simas", _("SIMAS (mosques)")
    SIWAK = "siwak", _("SIWAK (waqf land)")
    SIMKAH = "simkah", _("SIMKAH (marriages)")
    EMIS = "emis", _("EMIS (madrasah and pesantren)")


@dataclass(frozen=True)
class IdFormat:
    pattern: re.Pattern
    example: str
    description: object  # lazy text shown when an id does not fit
    strip_prefix: str = ""

    def normalise(self, raw: str) -> str:
        value = re.sub(r"\s+", "", raw).upper()
        if self.strip_prefix and value.startswith(self.strip_prefix):
            value = value[len(self.strip_prefix):]
        return value

    def matches(self, value: str) -> bool:
        return bool(self.pattern.fullmatch(value))


ROMAN_MONTH = r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)"

FORMATS: dict[str, IdFormat] = {
    Registry.SIMAS: IdFormat(
        re.compile(r"\d{1,12}(?:\.\d{1,12}){0,7}"), "01.2.12.01.01.000123",
        _("A SIMAS id is digits, optionally in groups separated by dots."),
        strip_prefix="ID",
    ),
    Registry.SIWAK: IdFormat(
        re.compile(r"(?=[A-Z0-9./-]*\d)[A-Z0-9]{1,20}(?:[./-][A-Z0-9]{1,20}){0,9}"),
        "10.05.01.02.4.00123",
        _("A SIWAK number is letters and digits in groups separated by '.', '/' or '-'."),
    ),
    Registry.SIMKAH: IdFormat(
        re.compile(rf"\d{{1,5}}/\d{{1,5}}/{ROMAN_MONTH}/(?:19[4-9]\d|20\d\d)"),
        "0123/045/VI/2024",
        _("A marriage certificate number looks like 0123/045/VI/2024 "
          "(number/number/month in Roman numerals/year)."),
    ),
    Registry.EMIS: IdFormat(
        re.compile(r"\d{8}|\d{12}|\d{18}"), "111232730001",
        _("An EMIS id is an NSM or NSPP (12 or 18 digits) or an NPSN (8 digits)."),
    ),
}
MAX_EXTERNAL_ID = 60
