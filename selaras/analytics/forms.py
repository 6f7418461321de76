from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from selaras.cases.models import AlertLevel, Category
from selaras.regions.models import Region

PERIOD_CHOICES = [
    ("12m", _("Last 12 months")),
    ("90d", _("Last 90 days")),
    ("30d", _("Last 30 days")),
    ("year", _("This year")),
    ("custom", _("Dates below")),
]


class DashboardForm(forms.Form):
    """Renders the dashboard filters; ``filters.DashboardFilter.from_params`` validates them."""

    period = forms.ChoiceField(label=_("Period"), required=False, choices=PERIOD_CHOICES)
    reported_from = forms.CharField(label=_("Reported from"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    reported_to = forms.CharField(label=_("Reported until"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    region = forms.CharField(label=_("Region"), required=False, widget=forms.Select,
                             help_text=_("Choose an area and apply to see its districts."))
    category = forms.CharField(label=_("Category"), required=False, widget=forms.Select)
    alert_level = forms.CharField(label=_("Alert level"), required=False, widget=forms.Select)

    def __init__(self, *args, area_prefixes=None, selected_region="", **kwargs):
        super().__init__(*args, **kwargs)
        everything = ("", _("All of my area"))
        self.fields["region"].widget.choices = [
            everything, *region_choices(area_prefixes, selected_region)]
        self.fields["category"].widget.choices = [("", _("All"))] + [
            (c.code, c.label) for c in Category.objects.filter(parent=None).order_by(
                "position", "code")]
        self.fields["alert_level"].widget.choices = [("", _("All")), *AlertLevel.choices]


def region_choices(area_prefixes, selected: str) -> list[tuple[str, str]]:
    """Drill-down without script: the user's areas, the selected region's chain and children.

    Offering every district of Indonesia at once would weigh ~60 KB compressed;
    each apply goes one level deeper instead (down to districts).
    """
    if area_prefixes is None:
        q = Q(level=1)
    else:
        q = Q(code__in=area_prefixes) | Q(parent_id__in=[p for p in area_prefixes
                                                         if len(p) < 6])
    if selected:
        chain = [selected[:n] for n in (2, 4, 6) if n <= len(selected)]
        q |= Q(code__in=chain)
        if len(selected) < 6:
            q |= Q(parent_id=selected)
    regions = Region.objects.filter(q, level__lte=3).order_by("code").values_list(
        "code", "name", "level")
    return [(code, ("\u2003" * (level - 1)) + f"{name} ({code})")
            for code, name, level in regions]
