"""Sign-in, MFA, SSO and re-authentication (django-allauth) under /akun/.

``login`` and ``account_login`` are both /akun/masuk/, ``logout`` and
``account_logout`` both /akun/keluar/. allauth's own paths follow (MFA at
/akun/2fa/, SSO at /akun/oidc/<provider>/…). Users cannot manage their e-mail
addresses here: the address is set by administrators and used to match SSO logins.
"""

from allauth.account import views as account_views
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("masuk/", account_views.login, name="login"),
    path("keluar/", account_views.logout, name="logout"),
    path("email/", RedirectView.as_view(pattern_name="mfa_index"), name="account_email"),
    path("", include("allauth.urls")),
    # reverse() takes the last pattern of a name: allauth's names point at our paths.
    path("masuk/", account_views.login, name="account_login"),
    path("keluar/", account_views.logout, name="account_logout"),
]
