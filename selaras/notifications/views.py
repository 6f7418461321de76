"""Web pages: the inbox and the notification settings. Thin: parse, call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import selectors, services
from .forms import PreferencesForm
from .models import DEFAULT_CHANNELS, Kind, NotificationPreference

PAGE_SIZE = 25


@login_required
@require_GET
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.inbox(request.user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/inbox.html", {"page": page, "unread_only": unread_only})


@login_required
@require_POST
def mark_read(request, notification_id: int):
    notification = services.mark_read(user=request.user, notification_id=notification_id)
    if request.POST.get("open") and notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect(_back(request))


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notification-inbox")


def _back(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "notification-inbox"


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    stored = dict(
        NotificationPreference.objects.filter(user=request.user).values_list("kind", "channels")
    )
    current = {kind: stored.get(kind, DEFAULT_CHANNELS.get(kind, [])) for kind in Kind.values}
    form = PreferencesForm(request.POST or None, current=current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.set_preferences(user=request.user, choices=form.choices())
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notification-preferences")
        status = 400
    return render(request, "notifications/preferences.html", {
        "form": form,
        "has_email": bool(request.user.email),
        "has_phone": bool(request.user.phone),
    }, status=status)
