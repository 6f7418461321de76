"""Guided intake: a phone-first, one-question-per-screen way to report a case.

Each step POSTs, its answers are kept in the session (``forms_guided.Draft``) and
the browser is redirected (post/redirect/get), so reload and the back button are
safe. The review step creates the case through ``services.create_case``; a
service error is sent back to the step that owns the field. No JavaScript needed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from selaras.core.errors import PermissionDenied, ValidationError
from selaras.org.jurisdiction import grants_for

from . import access, services
from .forms import initial_region
from .forms_guided import (
    FIELD_STEP,
    FIELD_TARGET,
    REVIEW,
    STEP_SLUGS,
    STEPS,
    Draft,
    LocationStep,
)

FORMS = {slug: form_class for slug, form_class, _title in STEPS}
TITLES = {slug: title for slug, _form, title in STEPS}


def _require_create(user) -> None:
    if not any(g.role in access.CREATE_ROLES for g in grants_for(user)):
        raise PermissionDenied(_("Your role does not allow registering reports."))


def _initial(user, draft: Draft, slug: str) -> dict:
    if slug == "tempat" and not draft.location():
        units = {g.unit_id: g for g in grants_for(user) if g.role in access.CREATE_ROLES}
        if len(units) == 1:
            return initial_region(next(iter(units.values())).area_prefixes)
    return dict(draft.data)


def _progress(slug: str) -> dict:
    number = STEP_SLUGS.index(slug) + 1 if slug in STEP_SLUGS else len(STEP_SLUGS) + 1
    return {"number": number, "total": len(STEP_SLUGS) + 1}


def _step_url(slug: str):
    return redirect("guided-intake-step", step=slug)


@login_required
@require_http_methods(["GET", "POST"])
def guided_intake(request, step: str | None = None):
    user = request.user
    _require_create(user)
    draft = Draft(request.session)
    if request.method == "POST" and "restart" in request.POST:
        draft.clear()
        messages.success(request, _("Started over: the draft is cleared."))
        return _step_url(STEP_SLUGS[0])
    if step is None:
        return _step_url(draft.first_missing() or REVIEW)
    if step == REVIEW:
        return _review(request, draft)
    if step not in FORMS:
        raise Http404
    # Steps are answered in order; jumping ahead lands on the first unanswered one.
    missing = draft.first_missing()
    if missing and STEP_SLUGS.index(step) > STEP_SLUGS.index(missing):
        return _step_url(missing)
    form_class = FORMS[step]
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            if isinstance(form, LocationStep):
                early = _location_problem(user, form)
                if early:
                    form.add_error("district", early)
            if form.is_valid():
                if isinstance(form, LocationStep) and not form.is_complete():
                    # Show the next level's list (without JavaScript, one level at a time).
                    draft.store(step, _location_values(form), done=False)
                    url = reverse("guided-intake-step", args=[step])
                    return redirect(url + ("?review=1" if request.POST.get("back_to_review")
                                           else ""))
                values = _location_values(form) if isinstance(form, LocationStep) \
                    else form.values()
                draft.store(step, values)
                if request.POST.get("back_to_review") and not draft.first_missing():
                    return _step_url(REVIEW)
                return _step_url(draft.first_missing() or REVIEW)
        status = 400
    else:
        stored_errors = draft.errors.get(step) or {}
        if stored_errors:
            # Sent back from the review: show the answers with the service's errors.
            data = {k: v for k, v in draft.data.items() if v is not None}
            data.setdefault("offered", "4")
            form = form_class(data=data)
            form.is_valid()
            for field, errors in stored_errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            form = form_class(initial=_initial(user, draft, step))
    index = STEP_SLUGS.index(step)
    return render(request, f"cases/guided/step_{step}.html", {
        "form": form,
        "step": step,
        "step_title": TITLES[step],
        "progress": _progress(step),
        "previous": STEP_SLUGS[index - 1] if index else None,
        "from_review": bool(request.GET.get("review")) or bool(request.POST.get("back_to_review")),
    }, status=status)


def _location_values(form: LocationStep) -> dict:
    values = {name: "" for name in ("province", "regency", "district", "village")}
    values.update(form.values())
    return values


def _location_problem(user, form: LocationStep) -> str:
    """Refuse early a region the user may not report for (create_case checks it again)."""
    chain = form.region_chain()
    if len(chain) < 3:
        return ""
    try:
        region = services.resolve_region(chain[-1])
    except ValidationError as exc:
        return " ".join(exc.messages)
    if not services._may_create_at(user, region):
        return _("You may not register reports for this region.")
    return ""


def _review(request, draft: Draft):
    missing = draft.first_missing()
    if missing:
        return _step_url(missing)
    if request.method == "POST":
        try:
            case = services.create_case(actor=request.user, **draft.service_values())
        except ValidationError as exc:
            return _send_back(draft, exc.message_dict)
        except PermissionDenied as exc:
            return _send_back(draft, {"location": [str(exc)]})
        draft.clear()
        messages.success(request, _("Case %(number)s is registered. It is handled by "
                                    "%(unit)s.") % {
            "number": case.number, "unit": case.handling_unit.name})
        return redirect("case-detail", number=case.number)
    return render(request, "cases/guided/review.html", {
        "answers": draft.summary(),
        "step": REVIEW,
        "progress": _progress(REVIEW),
        "previous": STEP_SLUGS[-1],
    })


def _send_back(draft: Draft, errors: dict):
    """Keep the service's errors on the steps that own them; open the first such step."""
    draft.errors = {}
    for field, field_errors in errors.items():
        slug = FIELD_STEP.get(field, STEP_SLUGS[0])
        target = FIELD_TARGET.get(field, field)
        draft.errors.setdefault(slug, {}).setdefault(target, []).extend(field_errors)
        if slug in draft.done:
            draft.done.remove(slug)
    draft.save()
    first = min(draft.errors, key=STEP_SLUGS.index)
    return _step_url(first)
