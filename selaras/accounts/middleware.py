"""Absolute session lifetime: a login lasts at most SESSION_ABSOLUTE_SECONDS (12 h).

The idle limit (30 minutes) is Django's own SESSION_COOKIE_AGE refreshed on every
request; this middleware adds the absolute cap, counted from the login time kept
in the session.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

LOGIN_AT_KEY = "_selaras_login_at"


class AbsoluteSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            login_at = request.session.get(LOGIN_AT_KEY)
            if login_at is None:
                request.session[LOGIN_AT_KEY] = now
            elif now - float(login_at) > settings.SESSION_ABSOLUTE_SECONDS:
                request._selaras_logout_reason = "absolute_timeout"
                logout(request)
                messages.info(request, _("Your session has ended after %(hours)d hours. "
                                         "Please sign in again.")
                              % {"hours": settings.SESSION_ABSOLUTE_SECONDS // 3600})
        return self.get_response(request)
