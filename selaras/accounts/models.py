import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "slr_"


class User(AbstractUser):
    """A person or a service account (another ministry system); both are scoped alike."""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_service_account = models.BooleanField(
        _("service account"),
        default=False,
        help_text=_("An account used by another system through the API."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


# What a read-only token may send: reading never changes data.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored; the raw value is shown once.

    ``scope`` limits it below its user's rights: a ``read`` token may only send
    GET/HEAD/OPTIONS (``selaras.accounts.auth.BearerAuth`` answers anything else with
    403); a ``write`` token may do everything its user may. New tokens are ``read``
    unless asked otherwise (least privilege); tokens from before scopes are ``write``.
    """

    class Scope(models.TextChoices):
        READ = "read", _("read (GET only)")
        WRITE = "write", _("write (everything the user may do)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    scope = models.CharField(
        _("scope"),
        max_length=5,
        choices=Scope.choices,
        default=Scope.READ,
        help_text=_("read: may only read (GET). write: may also change data, "
                    "within what its user may do."),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    def allows(self, method: str) -> bool:
        """May this token send a request with this HTTP method?"""
        return self.scope == self.Scope.WRITE or (method or "").upper() in READ_METHODS

    @classmethod
    def issue(cls, user, *, name: str = "", expires_at=None,
              scope: str = Scope.READ) -> tuple["ApiToken", str]:
        """Creates a token (``read`` unless ``scope="write"``); returns it and its raw value.

        Not audited by itself: operators issue through
        ``selaras.accounts.tokens.issue_token`` (``manage.py issuetoken``), which is.
        """
        if scope not in cls.Scope.values:
            raise ValueError(f"Unknown token scope {scope!r}; use one of {cls.Scope.values}.")
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=raw[:12],
            key_hash=hash_token(raw),
            expires_at=expires_at,
            scope=scope,
        )
        return token, raw

    # Why a token that exists is refused (``refusal()``); None: it is usable.
    REVOKED = "revoked"
    EXPIRED = "expired"
    ACCOUNT_DISABLED = "account_disabled"

    def refusal(self, now=None) -> str | None:
        """Why this token may not be used (revoked, expired, its user inactive), or None.

        The same rule as ``ApiTokenQuerySet.usable()``, for one row already loaded.
        Revoked wins over expired (the operator's decision is the more useful answer),
        and both over a disabled account.
        """
        now = now or timezone.now()
        if self.revoked_at is not None:
            return self.REVOKED
        if self.expires_at is not None and self.expires_at <= now:
            return self.EXPIRED
        if not self.user.is_active:
            return self.ACCOUNT_DISABLED
        return None

    @classmethod
    def lookup(cls, raw: str) -> "ApiToken | None":
        """The token (with its user) whose hash matches a raw value, usable or not, or None.

        One indexed query on ``key_hash`` (unique), whatever the outcome: a known but
        refused token costs the same as an unknown one. Does not note its use.
        """
        if not raw or len(raw) > 200:
            return None
        return cls.objects.select_related("user").filter(key_hash=hash_token(raw)).first()

    @classmethod
    def find(cls, raw: str):
        """The usable token (with its user) for a raw value, or None; notes its use."""
        token = cls.lookup(raw)
        if token is None or token.refusal() is not None:
            return None
        return token.note_use()

    def note_use(self) -> "ApiToken":
        """Sets ``last_used_at`` (written at most once a minute); returns the token."""
        now = timezone.now()
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() > 60:
            type(self).objects.filter(pk=self.pk).update(last_used_at=now)
        return self

    @classmethod
    def authenticate(cls, raw: str):
        """The active user behind a raw token, or None (whatever the token's scope)."""
        token = cls.find(raw)
        return token.user if token is not None else None
