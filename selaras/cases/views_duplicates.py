"""Web: possible duplicates while a report is being entered (intake).

``duplicate_check`` takes the intake form as typed so far. With htmx (the form's fields
changed) it answers the small candidates panel; without JavaScript the "check for
similar cases" button posts the whole form here and gets the intake page back with
everything typed kept and the candidates shown above the register button. Nothing is
saved either way.
"""

from datetime import datetime, time

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from selaras.core.errors import PermissionDenied

from .duplicates import find_duplicate_candidates
from .forms import IntakeForm


def draft_candidates(user, form: IntakeForm) -> tuple[list, bool]:
    """(candidates, enough_to_check) for the draft in a bound intake form (not validated)."""
    data = form.data
    title = str(data.get("title", ""))[:500]
    chronology = str(data.get("chronology", ""))[:5000]
    category = str(data.get("category", ""))[:50]
    location = form._raw("location_code") or next(iter(reversed(form.region_chain())), "")
    occurred_at = None
    try:
        day = parse_date(str(data.get("occurred_on", "")).strip())
    except ValueError:
        day = None
    if day is not None:
        occurred_at = timezone.make_aware(datetime.combine(day, time(12, 0)))
    enough = bool((title.strip() or chronology.strip()) and len(location) >= 6)
    if not enough:
        return [], False
    return find_duplicate_candidates(user, title=title, chronology=chronology,
                                     category=category, location=location,
                                     occurred_at=occurred_at), True


@login_required
@require_POST
def duplicate_check(request):
    from .views import _can_create

    if not _can_create(request.user):
        raise PermissionDenied()
    form = IntakeForm(request.POST)
    candidates, checked = draft_candidates(request.user, form)
    context = {"form": form, "duplicate_candidates": candidates, "duplicates_checked": checked}
    if request.htmx:
        return render(request, "cases/_duplicate_candidates.html", context)
    return render(request, "cases/intake.html", context)
