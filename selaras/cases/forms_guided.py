"""Forms of the guided intake: one small form per step, plain words, an example each.

The steps only shape input; ``services.create_case`` checks everything again at
the end (same rules as the desktop form). The answers live in the session as
plain strings (``Draft``) so a reload or the back button never loses them.
"""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from selaras.regions.models import Region

from .forms import REGION_FIELDS, CaseFieldsForm, RegionSelect, category_choices
from .models import AlertLevel, Category, SourceChannel
from .services import MAX_CHRONOLOGY, MAX_TITLE

SESSION_KEY = "guided_intake"

# One plain-words line under each main category (shown in the big radio list).
CATEGORY_HELP = {
    "rumah_ibadah": _("Building, renovating or using a mosque, church, temple or prayer room."),
    "kegiatan_penyiaran": _("Religious gatherings, sermons, processions or broadcasts that "
                            "are objected to."),
    "paham_aliran": _("Disputes about a teaching or a religious group considered different."),
    "penodaan_agama": _("Someone is accused of insulting a religion."),
    "kepengurusan": _("Quarrels over who runs a mosque, foundation or religious body."),
    "sengketa_wakaf": _("Disputes over waqf land or buildings."),
    "pemakaman": _("Objections to a burial or to the use of a cemetery."),
    "hubungan_antarumat": _("Tension between neighbours of different religions, or about a "
                            "mixed marriage."),
    "ujaran_kebencian": _("Hate speech or hoaxes about religion spread online."),
    "hari_besar_simbol": _("Religious holidays, decorations or symbols that cause friction."),
    "lainnya": _("None of the above fits."),
}

# What each alert level means, in words and with an example.
LEVEL_HELP = {
    AlertLevel.WASPADA: (
        _("Tension, but no crowd and no threats yet."),
        _("Example: residents complain in a meeting or on WhatsApp about a prayer house."),
    ),
    AlertLevel.SIAGA: (
        _("People gather, protest or threaten; worship is disturbed."),
        _("Example: a crowd blocks the entrance of a church on Sunday."),
    ),
    AlertLevel.AWAS: (
        _("Violence, damage or injuries, or it is spreading to other places."),
        _("Example: a building is burnt or people are hurt."),
    ),
}


class LocationStep(forms.Form):
    """Step 1: where. The same four-level picker as the desktop form (htmx or reload)."""

    province = forms.CharField(label=_("Province"), required=False,
                               widget=RegionSelect("province"))
    regency = forms.CharField(label=_("Regency/city"), required=False,
                              widget=RegionSelect("regency"))
    district = forms.CharField(label=_("District (kecamatan)"), required=False,
                               widget=RegionSelect("district"))
    village = forms.CharField(label=_("Village (desa/kelurahan)"), required=False,
                              widget=RegionSelect("village"))
    # How many levels had options when the page was drawn (the village list is
    # offered once before the step moves on without a village).
    offered = forms.IntegerField(required=False, widget=forms.HiddenInput)

    # Borrow the picker behaviour of the desktop form: one implementation.
    _raw = CaseFieldsForm._raw
    region_chain = CaseFieldsForm.region_chain
    _set_region_choices = CaseFieldsForm._set_region_choices
    _wire_region_picker = CaseFieldsForm._wire_region_picker

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_region_choices()
        self._wire_region_picker()
        self.fields["offered"].initial = min(len(self.region_chain()) + 1, len(REGION_FIELDS))

    def is_complete(self) -> bool:
        """Down to the district, and the village list has been offered (or one is chosen)."""
        chain = self.region_chain()
        offered = self.cleaned_data.get("offered") or 0
        return len(chain) == 4 or (len(chain) == 3 and offered >= 4)

    def clean(self):
        cleaned = super().clean()
        if not self.region_chain():
            self.add_error("province", _("Choose the province where it happened."))
        return cleaned

    def values(self) -> dict:
        chain = self.region_chain()
        return dict(zip(REGION_FIELDS, chain, strict=False))

    def next_level(self) -> str | None:
        chain = self.region_chain()
        return REGION_FIELDS[len(chain)] if len(chain) < len(REGION_FIELDS) else None


class WhatStep(forms.Form):
    """Step 2: what happened."""

    title = forms.CharField(
        label=_("In one line: what is it about?"),
        max_length=MAX_TITLE,
        help_text=_("Example: “Residents object to the renovation of the musala in RT 03”."),
    )
    chronology = forms.CharField(
        label=_("Tell what happened"),
        max_length=MAX_CHRONOLOGY,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who, what, where, and what has been done so far. Example: “Since last "
                    "week about 20 residents have refused the renovation. The village head "
                    "held a meeting on Monday, no agreement yet.”"),
    )

    def values(self) -> dict:
        return {"title": self.cleaned_data["title"], "chronology": self.cleaned_data["chronology"]}


class WhenStep(forms.Form):
    """Step 3: when. "Today" and "Yesterday" are plain submit buttons (``quick``)."""

    occurred_on = forms.DateField(
        label=_("On which day did it happen?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Example: if it started last Friday, choose that Friday. If you are not "
                    "sure, choose the day you first heard about it."),
    )
    quick = forms.ChoiceField(choices=[("today", "today"), ("yesterday", "yesterday")],
                              required=False)

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        quick = cleaned.get("quick")
        if quick == "today":
            cleaned["occurred_on"] = today
        elif quick == "yesterday":
            cleaned["occurred_on"] = today - timedelta(days=1)
        day = cleaned.get("occurred_on")
        if "occurred_on" in self.errors:
            return cleaned
        if day is None:
            self.add_error("occurred_on", _("Choose the day, or press “Today” or “Yesterday”."))
        elif day > today:
            self.add_error("occurred_on", _("The date cannot be in the future."))
        return cleaned

    def values(self) -> dict:
        return {"occurred_on": self.cleaned_data["occurred_on"].isoformat()}


class CategoryStep(forms.Form):
    """Step 4: what kind of conflict (main categories only; details come later)."""

    category = forms.ChoiceField(
        label=_("What kind of problem is it?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of problem.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mains, _subs = category_choices()
        self.fields["category"].choices = mains

    def options(self):
        """(radio, one-line explanation) pairs for the template."""
        descriptions = dict(
            Category.objects.filter(parent__isnull=True).values_list("code", "description")
        )
        return [
            (radio, CATEGORY_HELP.get(radio.data["value"]) or descriptions.get(radio.data["value"]))
            for radio in self["category"]
        ]

    def values(self) -> dict:
        return {"category": self.cleaned_data["category"]}


class LevelStep(forms.Form):
    """Step 5: how serious (alert level explained in words)."""

    alert_level = forms.TypedChoiceField(
        label=_("How serious is it now?"),
        choices=AlertLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how serious it is.")},
    )

    def options(self):
        return [
            (radio, *LEVEL_HELP.get(int(radio.data["value"]), ("", "")))
            for radio in self["alert_level"]
        ]

    def values(self) -> dict:
        return {"alert_level": str(self.cleaned_data["alert_level"])}


class ReporterStep(forms.Form):
    """Step 6: who reported it (all optional)."""

    source_channel = forms.ChoiceField(
        label=_("How did the report reach you?"),
        choices=SourceChannel.choices,
        initial=SourceChannel.LANGSUNG,
        help_text=_("Example: a resident came to the office, or sent a WhatsApp message."),
    )
    reporter_name = forms.CharField(
        label=_("Name of the person who told you"), max_length=150, required=False,
        help_text=_("Example: Pak Rahmat, ketua RT 03. Leave empty if they want to stay "
                    "anonymous."),
    )
    reporter_contact = forms.CharField(
        label=_("Their phone number or address"), max_length=150, required=False,
        help_text=_("Example: 0812 3456 7890."),
    )

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


# (slug, form class, short title) in order; the review step has no form.
STEPS = [
    ("tempat", LocationStep, _("Where")),
    ("kejadian", WhatStep, _("What happened")),
    ("waktu", WhenStep, _("When")),
    ("jenis", CategoryStep, _("Kind of problem")),
    ("tingkat", LevelStep, _("How serious")),
    ("pelapor", ReporterStep, _("Who reported it")),
]
REVIEW = "periksa"
STEP_SLUGS = [slug for slug, _form, _title in STEPS]
# Which step owns a service error about a field.
FIELD_STEP = {
    "location": "tempat", "province": "tempat", "regency": "tempat", "district": "tempat",
    "village": "tempat",
    "title": "kejadian", "chronology": "kejadian",
    "occurred_at": "waktu", "occurred_on": "waktu",
    "category": "jenis", "subcategory": "jenis",
    "alert_level": "tingkat",
    "source_channel": "pelapor", "reporter_name": "pelapor", "reporter_contact": "pelapor",
}
# Where on its step a service error about a field is shown.
FIELD_TARGET = {"occurred_at": "occurred_on", "location": "district", "subcategory": "category"}


class Draft:
    """The answers so far, kept in the session: {"data": {...}, "done": [slugs], "errors": {}}."""

    def __init__(self, session):
        self.session = session
        stored = session.get(SESSION_KEY) or {}
        self.data: dict = dict(stored.get("data") or {})
        self.done: list = list(stored.get("done") or [])
        self.errors: dict = dict(stored.get("errors") or {})

    def save(self) -> None:
        self.session[SESSION_KEY] = {"data": self.data, "done": self.done,
                                     "errors": self.errors}

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)
        self.data, self.done, self.errors = {}, [], {}

    def store(self, slug: str, values: dict, *, done: bool = True) -> None:
        self.data.update(values)
        self.errors.pop(slug, None)
        if done and slug not in self.done:
            self.done.append(slug)
        self.save()

    def first_missing(self) -> str | None:
        return next((slug for slug in STEP_SLUGS if slug not in self.done), None)

    def location(self) -> str:
        chain = [self.data.get(name) for name in REGION_FIELDS if self.data.get(name)]
        return chain[-1] if chain else ""

    def service_values(self) -> dict:
        """The answers under the names ``services.create_case`` expects."""
        from datetime import datetime, time

        data = self.data
        occurred = None
        if data.get("occurred_on"):
            try:
                day = date.fromisoformat(data["occurred_on"])
            except ValueError:
                day = None
            if day:
                occurred = timezone.make_aware(datetime.combine(day, time(0, 0)))
        level = data.get("alert_level")
        return {
            "title": data.get("title", ""),
            "chronology": data.get("chronology", ""),
            "category": data.get("category", ""),
            "occurred_at": occurred,
            "location": self.location(),
            "alert_level": int(level) if str(level or "").isdigit() else level,
            "source_channel": data.get("source_channel") or SourceChannel.LANGSUNG,
            "reporter_name": data.get("reporter_name", ""),
            "reporter_contact": data.get("reporter_contact", ""),
        }

    def summary(self) -> dict:
        """Readable answers for the review screen."""
        data = self.data
        codes = [data.get(name) for name in REGION_FIELDS if data.get(name)]
        names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
        category = Category.objects.filter(code=data.get("category", "")).first()
        level = data.get("alert_level")
        return {
            "place": ", ".join(names.get(code, code) for code in reversed(codes)),
            "title": data.get("title", ""),
            "chronology": data.get("chronology", ""),
            "occurred_on": _parse_day(data.get("occurred_on")),
            "category": category.label if category else "",
            "alert_level": (AlertLevel(int(level)).label
                            if str(level or "").isdigit() and int(level) in AlertLevel.values
                            else ""),
            "source_channel": (SourceChannel(data["source_channel"]).label
                               if data.get("source_channel") in SourceChannel.values else ""),
            "reporter_name": data.get("reporter_name", ""),
            "reporter_contact": data.get("reporter_contact", ""),
        }


def _parse_day(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
