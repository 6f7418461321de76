from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Channel, Kind


class PreferencesForm(forms.Form):
    """One group of channel checkboxes per kind of event."""

    def __init__(self, *args, current: dict[str, list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[kind] = forms.MultipleChoiceField(
                label=label, choices=Channel.choices, required=False,
                widget=forms.CheckboxSelectMultiple, initial=current.get(kind, []),
                help_text=_("You always see it in the inbox."),
            )

    def choices(self) -> dict[str, list[str]]:
        return {kind: self.cleaned_data.get(kind, []) for kind in Kind.values}
