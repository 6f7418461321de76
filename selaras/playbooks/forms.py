"""Forms for the playbook pages and the case page's playbook section.

Forms only shape the input; the services check it again and decide.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from selaras.cases.models import AlertLevel, Category
from selaras.evidence.models import AttachmentKind
from selaras.org.models import Role, UnitLevel

from .models import Anchor


def _text(label, *, required=True, max_length=2000, rows=3, help_text=""):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}))


class PlaybookForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"))
    alert_level = forms.TypedChoiceField(
        label=_("Alert level"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Every alert level"))] + list(AlertLevel.choices),
        help_text=_("A playbook for one alert level is used before the general one."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = _text(_("Description"), required=False, max_length=5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (c.code, f"{c.parent.label} › {c.label}" if c.parent_id else c.label)
            for c in Category.objects.filter(is_active=True).select_related("parent")
        ]


class ChangeNoteForm(forms.Form):
    change_note = _text(_("What changed in this version"), required=False, rows=2)


class StepForm(forms.Form):
    title = forms.CharField(label=_("Step"), max_length=200)
    guidance = _text(_("Guidance (in Indonesian)"), max_length=5000, rows=5,
                     help_text=_("What to do and how, for an officer doing it the first time."))
    responsible_level = forms.TypedChoiceField(label=_("Responsible level"), coerce=int,
                                               choices=UnitLevel.choices)
    responsible_role = forms.ChoiceField(label=_("Responsible role"), choices=Role.choices,
                                         initial=Role.PENANGAN)
    anchor = forms.ChoiceField(label=_("Deadline counted from"), choices=Anchor.choices,
                               initial=Anchor.VERIFIED)
    offset_hours = forms.IntegerField(label=_("Deadline (hours after that)"), min_value=0,
                                      max_value=24 * 365, initial=72,
                                      help_text=_("E.g. 72 for 3×24 hours."))
    evidence_expected = forms.CharField(label=_("Evidence expected"), max_length=500,
                                        required=False)
    evidence_kind = forms.ChoiceField(label=_("Kind of attachment expected"), required=False,
                                      choices=[("", "—")] + list(AttachmentKind.choices))
    legal_regulation = forms.CharField(label=_("Legal basis: regulation"), max_length=300,
                                       required=False)
    legal_article = forms.CharField(label=_("Article"), max_length=200, required=False)
    legal_text = _text(_("What the article says"), required=False, max_length=5000)
    legal_verified = forms.BooleanField(
        label=_("The article was checked against the published text"), required=False)


class AttachPlaybookForm(forms.Form):
    version = forms.ChoiceField(label=_("Playbook"))
    reason = _text(_("Why this playbook?"), required=False, rows=2,
                   help_text=_("Required when it replaces the playbook the case follows now."))

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [
            (str(v.pk), f"{v.playbook.title} (v{v.number})") for v in versions]


class StepCompleteForm(forms.Form):
    note = _text(_("What was done (optional)"), required=False, rows=2)
    attachment = forms.ChoiceField(label=_("Evidence (an attachment of this case)"),
                                   required=False)

    def __init__(self, *args, attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].choices = [("", _("— none —"))] + [
            (str(a.pk), f"{a.get_kind_display()}: {a.original_name}") for a in attachments]


class StepSkipForm(forms.Form):
    reason = _text(_("Why is this step skipped?"), rows=2)
