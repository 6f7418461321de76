"""The case page's handling sections: parties, impact, actions, tasks, agreements,
referrals, attachments, registry links, related cases, merging and documents.

``case_sections(request, case, forms)`` returns the template context for all of
them with a fixed number of queries whatever the number of rows (every list is
read once, with its related rows joined or prefetched). ``forms`` holds a bound
form that failed validation (by its context name, e.g. ``"task_form"``, or
``("task_complete", task_id)`` for a per-row form) so the page is shown again
with what the user typed and the errors.

Each add form is offered only to users who may make that change; the services
check again. Personal data of parties is masked as on the printed report
(``selaras.reports.data``): without ``sees_personal_data`` a NIK is fully hidden,
a person's address is masked, and a person registered as the reporter is
masked in every role they hold.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from selaras.cases import access
from selaras.cases.models import Status
from selaras.cases.relations import merge_action, related_cases
from selaras.cases.workflow import TRANSITIONS
from selaras.evidence.selectors import case_attachments, may_open_attachments
from selaras.org.models import Membership, Role, Unit
from selaras.parties import access as party_access
from selaras.parties.forms import CaseNewPartyForm, CasePartyLinkForm
from selaras.parties.models import CaseParty, PartyKind, PartyRole
from selaras.parties.selectors import case_parties, party_list
from selaras.regions.models import Region
from selaras.registry.forms import RegistryLinkForm
from selaras.registry.selectors import case_registry_links
from selaras.reports.level_report import REPORT_TITLES, available_levels

from . import selectors
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
from .models import AgreementStatus, ReferralStatus, TaskStatus
from .services import REOPEN_ON_BREACH

FROZEN = (Status.DITUTUP, Status.DITOLAK)
HANDLER_ROLES = (Role.PENANGAN, Role.KEPALA)
PARTY_SEARCH_RESULTS = 10


@dataclass
class PartyLinkRow:
    link: CaseParty
    label: str  # the name as this user may see it
    nik: str
    address: str

    @property
    def party(self):
        return self.link.party

    @property
    def party_id(self) -> int:
        return self.link.party_id


def party_rows(links, *, personal: bool) -> list[PartyLinkRow]:
    hidden = set() if personal else {
        link.party_id for link in links
        if link.role == PartyRole.PELAPOR and link.party.kind == PartyKind.PERORANGAN
    }
    rows = []
    for link in links:
        party = link.party
        is_person = party.kind == PartyKind.PERORANGAN
        rows.append(PartyLinkRow(
            link=link,
            label=access.mask(party.name) if party.pk in hidden else party.name,
            nik=party.nik if personal else party_access.mask_nik(party.nik),
            address=party.address if personal or not is_person else access.mask(party.address),
        ))
    return rows


def region_choices(case) -> list[tuple[str, str]]:
    """The case's district and its villages: where a new party of this case most likely is."""
    district = case.location_id[:6]
    regions = Region.objects.filter(Q(code=district) | Q(parent_id=district)).order_by("code")
    return [(r.code, f"{r.name} ({r.code})") for r in regions]


def assignee_choices(case) -> tuple[list, list]:
    """Offices (the handling office, those above it, those directly under it) and the people
    who handle cases there — what a task may be assigned to."""
    handling = case.handling_unit
    above = [code for code in handling.path.strip("/").split("/")]
    units = list(
        Unit.objects.filter(Q(code__in=above) | Q(parent=handling), is_active=True)
        .order_by("path")
    )
    members = (
        Membership.objects.filter(unit__in=units, role__in=HANDLER_ROLES, user__is_active=True)
        .select_related("user", "unit").order_by("unit__path", "user__full_name", "user__id")
    )
    people, seen = [], set()
    for membership in members:
        if membership.user_id in seen:
            continue
        seen.add(membership.user_id)
        people.append((membership.user_id,
                       f"{membership.user.display_name} — {membership.unit.name}"))
    return [(u.code, u.name) for u in units], people


def _form(forms: dict, key, factory):
    bound = forms.get(key)
    return bound if bound is not None else factory()


def case_sections(request, case, forms: dict | None = None, *, events=None) -> dict:
    forms = forms or {}
    user = request.user
    open_case = case.status not in FROZEN
    can_change = access.can(user, "change", case)
    can_handle = can_change and open_case
    working = can_handle and case.status != Status.DILAPORKAN
    can_attach = access.can(user, "add_note", case) and open_case
    personal = access.sees_personal_data(user, case)
    today = timezone.localdate()

    # Parties
    links = list(case_parties(case))
    parties = party_rows(links, personal=personal)
    choices = [(str(row.party_id), row.label) for row in parties]
    party_options = list(dict(choices).items())
    party_labels = {row.party_id: row.label for row in parties}
    party_q = (request.GET.get("party_q") or "").strip()[:100]
    party_results = []
    if can_handle and party_q:
        party_results = list(party_list(user, q=party_q)[:PARTY_SEARCH_RESULTS])
    can_register_party = can_handle  # registering needs a creating role; change implies one

    # Handling rows
    impact = selectors.case_impact(case)
    actions = list(selectors.case_actions(case))
    tasks = list(selectors.case_tasks(case))
    agreements = list(selectors.case_agreements(case))
    referrals = list(selectors.case_referrals(case))
    attachments = list(case_attachments(case))
    registry_links = list(case_registry_links(case))
    related = list(related_cases(user, case))

    task_units, task_people = ([], [])
    if can_handle:
        task_units, task_people = assignee_choices(case)

    task_rows = []
    for task in tasks:
        task_open = task.status == TaskStatus.OPEN
        task_rows.append({
            "task": task,
            "overdue": task_open and task.due_date < today,
            "complete_form": _form(forms, ("task_complete", task.pk),
                                   lambda t=task: TaskCompleteForm(prefix=f"task-{t.pk}-done"))
            if task_open and can_change else None,
            "cancel_form": _form(forms, ("task_cancel", task.pk),
                                 lambda t=task: TaskCancelForm(prefix=f"task-{t.pk}-cancel"))
            if task_open and can_change else None,
        })

    agreement_rows = []
    for agreement in agreements:
        active = agreement.status == AgreementStatus.ACTIVE
        agreement_rows.append({
            "agreement": agreement,
            "parties": [party_labels.get(p.pk, p.name if p.kind != PartyKind.PERORANGAN
                                         or personal else access.mask(p.name))
                        for p in agreement.parties.all()],
            "kept_form": _form(forms, ("agreement_kept", agreement.pk),
                               lambda a=agreement: AgreementKeptForm(prefix=f"agr-{a.pk}-kept"))
            if active and can_change and case.status != Status.DITOLAK else None,
            "breached_form": _form(
                forms, ("agreement_breached", agreement.pk),
                lambda a=agreement: AgreementBreachedForm(prefix=f"agr-{a.pk}-breach"))
            if agreement.status != AgreementStatus.BREACHED and can_change
            and case.status != Status.DITOLAK else None,
        })
    breach_reopens = case.status in REOPEN_ON_BREACH

    referral_rows = []
    for referral in referrals:
        referral_rows.append({
            "referral": referral,
            "form": _form(forms, ("referral_update", referral.pk),
                          lambda r=referral: ReferralUpdateForm(case=case, referral=r))
            if can_change and case.status != Status.DITOLAK
            and referral.status != ReferralStatus.CLOSED else None,
        })

    action_rows = [{"action": action,
                    "participants": [party_labels.get(p.pk, p.name if p.kind != PartyKind.PERORANGAN
                                                      or personal else access.mask(p.name))
                                     for p in action.participant_parties.all()]}
                   for action in actions]

    # Merging a duplicate: only while the merge row's sources allow it, for its roles.
    merge_row = TRANSITIONS[merge_action(case)]
    can_merge = (case.status in merge_row.sources and access.can(user, merge_row.action, case))

    levels = [(level, unit, REPORT_TITLES[level]) for level, unit in
              available_levels(case=case, events=events)]

    section_forms = {
        "impact_form": _form(forms, "impact_form",
                             lambda: ImpactForm(case=case, impact=impact))
        if can_handle else None,
        "action_form": _form(forms, "action_form",
                             lambda: ActionForm(case=case, party_choices=party_options))
        if working else None,
        "task_form": _form(forms, "task_form",
                           lambda: TaskForm(case=case, unit_choices=task_units,
                                            user_choices=task_people))
        if can_handle else None,
        "agreement_form": _form(forms, "agreement_form",
                                lambda: AgreementForm(case=case, party_choices=party_options))
        if working and case.status != Status.TERVERIFIKASI and party_options else None,
        "referral_form": _form(forms, "referral_form", lambda: ReferralForm(case=case))
        if working else None,
        "attachment_form": _form(forms, "attachment_form", _attachment_form)
        if can_attach else None,
        "registry_form": _form(forms, "registry_form", lambda: RegistryLinkForm(case=case))
        if can_handle else None,
        "related_form": _form(forms, "related_form", lambda: RelatedCaseForm(case=case))
        if can_change else None,
        "merge_form": _form(forms, "merge_form", lambda: MergeForm(case=case))
        if can_merge else None,
        "party_link_form": _form(forms, "party_link_form", CasePartyLinkForm)
        if can_handle else None,
        "new_party_form": _form(forms, "new_party_form",
                                lambda: CaseNewPartyForm(region_choices=region_choices(case),
                                                         initial={"region": case.location_id}))
        if can_register_party else None,
    }
    failed = next((f for f in forms.values() if getattr(f, "errors", None)), None)

    return {
        "parties": parties,
        "party_q": party_q,
        "party_results": party_results,
        "party_duplicates": forms.get("party_duplicates") or [],
        "party_labels": party_labels,
        "impact": impact,
        "action_rows": action_rows,
        "task_rows": task_rows,
        "open_task_count": sum(1 for t in tasks if t.status == TaskStatus.OPEN),
        "agreement_rows": agreement_rows,
        "breach_reopens": breach_reopens,
        "referral_rows": referral_rows,
        "attachments": attachments,
        "may_open_attachments": may_open_attachments(user, case),
        "registry_links": registry_links,
        "related_cases": related,
        "report_levels": levels,
        "can_handle": can_handle,
        "can_change_case": can_change,
        "handling_needs_verification": can_handle and case.status == Status.DILAPORKAN,
        "section_failed_form": failed,
        **section_forms,
        **_playbook_section(request, case, forms),
    }


def _playbook_section(request, case, forms):
    from selaras.playbooks.sections import playbook_section  # SOP playbooks (issue #11)

    return playbook_section(request, case, forms)


def _attachment_form():
    from selaras.evidence.forms import AttachmentForm

    return AttachmentForm()
