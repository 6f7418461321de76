"""Web forms for cases. They parse and shape input; the rules live in ``services``.

Forms check only what a browser can get wrong (types, required fields, lengths)
so the user sees every error at once; the services check everything again and
their ``ValidationError`` dicts are mapped back onto these fields
(``apply_service_errors``), so nothing the user typed is ever lost.
"""

from datetime import datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from selaras.regions.models import Region

from .models import (
    AlertLevel,
    Category,
    ConflictScope,
    LegalStage,
    OccurredPrecision,
    Outcome,
    RejectReason,
    Religion,
    SourceChannel,
    Status,
)
from .selectors import SORTS
from .services import MAX_CHRONOLOGY, MAX_NOTE, MAX_REASON, MAX_TITLE

# The region picker: one select per level, each narrowing the next.
REGION_FIELDS = ("province", "regency", "district", "village")
REGION_CODE_LENGTHS = {"province": 2, "regency": 4, "district": 6, "village": 10}
REGION_BLANK_LABELS = {
    "province": _("— Choose a province —"),
    "regency": _("— Choose a regency/city —"),
    "district": _("— Choose a district (kecamatan) —"),
    "village": _("— Choose a village (optional) —"),
}

def _with_term(text, slug: str, link_text):
    """A help text followed by a link to one glossary term (rendered as HTML, lazily)."""
    return format_html('{} <a href="{}#{}">{}</a>', text, reverse("glossary"), slug, link_text)


with_term = lazy(_with_term, SafeString)

# What each alert level means (DESIGN §2), shown beside the choice.
ALERT_LEVEL_HELP = {
    AlertLevel.WASPADA: _(
        "Latent tension: disputes or provocation, no mobilisation of people. "
        "Handled by the KUA."
    ),
    AlertLevel.SIAGA: _(
        "Open dispute: people mobilised, threats, protests, or worship disrupted. "
        "Handled by the Kankemenag."
    ),
    AlertLevel.AWAS: _(
        "Violence, damage or casualties, or the conflict is spreading beyond the area. "
        "Handled by the Kanwil; the directorate is informed."
    ),
}

SORT_LABELS = {
    "newest": _("Newest first"),
    "oldest": _("Oldest first"),
    "level": _("Highest alert level first"),
    "due": _("Nearest deadline first"),
    "updated": _("Recently changed"),
    "number": _("Case number"),
}

# Where a service error about one field is shown on the web form.
SERVICE_FIELD_MAP = {"occurred_at": "occurred_on"}


def apply_service_errors(form: forms.Form, error: ValidationError, *, field_map=None) -> None:
    """Attach a service's ``ValidationError`` to the matching form fields."""
    mapping = {**SERVICE_FIELD_MAP, **(field_map or {})}
    if not hasattr(form, "cleaned_data"):
        form.full_clean()
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = mapping.get(field, field)
            if target not in form.fields:
                target = None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def category_choices() -> tuple[list, list]:
    """(main categories, sub-categories grouped by their parent) in the active language."""
    mains, subs = [], {}
    for category in Category.objects.filter(is_active=True).order_by("position", "code"):
        if category.parent_id:
            subs.setdefault(category.parent_id, []).append((category.code, category.label))
        else:
            mains.append(category)
    sub_groups = [
        (main.label, subs[main.code]) for main in mains if main.code in subs
    ]
    return [(c.code, c.label) for c in mains], sub_groups


class RegionSelect(forms.Select):
    """A select of the region picker; htmx fills the next level's options on change."""

    def __init__(self, level: str, attrs=None):
        super().__init__(attrs)
        self.level = level


class CaseFieldsForm(forms.Form):
    """The fields of a case shared by intake and editing."""

    title = forms.CharField(
        label=_("Short title"),
        max_length=MAX_TITLE,
        help_text=_("What is the conflict about, in one line. For example: "
                    "“Residents object to the renovation of a musala in RT 03”."),
    )
    chronology = forms.CharField(
        label=_("What happened (chronology)"),
        max_length=MAX_CHRONOLOGY,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who, what, where, since when, and what has been done so far."),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        help_text=_("The kind of problem. If nothing fits, choose “Other”."),
    )
    subcategory = forms.ChoiceField(
        label=_("Sub-category"), required=False,
        help_text=_("Only if one fits exactly; it can be added later."),
    )
    occurred_on = forms.DateField(
        label=_("Date it happened"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("If you know only the month, choose any day and set the precision "
                    "to “Month”."),
    )
    occurred_time = forms.TimeField(
        label=_("Time"),
        required=False,
        help_text=_("Only if known, e.g. 19:30; then set the precision to “Exact”."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    occurred_precision = forms.ChoiceField(
        label=_("How precise is the date?"),
        choices=OccurredPrecision.choices,
        initial=OccurredPrecision.DAY,
        widget=forms.RadioSelect,
    )
    alert_level = forms.TypedChoiceField(
        label=_("Alert level"),
        choices=AlertLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    province = forms.CharField(label=_("Province"), required=False,
                               widget=RegionSelect("province"),
                               help_text=_("Where it happened, not where you are."))
    regency = forms.CharField(label=_("Regency/city"), required=False,
                              widget=RegionSelect("regency"))
    district = forms.CharField(label=_("District (kecamatan)"), required=False,
                               widget=RegionSelect("district"))
    village = forms.CharField(
        label=_("Village (desa/kelurahan)"), required=False, widget=RegionSelect("village"),
        help_text=with_term(_("The district decides which office handles the report."),
                            "kua", _("Which office?")),
    )
    location_code = forms.CharField(
        label=_("Region code"),
        required=False,
        max_length=13,
        help_text=_("Only if you cannot use the lists above: the Kemendagri code of the "
                    "district or village, e.g. 327301 or 3273011001."),
    )
    address = forms.CharField(
        label=_("Address or place"), max_length=300, required=False,
        help_text=_("For example: Jl. Merdeka 10, RT 03/RW 05, or “the musala near the market”."),
    )
    latitude = forms.FloatField(label=_("Latitude"), required=False,
                                widget=forms.NumberInput(attrs={"step": "any"}))
    longitude = forms.FloatField(label=_("Longitude"), required=False,
                                 widget=forms.NumberInput(attrs={"step": "any"}))
    scope = forms.ChoiceField(
        label=_("Between or within religions?"),
        help_text=_("Between: people of different religions. Within: people of the same "
                    "religion, e.g. a dispute over a teaching or over who runs a mosque."),
        choices=[("", _("Not known yet")), *ConflictScope.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    religions = forms.MultipleChoiceField(
        label=_("Religions or groups involved"),
        help_text=_("Tick every religion or group taking part; leave empty if not known."),
        choices=Religion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    legal_stage = forms.ChoiceField(
        label=_("Stage (UU 7/2012)"),
        choices=LegalStage.choices,
        initial=LegalStage.PENCEGAHAN,
        help_text=with_term(_("Prevention while there is no open conflict yet."),
                            "tahap-penanganan", _("About the stages")),
    )
    source_channel = forms.ChoiceField(
        label=_("How did the report reach you?"),
        choices=SourceChannel.choices,
        initial=SourceChannel.LANGSUNG,
        help_text=_("For example: the person came to the office, or sent a WhatsApp message."),
    )
    reporter_name = forms.CharField(
        label=_("Reporter's name"), max_length=150, required=False,
        help_text=_("Leave empty if the reporter wants to stay anonymous."),
    )
    reporter_contact = forms.CharField(
        label=_("Reporter's phone or address"), max_length=150, required=False,
        help_text=_("Protected personal data: analysts see it masked."),
    )
    confidential = forms.BooleanField(
        label=_("Confidential case"),
        required=False,
        help_text=with_term(_("Only the handling office, the offices above it and named "
                              "members can see it."), "kasus-rahasia", _("About confidentiality")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mains, sub_groups = category_choices()
        self.fields["category"].choices = [("", _("— Choose a category —")), *mains]
        self.fields["subcategory"].choices = [("", _("— None —")), *sub_groups]
        self._set_region_choices()
        self._wire_region_picker()

    def _wire_region_picker(self) -> None:
        """htmx: a change of one level loads the options of the next level."""
        url = reverse("region-options")
        for depth, name in enumerate(REGION_FIELDS):
            attrs = self.fields[name].widget.attrs
            attrs["data-region-level"] = str(depth + 1)
            if depth + 1 < len(REGION_FIELDS):
                attrs.update({
                    "hx-get": url,
                    "hx-trigger": "change",
                    "hx-target": "#" + self[REGION_FIELDS[depth + 1]].auto_id,
                    "hx-swap": "innerHTML",
                })

    # ------------------------------------------------------------------ region picker

    def _raw(self, name: str) -> str:
        if self.is_bound:
            value = self.data.get(self.add_prefix(name), "")
        else:
            value = self.initial.get(name, self.fields[name].initial) or ""
        return str(value).strip().replace(".", "")

    def region_chain(self) -> list[str]:
        """The chosen codes, province first, dropping any that do not fit under the one above."""
        chain: list[str] = []
        for name in REGION_FIELDS:
            code = self._raw(name)
            if not code or len(code) != REGION_CODE_LENGTHS[name] or not code.isdigit():
                break
            if chain and not code.startswith(chain[-1]):
                break
            chain.append(code)
        return chain

    def _set_region_choices(self) -> None:
        chain = self.region_chain()
        parents = [None, *chain]
        wanted = {
            name: parents[i] for i, name in enumerate(REGION_FIELDS) if i < len(parents)
        }
        query = Region.objects.none()
        if "province" in wanted:
            query = Region.objects.filter(level=1)
        children_of = [p for p in wanted.values() if p]
        if children_of:
            query = query | Region.objects.filter(parent_id__in=children_of)
        by_parent: dict[str | None, list] = {}
        for code, name, parent in query.order_by("name").values_list("code", "name", "parent_id"):
            by_parent.setdefault(parent if parent in children_of else None, []).append(
                (code, name)
            )
        for name in REGION_FIELDS:
            options = by_parent.get(wanted[name], []) if name in wanted else []
            widget = self.fields[name].widget
            widget.choices = [("", REGION_BLANK_LABELS[name]), *options]

    def clean(self):
        cleaned = super().clean()
        typed = (cleaned.get("location_code") or "").replace(".", "").strip()
        chain = self.region_chain()
        if typed:
            cleaned["location"] = typed
        elif len(chain) >= 3:
            cleaned["location"] = chain[-1]
        else:
            missing = REGION_FIELDS[len(chain)]
            self.add_error(
                missing, _("Choose at least the district (kecamatan) where it happened.")
            )
        occurred_on = cleaned.get("occurred_on")
        if occurred_on and occurred_on > timezone.localdate():
            self.add_error("occurred_on", _("The date cannot be in the future."))
        return cleaned

    def location_error_field(self) -> str:
        """Where to show a service error about the location."""
        if self._raw("location_code"):
            return "location_code"
        chain = self.region_chain()
        return REGION_FIELDS[len(chain)] if len(chain) < 3 else REGION_FIELDS[len(chain) - 1]

    def occurred_at(self) -> datetime | None:
        day = self.cleaned_data.get("occurred_on")
        if day is None:
            return None
        moment = self.cleaned_data.get("occurred_time")
        if self.cleaned_data.get("occurred_precision") != OccurredPrecision.EXACT or not moment:
            moment = time(0, 0)
        return timezone.make_aware(datetime.combine(day, moment))

    def service_values(self) -> dict:
        """Cleaned values under the names ``services`` expects."""
        data = self.cleaned_data
        return {
            "title": data.get("title", ""),
            "chronology": data.get("chronology", ""),
            "category": data.get("category", ""),
            "subcategory": data.get("subcategory") or None,
            "scope": data.get("scope", ""),
            "religions": list(data.get("religions") or []),
            "occurred_at": self.occurred_at(),
            "occurred_precision": data.get("occurred_precision") or OccurredPrecision.DAY,
            "location": data.get("location", ""),
            "address": data.get("address", ""),
            "latitude": data.get("latitude"),
            "longitude": data.get("longitude"),
            "alert_level": data.get("alert_level"),
            "legal_stage": data.get("legal_stage") or LegalStage.PENCEGAHAN,
            "source_channel": data.get("source_channel") or SourceChannel.LANGSUNG,
            "reporter_name": data.get("reporter_name", ""),
            "reporter_contact": data.get("reporter_contact", ""),
            "confidential": bool(data.get("confidential")),
        }

    def service_field_map(self) -> dict:
        return {"location": self.location_error_field()}

    def alert_level_options(self):
        """(bound radio option, explanation) pairs for the template."""
        return [
            (radio, ALERT_LEVEL_HELP.get(int(radio.data["value"]), ""))
            for radio in self["alert_level"]
        ]


def initial_region(prefixes) -> dict:
    """Pre-select the picker to a single area (e.g. the user's own office)."""
    initial = {}
    if prefixes and len(prefixes) == 1:
        code = prefixes[0]
        for name in REGION_FIELDS:
            length = REGION_CODE_LENGTHS[name]
            if len(code) >= length:
                initial[name] = code[:length]
    return initial


class IntakeForm(CaseFieldsForm):
    """Register a new report: what the official must know in under two minutes."""


class CaseEditForm(CaseFieldsForm):
    """Change a case's details; every change states its reason."""

    reason = forms.CharField(
        label=_("Why are you changing this?"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown in the case timeline."),
    )

    # Form field → service field, for fields whose change is sent as one value.
    FIELD_GROUPS = {
        "occurred_at": ("occurred_on", "occurred_time", "occurred_precision"),
        "location": ("province", "regency", "district", "village", "location_code"),
    }

    def __init__(self, *args, case, personal_data: bool = True, **kwargs):
        self.case = case
        if "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(case)
        super().__init__(*args, **kwargs)
        if not personal_data:
            del self.fields["reporter_name"]
            del self.fields["reporter_contact"]

    @staticmethod
    def initial_from(case) -> dict:
        occurred = timezone.localtime(case.occurred_at)
        initial = {
            "title": case.title,
            "chronology": case.chronology,
            "category": case.category_id,
            "subcategory": case.subcategory_id or "",
            "scope": case.scope,
            "religions": list(case.religions or []),
            "occurred_on": occurred.date(),
            "occurred_time": occurred.time().replace(second=0, microsecond=0)
            if case.occurred_precision == OccurredPrecision.EXACT else None,
            "occurred_precision": case.occurred_precision,
            "address": case.address,
            "latitude": case.latitude,
            "longitude": case.longitude,
            "alert_level": case.alert_level,
            "legal_stage": case.legal_stage,
            "source_channel": case.source_channel,
            "reporter_name": case.reporter_name,
            "reporter_contact": case.reporter_contact,
            "confidential": case.confidential,
        }
        initial.update(initial_region([case.location_id]))
        return initial

    def changes(self) -> dict:
        """Only the values the user actually changed, under the services' names."""
        values = self.service_values()
        changed = set(self.changed_data)
        result = {}
        for service_field, form_fields in self.FIELD_GROUPS.items():
            if changed & set(form_fields):
                result[service_field] = values[service_field]
        if "occurred_precision" in changed:
            result["occurred_precision"] = values["occurred_precision"]
        for name in changed:
            if name in values and name not in result and name not in ("reason",):
                result[name] = values[name]
        result.pop("location_code", None)
        return result


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Add a note"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visible to everyone who can see this case."),
    )


class TransitionForm(forms.Form):
    """What one workflow action needs besides the click: reason, target office, outcome."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, transition, case, unit_choices=None, **kwargs):
        kwargs.setdefault("prefix", transition.action)
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", case.version)
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.case = case
        if transition.needs_target_unit:
            choices = list(unit_choices or [])
            label = (_("Escalate to") if transition.needs_target_unit == "ancestor"
                     else _("Delegate to"))
            self.fields["target_unit"] = forms.ChoiceField(label=label, choices=choices)
            if choices:
                self.fields["target_unit"].initial = choices[0][0]
        if transition.needs_outcome:
            self.fields["outcome"] = forms.ChoiceField(
                label=_("Outcome"), choices=[("", _("— Choose the outcome —")),
                                             *Outcome.choices])
            self.fields["outcome_note"] = forms.CharField(
                label=_("Outcome details"), required=False, max_length=MAX_REASON,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Needed when the outcome is “Other”."),
            )
        if transition.needs_reject_reason:
            self.fields["reject_reason"] = forms.ChoiceField(
                label=_("Why is it rejected?"), choices=RejectReason.choices,
                widget=forms.RadioSelect)
            self.fields["duplicate_of"] = forms.CharField(
                label=_("Number of the original case"), required=False, max_length=40,
                help_text=_("Only for a duplicate, e.g. KSBK-3273-2026-00012."),
            )
        if transition.requires_reason:
            self.fields["reason"] = forms.CharField(
                label=_("Reason"), max_length=MAX_REASON,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Shown in the case timeline."),
            )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("reject_reason") == RejectReason.DUPLIKAT
            and not cleaned.get("duplicate_of")
        ):
            self.add_error("duplicate_of",
                           _("Give the number of the original case this one duplicates."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {"reason": data.get("reason", ""), "expected_version": data.get("version")}
        for name in ("target_unit", "outcome", "outcome_note", "reject_reason", "duplicate_of"):
            if name in self.fields:
                kwargs[name] = data.get(name) or ""
        if "target_unit" in kwargs and not kwargs["target_unit"]:
            kwargs["target_unit"] = None
        return kwargs


class CaseFilterForm(forms.Form):
    """Renders the list filters; ``selectors.CaseFilter.from_params`` validates them."""

    q = forms.CharField(label=_("Search"), required=False,
                        help_text=_("Case number or words in the title or chronology."))
    status = forms.CharField(label=_("Status"), required=False, widget=forms.Select)
    alert_level = forms.CharField(label=_("Alert level"), required=False, widget=forms.Select)
    category = forms.CharField(label=_("Category"), required=False, widget=forms.Select)
    region = forms.CharField(label=_("Region"), required=False, widget=forms.Select)
    unit = forms.CharField(label=_("Handling office"), required=False, widget=forms.Select)
    reported_from = forms.CharField(
        label=_("Reported from"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}))
    reported_to = forms.CharField(
        label=_("Reported until"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}))
    overdue = forms.BooleanField(label=_("Only overdue cases"), required=False)
    sort = forms.CharField(label=_("Sort by"), required=False, widget=forms.Select)

    def __init__(self, *args, region_choices=(), unit_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = ("", _("All"))
        self.fields["status"].widget.choices = [everything, *Status.choices]
        self.fields["alert_level"].widget.choices = [everything, *AlertLevel.choices]
        mains, sub_groups = category_choices()
        self.fields["category"].widget.choices = [everything, *mains, *sub_groups]
        self.fields["region"].widget.choices = [everything, *region_choices]
        self.fields["unit"].widget.choices = [everything, *unit_choices]
        self.fields["sort"].widget.choices = [(key, SORT_LABELS.get(key, key)) for key in SORTS]
