from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BreachRecord, BreachStatus, DataSubjectRequest, RequestKind, RequestStatus

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


def _moment(label, *, required=True, help_text=""):
    return forms.DateTimeField(label=label, required=required, widget=DateTimeInput(),
                               help_text=help_text)


class RequestCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of request"), choices=RequestKind.choices)
    subject_name = forms.CharField(label=_("Data subject"), max_length=200)
    subject_contact = forms.CharField(label=_("Contact of the data subject"), max_length=200,
                                      required=False)
    description = forms.CharField(label=_("What is asked"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    case_numbers = forms.CharField(
        label=_("Case numbers concerned"), max_length=500, required=False,
        help_text=_("Comma-separated, if the request concerns known cases."))
    received_at = _moment(_("Received at"), help_text=_(
        "The 3×24-hour clock starts here."))


class RequestUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RequestStatus.choices)
    outcome_note = forms.CharField(
        label=_("Outcome"), max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the request is answered or refused."))


class BreachForm(forms.Form):
    detected_at = _moment(_("Detected at"), help_text=_(
        "The 3×24-hour notification clock starts here."))
    description = forms.CharField(label=_("What happened"), max_length=10000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    data_affected = forms.CharField(label=_("Personal data affected"), max_length=5000,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    subjects_affected = forms.CharField(label=_("Data subjects affected"), max_length=5000,
                                        required=False, widget=forms.Textarea(attrs={"rows": 3}))
    subjects_count = forms.IntegerField(label=_("Number of subjects (estimate)"), min_value=0,
                                        required=False)
    measures = forms.CharField(label=_("Measures taken"), max_length=10000, required=False,
                               widget=forms.Textarea(attrs={"rows": 4}))


class BreachUpdateForm(BreachForm):
    subjects_notified_at = _moment(_("Subjects notified at"), required=False)
    authority_notified_at = _moment(_("Authority notified at"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=BreachStatus.choices)


def breach_initial(breach: BreachRecord) -> dict:
    return {name: getattr(breach, name) for name in BreachUpdateForm.base_fields}


def request_initial(request: DataSubjectRequest) -> dict:
    return {"status": request.status, "outcome_note": request.outcome_note}
