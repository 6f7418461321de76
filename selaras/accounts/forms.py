"""allauth's login form as our pages and tests know it: the username field is posted
as ``username`` (allauth calls it ``login`` internally), so the existing login page,
bookmarks, password managers and django-axes (``AXES_USERNAME_FORM_FIELD``) agree."""

from allauth.account.forms import LoginForm as AllauthLoginForm

FIELD_NAMES = {"login": "username"}


class LoginForm(AllauthLoginForm):
    def add_prefix(self, field_name):
        return super().add_prefix(FIELD_NAMES.get(field_name, field_name))

    @property
    def username(self):
        """The username field, for templates (``form.username``)."""
        return self["login"]
