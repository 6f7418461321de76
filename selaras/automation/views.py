"""The deadline settings page (/pengaturan/tenggat/): Pusat's heads and admins only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from selaras.cases.forms import apply_service_errors
from selaras.core.errors import PermissionDenied, ValidationError

from . import policies
from .forms import DeadlinePolicyForm
from .models import DeadlinePolicy


def _require_editor(user) -> None:
    if not policies.may_edit_policies(user):
        raise PermissionDenied(_("Only heads and admins at Pusat may change the deadlines."))


@login_required
@require_http_methods(["GET", "POST"])
def deadline_policies(request):
    _require_editor(request.user)
    if request.method == "POST":
        form = DeadlinePolicyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                policies.save_policy(actor=request.user, alert_level=data["alert_level"],
                                     category=data["category"],
                                     verify_hours=data["verify_hours"],
                                     first_action_hours=data["first_action_hours"],
                                     resolve_days=data["resolve_days"])
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Deadlines saved. Open cases get the new deadlines "
                                            "in a moment."))
                return redirect("deadline-policies")
        status = 400
    else:
        initial = {}
        chosen = DeadlinePolicy.objects.filter(pk=request.GET.get("edit") or 0).first() \
            if str(request.GET.get("edit", "")).isdigit() else None
        if chosen:
            initial = {"alert_level": chosen.alert_level, "category": chosen.category_id,
                       "verify_hours": chosen.verify_hours,
                       "first_action_hours": chosen.first_action_hours,
                       "resolve_days": chosen.resolve_days}
        form = DeadlinePolicyForm(initial=initial)
        status = 200
    rows = DeadlinePolicy.objects.select_related("category").order_by(
        "alert_level", "category__position", "category_id")
    return render(request, "automation/deadline_policies.html",
                  {"form": form, "policies": rows}, status=status)


@login_required
@require_POST
def deadline_policy_delete(request, pk: int):
    _require_editor(request.user)
    policy = get_object_or_404(DeadlinePolicy, pk=pk)
    try:
        policies.delete_policy(actor=request.user, policy=policy)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The category's own deadlines were removed; it follows "
                                    "the level's default again."))
    return redirect("deadline-policies")
