"""Web forms for the party registry and the parties of a case.

The rules live in ``services``; these forms check what a browser can get wrong
and carry the “register anyway” confirmation of the duplicate hint.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from selaras.cases.models import Religion

from .models import PartyKind, PartyRole
from .services import MAX_ADDRESS, MAX_AFFILIATION, MAX_NAME, MAX_NOTE


class PartySearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All")), *PartyKind.choices])


class PartyFieldsForm(forms.Form):
    """What registering a party asks: kind, name, where, and the optional identifiers."""

    kind = forms.ChoiceField(label=_("Kind of party"), choices=PartyKind.choices,
                             widget=forms.RadioSelect)
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME,
                           help_text=_("A person's full name, or the name of the group, "
                                       "institution or house of worship."))
    region = forms.ChoiceField(label=_("Where (district or village)"), required=False)
    region_code = forms.CharField(
        label=_("Or type a region code"), required=False, max_length=13,
        help_text=_("The Kemendagri code of a district or village elsewhere, e.g. 327301."))
    religion = forms.ChoiceField(label=_("Religion"), required=False,
                                 choices=[("", _("— Not recorded —")), *Religion.choices])
    affiliation = forms.CharField(
        label=_("Affiliation"), required=False, max_length=MAX_AFFILIATION,
        help_text=_("Denomination, stream or organisation, e.g. NU, Muhammadiyah, GKI."))
    address = forms.CharField(label=_("Address"), required=False, max_length=MAX_ADDRESS)
    simas_id = forms.CharField(label=_("SIMAS mosque id"), required=False, max_length=40,
                               help_text=_("Only for a house of worship, e.g. "
                                           "01.2.12.01.01.000123."))
    nik = forms.CharField(label=_("NIK"), required=False, max_length=40,
                          help_text=_("Only for a person: 16 digits. Protected personal data."))
    confirm_new = forms.BooleanField(required=False, widget=forms.HiddenInput)

    SERVICE_FIELD_MAP = {"region": "region"}

    def __init__(self, *args, region_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("— Choose —")), *region_choices]
        self.fields["nik"].widget.attrs["inputmode"] = "numeric"

    def clean(self):
        cleaned = super().clean()
        code = (cleaned.get("region_code") or "").replace(".", "").strip()
        cleaned["region_value"] = code or cleaned.get("region") or ""
        if not cleaned["region_value"]:
            self.add_error("region", _("Choose where the party is (at least the district)."))
        return cleaned

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {"kind": data["kind"], "name": data["name"], "region": data["region_value"],
                "religion": data.get("religion", ""), "affiliation": data.get("affiliation", ""),
                "address": data.get("address", ""), "simas_id": data.get("simas_id", ""),
                "nik": data.get("nik", "")}

    def region_error_field(self) -> str:
        return "region_code" if (self.data.get(self.add_prefix("region_code")) or "").strip() \
            else "region"


class PartyCreateForm(PartyFieldsForm):
    """The registry's own “new party” page."""


def role_field():
    return forms.ChoiceField(label=_("Role in this case"),
                             choices=[("", _("— Choose the role —")), *PartyRole.choices])


def note_field():
    return forms.CharField(label=_("Note on the role"), required=False, max_length=MAX_NOTE,
                           help_text=_("E.g. “chair of the mosque board”."))


class CaseNewPartyForm(PartyFieldsForm):
    """Register a new party and give it a role in the case in one step."""

    prefix = "newparty"
    role = role_field()
    note = note_field()


class CasePartyLinkForm(forms.Form):
    """Give a registered party (found by search, or offered by the duplicate hint) a role."""

    prefix = "partylink"
    party = forms.IntegerField(label=_("Party"), widget=forms.HiddenInput)
    role = role_field()
    note = note_field()


class CasePartyUnlinkForm(forms.Form):
    reason = forms.CharField(label=_("Why remove this party from the case?"), required=False,
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
