"""Forms of the webhook pages; the services check the values (same rules as the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import events


class SubscriptionForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100,
        help_text=_("Which system receives the events, e.g. “SIMPENAIS production”."),
    )
    url = forms.CharField(
        label=_("Receiving address (URL)"), max_length=500,
        widget=forms.URLInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        help_text=_("Selaras sends each event there as an HTTP POST; use https:// where "
                    "you can."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=events.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one. Only cases the owner may see are sent."),
        error_messages={"required": _("Choose at least one event type.")},
    )
    active = forms.BooleanField(
        label=_("Active (send events)"), required=False, initial=True,
    )
