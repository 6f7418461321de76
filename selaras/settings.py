"""Selaras settings: one file, driven by environment variables (Healthchecks style).

Every setting that differs between a laptop and production is read from the
environment through the typed helpers below. The embedded default is SQLite in
``SELARAS_DATA_DIR`` (``./var``); ``DATABASE_URL`` switches to PostgreSQL.
"""

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envjson(name: str, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return json.loads(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be valid JSON, got {value!r}") from exc


DATA_DIR = Path(envstr("SELARAS_DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else a key kept under DATA_DIR (never in the repo)."""
    if key := envstr("SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

# Encryption at rest of personal data (selaras.core.crypto, docs/security.md). Keys never
# live in the database or the repository: FIELD_ENCRYPTION_KEYS (Fernet keys, comma-separated,
# newest first; `manage.py rotate_keys --generate` makes one), else DATA_DIR/field_keys
# (one key a line, newest first; created 0600 on first use). The keyed-hash secret for
# exact-match search is separate: FIELD_HASH_KEY, else DATA_DIR/field_hash_key.
FIELD_ENCRYPTION_KEYS = envlist("FIELD_ENCRYPTION_KEYS")
FIELD_ENCRYPTION_KEY_FILE = DATA_DIR / "field_keys"
FIELD_HASH_KEY = envstr("FIELD_HASH_KEY")
FIELD_HASH_KEY_FILE = DATA_DIR / "field_hash_key"
# Access log (selaras.audit.access_log): repeated views of the same object by the same
# user within this many seconds are one entry.
ACCESS_LOG_THROTTLE_SECONDS = envint("ACCESS_LOG_THROTTLE_SECONDS", 600)

DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_NAME = envstr("SITE_NAME", "Selaras")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "selaras.core",
    "selaras.regions",
    "selaras.org",
    "selaras.accounts",
    "selaras.cases",
    "selaras.parties",
    "selaras.handling",
    "selaras.reports",
    "selaras.evidence",
    "selaras.registry",
    "selaras.notifications",
    "selaras.playbooks",
    "django_tasks_db",
    "selaras.automation",
    "selaras.analytics",
    "selaras.integration",
    "selaras.webhooks",
    "selaras.imports",
    "selaras.earlywarning",
    "selaras.guide",
    "selaras.audit",
    "selaras.privacy",
    # Login, MFA and OIDC single sign-on (django-allauth), lockout (django-axes);
    # configured in the "Authentication" block below (selaras.accounts).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
]

MIDDLEWARE = [
    # Observability first (selaras.core.requestid, selaras.core.metrics): the request id
    # is in every log line and audit row of the request; metrics time the whole stack.
    "selaras.core.requestid.RequestIdMiddleware",
    "selaras.core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files, hashed and compressed in production (STATIC_MANIFEST below).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "selaras.accounts.sessions.SessionMiddleware",  # Django's + background requests untouched
    "selaras.core.middleware.SelarasLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # /api/v1/ only: rate limits, then Idempotency-Key (selaras.integration).
    "selaras.integration.middleware.RateLimitMiddleware",
    "selaras.integration.middleware.IdempotencyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "selaras.accounts.middleware.AbsoluteSessionMiddleware",
    # Authentication (selaras.accounts): allauth's request context and re-authentication
    # redirects; MFA set-up/verification enforced for privileged users; bearer-token
    # guessing from one address → 429; django-axes lockout (keep axes last of these).
    "allauth.account.middleware.AccountMiddleware",
    "selaras.accounts.middleware.MfaEnforcementMiddleware",
    "selaras.accounts.middleware.ApiTokenLockoutMiddleware",
    "axes.middleware.AxesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "selaras.urls"
WSGI_APPLICATION = "selaras.wsgi.application"
ASGI_APPLICATION = "selaras.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "selaras.core.context_processors.site",
                "selaras.notifications.context_processors.unread_count",
                "selaras.guide.context_processors.training",
            ],
        },
    },
]

# Database: SQLite (WAL) under DATA_DIR by default; DATABASE_URL switches engine.
DATABASE_URL = envstr("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=envint("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {})
        DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
        # Behind PgBouncer in transaction mode server-side cursors must be off.
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = envbool(
            "DB_DISABLE_SERVER_SIDE_CURSORS", False
        )
        DATABASES["default"]["TEST"] = {"NAME": envstr("DB_TEST_NAME", "test_selaras")}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "selaras.sqlite3",
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=5000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Authentication (selaras.accounts; docs/security.md "Authentication", "Lockout") -----
# django-axes first: it refuses locked-out usernames/addresses before any password check.
AUTHENTICATION_BACKENDS = [
    "selaras.accounts.backends.LockoutBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# allauth: username login, no self sign-up (accounts are created by administrators),
# no e-mail verification step; sessions end by the idle/absolute limits below.
ACCOUNT_ADAPTER = "selaras.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "selaras.accounts.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Password or MFA code within the last 5 minutes before sensitive changes (MFA
# deactivation, recovery codes, roles and memberships in the admin).
ACCOUNT_REAUTHENTICATION_TIMEOUT = envint("REAUTHENTICATION_SECONDS", 300)
REAUTH_ENFORCED = True  # like MFA_ENFORCED: only the test suite turns it off
# allauth's "login_failed" limit caps the guessing of MFA codes (10 per 5 minutes per
# account); it is looser than django-axes (below), which locks out failed passwords first.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip,10/300s/key"}
# MFA: TOTP and recovery codes. Required for kepala, admin, auditor and every Pusat
# member (selaras.accounts.mfa.mfa_required). MFA_ENFORCED is deliberately not read
# from the environment; only the test suite turns it off (tests/conftest.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
MFA_ENFORCED = True
# OIDC single sign-on with the ministry's identity provider: on when OIDC_ISSUER and
# OIDC_CLIENT_ID are set. IdP users are matched to existing users by an e-mail the IdP
# asserts as verified (email_verified: true); nobody is created
# (selaras.accounts.adapter.SocialAccountAdapter). SSO_REQUIRE_EMAIL_VERIFIED=false trusts
# an e-mail without the claim (only for an IdP that verifies every address: see
# docs/security.md); SSO_MATCH_USERNAME=true also matches preferred_username = username.
SSO_REQUIRE_EMAIL_VERIFIED = envbool("SSO_REQUIRE_EMAIL_VERIFIED", True)
SSO_MATCH_USERNAME = envbool("SSO_MATCH_USERNAME", False)
SOCIALACCOUNT_ADAPTER = "selaras.accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
OIDC_ISSUER = envstr("OIDC_ISSUER")
OIDC_CLIENT_ID = envstr("OIDC_CLIENT_ID")
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "sso",
                "name": envstr("OIDC_NAME", "SSO Kemenag"),
                "client_id": OIDC_CLIENT_ID,
                "secret": envstr("OIDC_CLIENT_SECRET"),
                "settings": {"server_url": OIDC_ISSUER, "fetch_userinfo": True},
            }
        ] if OIDC_ISSUER and OIDC_CLIENT_ID else [],
    }
}
# Lockout (django-axes): AXES_FAILURE_LIMIT failed logins lock the username (from any
# address) and, separately, the address (for any username) for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "selaras.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "selaras.accounts.lockout.client_ip"
AXES_VERBOSE = False
# API bearer tokens: this many invalid tokens from one address within the window
# → 429 with Retry-After for every bearer request from it until the window ends.
API_TOKEN_FAILURE_LIMIT = envint("API_TOKEN_FAILURE_LIMIT", 10)
API_TOKEN_LOCKOUT_SECONDS = envint("API_TOKEN_LOCKOUT_SECONDS", 15 * 60)
# A known token that is revoked, expired or whose user is inactive is not a guess: 401
# with its reason, not counted above, and audited (api_token_refused) at most once per
# token per this many seconds (0: every use).
API_TOKEN_REFUSAL_AUDIT_SECONDS = envint("API_TOKEN_REFUSAL_AUDIT_SECONDS", 60 * 60)
# --- end of the authentication block ---------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # Context-specific words (ministry, service) + digits/symbols; decision 0015.
    {"NAME": "selaras.accounts.passwords.ContextWordsValidator"},
]

# Sessions: 30 minutes idle (refreshed on every request), cookie-only session id.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
# Absolute cap from login (selaras.accounts.middleware), default 12 hours.
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG and bool(DATABASE_URL))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Security headers. The CSP allows no inline script and nothing from outside.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", False) else None
)

# Internationalisation: Indonesian by default, English complete.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = envstr("TIME_ZONE", "Asia/Jakarta")
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every start when it is missing
MEDIA_ROOT = DATA_DIR / "uploads"
# MEDIA_URL is deliberately not served: attachments live under MEDIA_ROOT/attachments
# (the "attachments" storage; switch its BACKEND for S3-compatible storage) and are
# downloaded only through a permission check (selaras.evidence).
# Production profile (docs/operations.md): STATIC_MANIFEST=true serves hashed, compressed
# files collected by `collectstatic` (whitenoise); ATTACHMENTS_STORAGE=s3 keeps attachments
# in S3-compatible object storage (MinIO, Ceph, SeaweedFS, a cloud) via django-storages.
STATIC_MANIFEST = envbool("STATIC_MANIFEST", False)
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST  # without collectstatic, serve from the apps
WHITENOISE_AUTOREFRESH = DEBUG
ATTACHMENTS_STORAGE = envstr("ATTACHMENTS_STORAGE", "filesystem")
if ATTACHMENTS_STORAGE not in {"filesystem", "s3"}:
    raise ImproperlyConfigured("ATTACHMENTS_STORAGE must be 'filesystem' or 's3'.")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
    "attachments": {"BACKEND": "selaras.evidence.storage.AttachmentStorage"}
    if ATTACHMENTS_STORAGE == "filesystem" else {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": envstr("S3_BUCKET", "selaras-attachments"),
            "endpoint_url": envstr("S3_ENDPOINT_URL") or None,
            "region_name": envstr("S3_REGION", "us-east-1"),
            "access_key": envstr("S3_ACCESS_KEY_ID"),
            "secret_key": envstr("S3_SECRET_ACCESS_KEY"),
            "location": envstr("S3_PREFIX", "attachments"),
            "default_acl": None,  # private objects; downloads go through Selaras
            "querystring_auth": True,
            "file_overwrite": False,
            "addressing_style": envstr("S3_ADDRESSING_STYLE", "path"),
            "signature_version": "s3v4",
        },
    },
}
ATTACHMENT_MAX_BYTES = envint("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)

DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)

NINJA_PAGINATION_PER_PAGE = 25

# Django 6.1 mailers; the console backend prints mail in development.
MAILERS = {
    "default": {
        "BACKEND": envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
    }
}
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "selaras@localhost")

# LOG_FORMAT=json: one JSON object a line (python-json-logger) for log collectors; every
# record carries the request id (selaras.core.requestid).
LOG_FORMAT = envstr("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "selaras.core.requestid.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": "json" if LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"},
                # django-axes logs every login at INFO; failures and lockouts are audited.
                "axes": {"level": "WARNING"},
                # WeasyPrint logs every rendering step at INFO; keep its warnings only.
                "weasyprint.progress": {"level": "WARNING"}},
}

# Case handling.
CASE_LIST_PAGE_SIZE = envint("CASE_LIST_PAGE_SIZE", 25)
# A search on the case list counts its matches up to this many ("more than N"): exact
# counts of a broad word's matches took seconds at 1 M cases (docs/benchmarks.md).
CASE_SEARCH_COUNT_CAP = envint("CASE_SEARCH_COUNT_CAP", 1000)

# Background work (selaras.automation, docs/operations.md): Django's tasks framework.
# The database backend stores tasks for `manage.py db_worker`; tests use the immediate
# backend ("django.tasks.backends.immediate.ImmediateBackend" runs a task at once).
TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Seconds between two passes of `manage.py run_scheduler`.
SCHEDULER_INTERVAL_SECONDS = envint("SCHEDULER_INTERVAL_SECONDS", 60)
# Hours an overdue case waits after its reminder before it is escalated automatically.
ESCALATION_GRACE_HOURS = envint("ESCALATION_GRACE_HOURS", 24)

# Notifications (selaras.notifications; see docs/operations.md).
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")  # links in emails and messages
NOTIFY_GATEWAY_BACKEND = envstr(
    "NOTIFY_GATEWAY_BACKEND", "selaras.notifications.gateways.ConsoleGateway"
)
NOTIFY_GATEWAY_URL = envstr("NOTIFY_GATEWAY_URL")
NOTIFY_GATEWAY_HEADERS = envjson("NOTIFY_GATEWAY_HEADERS", {})
NOTIFY_GATEWAY_BODY_TEMPLATE = envstr("NOTIFY_GATEWAY_BODY_TEMPLATE")
NOTIFY_GATEWAY_TIMEOUT = envint("NOTIFY_GATEWAY_TIMEOUT", 10)

# Training mode (issue #9, selaras.guide): TRAINING_MODE=true makes the whole instance a
# practice sandbox (run it with its own database): a permanent banner on every page, mail
# and WhatsApp/SMS only to the console whatever EMAIL_BACKEND/NOTIFY_GATEWAY_BACKEND say,
# and `manage.py seed_training` allowed. See docs/operations.md "Training instance".
TRAINING_MODE = envbool("TRAINING_MODE", False)
if TRAINING_MODE:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    NOTIFY_GATEWAY_BACKEND = "selaras.notifications.gateways.ConsoleGateway"
NOTIFY_RETRY_BASE_SECONDS = envint("NOTIFY_RETRY_BASE_SECONDS", 60)
NOTIFY_MAX_ATTEMPTS = envint("NOTIFY_MAX_ATTEMPTS", 6)
NOTIFY_DIGEST_HOUR = envint("NOTIFY_DIGEST_HOUR", 7)
# Duplicate detection at intake (selaras.cases.duplicates).
DUPLICATE_WINDOW_DAYS = envint("DUPLICATE_WINDOW_DAYS", 30)
DUPLICATE_NEIGHBOUR_KM = envint("DUPLICATE_NEIGHBOUR_KM", 15)
DUPLICATE_MIN_SIMILARITY = envint("DUPLICATE_MIN_SIMILARITY", 50)

# API integration (selaras.integration; see docs/api-quickstart.md).
# Cache for rate-limit counters: per-process memory unless REDIS_URL is set (then
# Django's built-in Redis backend, shared by all workers).
REDIS_URL = envstr("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
API_RATE_LIMIT = envstr("API_RATE_LIMIT", "120/minute")  # every request, per token/user/IP
API_RATE_LIMIT_WRITE = envstr("API_RATE_LIMIT_WRITE", "30/minute")  # POST/PATCH/PUT/DELETE
IDEMPOTENCY_TTL_HOURS = envint("IDEMPOTENCY_TTL_HOURS", 48)  # never less than 24
IDEMPOTENCY_LOCK_SECONDS = envint("IDEMPOTENCY_LOCK_SECONDS", 300)
# Case export (selaras.cases.export): more rows than this → 422, narrow the filters.
EXPORT_MAX_ROWS = envint("EXPORT_MAX_ROWS", 200_000)

# Webhooks (selaras.webhooks; see docs/api.md "Webhooks").
WEBHOOK_TIMEOUT_SECONDS = envint("WEBHOOK_TIMEOUT_SECONDS", 10)  # per HTTP attempt
WEBHOOK_MAX_ATTEMPTS = envint("WEBHOOK_MAX_ATTEMPTS", 8)  # then the delivery is given up
WEBHOOK_DISABLE_AFTER = envint("WEBHOOK_DISABLE_AFTER", 20)  # failed attempts in a row
# SSRF guard: refuse targets resolving to loopback/private/link-local/multicast/reserved
# addresses (checked on subscribing and on every delivery). True only for a receiver that
# really sits in the internal network (or tests with a local receiver).
WEBHOOK_ALLOW_PRIVATE_TARGETS = envbool("WEBHOOK_ALLOW_PRIVATE_TARGETS", False)

# Health and metrics (selaras.core.health, selaras.core.metrics; docs/operations.md).
# /readyz fails when the worker's or the scheduler's heartbeat is older than this.
READYZ_HEARTBEAT_MAX_AGE = envint("READYZ_HEARTBEAT_MAX_AGE", 300)
READYZ_CHECK_STORAGE = envbool("READYZ_CHECK_STORAGE", True)
READYZ_CHECK_WORKER = envbool("READYZ_CHECK_WORKER", True)
# /metrics: bearer token for Prometheus; unset = direct loopback requests only.
METRICS_TOKEN = envstr("METRICS_TOKEN")
