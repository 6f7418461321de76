import allauth.mfa.admin as mfa_admin
from allauth.account.decorators import secure_admin_login
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

import selaras.org.admin as org_admin
from selaras.org.models import Membership, Unit

from .models import ApiToken, User
from .reauth import ReauthRequiredAdminMixin, require_recent_authentication
from .tokens import MAX_REASON_LENGTH, TokenAlreadyRevoked, change_scope, revoke_token

# The admin has no login of its own: it sends to /akun/masuk/ (allauth, with MFA and
# lockout) and refuses signed-in users who are not staff.
admin.site.login = secure_admin_login(admin.site.login)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    # A searchable office picker (code or name) instead of a raw id box.
    autocomplete_fields = ("unit",)
    fields = ("unit", "role", "created_at")
    readonly_fields = ("created_at",)


@admin.register(User)
class UserAdmin(ReauthRequiredAdminMixin, BaseUserAdmin):
    """Changing a user (active flag, staff, memberships = roles, password) needs a
    recent authentication of the administrator (selaras.accounts.reauth)."""

    list_display = ("username", "full_name", "email", "is_active", "is_service_account",
                    "is_staff")
    list_filter = ("is_active", "is_service_account", "is_staff", "is_superuser")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "email", "phone", "is_service_account")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    inlines = [MembershipInline]

    def user_change_password(self, request, id, form_url=""):
        if request.method == "POST":
            require_recent_authentication(request)
        return super().user_change_password(request, id, form_url)


class RevokeTokensForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Kept in the audit trail, e.g. 'leaked in a log' or 'system decommissioned'."),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(ReauthRequiredAdminMixin, admin.ModelAdmin):
    """Tokens are issued with `manage.py issuetoken` (the raw value is shown only there).

    Here they can be looked at, revoked (action "Revoke", with a reason; audited as
    `api_token_revoked` through `tokens.revoke_token`) and their scope changed (read ↔
    write; audited as `api_token_scope_changed`). Both need a recent authentication
    (the mixin: changing a token and the list's actions); the stored hash is never
    editable.
    """

    list_display = ("prefix", "user", "name", "scope", "created_at", "last_used_at",
                    "expires_at", "revoked_at")
    list_filter = ("scope", "revoked_at")
    search_fields = ("prefix", "name", "user__username")
    list_select_related = ("user",)
    fields = ("user", "name", "scope", "prefix", "key_hash", "created_at", "last_used_at",
              "expires_at", "revoked_at")
    readonly_fields = ("user", "name", "prefix", "key_hash", "created_at", "last_used_at",
                       "expires_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # The scope is the only editable field; it changes through the audited service.
        if change and "scope" in form.changed_data:
            change_scope(obj, form.cleaned_data["scope"], actor=request.user, via="admin")

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        """First a confirmation page with a reason; then each token through the service
        (one transaction and one audit row per token; already revoked ones are skipped)."""
        form = RevokeTokensForm(request.POST if request.POST.get("post") == "yes" else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            revoked = skipped = 0
            for token in queryset.select_related("user").order_by("pk"):
                try:
                    revoke_token(actor=request.user, token=token, reason=reason, via="admin")
                    revoked += 1
                except TokenAlreadyRevoked:
                    skipped += 1
            self.message_user(request, _("%(count)d token(s) revoked.") % {"count": revoked})
            if skipped:
                self.message_user(
                    request,
                    _("%(count)d token(s) were already revoked and were left unchanged.")
                    % {"count": skipped},
                    messages.WARNING,
                )
            return None  # back to the list
        return TemplateResponse(request, "admin/accounts/apitoken/revoke_confirmation.html", {
            **self.admin_site.each_context(request),
            "title": _("Revoke API tokens"),
            "opts": self.model._meta,
            "tokens": queryset.select_related("user").order_by("pk"),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        })


# Roles (memberships) are also edited on their own page and inline on the unit page;
# an MFA reset is the deletion of a user's authenticators. Same re-authentication rule.
for model, base in ((Membership, org_admin.MembershipAdmin), (Unit, org_admin.UnitAdmin),
                    (Authenticator, mfa_admin.AuthenticatorAdmin)):
    admin.site.unregister(model)
    admin.site.register(model, type(base.__name__, (ReauthRequiredAdminMixin, base), {
        "__module__": __name__,
        "__doc__": f"{base.__doc__ or base.__name__} (re-authentication before changes)",
    }))
