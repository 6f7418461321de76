"""Web forms for case handling: impact, actions, tasks, agreements, referrals,
related cases and merging a duplicate.

As in ``selaras.cases.forms``: the forms check only what a browser can get wrong
(types, required fields, lengths) so the user sees every error at once; the
services check everything again and their ``ValidationError`` dicts are mapped
back onto these fields (``apply_service_errors`` with each form's
``SERVICE_FIELD_MAP``). Several of these forms share the case page, so each has
its own prefix (unique ids for the error summary's links).
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from selaras.cases.services import MAX_REASON

from .models import ActionType, Agency, ReferralStatus

DATE_WIDGET = {"type": "date"}


def date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label, required=required, help_text=help_text,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
    )


TIMELINE_HINT = _("Shown in the case timeline.")


def not_future(value):
    """The same check the services make, so every error shows at once."""
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))
    return value


def reason_field(label, *, required=True, help_text=TIMELINE_HINT):
    return forms.CharField(label=label, required=required, max_length=MAX_REASON,
                           widget=forms.Textarea(attrs={"rows": 2}), help_text=help_text)


class CaseVersionForm(forms.Form):
    """Carries the case version the user saw, so a stale overwrite can be caught."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    SERVICE_FIELD_MAP: dict[str, str] = {}

    def __init__(self, *args, case=None, **kwargs):
        kwargs.setdefault("initial", {})
        if case is not None:
            kwargs["initial"].setdefault("version", case.version)
        super().__init__(*args, **kwargs)
        self.case = case


def party_choices(links) -> list[tuple[str, str]]:
    """One choice per party of the case (a party may hold several roles), as the page shows it."""
    seen: dict[int, str] = {}
    for row in links:
        seen.setdefault(row.party_id, row.label)
    return [(str(pk), label) for pk, label in seen.items()]


# --------------------------------------------------------------------------- impact


class ImpactForm(CaseVersionForm):
    prefix = "impact"
    dead = forms.IntegerField(label=_("Dead"), min_value=0, initial=0)
    injured = forms.IntegerField(label=_("Injured"), min_value=0, initial=0)
    displaced = forms.IntegerField(label=_("Displaced"), min_value=0, initial=0)
    children_involved = forms.IntegerField(label=_("Children involved"), min_value=0, initial=0)
    property_damaged_kind = forms.CharField(
        label=_("Property damaged"), required=False, max_length=300,
        help_text=_("What was damaged, e.g. a house of worship, homes, vehicles."))
    property_damage_estimate = forms.CharField(
        label=_("Estimated damage (rupiah)"), required=False, max_length=30,
        help_text=_("Leave empty if not known. For example: 15.000.000"))
    reason = reason_field(_("Source or reason for the figures"), required=False)

    FIGURES = ("dead", "injured", "displaced", "children_involved", "property_damaged_kind",
               "property_damage_estimate")

    def __init__(self, *args, case=None, impact=None, **kwargs):
        if impact is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(impact, name) for name in self.FIGURES}
            if impact.property_damage_estimate is None:
                kwargs["initial"]["property_damage_estimate"] = ""
        super().__init__(*args, case=case, **kwargs)
        for name in ("dead", "injured", "displaced", "children_involved"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "class": "input--short"})

    def changes(self) -> dict:
        """The changed figures under the service's argument names."""
        return {name: self.cleaned_data.get(name) if name != "property_damage_estimate"
                else (self.cleaned_data.get(name) or None)
                for name in self.FIGURES if name in self.changed_data}


# --------------------------------------------------------------------------- actions


class ActionForm(CaseVersionForm):
    prefix = "handling"
    type = forms.ChoiceField(label=_("What was done?"),
                             choices=[("", _("— Choose the kind of action —")),
                                      *ActionType.choices])
    date = date_field(_("Date"))
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    participants = forms.MultipleChoiceField(
        label=_("Parties who took part"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Only parties already linked to this case are listed."))
    officials = forms.CharField(
        label=_("Officials and others present"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("People not in the party list, one per line (e.g. Camat, FKUB chair)."))
    outcome = forms.CharField(label=_("Outcome"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("What was agreed or found."))
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case=None, party_choices=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, case=case, **kwargs)
        self.fields["participants"].choices = list(party_choices)
        if not party_choices:
            self.fields["participants"].widget = forms.MultipleHiddenInput()

    def clean_date(self):
        return not_future(self.cleaned_data.get("date"))

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {"type": data["type"], "date": data["date"], "place": data.get("place", ""),
                "participants": [int(v) for v in data.get("participants") or []],
                "officials": data.get("officials", ""), "outcome": data["outcome"],
                "next_step": data.get("next_step", "")}


# --------------------------------------------------------------------------- tasks


class TaskForm(CaseVersionForm):
    prefix = "task"
    title = forms.CharField(label=_("Task"), max_length=200,
                            help_text=_("What must be done, e.g. “Invite both sides to a "
                                        "dialogue at the KUA”."))
    assignee = forms.ChoiceField(label=_("Who does it?"),
                                 help_text=_("A person, or an office (anyone handling cases "
                                             "there)."))
    due_date = date_field(_("Due date"))
    description = forms.CharField(label=_("Details"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    SERVICE_FIELD_MAP = {"assignee_user": "assignee", "assignee_unit": "assignee"}

    def __init__(self, *args, case=None, unit_choices=(), user_choices=(), **kwargs):
        super().__init__(*args, case=case, **kwargs)
        groups = [("", _("— Choose —"))]
        if unit_choices:
            groups.append((_("Offices"), [(f"unit:{code}", name) for code, name in unit_choices]))
        if user_choices:
            groups.append((_("People"), [(f"user:{pk}", name) for pk, name in user_choices]))
        self.fields["assignee"].choices = groups

    def clean_due_date(self):
        value = self.cleaned_data.get("due_date")
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the past."))
        return value

    def service_values(self) -> dict:
        data = self.cleaned_data
        kind, _sep, value = data["assignee"].partition(":")
        return {"title": data["title"], "due_date": data["due_date"],
                "description": data.get("description", ""),
                "assignee_user": value if kind == "user" else None,
                "assignee_unit": value if kind == "unit" else None}


class TaskCompleteForm(forms.Form):
    note = reason_field(_("What was done (optional)"), required=False)


class TaskCancelForm(forms.Form):
    reason = reason_field(_("Why is the task no longer needed?"))


# --------------------------------------------------------------------------- agreements


class AgreementForm(CaseVersionForm):
    prefix = "agreement"
    parties = forms.MultipleChoiceField(label=_("Parties to the agreement"),
                                        widget=forms.CheckboxSelectMultiple)
    terms = forms.CharField(label=_("Terms"), max_length=10000,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("What the parties agreed, point by point."))
    signed_on = date_field(_("Signed on"))
    follow_up_1 = date_field(_("First follow-up date"), required=False,
                             help_text=_("When someone checks that the agreement holds."))
    follow_up_2 = date_field(_("Second follow-up date"), required=False)
    follow_up_3 = date_field(_("Third follow-up date"), required=False)

    SERVICE_FIELD_MAP = {"follow_up_dates": "follow_up_1"}

    def __init__(self, *args, case=None, party_choices=(), **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["parties"].choices = list(party_choices)

    def clean_signed_on(self):
        return not_future(self.cleaned_data.get("signed_on"))

    def service_values(self) -> dict:
        data = self.cleaned_data
        follow_ups = [data[name] for name in ("follow_up_1", "follow_up_2", "follow_up_3")
                      if data.get(name)]
        return {"parties": [int(v) for v in data["parties"]], "terms": data["terms"],
                "signed_on": data["signed_on"], "follow_up_dates": follow_ups}


class AgreementKeptForm(forms.Form):
    note = reason_field(_("How do you know it was kept? (optional)"), required=False)


class AgreementBreachedForm(forms.Form):
    reason = reason_field(_("What happened? Who broke the agreement?"))


# --------------------------------------------------------------------------- referrals


class ReferralForm(CaseVersionForm):
    prefix = "referral"
    agency = forms.ChoiceField(label=_("Referred to"),
                               choices=[("", _("— Choose the agency —")), *Agency.choices])
    agency_name = forms.CharField(
        label=_("Which office exactly"), required=False, max_length=200,
        help_text=_("E.g. Polres Kota Bandung. Required for “Other”."))
    referred_on = date_field(_("Date referred"))
    reference_number = forms.CharField(label=_("Letter or reference number"), required=False,
                                       max_length=100)
    summary = forms.CharField(label=_("What was referred"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("referred_on", timezone.localdate())
        super().__init__(*args, case=case, **kwargs)

    def clean_referred_on(self):
        return not_future(self.cleaned_data.get("referred_on"))


class ReferralUpdateForm(CaseVersionForm):
    status = forms.ChoiceField(label=_("Status"), choices=ReferralStatus.choices)
    reference_number = forms.CharField(label=_("Letter or reference number"), required=False,
                                       max_length=100)
    response = forms.CharField(label=_("The agency's response"), required=False,
                               max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    responded_on = date_field(_("Response date"), required=False)

    def __init__(self, *args, case=None, referral, **kwargs):
        kwargs.setdefault("prefix", f"referral-{referral.pk}")
        kwargs.setdefault("initial", {}).update({
            "status": referral.status, "reference_number": referral.reference_number,
            "response": referral.response, "responded_on": referral.responded_on,
        })
        super().__init__(*args, case=case, **kwargs)
        self.referral = referral

    def service_values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.changed_data
                if name != "version"}


# --------------------------------------------------------------------------- related cases, merge


class RelatedCaseForm(CaseVersionForm):
    prefix = "related"
    other = forms.CharField(label=_("Number of the related case"), max_length=40,
                            help_text=_("E.g. KSBK-3273-2026-00012."))
    reason = reason_field(_("How are they related? (optional)"), required=False)


class MergeForm(CaseVersionForm):
    prefix = "merge"
    original = forms.CharField(label=_("Number of the original case"), max_length=40,
                               help_text=_("The case that already records this conflict."))
    reason = reason_field(_("Why is this a duplicate?"))
