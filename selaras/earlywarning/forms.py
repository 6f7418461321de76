"""Forms of the early-warning pages: one-page report checklist, case from an alert,
calibration. Plain HTML forms (big radio buttons, no script needed)."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from selaras.cases.models import AlertLevel, Category
from selaras.regions.models import Region, RegionLevel

from . import services
from .models import Indicator, RatingValue, ReportKind, RiskSettings

MAX_DISTRICT_CHOICES = 1000


class ReportForm(forms.Form):
    district = forms.CharField(label=_("District (kecamatan)"))
    kind = forms.ChoiceField(label=_("Kind of report"), choices=ReportKind.choices,
                             initial=ReportKind.PERIODIC, widget=forms.RadioSelect)
    observed_on = forms.DateField(
        label=_("Date observed"), required=False,
        help_text=_("Leave empty for today."),
        widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("General note"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("What is happening, who is involved, what was done."))
    evidence = forms.FileField(label=_("Evidence"), required=False,
                               help_text=_("A photo, letter or screenshot (optional)."))

    def __init__(self, *args, area_prefixes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(Indicator.objects.filter(is_active=True))
        if area_prefixes is not None:
            districts = Region.objects.filter(level=RegionLevel.DISTRICT)
            if area_prefixes:
                from django.db.models import Q

                q = Q(pk__in=[])
                for prefix in area_prefixes:
                    q |= Q(code__startswith=prefix)
                districts = districts.filter(q)
            else:
                districts = districts.none()
            choices = list(districts.order_by("code").values_list("code", "name")[
                :MAX_DISTRICT_CHOICES + 1])
            if len(choices) <= MAX_DISTRICT_CHOICES:
                self.fields["district"] = forms.ChoiceField(
                    label=_("District (kecamatan)"),
                    choices=[("", _("Choose a district"))] + [
                        (code, f"{name} ({code})") for code, name in choices])
                if len(choices) == 1:
                    self.fields["district"].initial = choices[0][0]
        if isinstance(self.fields["district"], forms.CharField):
            self.fields["district"].help_text = _("The 6-digit district code, e.g. 327301.")
        for indicator in self.indicators:
            self.fields[f"rating_{indicator.code}"] = forms.TypedChoiceField(
                label=indicator.label, choices=RatingValue.choices, coerce=int, initial=0,
                widget=forms.RadioSelect)
            self.fields[f"note_{indicator.code}"] = forms.CharField(
                label=_("Note on %(indicator)s") % {"indicator": indicator.label},
                required=False, max_length=500)

    def rows(self, kind: str):
        return [(self[f"rating_{i.code}"], self[f"note_{i.code}"])
                for i in self.indicators if i.kind == kind]

    @property
    def conflict_rows(self):
        return self.rows("conflict")

    @property
    def peace_rows(self):
        return self.rows("peace")

    def service_values(self) -> dict:
        data = self.cleaned_data
        observed = None
        day = data.get("observed_on")
        if day and day != timezone.localdate():
            observed = timezone.make_aware(datetime.combine(day, time(12)))
        return {
            "district": data["district"], "kind": data["kind"], "note": data["note"],
            "observed_at": observed, "evidence": data.get("evidence"),
            "ratings": {i.code: (data[f"rating_{i.code}"], data[f"note_{i.code}"])
                        for i in self.indicators},
        }


class AlertCaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    chronology = forms.CharField(label=_("Chronology"), max_length=20000,
                                 widget=forms.Textarea(attrs={"rows": 8}))
    category = forms.ChoiceField(label=_("Category"))
    alert_level = forms.TypedChoiceField(label=_("Alert level"), choices=AlertLevel.choices,
                                         coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (c.code, c.label) for c in Category.objects.filter(is_active=True, parent=None)
            .order_by("position", "code")]


class CalibrationForm(forms.Form):
    half_life_days = forms.FloatField(label=_("Half-life (days)"), min_value=0.5,
                                      max_value=365,
                                      help_text=_("After this many days a rating counts half."))
    window_days = forms.IntegerField(label=_("Look-back window (days)"), min_value=1,
                                     max_value=730,
                                     help_text=_("Older ratings count for nothing."))
    case_weight_1 = forms.FloatField(label=_("Points per open level-1 case"), min_value=0,
                                     max_value=100)
    case_weight_2 = forms.FloatField(label=_("Points per open level-2 case"), min_value=0,
                                     max_value=100)
    case_weight_3 = forms.FloatField(label=_("Points per open level-3 case"), min_value=0,
                                     max_value=100)
    threshold_1 = forms.FloatField(label=_("Score for Waspada (level 1)"), min_value=0.1)
    threshold_2 = forms.FloatField(label=_("Score for Siaga (level 2)"), min_value=0.1)
    threshold_3 = forms.FloatField(label=_("Score for Awas (level 3)"), min_value=0.1)
    auto_open_case = forms.BooleanField(
        label=_("Open a case automatically when a district crosses a threshold"),
        required=False)
    weeks = forms.IntegerField(label=_("Weeks to compare"), min_value=1, max_value=52,
                               initial=12, required=False)
    # The settings' entity tag when the page was loaded (services.settings_tag): a save
    # is refused when someone else saved in between (services.StaleSettings).
    settings_tag = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(Indicator.objects.filter(is_active=True))
        for indicator in self.indicators:
            self.fields[f"weight_{indicator.code}"] = forms.FloatField(
                label=indicator.label, min_value=0, max_value=100,
                help_text=_("Default %(weight)s") % {"weight": indicator.default_weight})

    def weight_fields(self, kind: str):
        return [self[f"weight_{i.code}"] for i in self.indicators if i.kind == kind]

    @property
    def conflict_weights(self):
        return self.weight_fields("conflict")

    @property
    def peace_weights(self):
        return self.weight_fields("peace")

    @staticmethod
    def initial_from(settings: RiskSettings) -> dict:
        params = settings.params()
        initial = {
            "half_life_days": settings.half_life_days, "window_days": settings.window_days,
            "threshold_1": settings.threshold_1, "threshold_2": settings.threshold_2,
            "threshold_3": settings.threshold_3, "auto_open_case": settings.auto_open_case,
            "weeks": 12, "settings_tag": services.settings_tag(settings),
        }
        for level in (1, 2, 3):
            initial[f"case_weight_{level}"] = params.case_weights.get(level, 0.0)
        for code, weight in params.weights.items():
            initial[f"weight_{code}"] = weight
        return initial

    def with_current_tag(self, settings: RiskSettings) -> None:
        """After a stale save: keep what was typed but carry the current tag, so the next
        save (after the user has reviewed the current values) goes through."""
        data = self.data.copy()
        data[self.add_prefix("settings_tag")] = services.settings_tag(settings)
        self.data = data

    def differences_from(self, settings: RiskSettings) -> list[dict]:
        """The fields whose saved value (``settings``) differs from what was typed: label,
        saved value, typed value."""
        saved = self.initial_from(settings)
        typed = getattr(self, "cleaned_data", {})
        rows = []
        for name, field in self.fields.items():
            if name in ("weeks", "settings_tag") or name not in saved:
                continue
            now, mine = saved[name], typed.get(name)
            if isinstance(now, bool) or isinstance(mine, bool):
                differs = bool(now) != bool(mine)
            else:
                try:
                    differs = mine is None or float(now) != float(mine)
                except (TypeError, ValueError):
                    differs = True
            if differs:
                rows.append({"label": field.label, "saved": now, "typed": mine,
                             "boolean": isinstance(now, bool)})
        return rows

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "weights": {i.code: data[f"weight_{i.code}"] for i in self.indicators},
            "half_life_days": data["half_life_days"], "window_days": data["window_days"],
            "case_weights": {level: data[f"case_weight_{level}"] for level in (1, 2, 3)},
            "thresholds": (data["threshold_1"], data["threshold_2"], data["threshold_3"]),
        }
