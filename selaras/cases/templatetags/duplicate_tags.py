"""{% case_duplicate_candidates case %}: on a new report, the verifier sees similar cases and can
reject it as a duplicate of one of them in one step (the ordinary "reject" action)."""

from django import template

from selaras.cases import access
from selaras.cases.duplicates import find_duplicate_candidates
from selaras.cases.models import RejectReason, Status

register = template.Library()


@register.inclusion_tag("cases/_duplicates_for_case.html", takes_context=True)
def case_duplicate_candidates(context, case):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or case.status != Status.DILAPORKAN or not access.can(user, "reject", case):
        return {"show": False}
    candidates = find_duplicate_candidates(
        user, title=case.title, chronology=case.chronology, category=case.category.code,
        location=case.location_id, occurred_at=case.occurred_at, exclude=case,
    )
    return {"show": True, "case": case, "candidates": candidates,
            "duplicate_reason": RejectReason.DUPLIKAT, "csrf_token": context.get("csrf_token")}
