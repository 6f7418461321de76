"""Web endpoints for case handling: impact, actions, tasks, agreements, referrals,
related cases and merging a duplicate. Thin: parse, call a service, redirect.

Every endpoint takes a POST on a case fetched with ``selectors.get_case`` (404
outside jurisdiction) and answers the same way:

* the role may not do this → ``PermissionDenied`` → 403 page, nothing changed;
* the case's state does not allow it (``ActionNotAllowed``) → message and
  redirect, nothing changed;
* bad input (form or service ``ValidationError``) → the case page again (400)
  with the error summary and everything the user typed;
* success → message and redirect to the section (post/redirect/get).
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from selaras.cases import access
from selaras.cases.forms import apply_service_errors
from selaras.cases.models import Status
from selaras.cases.relations import link_related, merge_duplicate, unlink_related
from selaras.cases.selectors import get_case
from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError
from selaras.parties.selectors import case_parties

from . import services
from .forms import (
    ActionForm,
    AgreementBreachedForm,
    AgreementForm,
    AgreementKeptForm,
    ImpactForm,
    MergeForm,
    ReferralForm,
    ReferralUpdateForm,
    RelatedCaseForm,
    TaskCancelForm,
    TaskCompleteForm,
    TaskForm,
)
from .models import Agreement, Referral, Task
from .sections import assignee_choices, party_rows


def section_url(case, anchor: str) -> str:
    return reverse("case-detail", args=[case.number]) + "#" + anchor


def render_case_page(request, case, forms: dict, *, status: int = 400):
    """The case page again, with the failed form in its section (typed values kept)."""
    from selaras.cases.views import _render_detail

    return _render_detail(request, case, section_forms=forms, status=status)


def refused(request, case, exc: ActionNotAllowed, anchor: str):
    messages.error(request, _("%(message)s Nothing was changed.") % {"message": exc.message})
    return redirect(section_url(case, anchor))


def stale(case, form) -> bool:
    """The form was filled in from an older version of the case (someone changed it since)."""
    seen = form.cleaned_data.get("version")
    return seen is not None and seen != case.version


def keep_typed_with_current_version(form, case):
    """Let the next submit through: the user has now seen the current values."""
    data = form.data.copy()
    data[form.add_prefix("version")] = str(case.version)
    form.data = data


def submit(request, case, *, key, form, anchor: str, call: Callable,
           success: Callable[[object], str], check_version: bool = False):
    """Validate ``form``, call the service through ``call(form)``, answer as the module says."""
    if not form.is_valid():
        return render_case_page(request, case, {key: form})
    if check_version and stale(case, form):
        keep_typed_with_current_version(form, case)
        form.add_error(None, _("Someone else changed this case while you were editing. Check "
                               "the figures shown now and save again."))
        return render_case_page(request, case, {key: form}, status=409)
    try:
        result = call(form)
    except ActionNotAllowed as exc:
        return refused(request, case, exc, anchor)
    except ValidationError as exc:
        apply_service_errors(form, exc, field_map=getattr(form, "SERVICE_FIELD_MAP", None))
        return render_case_page(request, case, {key: form})
    messages.success(request, success(result))
    return redirect(section_url(case, anchor))


def require(user, action: str, case, message: str) -> None:
    if not access.can(user, action, case):
        raise PermissionDenied(message)


def _parties(case, user):
    rows = party_rows(list(case_parties(case)),
                      personal=access.sees_personal_data(user, case))
    return list(dict((str(r.party_id), r.label) for r in rows).items())


def _row(model, case, pk):
    row = model.objects.filter(case=case, pk=pk).select_related("case").first()
    if row is None:
        raise Http404(_("No such entry on this case."))
    row.case = case
    return row


# --------------------------------------------------------------------------- impact


@login_required
@require_POST
def impact_update(request, number):
    case = get_case(request.user, number)
    require(request.user, "change", case, _("Your role does not allow changing this case."))
    from .selectors import case_impact

    form = ImpactForm(request.POST, case=case, impact=case_impact(case))
    if form.is_valid() and not form.changes():
        messages.info(request, _("Nothing was changed."))
        return redirect(section_url(case, "impact"))
    return submit(
        request, case, key="impact_form", form=form, anchor="impact", check_version=True,
        call=lambda f: services.set_impact(actor=request.user, case=case,
                                           reason=f.cleaned_data.get("reason", ""),
                                           **f.changes()),
        success=lambda _r: _("The impact figures are saved."),
    )


# --------------------------------------------------------------------------- actions


@login_required
@require_POST
def action_add(request, number):
    case = get_case(request.user, number)
    require(request.user, "change", case, _("Your role does not allow handling this case."))
    form = ActionForm(request.POST, case=case, party_choices=_parties(case, request.user))
    before = case.status

    def success(_action):
        if before == Status.TERVERIFIKASI and case.status == Status.DITANGANI:
            return _("The action is recorded. Handling has started: the case is now "
                     "“%(status)s”.") % {"status": case.get_status_display()}
        return _("The action is recorded.")

    return submit(
        request, case, key="action_form", form=form, anchor="handling-actions",
        call=lambda f: services.record_action(actor=request.user, case=case,
                                              **f.service_values()),
        success=success,
    )


# --------------------------------------------------------------------------- tasks


@login_required
@require_POST
def task_add(request, number):
    case = get_case(request.user, number)
    require(request.user, "change", case, _("Your role does not allow handling this case."))
    units, people = assignee_choices(case)
    form = TaskForm(request.POST, case=case, unit_choices=units, user_choices=people)
    return submit(
        request, case, key="task_form", form=form, anchor="tasks",
        call=lambda f: services.create_task(actor=request.user, case=case,
                                            **f.service_values()),
        success=lambda task: _("Task “%(title)s” is created.") % {"title": task.title},
    )


@login_required
@require_POST
def task_complete(request, number, task_id):
    case = get_case(request.user, number)
    task = _row(Task, case, task_id)
    if not (access.can(request.user, "change", case) or services.is_assignee(request.user, task)):
        raise PermissionDenied(_("You may not complete this task."))
    form = TaskCompleteForm(request.POST, prefix=f"task-{task.pk}-done")
    return submit(
        request, case, key=("task_complete", task.pk), form=form, anchor=f"task-{task.pk}",
        call=lambda f: services.complete_task(actor=request.user, task=task,
                                              note=f.cleaned_data.get("note", "")),
        success=lambda t: _("Task “%(title)s” is done.") % {"title": t.title},
    )


@login_required
@require_POST
def task_cancel(request, number, task_id):
    case = get_case(request.user, number)
    task = _row(Task, case, task_id)
    require(request.user, "change", case, _("Your role does not allow cancelling tasks."))
    form = TaskCancelForm(request.POST, prefix=f"task-{task.pk}-cancel")
    return submit(
        request, case, key=("task_cancel", task.pk), form=form, anchor=f"task-{task.pk}",
        call=lambda f: services.cancel_task(actor=request.user, task=task,
                                            reason=f.cleaned_data["reason"]),
        success=lambda t: _("Task “%(title)s” is cancelled.") % {"title": t.title},
    )


# --------------------------------------------------------------------------- agreements


@login_required
@require_POST
def agreement_add(request, number):
    case = get_case(request.user, number)
    require(request.user, "change", case, _("Your role does not allow handling this case."))
    form = AgreementForm(request.POST, case=case, party_choices=_parties(case, request.user))
    return submit(
        request, case, key="agreement_form", form=form, anchor="agreements",
        call=lambda f: services.record_agreement(actor=request.user, case=case,
                                                 **f.service_values()),
        success=lambda _a: _("The agreement is recorded."),
    )


@login_required
@require_POST
def agreement_kept(request, number, agreement_id):
    case = get_case(request.user, number)
    agreement = _row(Agreement, case, agreement_id)
    require(request.user, "change", case, _("Your role does not allow handling this case."))
    form = AgreementKeptForm(request.POST, prefix=f"agr-{agreement.pk}-kept")
    return submit(
        request, case, key=("agreement_kept", agreement.pk), form=form,
        anchor=f"agreement-{agreement.pk}",
        call=lambda f: services.mark_agreement_kept(actor=request.user, agreement=agreement,
                                                    note=f.cleaned_data.get("note", "")),
        success=lambda _a: _("The agreement is marked as kept."),
    )


@login_required
@require_POST
def agreement_breached(request, number, agreement_id):
    case = get_case(request.user, number)
    agreement = _row(Agreement, case, agreement_id)
    require(request.user, "change", case, _("Your role does not allow handling this case."))
    form = AgreementBreachedForm(request.POST, prefix=f"agr-{agreement.pk}-breach")
    before = case.status

    def success(_agreement):
        if case.status != before:
            return _("The agreement is marked as breached. The case is reopened and is now "
                     "“%(status)s”.") % {"status": case.get_status_display()}
        return _("The agreement is marked as breached.")

    return submit(
        request, case, key=("agreement_breached", agreement.pk), form=form,
        anchor=f"agreement-{agreement.pk}",
        call=lambda f: services.mark_agreement_breached(actor=request.user, agreement=agreement,
                                                        reason=f.cleaned_data["reason"]),
        success=success,
    )


# --------------------------------------------------------------------------- referrals


@login_required
@require_POST
def referral_add(request, number):
    case = get_case(request.user, number)
    require(request.user, "change", case, _("Your role does not allow handling this case."))
    form = ReferralForm(request.POST, case=case)
    return submit(
        request, case, key="referral_form", form=form, anchor="referrals",
        call=lambda f: services.create_referral(
            actor=request.user, case=case,
            **{k: f.cleaned_data.get(k) or "" for k in
               ("agency", "agency_name", "referred_on", "reference_number", "summary")}),
        success=lambda r: _("The referral to %(agency)s is recorded.") % {
            "agency": r.get_agency_display()},
    )


@login_required
@require_POST
def referral_update(request, number, referral_id):
    case = get_case(request.user, number)
    referral = _row(Referral, case, referral_id)
    require(request.user, "change", case, _("Your role does not allow handling this case."))
    form = ReferralUpdateForm(request.POST, case=case, referral=referral)
    if form.is_valid() and not form.service_values():
        messages.info(request, _("Nothing was changed."))
        return redirect(section_url(case, f"referral-{referral.pk}"))
    return submit(
        request, case, key=("referral_update", referral.pk), form=form,
        anchor=f"referral-{referral.pk}", check_version=True,
        call=lambda f: services.update_referral(actor=request.user, referral=referral,
                                                **f.service_values()),
        success=lambda _r: _("The referral is updated."),
    )


# --------------------------------------------------------------------------- related cases


@login_required
@require_POST
def related_add(request, number):
    case = get_case(request.user, number)
    require(request.user, "change", case, _("Your role does not allow changing this case."))
    form = RelatedCaseForm(request.POST, case=case)
    return submit(
        request, case, key="related_form", form=form, anchor="related",
        call=lambda f: link_related(actor=request.user, case=case,
                                    other=f.cleaned_data["other"].strip(),
                                    reason=f.cleaned_data.get("reason", "")),
        success=lambda _r: _("The cases are linked. Both timelines say so."),
    )


@login_required
@require_POST
def related_remove(request, number):
    case = get_case(request.user, number)
    require(request.user, "change", case, _("Your role does not allow changing this case."))
    other = (request.POST.get("other") or "").strip()[:40]
    try:
        unlink_related(actor=request.user, case=case, other=other,
                       reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(section_url(case, "related"))
    messages.success(request, _("The link to %(number)s is removed.") % {"number": other})
    return redirect(section_url(case, "related"))


# --------------------------------------------------------------------------- merging


@login_required
@require_POST
def merge(request, number):
    from selaras.cases.relations import merge_action

    case = get_case(request.user, number)
    require(request.user, merge_action(case), case,
            _("Your role does not allow merging this case."))
    form = MergeForm(request.POST, case=case)
    return submit(
        request, case, key="merge_form", form=form, anchor="merge",
        call=lambda f: merge_duplicate(actor=request.user, duplicate=case,
                                       original=f.cleaned_data["original"].strip(),
                                       reason=f.cleaned_data["reason"]),
        success=lambda updated: _(
            "This case is merged into %(number)s: it is now “%(status)s”, and its parties, "
            "notes and attachments are on %(number)s.") % {
            "number": updated.duplicate_of.number, "status": updated.get_status_display()},
    )
