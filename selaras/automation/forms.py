from django import forms
from django.utils.translation import gettext_lazy as _

from selaras.cases.models import AlertLevel, Category


class DeadlinePolicyForm(forms.Form):
    alert_level = forms.TypedChoiceField(label=_("Alert level"), choices=AlertLevel.choices,
                                         coerce=int)
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.filter(is_active=True),
        empty_label=_("All categories (the level's default)"),
        help_text=_("A category's own deadlines take precedence over the level's default."),
    )
    verify_hours = forms.IntegerField(label=_("Verify within (hours)"), min_value=1,
                                      max_value=24 * 365)
    first_action_hours = forms.IntegerField(
        label=_("First handling action within (hours, after verification)"), min_value=1,
        max_value=24 * 365)
    resolve_days = forms.IntegerField(label=_("Resolve within (days, after the report)"),
                                      min_value=1, max_value=3650)
