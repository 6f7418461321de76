"""The DPO's pages (/privasi/): registers, retention schedule, record of processing.

Only the data protection officer (``access.is_dpo``: admin at Pusat) may open them;
everyone else gets 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
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


@dpo_only
@require_http_methods(["GET", "POST"])
def request_create(request):
    form = RequestCreateForm(request.POST or None,
                             initial={"received_at": timezone.localtime().replace(
                                 second=0, microsecond=0)})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_request(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Request recorded. Answer it before %(due)s.") % {
                "due": timezone.localtime(created.due_at).strftime("%d-%m-%Y %H:%M")})
            return redirect("privacy-request-detail", pk=created.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/request_form.html", {"form": form}, status=status)


@dpo_only
@require_http_methods(["GET", "POST"])
def request_detail(request, pk: int):
    obj = get_object_or_404(DataSubjectRequest.objects.select_related("handler"), pk=pk)
    form = RequestUpdateForm(request.POST or None, initial=request_initial(obj))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_request(actor=request.user, request=obj, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Request updated."))
            return redirect("privacy-request-detail", pk=obj.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/request_detail.html",
                  {"obj": obj, "form": form, "now": timezone.now()}, status=status)


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
    form = BreachForm(request.POST or None, initial={
        "detected_at": timezone.localtime().replace(second=0, microsecond=0)})
    if request.method == "POST" and form.is_valid():
        try:
            breach = services.create_breach(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Breach recorded. Notify the data subjects and the "
                                        "authority before %(due)s.") % {
                "due": timezone.localtime(breach.notify_due_at).strftime("%d-%m-%Y %H:%M")})
            return redirect("privacy-breach-detail", pk=breach.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/breach_form.html", {"form": form}, status=status)


@dpo_only
@require_http_methods(["GET", "POST"])
def breach_detail(request, pk: int):
    breach = get_object_or_404(BreachRecord, pk=pk)
    form = BreachUpdateForm(request.POST or None, initial=breach_initial(breach))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_breach(actor=request.user, breach=breach, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Breach record updated."))
            return redirect("privacy-breach-detail", pk=breach.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/breach_detail.html",
                  {"obj": breach, "form": form, "now": timezone.now()}, status=status)


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
