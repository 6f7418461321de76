"""The DPO's pages (/privasi/): registers, retention schedule, record of processing.

Only the data protection officer (``access.is_dpo``: admin at Pusat) may open them;
everyone else gets 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from selaras.automation.models import JobHeartbeat
from selaras.cases.forms import apply_service_errors
from selaras.core.errors import ValidationError

from . import ropa as ropa_module
from . import services
from .access import require_dpo
from .forms import (
    BreachForm,
    BreachUpdateForm,
    RequestCreateForm,
    RequestUpdateForm,
    breach_initial,
    request_initial,
)
from .models import (
    OPEN_REQUEST_STATUSES,
    AnonymisedCase,
    BreachRecord,
    BreachStatus,
    DataSubjectRequest,
)
from .retention import SCHEDULE


def dpo_only(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        require_dpo(request.user)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@dpo_only
def overview(request):
    now = timezone.now()
    open_requests = DataSubjectRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES)
    pending_breaches = BreachRecord.objects.exclude(status=BreachStatus.CLOSED).filter(
        subjects_notified_at__isnull=True) | BreachRecord.objects.exclude(
        status=BreachStatus.CLOSED).filter(authority_notified_at__isnull=True)
    return render(request, "privacy/overview.html", {
        "open_requests": open_requests.count(),
        "overdue_requests": open_requests.filter(due_at__lt=now).count(),
        "pending_breaches": pending_breaches.distinct().count(),
        "schedule": SCHEDULE.values(),
        "anonymised": AnonymisedCase.objects.count(),
        "job": JobHeartbeat.objects.filter(name="apply_retention").first(),
    })


# --------------------------------------------------------------------------- requests


@dpo_only
def request_list(request):
    show_all = request.GET.get("show") == "all"
    rows = DataSubjectRequest.objects.select_related("handler")
    if not show_all:
        rows = rows.filter(status__in=OPEN_REQUEST_STATUSES)
    return render(request, "privacy/request_list.html", {
        "requests": rows.order_by("due_at", "id")[:500], "show_all": show_all,
        "now": timezone.now(),
    })


def _form_page(request, form, template: str, save, context=None):
    """The create and update pages of both registers: on a valid POST ``save(cleaned_data)``
    calls the service and returns ``(success message, where to go)``; a service
    ValidationError lands on the form's fields (400), like an invalid form."""
    if request.method == "POST" and form.is_valid():
        try:
            message, target = save(form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(target)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, **(context or {})}, status=status)


def _now_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


@dpo_only
@require_http_methods(["GET", "POST"])
def request_create(request):
    def save(data):
        created = services.create_request(actor=request.user, **data)
        return (_("Request recorded. Answer it before %(due)s.") % {"due": _local(created.due_at)},
                reverse("privacy-request-detail", args=[created.pk]))

    form = RequestCreateForm(request.POST or None, initial={"received_at": _now_minute()})
    return _form_page(request, form, "privacy/request_form.html", save)


@dpo_only
@require_http_methods(["GET", "POST"])
def request_detail(request, pk: int):
    obj = get_object_or_404(DataSubjectRequest.objects.select_related("handler"), pk=pk)

    def save(data):
        services.update_request(actor=request.user, request=obj, **data)
        return _("Request updated."), reverse("privacy-request-detail", args=[obj.pk])

    form = RequestUpdateForm(request.POST or None, initial=request_initial(obj))
    return _form_page(request, form, "privacy/request_detail.html", save,
                      {"obj": obj, "now": timezone.now()})


# --------------------------------------------------------------------------- breaches


@dpo_only
def breach_list(request):
    return render(request, "privacy/breach_list.html", {
        "breaches": BreachRecord.objects.order_by("-detected_at", "-id")[:500],
        "now": timezone.now(),
    })


@dpo_only
@require_http_methods(["GET", "POST"])
def breach_create(request):
    def save(data):
        breach = services.create_breach(actor=request.user, **data)
        return (_("Breach recorded. Notify the data subjects and the authority before "
                  "%(due)s.") % {"due": _local(breach.notify_due_at)},
                reverse("privacy-breach-detail", args=[breach.pk]))

    form = BreachForm(request.POST or None, initial={"detected_at": _now_minute()})
    return _form_page(request, form, "privacy/breach_form.html", save)


@dpo_only
@require_http_methods(["GET", "POST"])
def breach_detail(request, pk: int):
    breach = get_object_or_404(BreachRecord, pk=pk)

    def save(data):
        services.update_breach(actor=request.user, breach=breach, **data)
        return _("Breach record updated."), reverse("privacy-breach-detail", args=[breach.pk])

    form = BreachUpdateForm(request.POST or None, initial=breach_initial(breach))
    return _form_page(request, form, "privacy/breach_detail.html", save,
                      {"obj": breach, "now": timezone.now()})


# --------------------------------------------------------------------------- RoPA


@dpo_only
def ropa(request):
    fmt = request.GET.get("format")
    if fmt == "csv":
        response = HttpResponse(ropa_module.as_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="selaras-ropa.csv"'
        return response
    if fmt == "md":
        response = HttpResponse(ropa_module.as_markdown(),
                                content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="selaras-ropa.md"'
        return response
    return render(request, "privacy/ropa.html", {"rows": ropa_module.rows(),
                                                 "schedule": SCHEDULE.values()})
