"""How the API knows who is calling.

* ``BearerAuth``: ``Authorization: Bearer <token>`` with a token from
  ``manage.py issuetoken`` (only its hash is stored, see ``ApiToken``). This is
  what other systems use.
* ``SessionAuth``: a user logged in to the web UI may call the API from the same
  browser (the docs page's "Try it out"). Unsafe methods then need the CSRF token
  like any form would; a request without a session simply falls through to 401.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from .models import ApiToken

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class BearerAuth(HttpBearer):
    def __call__(self, request: HttpRequest):
        header = request.headers.get(self.header, "")
        scheme, _sep, raw = header.strip().partition(" ")
        if scheme.lower() != "bearer":
            return None
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str):
        user = ApiToken.authenticate(token)
        if user is None or not user.is_active:
            return None
        return user


class SessionAuth(APIKeyCookie):
    """The logged-in web user; CSRF-checked for anything but safe methods."""

    def __init__(self) -> None:
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest):
        # CSRF is checked in authenticate(), only once we know there is a session:
        # a caller without one must get 401, not a CSRF error.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key):
        user = getattr(request, "user", None)
        if not key or user is None or not user.is_authenticated or not user.is_active:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(
                403,
                _("CSRF check failed. Send the X-CSRFToken header, or use a bearer token."),
            )
        return user


api_auth = [BearerAuth(), SessionAuth()]
