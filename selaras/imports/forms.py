from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kind
from .reader import MAX_BYTES


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        help_text=_("Fill in the template of that kind. At most 5 MB and 2,000 rows. "
                    "Nothing is saved yet: you see the result of the check first."),
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, label) for k, label in Kind.choices if k in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large: at most %(mb)d MB.")
                                        % {"mb": MAX_BYTES // (1024 * 1024)})
        return upload
