"""django-axes' lockout check as the first authentication backend.

Axes needs the request to know the address; every login path of the application
passes it (allauth's login and re-authentication forms, the admin login goes
through allauth). A call without a request (``manage.py`` code, the test client's
``login()``) is not a web login attempt and is not checked here.
"""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
