"""Web pages for playbooks. Thin: parse, call a selector or service, render or redirect.

* ``/playbook/`` — the catalogue (every signed-in member); a playbook's versions and steps.
* Editing (drafts, steps, publishing) — Pusat only (``access.may_edit``), else 403.
* ``/playbook/kepatuhan/`` — compliance figures for Pusat and Kanwil, else 403.
* On a case: complete or skip a step, choose a playbook. The case comes from
  ``get_case`` (404 outside jurisdiction); the answers follow
  ``selaras.handling.views`` (403 / message + redirect / case page again with errors).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from selaras.cases.forms import apply_service_errors
from selaras.cases.selectors import get_case
from selaras.core.errors import ActionNotAllowed, ValidationError
from selaras.evidence.selectors import case_attachments
from selaras.handling.views import submit

from . import access, selectors, services
from .forms import (
    AttachPlaybookForm,
    ChangeNoteForm,
    PlaybookForm,
    StepCompleteForm,
    StepForm,
    StepSkipForm,
)
from .models import PlaybookStep


def _require_reader(user) -> None:
    if not access.may_read(user):
        raise DjangoPermissionDenied(_("You have no office in Selaras."))


def _require_editor(user) -> None:
    if not access.may_edit(user):
        raise DjangoPermissionDenied(_("Only the directorate (Pusat) may edit playbooks."))


def _version_url(version) -> str:
    return reverse("playbook-version", args=[version.playbook_id, version.number])


# --------------------------------------------------------------------------- catalogue


@login_required
@require_GET
def playbook_list(request):
    _require_reader(request.user)
    rows = []
    for playbook in selectors.playbook_list():
        rows.append({"playbook": playbook,
                     "published": selectors.published_version(playbook),
                     "draft": selectors.draft_version(playbook)})
    return render(request, "playbooks/list.html", {
        "rows": rows, "may_edit": access.may_edit(request.user),
        "may_see_compliance": access.may_see_compliance(request.user),
    })


@login_required
@require_GET
def playbook_detail(request, pk):
    _require_reader(request.user)
    playbook = selectors.get_playbook(pk)
    version = (selectors.published_version(playbook) or selectors.draft_version(playbook)
               or playbook.versions.first())
    return redirect(_version_url(version))


def _render_version(request, playbook, version, *, step_form=None, note_form=None,
                    status=200):
    editable = version.is_draft and access.may_edit(request.user)
    return render(request, "playbooks/version.html", {
        "playbook": playbook, "version": version,
        "steps": list(selectors.version_steps(version)),
        "versions": list(playbook.versions.all()),
        "editable": editable, "may_edit": access.may_edit(request.user),
        "draft": selectors.draft_version(playbook),
        "step_form": step_form or (StepForm() if editable else None),
        "note_form": note_form or (ChangeNoteForm(initial={"change_note": version.change_note})
                                   if editable else None),
        "failed_form": next((f for f in (step_form, note_form) if f is not None and f.errors),
                            None),
    }, status=status)


@login_required
@require_GET
def version_detail(request, pk, number):
    _require_reader(request.user)
    playbook = selectors.get_playbook(pk)
    return _render_version(request, playbook, selectors.get_version(playbook, number))


# --------------------------------------------------------------------------- editing (Pusat)


@login_required
@require_http_methods(["GET", "POST"])
def playbook_create(request):
    _require_editor(request.user)
    form = PlaybookForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                playbook = services.create_playbook(
                    actor=request.user, category=data["category"], title=data["title"],
                    alert_level=data["alert_level"], description=data["description"])
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The playbook is created as a draft: add its "
                                            "steps, then publish it."))
                return redirect(_version_url(playbook.versions.get()))
        status = 400
    return render(request, "playbooks/create.html", {"form": form}, status=status)


@login_required
@require_POST
def draft_create(request, pk):
    _require_editor(request.user)
    playbook = selectors.get_playbook(pk)
    draft = services.new_draft(actor=request.user, playbook=playbook)
    messages.success(request, _("Draft version %(n)d: change it, then publish it.") % {
        "n": draft.number})
    return redirect(_version_url(draft))


def _refuse_unless_draft(request, version):
    """None for a draft; else the message and a redirect back to the version."""
    if version.is_draft:
        return None
    messages.error(request, _("Only a draft can be changed. Nothing was changed."))
    return redirect(_version_url(version))


def _draft_or_refuse(request, pk, number):
    """The draft pages' preamble: 403 unless the user may edit, 404 for an unknown playbook
    or version; (playbook, version, the refusal to return when it is not a draft)."""
    _require_editor(request.user)
    playbook = selectors.get_playbook(pk)
    version = selectors.get_version(playbook, number)
    return playbook, version, _refuse_unless_draft(request, version)


@login_required
@require_POST
def change_note(request, pk, number):
    playbook, version, refused = _draft_or_refuse(request, pk, number)
    if refused:
        return refused
    form = ChangeNoteForm(request.POST)
    if form.is_valid():
        services.set_change_note(actor=request.user, version=version,
                                 change_note=form.cleaned_data["change_note"])
        messages.success(request, _("Saved."))
        return redirect(_version_url(version))
    return _render_version(request, playbook, version, note_form=form, status=400)


@login_required
@require_POST
def step_add(request, pk, number):
    playbook, version, refused = _draft_or_refuse(request, pk, number)
    if refused:
        return refused
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            services.add_step(actor=request.user, version=version, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The step is added."))
            return redirect(_version_url(version) + "#steps")
    return _render_version(request, playbook, version, step_form=form, status=400)


def _step(pk) -> PlaybookStep:
    from django.http import Http404

    step = PlaybookStep.objects.select_related("version__playbook").filter(pk=pk).first()
    if step is None:
        raise Http404(_("No such step."))
    return step


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request, step_id):
    _require_editor(request.user)
    step = _step(step_id)
    version = step.version
    refused = _refuse_unless_draft(request, version)
    if refused:
        return refused
    initial = {f: getattr(step, f) for f in services.STEP_FIELDS}
    form = StepForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_step(actor=request.user, step=step, data=form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The step is saved."))
                return redirect(_version_url(version) + f"#step-{step.pk}")
        status = 400
    return render(request, "playbooks/step_edit.html",
                  {"form": form, "step": step, "version": version,
                   "playbook": version.playbook}, status=status)


@login_required
@require_POST
def step_move(request, step_id):
    _require_editor(request.user)
    step = _step(step_id)
    try:
        services.move_step(actor=request.user, step=step,
                           direction=request.POST.get("direction", ""))
    except (ActionNotAllowed, ValidationError) as exc:
        messages.error(request, _("%(message)s Nothing was changed.") % {
            "message": getattr(exc, "message", None) or " ".join(exc.messages)})
    return redirect(_version_url(step.version) + "#steps")


@login_required
@require_POST
def step_remove(request, step_id):
    _require_editor(request.user)
    step = _step(step_id)
    version = step.version
    try:
        services.remove_step(actor=request.user, step=step)
    except ActionNotAllowed as exc:
        messages.error(request, _("%(message)s Nothing was changed.") % {"message": exc.message})
    else:
        messages.success(request, _("The step is removed."))
    return redirect(_version_url(version) + "#steps")


@login_required
@require_POST
def version_publish(request, pk, number):
    _require_editor(request.user)
    playbook = selectors.get_playbook(pk)
    version = selectors.get_version(playbook, number)
    form = ChangeNoteForm(request.POST)
    note = form.cleaned_data["change_note"] if form.is_valid() else None
    try:
        services.publish(actor=request.user, version=version, change_note=note or None)
    except ActionNotAllowed as exc:
        messages.error(request, _("%(message)s Nothing was changed.") % {"message": exc.message})
        return redirect(_version_url(version))
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return _render_version(request, playbook, version, note_form=form, status=400)
    messages.success(request, _("Version %(n)d is published. Newly verified cases follow it; "
                                "cases already following an older version keep theirs.") % {
        "n": version.number})
    return redirect(_version_url(version))


# --------------------------------------------------------------------------- compliance


@login_required
@require_GET
def compliance(request):
    if not access.may_see_compliance(request.user):
        raise DjangoPermissionDenied(_("The compliance figures are for Pusat and the Kanwil."))
    units, skipped = selectors.compliance(request.user)
    return render(request, "playbooks/compliance.html", {"units": units, "skipped": skipped})


# --------------------------------------------------------------------------- on a case


@login_required
@require_POST
def case_step_complete(request, number, progress_id):
    case = get_case(request.user, number)
    row = selectors.case_step(case, progress_id)
    form = StepCompleteForm(request.POST, prefix=f"step-{row.pk}-done",
                            attachments=list(case_attachments(case)))
    return submit(
        request, case, key=("playbook_complete", row.pk), form=form, anchor="playbook",
        call=lambda f: services.complete_step(
            actor=request.user, case=case, progress=row, note=f.cleaned_data["note"],
            attachment=f.cleaned_data["attachment"] or None),
        success=lambda r: _("Step “%(title)s” is done.") % {"title": r.step.title},
    )


@login_required
@require_POST
def case_step_skip(request, number, progress_id):
    case = get_case(request.user, number)
    row = selectors.case_step(case, progress_id)
    form = StepSkipForm(request.POST, prefix=f"step-{row.pk}-skip")
    return submit(
        request, case, key=("playbook_skip", row.pk), form=form, anchor="playbook",
        call=lambda f: services.skip_step(actor=request.user, case=case, progress=row,
                                          reason=f.cleaned_data["reason"]),
        success=lambda r: _("Step “%(title)s” is skipped.") % {"title": r.step.title},
    )


@login_required
@require_POST
def case_playbook_attach(request, number):
    case = get_case(request.user, number)
    form = AttachPlaybookForm(request.POST, prefix="playbook",
                              versions=list(selectors.published_versions()))
    return submit(
        request, case, key="playbook_attach_form", form=form, anchor="playbook",
        call=lambda f: services.attach_playbook(actor=request.user, case=case,
                                                version=f.cleaned_data["version"],
                                                reason=f.cleaned_data["reason"]),
        success=lambda cp: _("The case now follows “%(title)s”.") % {
            "title": cp.version.playbook.title},
    )
