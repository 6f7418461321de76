"""Webhook pages under /integrasi/webhooks/: the user's subscriptions, their delivery log
with a Replay button per delivery, and the create/edit/disable forms. Same rules as the
API (``services.py``): someone else's subscription is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from selaras.cases.forms import apply_service_errors
from selaras.core.errors import ActionNotAllowed, ValidationError

from . import services
from .forms import SubscriptionForm
from .models import DeliveryStatus

PAGE_SIZE = 25


def _subscription(request, pk: int):
    services._require_owner_rights(request.user)
    return services.get_subscription(request.user, pk)


def _show_secret(request, subscription, *, created: bool):
    response = render(request, "webhooks/secret.html",
                      {"subscription": subscription, "created": created})
    response["Cache-Control"] = "no-store"  # the secret must not stay in any cache
    return response


@login_required
def subscription_list(request):
    services._require_owner_rights(request.user)
    subscriptions = services.visible_subscriptions(request.user)
    return render(request, "webhooks/list.html", {
        "subscriptions": subscriptions,
        "is_admin": services.is_webhook_admin(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def subscription_create(request):
    services._require_owner_rights(request.user)
    if request.method == "POST":
        form = SubscriptionForm(request.POST)
        if form.is_valid():
            try:
                subscription = services.create_subscription(actor=request.user,
                                                            **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return _show_secret(request, subscription, created=True)
        status = 400
    else:
        form = SubscriptionForm()
        status = 200
    return render(request, "webhooks/form.html", {"form": form, "subscription": None},
                  status=status)


@login_required
def subscription_detail(request, pk: int):
    subscription = _subscription(request, pk)
    chosen = request.GET.get("status", "")
    if chosen not in DeliveryStatus.values:
        chosen = ""
    deliveries = services.deliveries_of(subscription, status=chosen)
    page = Paginator(deliveries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "webhooks/detail.html", {
        "subscription": subscription,
        "page": page,
        "statuses": DeliveryStatus.choices,
        "chosen_status": chosen,
    })


@login_required
@require_http_methods(["GET", "POST"])
def subscription_edit(request, pk: int):
    subscription = _subscription(request, pk)
    if request.method == "POST":
        form = SubscriptionForm(request.POST)
        if form.is_valid():
            try:
                services.update_subscription(actor=request.user, subscription=subscription,
                                             changes=form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The subscription was saved."))
                return redirect("webhook-detail", pk=subscription.pk)
        status = 400
    else:
        form = SubscriptionForm(initial={
            "name": subscription.name, "url": subscription.url,
            "events": subscription.events, "active": subscription.active})
        status = 200
    return render(request, "webhooks/form.html",
                  {"form": form, "subscription": subscription}, status=status)


@login_required
@require_POST
def subscription_toggle(request, pk: int):
    subscription = _subscription(request, pk)
    enable = not subscription.active
    services.update_subscription(actor=request.user, subscription=subscription,
                                 changes={"active": enable})
    messages.success(request, _("The subscription is active again.") if enable
                     else _("The subscription is disabled; nothing is sent until you enable "
                            "it again."))
    return redirect("webhook-detail", pk=subscription.pk)


@login_required
@require_POST
def subscription_rotate(request, pk: int):
    subscription = services.rotate_secret(actor=request.user,
                                          subscription=_subscription(request, pk))
    return _show_secret(request, subscription, created=False)


@login_required
@require_POST
def subscription_ping(request, pk: int):
    subscription = _subscription(request, pk)
    try:
        services.ping(actor=request.user, subscription=subscription)
    except ActionNotAllowed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("A ping event was queued; its delivery appears below."))
    return redirect("webhook-detail", pk=subscription.pk)


@login_required
@require_http_methods(["GET", "POST"])
def subscription_delete(request, pk: int):
    subscription = _subscription(request, pk)
    if request.method == "POST":
        services.delete_subscription(actor=request.user, subscription=subscription)
        messages.success(request, _("The subscription “%(name)s” was deleted.") % {
            "name": subscription.name})
        return redirect("webhook-list")
    return render(request, "webhooks/delete.html", {"subscription": subscription})


@login_required
@require_POST
def delivery_replay(request, pk: int, delivery_id):
    subscription = _subscription(request, pk)
    delivery = services.get_delivery(subscription, delivery_id)
    try:
        services.replay(actor=request.user, subscription=subscription, delivery=delivery)
    except ActionNotAllowed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The event was queued to be sent again; the new delivery "
                                    "appears at the top of the log."))
    return redirect("webhook-detail", pk=subscription.pk)
