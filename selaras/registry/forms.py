"""The web form for linking a case to a record in another ministry registry.

The id format is checked by the service (``formats.py``, one table); its message
names the expected shape and an example, shown under the field.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from selaras.handling.forms import CaseVersionForm

from .formats import FORMATS, MAX_EXTERNAL_ID, Registry
from .services import MAX_LABEL


def _examples() -> str:
    return "; ".join(f"{Registry(key).label}: {fmt.example}" for key, fmt in FORMATS.items())


class RegistryLinkForm(CaseVersionForm):
    prefix = "registry"
    registry = forms.ChoiceField(label=_("Registry"),
                                 choices=[("", _("— Choose the registry —")), *Registry.choices])
    external_id = forms.CharField(label=_("Id in the registry"), max_length=MAX_EXTERNAL_ID)
    label = forms.CharField(label=_("Label"), required=False, max_length=MAX_LABEL,
                            help_text=_("What the record is, e.g. the mosque's name."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["external_id"].help_text = _("For example — %(examples)s.") % {
            "examples": _examples()}


class RegistryLinkRemoveForm(forms.Form):
    reason = forms.CharField(label=_("Why remove this link?"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
