"""Password rules besides Django's (docs/decisions/0015-password-policy-bssn.md).

Django checks length (12), its list of 20,000 common passwords and similarity to the
username, name and e-mail. This adds the context-specific words NIST SP 800-63B asks
a blocklist to hold: the service, the ministry and words Indonesian users commonly
build passwords from — alone, or decorated only with digits and symbols
("Kemenag2026!", "bismillah123"). No composition rules, no expiry.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CONTEXT_WORDS = frozenset({
    # the service and the ministry
    "selaras", "kemenag", "kementerianagama", "kemenagri", "bimasislam", "kua",
    "kankemenag", "kanwil", "pusat", "ksbk", "fkub", "penyuluh",
    # generic words for "password", "secret", "admin"
    "password", "passw", "katasandi", "sandi", "rahasia", "admin", "administrator",
    "login", "masuk", "user", "pengguna",
    # common Indonesian password bases
    "bismillah", "alhamdulillah", "indonesia", "merdeka", "garuda", "pancasila",
    "sayang", "sayangku", "cinta", "jakarta", "bandung", "surabaya", "qwerty",
    "asdfgh", "qwertyuiop", "abcdef",
})
NON_LETTERS = re.compile(r"[^a-z]+")
EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
LEET = str.maketrans({"@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "0": "o", "$": "s",
                      "5": "s", "7": "t"})


def candidates(password: str) -> set[str]:
    """The word a password is built from: without digits and symbols, and with the
    decoration at both ends removed and look-alike characters read as letters."""
    lowered = password.lower()
    core = EDGES.sub("", lowered).translate(LEET)
    return {NON_LETTERS.sub("", lowered), NON_LETTERS.sub("", core)}


class ContextWordsValidator:
    """Refuses a password that is only a context word plus digits and symbols."""

    def validate(self, password, user=None):
        if candidates(password) & CONTEXT_WORDS:
            raise ValidationError(
                _("This password is too easy to guess: it is built from a common word "
                  "(such as the name of the ministry or of this system)."),
                code="password_context_word",
            )
        if len(set(password)) <= 2:
            raise ValidationError(_("This password is too easy to guess: it repeats the "
                                    "same characters."), code="password_repetitive")

    def get_help_text(self):
        return _("Your password cannot be a common word such as the ministry's or this "
                 "system's name with a few digits or symbols added.")
