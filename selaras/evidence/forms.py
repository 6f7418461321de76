"""The upload form for attachments. The file is judged by the service on its content
(``validation.py``); a refusal is shown under the file field while the kind and
description the user chose stay filled in (a browser never re-sends a file)."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import AttachmentKind
from .services import MAX_DESCRIPTION


class AttachmentForm(forms.Form):
    prefix = "attachment"
    file = forms.FileField(label=_("File"), allow_empty_file=True)
    kind = forms.ChoiceField(label=_("What is it?"),
                             choices=[("", _("— Choose —")), *AttachmentKind.choices])
    description = forms.CharField(label=_("Description"), required=False,
                                  max_length=MAX_DESCRIPTION,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("E.g. “Minutes of the mediation on 3 June”."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Photos (JPEG, PNG, WebP), PDF, Word/Excel/OpenDocument files, plain text or "
            "audio (MP3, M4A, OGG, WAV); at most %(size)s.") % {
            "size": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}
