"""Who is calling the API, as the middlewares see it (before ninja authenticates).

Mirrors ``selaras.accounts.auth.api_auth``: a valid bearer token first, then the
logged-in web session. The result is cached on the request.
"""

from dataclasses import dataclass

from selaras.accounts.models import READ_METHODS, ApiToken, hash_token


@dataclass(frozen=True)
class Caller:
    user_id: int | None
    token_id: int | None
    via_session: bool = False
    token_scope: str | None = None  # "read" or "write" for a bearer token

    def may_send(self, method: str) -> bool:
        """False for a read-only token and an unsafe method (the API answers 403)."""
        return (self.token_id is None or self.token_scope == ApiToken.Scope.WRITE
                or method.upper() in READ_METHODS)

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None


def client_ip(request) -> str:
    # REMOTE_ADDR only: a forwarded-for header is client-controlled unless a trusted
    # proxy rewrites REMOTE_ADDR (deploy behind one that does, e.g. uWSGI/gunicorn setups).
    return request.META.get("REMOTE_ADDR") or "unknown"


def get_caller(request) -> Caller:
    cached = getattr(request, "_selaras_caller", None)
    if cached is not None:
        return cached
    caller = Caller(None, None)
    header = request.headers.get("Authorization", "")
    scheme, _sep, raw = header.strip().partition(" ")
    raw = raw.strip()
    if scheme.lower() == "bearer" and raw and len(raw) <= 200:
        row = (ApiToken.objects.usable().filter(key_hash=hash_token(raw))
               .values_list("pk", "user_id", "scope").first())
        if row is not None:
            caller = Caller(user_id=row[1], token_id=row[0], token_scope=row[2])
    if not caller.authenticated:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            caller = Caller(user_id=user.pk, token_id=None, via_session=True)
    request._selaras_caller = caller
    return caller
