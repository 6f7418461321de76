"""Context for the case page's "Playbook" section (``templates/playbooks/_case_section.html``).

``playbook_section(request, case, forms)`` is merged into the case page's context by
``selaras.handling.sections.case_sections``. A failed form comes back in ``forms`` under
``("playbook_complete", progress_id)``, ``("playbook_skip", progress_id)`` or
``"playbook_attach_form"``, so the page shows it again with what was typed.
Fixed number of queries: the progress rows, the case's attachments, the published
versions (only for users who may choose one).
"""

from django.utils import timezone

from selaras.cases import access as case_access
from selaras.evidence.selectors import case_attachments
from selaras.handling.services import is_assignee

from . import selectors
from .forms import AttachPlaybookForm, StepCompleteForm, StepSkipForm
from .models import StepStatus
from .services import WORKING_STATUSES


def _form(forms: dict, key, factory):
    bound = forms.get(key)
    return bound if bound is not None else factory()


def playbook_section(request, case, forms: dict | None = None) -> dict:
    forms = forms or {}
    user = request.user
    progress = selectors.case_progress(case)
    working = case.status in WORKING_STATUSES
    can_change = case_access.can(user, "change", case)
    today = timezone.localdate()
    attachments = None
    rows = []
    next_row = progress.next_row
    for row in progress.rows:
        pending = row.status == StepStatus.PENDING
        may_complete = pending and working and (
            can_change or (row.task is not None and is_assignee(user, row.task)))
        if may_complete and attachments is None:
            attachments = list(case_attachments(case))
        rows.append({
            "row": row,
            "step": row.step,
            "is_next": next_row is not None and row.pk == next_row.pk,
            "overdue": pending and row.task is not None and row.task.due_date < today,
            "complete_form": _form(
                forms, ("playbook_complete", row.pk),
                lambda r=row, a=attachments: StepCompleteForm(prefix=f"step-{r.pk}-done",
                                                              attachments=a or []))
            if may_complete else None,
            "skip_form": _form(forms, ("playbook_skip", row.pk),
                               lambda r=row: StepSkipForm(prefix=f"step-{r.pk}-skip"))
            if pending and working and can_change else None,
        })
    attach_form = None
    if can_change and working:
        attach_form = _form(forms, "playbook_attach_form", lambda: AttachPlaybookForm(
            prefix="playbook", versions=list(selectors.published_versions())))
        if not attach_form.fields["version"].choices:
            attach_form = None
    return {
        "playbook_progress": progress,
        "playbook_rows": rows,
        "playbook_attach_form": attach_form,
    }
