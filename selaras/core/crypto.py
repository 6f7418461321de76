"""Encryption at rest for personal data, and keyed hashes for exact-match search.

* **Encryption**: Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) through a
  ``MultiFernet`` over the configured keys, newest first. A stored value is
  ``enc:v1:<fernet token>``. The keys never live in the database or the repository:
  ``FIELD_ENCRYPTION_KEYS`` (environment, comma-separated, newest first) or else the
  file ``DATA_DIR/field_keys`` (one key per line, newest first; created with mode 0600
  on first use, like ``secret_key``).
* **Keyed hash**: HMAC-SHA256 over a normalised value, with a key derived (HKDF) from a
  separate secret — ``FIELD_HASH_KEY`` or the file ``DATA_DIR/field_hash_key``. It lets
  the application find "the party with this NIK" without decrypting every row, and
  without letting someone who has only the database test guesses (a NIK has little
  entropy, so a plain SHA-256 would be reversible by enumeration).

Decryption failures raise :class:`DecryptionError` with a message that names the
cause (no configured key fits; value stored unencrypted) — never garbage.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import threading
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

PREFIX = "enc:v1:"
HASH_INFO = b"selaras field hash v1"

_lock = threading.Lock()
_cache: dict[str, object] = {}


class DecryptionError(Exception):
    """A stored value cannot be decrypted with the configured keys."""


# --------------------------------------------------------------------------- keys


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


def _read_or_create(path: Path, make) -> str:
    """The secret in ``path``; created atomically (mode 0600) when missing.

    Several processes may start at once: the new file is written under a temporary
    name and hard-linked into place, so exactly one secret wins and all read it.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(make() + "\n")
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass
        finally:
            tmp.unlink(missing_ok=True)
    return path.read_text()


def _key_file() -> Path:
    return Path(getattr(settings, "FIELD_ENCRYPTION_KEY_FILE", settings.DATA_DIR / "field_keys"))


def _hash_key_file() -> Path:
    return Path(getattr(settings, "FIELD_HASH_KEY_FILE", settings.DATA_DIR / "field_hash_key"))


def configured_keys() -> list[str]:
    """The encryption keys, newest first (settings/env, else the key file)."""
    keys = list(getattr(settings, "FIELD_ENCRYPTION_KEYS", None) or [])
    if not keys:
        text = _read_or_create(_key_file(), generate_key)
        keys = [line.strip() for line in text.splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    if not keys:
        raise ImproperlyConfigured("No field encryption key: set FIELD_ENCRYPTION_KEYS.")
    return keys


def _fernets() -> tuple[MultiFernet, Fernet]:
    with _lock:
        if "multi" not in _cache:
            try:
                fernets = [Fernet(key.encode("ascii")) for key in configured_keys()]
            except (ValueError, UnicodeEncodeError) as exc:
                raise ImproperlyConfigured(
                    "FIELD_ENCRYPTION_KEYS (or the field_keys file) holds a malformed key: "
                    "each key must be 32 url-safe base64-encoded bytes "
                    "(make one with `manage.py rotate_keys --generate`)."
                ) from exc
            _cache["multi"] = MultiFernet(fernets)
            _cache["primary"] = fernets[0]
        return _cache["multi"], _cache["primary"]


def _hash_key() -> bytes:
    with _lock:
        if "hash" not in _cache:
            secret = getattr(settings, "FIELD_HASH_KEY", "") or ""
            if not secret:
                secret = _read_or_create(_hash_key_file(), generate_key).strip()
            _cache["hash"] = HKDF(
                algorithm=hashes.SHA256(), length=32, salt=None, info=HASH_INFO
            ).derive(secret.encode("utf-8"))
        return _cache["hash"]


def reset() -> None:
    """Forget the loaded keys (after the settings or the key files change)."""
    with _lock:
        _cache.clear()


def _on_setting_changed(*, setting, **kwargs):
    if setting in {"FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY", "FIELD_ENCRYPTION_KEY_FILE",
                   "FIELD_HASH_KEY_FILE", "DATA_DIR"}:
        reset()


setting_changed.connect(_on_setting_changed)


# --------------------------------------------------------------------------- encryption


def is_encrypted(stored) -> bool:
    return isinstance(stored, str) and stored.startswith(PREFIX)


def encrypt(plaintext: str) -> str:
    """``enc:v1:<token>`` under the newest key. Raises when no key is configured."""
    if not isinstance(plaintext, str):
        raise TypeError("Only text can be encrypted.")
    _multi, primary = _fernets()
    return PREFIX + primary.encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(stored: str, *, label: str = "value") -> str:
    if not is_encrypted(stored):
        raise DecryptionError(
            f"The stored {label} is not encrypted (no '{PREFIX}' prefix). "
            "Run the migrations (they encrypt existing rows) or `manage.py rotate_keys`."
        )
    multi, _primary = _fernets()
    try:
        return multi.decrypt(stored[len(PREFIX):].encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise DecryptionError(
            f"The stored {label} cannot be decrypted with any configured key "
            "(FIELD_ENCRYPTION_KEYS / field_keys): a key it was encrypted with was removed "
            "or the value was altered."
        ) from exc


def needs_rotation(stored: str) -> bool:
    """Whether ``stored`` is not (yet) encrypted with the newest key."""
    if not is_encrypted(stored):
        return True
    _multi, primary = _fernets()
    try:
        primary.decrypt(stored[len(PREFIX):].encode("ascii"))
    except InvalidToken:
        return True
    return False


def rotate(stored: str) -> str:
    """Re-encrypt with the newest key (a plaintext value is simply encrypted)."""
    if not is_encrypted(stored):
        return encrypt(stored)
    multi, _primary = _fernets()
    try:
        token = multi.rotate(stored[len(PREFIX):].encode("ascii"))
    except InvalidToken as exc:
        raise DecryptionError(
            "A stored value cannot be decrypted with any configured key; keep the old key "
            "in the list until rotation has finished."
        ) from exc
    return PREFIX + token.decode("ascii")


# --------------------------------------------------------------------------- keyed hash

_SPACES = re.compile(r"\s+")
_PHONE = re.compile(r"^\+?[\d\s().-]{6,}$")


def normalise(value: str, kind: str = "text") -> str:
    """The form a value is hashed in.

    * ``text``: trimmed, case-folded, inner whitespace collapsed.
    * ``digits`` (NIK): digits only.
    * ``contact``: a phone number becomes its digits with ``62…`` written ``0…``
      ("+62 812-3456" and "0812 3456" match); anything else (an e-mail) as ``text``.
    """
    value = (value or "").strip()
    if kind == "digits":
        return "".join(c for c in value if c.isdigit())
    if kind == "contact" and _PHONE.match(value):
        digits = "".join(c for c in value if c.isdigit())
        if digits.startswith("62"):
            digits = "0" + digits[2:]
        return digits
    return _SPACES.sub(" ", value.casefold())


def keyed_hash(value: str, kind: str = "text") -> str:
    """Hex HMAC-SHA256 of the normalised value; "" for an empty value."""
    normalised = normalise(value, kind)
    if not normalised:
        return ""
    return hmac.new(_hash_key(), normalised.encode("utf-8"), hashlib.sha256).hexdigest()


def fingerprint(key: str) -> str:
    """A short, non-secret label of a key for reports (first 8 hex of its SHA-256)."""
    return hashlib.sha256(base64.urlsafe_b64decode(key.encode("ascii"))).hexdigest()[:8]


# --------------------------------------------------------------------------- loose values


def seal(value):
    """Encrypt a personal value kept outside an encrypted column (e.g. a timeline
    event's before/after); empty and non-text values pass unchanged."""
    if isinstance(value, str) and value and not is_encrypted(value):
        return encrypt(value)
    return value


def unseal(value, *, default: str = ""):
    """The plaintext of a sealed value; ``default`` when no configured key opens it
    (e.g. an old key was retired). Plain values pass unchanged."""
    if not is_encrypted(value):
        return value
    try:
        return decrypt(value)
    except DecryptionError:
        return default
