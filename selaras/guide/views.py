"""The in-app guide (Panduan): a home listing the signed-in user's role guides first."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from selaras.org.models import Membership

from . import content
from .training import TRAINING_PASSWORD, TRAINING_USERS


def _roles(user) -> set:
    return set(
        Membership.objects.filter(user=user, unit__is_active=True).values_list("role", flat=True)
    )


@login_required
def guide_index(request):
    mine, others = content.pages_for(_roles(request.user))
    return render(request, "guide/index.html", {
        "start": content.START, "mine": mine, "others": others,
        "exercises": content.EXERCISES,
    })


@login_required
def guide_page(request, slug):
    page = content.PAGES.get(slug)
    if page is None:
        raise Http404
    return render(request, "guide/page.html", {
        "page": page,
        "training_users": TRAINING_USERS,
        "training_password": TRAINING_PASSWORD,
    })
