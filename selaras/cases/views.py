"""Web pages for cases. Thin: parse the request, call a selector or service, render.

Reads go through ``selectors`` (which start from ``Case.objects.restrict``),
writes through ``services``. Outside one's jurisdiction a case is a 404; a
refused action on a visible case is a 403 (role) or a message (state).
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from selaras.audit.access_log import log_personal_data_view
from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError
from selaras.org.jurisdiction import grants_for
from selaras.org.models import Unit
from selaras.regions.models import Region

from . import access, selectors, services
from .forms import (
    CaseEditForm,
    CaseFilterForm,
    IntakeForm,
    NoteForm,
    TransitionForm,
    apply_service_errors,
    initial_region,
)
from .models import Note, Religion, Status
from .workflow import TRANSITIONS

CLOSED = (Status.DITUTUP, Status.DITOLAK)
MY_TASKS_SHOWN = 20


# --------------------------------------------------------------------------- my queue


@dataclass(frozen=True)
class NextStep:
    label: str
    action: str = ""  # the workflow action the row's button leads to, if the user can do it


# For each status: (actions the user could take, in order of preference, with the label
# of the step), and what to show when the user can do none of them.
NEXT_STEPS = {
    Status.DILAPORKAN: (
        [("verify", gettext_lazy("Verify or reject"))],
        gettext_lazy("Waiting for the head of the office to verify"),
    ),
    Status.TERVERIFIKASI: (
        [("start", gettext_lazy("Start handling"))],
        gettext_lazy("Waiting for handling to start"),
    ),
    Status.DITANGANI: (
        [("resolve", gettext_lazy("Handle, then record the outcome")),
         ("start", gettext_lazy("Handle: dialogue, mediation, coordination"))],
        gettext_lazy("Being handled"),
    ),
    Status.SELESAI: (
        [("close", gettext_lazy("Close or start monitoring")),
         ("monitor", gettext_lazy("Start monitoring"))],
        gettext_lazy("Waiting to be closed"),
    ),
    Status.PEMANTAUAN: (
        [("close", gettext_lazy("Monitor; close when calm"))],
        gettext_lazy("Under monitoring"),
    ),
}


def next_step(user, case) -> NextStep:
    """What this user should do next on this case (in memory: no query per row)."""
    options, fallback = NEXT_STEPS.get(case.status, ([], ""))
    for action, label in options:
        # A role check only: e.g. "start" on a case in handling means "keep handling".
        if access.can(user, action, case):
            possible_now = case.status in TRANSITIONS[action].sources
            return NextStep(str(label), action if possible_now else "")
    return NextStep(str(fallback))


def _can_create(user) -> bool:
    return any(g.role in access.CREATE_ROLES for g in grants_for(user))


def _page(request, queryset):
    paginator = Paginator(queryset, settings.CASE_LIST_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


@login_required
@require_GET
def home(request):
    page = _page(request, selectors.my_queue(request.user))
    rows = [(case, next_step(request.user, case)) for case in page.object_list]
    from selaras.handling.selectors import my_tasks

    tasks = list(my_tasks(request.user, open_only=True)[:MY_TASKS_SHOWN])
    return render(request, "cases/home.html", {
        "tasks": tasks,
        "page": page,
        "rows": rows,
        "can_create": _can_create(request.user),
        "overdue_count": sum(1 for case, _step in rows if case.is_overdue),
    })


# --------------------------------------------------------------------------- case list


def _filter_choices(user) -> tuple[list, list]:
    """Regions and offices one level below the user's own, for the list filters."""
    grants = grants_for(user)
    if any(g.area_prefixes is None for g in grants):
        regions = Region.objects.filter(level=1)
    else:
        prefixes = sorted({p for g in grants for p in (g.area_prefixes or ())})
        regions = Region.objects.filter(Q(code__in=prefixes) | Q(parent_id__in=prefixes))
    region_choices = [(code, f"{name} ({code})")
                      for code, name in regions.order_by("code").values_list("code", "name")]
    unit_ids = {g.unit_id for g in grants}
    units = Unit.objects.filter(Q(pk__in=unit_ids) | Q(parent_id__in=unit_ids), is_active=True)
    unit_choices = list(units.order_by("path").values_list("code", "name"))
    return region_choices, unit_choices


@login_required
@require_GET
def case_list(request):
    region_choices, unit_choices = _filter_choices(request.user)
    form = CaseFilterForm(request.GET or None, region_choices=region_choices,
                          unit_choices=unit_choices)
    status = 200
    try:
        flt = selectors.CaseFilter.from_params(request.GET)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        flt = None
        status = 400
    cases = selectors.case_list(request.user, flt,
                                cap_search_count=settings.CASE_SEARCH_COUNT_CAP) if flt else None
    page = _page(request, cases) if cases is not None else None
    return render(request, "cases/list.html", {
        "form": form,
        "filter": flt,
        "page": page,
        "count_capped": cases is not None and cases.count_capped(),
        "can_create": _can_create(request.user),
    }, status=status)


# --------------------------------------------------------------------------- detail


def _unit_choices(transition, case) -> list[tuple[str, str]]:
    if transition.needs_target_unit == "ancestor":
        return [(u.code, u.name) for u in case.handling_unit.ancestors()]
    if transition.needs_target_unit == "descendant":
        children = case.handling_unit.children.filter(is_active=True).order_by("name")
        return [(u.code, u.name) for u in children]
    return []


def _transition_form(transition, case, data=None) -> TransitionForm:
    return TransitionForm(data, transition=transition, case=case,
                          unit_choices=_unit_choices(transition, case))


def _render_detail(request, case, *, bound: TransitionForm | None = None,
                   note_form: NoteForm | None = None, section_forms: dict | None = None,
                   status: int = 200):
    from selaras.handling.sections import case_sections

    user = request.user
    action_forms = []
    for transition in services.available_transitions(user, case):
        if bound is not None and bound.transition.action == transition.action:
            action_forms.append(bound)
        else:
            action_forms.append(_transition_form(transition, case))
    can_note = access.can(user, "add_note", case)
    sees_personal = access.sees_personal_data(user, case)
    log_personal_data_view(request, case=case, via="case_page")
    reporter_name, reporter_contact = case.reporter_name, case.reporter_contact
    events = list(selectors.case_events(case))  # the timeline, and the level reports' chain
    if not sees_personal:
        reporter_name = access.mask(reporter_name)
        reporter_contact = access.mask(reporter_contact)
    return render(request, "cases/detail.html", {
        "case": case,
        "action_forms": action_forms,
        "failed_form": bound if bound is not None and bound.errors else None,
        "events": events,
        "notes": Note.objects.filter(case=case).select_related("author"),
        "note_form": note_form or (NoteForm() if can_note else None),
        "can_note": can_note,
        "can_edit": access.can(user, "change", case) and case.status not in CLOSED,
        "reporter_name": reporter_name,
        "reporter_contact": reporter_contact,
        "personal_data_masked": not sees_personal,
        "religions_display": [_choice_label(Religion, code) for code in case.religions or []],
        "region_path": Region.objects.filter(code__in=case.location.ancestor_codes())
        .order_by("code"),
        **case_sections(request, case, section_forms, events=events),
    }, status=status)


@login_required
@require_GET
def case_detail(request, number):
    case = selectors.get_case(request.user, number)
    return _render_detail(request, case)


@login_required
@require_POST
def case_transition(request, number, action):
    case = selectors.get_case(request.user, number)
    transition = TRANSITIONS.get(action)
    if transition is None or transition.extra.get("service"):
        # Rows applied by their own service (e.g. merge) have their own page, not this one.
        raise Http404(_("Unknown action."))
    if not access.can(request.user, action, case):
        raise PermissionDenied(
            _("Your role does not allow “%(action)s” on this case.") % {
                "action": transition.label}
        )
    detail_url = reverse("case-detail", args=[case.number])
    if case.status not in transition.sources:
        messages.error(request, _("“%(action)s” is not possible while the case is "
                                  "“%(status)s”. Nothing was changed.") % {
            "action": transition.label, "status": case.get_status_display()})
        return redirect(detail_url)
    form = _transition_form(transition, case, request.POST)
    if not form.is_valid():
        return _render_detail(request, case, bound=form, status=400)
    try:
        updated = services.perform_transition(
            actor=request.user, case=case, action=action, **form.service_kwargs()
        )
    except ActionNotAllowed as exc:
        messages.error(request, _("%(message)s Nothing was changed.") % {
            "message": exc.message})
        return redirect(detail_url)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return _render_detail(request, case, bound=form, status=400)
    messages.success(request, _("“%(action)s” done. The case is now “%(status)s”, handled by "
                                "%(unit)s.") % {
        "action": transition.label,
        "status": updated.get_status_display(),
        "unit": updated.handling_unit.name,
    })
    return redirect(detail_url)


@login_required
@require_POST
def case_note(request, number):
    case = selectors.get_case(request.user, number)
    if not access.can(request.user, "add_note", case):
        raise PermissionDenied(_("Your role does not allow adding notes to this case."))
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_note(actor=request.user, case=case, body=form.cleaned_data["body"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Note added."))
            return redirect(reverse("case-detail", args=[case.number]) + "#notes")
    return _render_detail(request, case, note_form=form, status=400)


# --------------------------------------------------------------------------- intake / edit


def _region_refresh(request) -> bool:
    """The no-JS region picker: “show the options” re-renders the form, nothing saved."""
    return request.POST.get("refresh") == "region"


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    user = request.user
    if not _can_create(user):
        raise PermissionDenied(_("Your role does not allow registering reports."))
    status = 200
    if request.method == "POST":
        form = IntakeForm(request.POST)
        if _region_refresh(request):
            return render(request, "cases/intake.html", {"form": form, "refreshed": True})
        if form.is_valid():
            try:
                case = services.create_case(actor=user, **form.service_values())
            except ValidationError as exc:
                apply_service_errors(form, exc, field_map=form.service_field_map())
            except PermissionDenied as exc:
                form.add_error(form.location_error_field(), str(exc))
            else:
                messages.success(request, _("Case %(number)s is registered. It is handled by "
                                            "%(unit)s.") % {
                    "number": case.number, "unit": case.handling_unit.name})
                return redirect("case-detail", number=case.number)
        status = 400
    else:
        units = {g.unit_id: g for g in grants_for(user) if g.role in access.CREATE_ROLES}
        initial = {}
        if len(units) == 1:
            grant = next(iter(units.values()))
            initial = initial_region(grant.area_prefixes)
        form = IntakeForm(initial=initial)
    return render(request, "cases/intake.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, number):
    user = request.user
    case = selectors.get_case(user, number)
    if not access.can(user, "change", case):
        raise PermissionDenied(_("Your role does not allow changing this case."))
    detail_url = reverse("case-detail", args=[case.number])
    if case.status in CLOSED:
        messages.error(request, _("A closed or rejected case cannot be edited; reopen it first."))
        return redirect(detail_url)
    personal = access.sees_personal_data(user, case)
    log_personal_data_view(request, case=case, via="case_edit_page")
    status = 200
    if request.method == "POST":
        form = CaseEditForm(request.POST, case=case, personal_data=personal)
        if _region_refresh(request):
            return render(request, "cases/edit.html", {"form": form, "case": case})
        if form.is_valid():
            changes = form.changes()
            if not changes:
                messages.info(request, _("Nothing was changed."))
                return redirect(detail_url)
            try:
                services.update_case(
                    actor=user, case=case, changes=changes, reason=form.cleaned_data["reason"],
                    expected_version=_int(request.POST.get("version")),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc, field_map=form.service_field_map())
            except ActionNotAllowed as exc:
                # e.g. a stale version: someone else changed the case; say nothing was saved.
                messages.error(request, _("%(message)s Nothing was changed.") % {
                    "message": exc.message})
                return redirect(detail_url)
            else:
                messages.success(request, _("The changes are saved."))
                return redirect(detail_url)
        status = 400
    else:
        form = CaseEditForm(case=case, personal_data=personal)
    return render(request, "cases/edit.html", {"form": form, "case": case}, status=status)


def _choice_label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
