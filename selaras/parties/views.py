"""Web pages for the party registry and the parties of a case.

Reads start from ``Party.objects.restrict(user, "view")`` (``selectors``): a party
the user may not see is a 404. The party page lists only the cases the user may
see (``party_cases``). Personal data (NIK, a person's address) is masked for roles
that do not see it, and so is the name of a person who is the reporter of a case
(the reporter's identity is protected, as on the case page and the report).

Registering a party first looks for possible duplicates (same name in the same
district, or the same NIK) and, if there are any, shows them and asks: use one
of these, or register a new party anyway.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from selaras.audit.access_log import log_personal_data_view
from selaras.cases import access as case_access
from selaras.cases.forms import apply_service_errors
from selaras.cases.models import Status
from selaras.cases.selectors import get_case
from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError
from selaras.handling.sections import region_choices
from selaras.handling.views import refused, render_case_page, require, section_url, submit
from selaras.org.jurisdiction import grants_for
from selaras.regions.models import Region, RegionLevel

from . import access, selectors, services
from .forms import CaseNewPartyForm, CasePartyLinkForm, CasePartyUnlinkForm, PartyCreateForm
from .models import CaseParty, PartyKind, PartyRole

FROZEN = (Status.DITUTUP, Status.DITOLAK)


def _can_register(user) -> bool:
    return any(g.role in case_access.CREATE_ROLES for g in grants_for(user))


def with_reporter_flag(queryset):
    """Annotate ``is_reporter``: the party is a person in the reporter role of some case."""
    return queryset.annotate(is_reporter=Exists(
        CaseParty.objects.filter(party=OuterRef("pk"), role=PartyRole.PELAPOR)))


def display_name(party, personal: bool) -> str:
    hide = (not personal and party.kind == PartyKind.PERORANGAN
            and getattr(party, "is_reporter", False))
    return case_access.mask(party.name) if hide else party.name


def registry_region_choices(user) -> list[tuple[str, str]]:
    """Districts of the user's own regency (or the villages of their own district)."""
    prefixes = sorted({p for g in grants_for(user) if g.role in case_access.CREATE_ROLES
                       for p in (g.area_prefixes or ())})
    if len(prefixes) != 1 or len(prefixes[0]) < 4:
        return []
    prefix = prefixes[0]
    parent = prefix if len(prefix) >= 6 else prefix[:4]
    regions = Region.objects.filter(parent_id=parent).order_by("name")
    if len(prefix) >= 6:
        regions = Region.objects.filter(code=prefix[:6]) | regions
    return [(r.code, f"{r.name} ({r.code})") for r in regions
            if r.level >= RegionLevel.DISTRICT]


# --------------------------------------------------------------------------- registry pages


@login_required
@require_GET
def party_list(request):
    q = (request.GET.get("q") or "").strip()[:100]
    kind = request.GET.get("kind") or ""
    if kind not in PartyKind.values:
        kind = ""
    queryset = with_reporter_flag(selectors.party_list(request.user, q=q, kind=kind))
    page = Paginator(queryset, settings.CASE_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    personal = access.sees_personal_data(request.user)
    rows = [(party, display_name(party, personal)) for party in page.object_list]
    from .forms import PartySearchForm

    return render(request, "parties/list.html", {
        "form": PartySearchForm(request.GET or None),
        "page": page,
        "rows": rows,
        "q": q,
        "can_register": _can_register(request.user),
    })


def _duplicates_before_saving(user, form) -> list:
    values = form.service_values()
    return selectors.possible_duplicates(user, name=values["name"], region=values["region"],
                                         nik=(values["nik"] or "").replace(" ", ""))


def _confirming(form):
    """The duplicate hint was shown: the next submit registers the party anyway."""
    data = form.data.copy()
    data[form.add_prefix("confirm_new")] = "True"
    form.data = data


@login_required
@require_http_methods(["GET", "POST"])
def party_create(request):
    user = request.user
    if not _can_register(user):
        raise PermissionDenied(_("Your role does not allow registering parties."))
    choices = registry_region_choices(user)
    duplicates = []
    status = 200
    if request.method == "POST":
        form = PartyCreateForm(request.POST, region_choices=choices)
        if form.is_valid():
            if not form.cleaned_data.get("confirm_new"):
                duplicates = _duplicates_before_saving(user, form)
            if duplicates:
                _confirming(form)
            else:
                try:
                    party, later = services.create_party(actor=user, **form.service_values())
                except ValidationError as exc:
                    apply_service_errors(form, exc,
                                         field_map={"region": form.region_error_field()})
                else:
                    messages.success(request, _("%(name)s is registered.") % {"name": party.name})
                    if later:
                        messages.warning(request, _(
                            "A party with the same name in the same district was registered "
                            "at the same time; check that they are not the same."))
                    return redirect("party-detail", pk=party.pk)
        if form.errors:
            status = 400
    else:
        form = PartyCreateForm(region_choices=choices)
    personal = access.sees_personal_data(user)
    return render(request, "parties/create.html", {
        "form": form,
        "duplicates": [(p, display_name(p, personal)) for p in duplicates],
    }, status=status)


@login_required
@require_GET
def party_detail(request, pk):
    user = request.user
    party = selectors.get_party(user, pk)
    log_personal_data_view(request, party=party, via="party_page")
    party.is_reporter = CaseParty.objects.filter(party=party, role=PartyRole.PELAPOR).exists()
    personal = access.sees_personal_data(user)
    is_person = party.kind == PartyKind.PERORANGAN
    cases = list(selectors.party_cases(user, party)[:100])
    return render(request, "parties/detail.html", {
        "party": party,
        "name": display_name(party, personal),
        "nik": party.nik if personal else access.mask_nik(party.nik),
        "address": party.address if personal or not is_person
        else case_access.mask(party.address),
        "personal_data_masked": not personal,
        "cases": cases,
    })


# --------------------------------------------------------------------------- parties of a case


def _require_handling(request, case):
    require(request.user, "change", case, _("Your role does not allow changing this case."))


@login_required
@require_POST
def case_party_link(request, number):
    case = get_case(request.user, number)
    _require_handling(request, case)
    form = CasePartyLinkForm(request.POST)
    return submit(
        request, case, key="party_link_form", form=form, anchor="parties",
        call=lambda f: services.link_party_to_case(
            actor=request.user, case=case, party=f.cleaned_data["party"],
            role=f.cleaned_data["role"], note=f.cleaned_data.get("note", "")),
        success=lambda link: _("%(name)s is added as %(role)s.") % {
            "name": link.party.name, "role": link.get_role_display()},
    )


@login_required
@require_POST
def case_party_create(request, number):
    user = request.user
    case = get_case(user, number)
    _require_handling(request, case)
    if case.status in FROZEN:
        return refused(request, case, ActionNotAllowed(
            _("A closed or rejected case cannot be changed; reopen it first.")), "parties")
    form = CaseNewPartyForm(request.POST, region_choices=region_choices(case))
    if not form.is_valid():
        return render_case_page(request, case, {"new_party_form": form})
    if not form.cleaned_data.get("confirm_new"):
        duplicates = _duplicates_before_saving(user, form)
        if duplicates:
            _confirming(form)
            return render_case_page(request, case, {"new_party_form": form,
                                                    "party_duplicates": duplicates},
                                    status=200)
    try:
        # One step for the user, one transaction: a refused link leaves no orphan party.
        with transaction.atomic():
            party, _later = services.create_party(actor=user, **form.service_values())
            link = services.link_party_to_case(actor=user, case=case, party=party,
                                               role=form.cleaned_data["role"],
                                               note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        apply_service_errors(form, exc, field_map={"region": form.region_error_field()})
        return render_case_page(request, case, {"new_party_form": form})
    except ActionNotAllowed as exc:
        return refused(request, case, exc, "parties")
    messages.success(request, _("%(name)s is registered and added as %(role)s.") % {
        "name": party.name, "role": link.get_role_display()})
    return redirect(section_url(case, "parties"))


@login_required
@require_POST
def case_party_unlink(request, number, link_id):
    case = get_case(request.user, number)
    _require_handling(request, case)
    link = CaseParty.objects.filter(case=case, pk=link_id).select_related("party").first()
    if link is None:
        raise Http404(_("This party is not linked to this case."))
    form = CasePartyUnlinkForm(request.POST, prefix=f"partylink-{link.pk}")
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    try:
        services.unlink_party_from_case(actor=request.user, case=case, link=link, reason=reason)
    except ActionNotAllowed as exc:
        return refused(request, case, exc, "parties")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(section_url(case, "parties"))
    messages.success(request, _("%(name)s is no longer %(role)s in this case.") % {
        "name": link.party.name, "role": link.get_role_display()})
    return redirect(reverse("case-detail", args=[case.number]) + "#parties")
