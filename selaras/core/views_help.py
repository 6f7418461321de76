"""Help pages: the glossary of terms (open to everyone: it holds no case data)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .glossary import BY_SLUG, TERMS


@require_GET
def glossary(request):
    terms = [
        (term, [BY_SLUG[slug] for slug in term.see_also if slug in BY_SLUG])
        for term in sorted(TERMS, key=lambda t: t.term.lower())
    ]
    return render(request, "help/glossary.html", {"terms": terms})
