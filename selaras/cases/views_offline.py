"""Offline intake (issue #9 item 4): a report typed without a connection is queued on
the phone and sent when the connection is back (docs/offline-intake.md).

The server side is small on purpose:

* ``service_worker``: ``/sw.js`` from the site root (a worker controls only the paths
  under its own URL), built from ``static/js/sw.js`` with the cache version and the
  list of files to keep, never cached by the browser's HTTP cache.
* ``offline_intake``: the page (one form, the guided intake's questions and help). The
  service worker keeps a copy of it, so it opens without a connection.
* ``offline_regions``: the regions the user may report for, as compact JSON, so the
  place can be picked offline.
* ``offline_session``: who is signed in now and a fresh CSRF token. The queue asks it
  before sending, so a draft is only ever sent by the account that wrote it.

Sending goes to ``POST /api/v1/cases`` with the web session, the CSRF token and an
``Idempotency-Key``: the API's session authentication and its idempotency store
already do exactly what the queue needs, so there is no second way to create a case.
"""

import hashlib
import json
from functools import lru_cache, wraps
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from selaras.accounts.sessions import leave_session_untouched
from selaras.org.jurisdiction import grants_for
from selaras.regions.models import Region, RegionLevel

from . import access
from .forms_guided import CategoryStep, LevelStep, ReporterStep, WhatStep, WhenStep
from .views_guided import _require_create

# Files the offline page needs, kept by the service worker at install.
PRECACHED_STATIC = (
    "css/selaras.css",
    "css/guided.css",
    "css/offline.css",
    "js/selaras.js",
    "js/offline-queue.js",
    "js/offline-intake.js",
    "js/sync-status.js",
    "django_htmx/htmx-2.min.js",
    "favicon.svg",
)
TEMPLATE = "cases/offline_intake.html"
# Above this many villages in the user's area, only districts are sent (a Kanwil or
# Pusat: the village list would be megabytes on a weak phone signal).
DEFAULT_VILLAGE_LIMIT = 1500
NO_STORE = "private, no-store"


def village_limit() -> int:
    return int(getattr(settings, "OFFLINE_REGION_VILLAGE_LIMIT", DEFAULT_VILLAGE_LIMIT))


# --------------------------------------------------------------------------- /sw.js


def _file_bytes(path: str) -> bytes:
    found = finders.find(path)
    if not found:
        return path.encode()
    with open(found, "rb") as handle:
        return handle.read()


def background_safe(view):
    """Requests the page makes in the background (the queue's session check, the service
    worker fetching the offline page and the places list) leave the session as it is
    (selaras.accounts.sessions.SessionMiddleware explains why). A real navigation to the
    offline page still counts as activity.

    They leave the flash messages too: a background response read by no one must not use
    up "Case … is registered" waiting for the user's next page. The offline page does not
    render messages at all (it is kept by the worker); this guard covers any later change."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        background = request.headers.get("Sec-Fetch-Mode") != "navigate"
        if background:
            leave_session_untouched(request)
        response = view(request, *args, **kwargs)
        storage = getattr(request, "_messages", None)
        if background and storage is not None:
            # Messages read while rendering stay stored (MessageMiddleware writes the
            # cookie/session back only when they were used or new ones were added).
            storage.used = False
        return response

    return wrapped


def _page_sources() -> list[Path]:
    """The template files and compiled translations the offline page is rendered from
    (all of them, sorted, relative paths so the version is the same on every server)."""
    base = Path(settings.BASE_DIR)
    found = []
    for root in (base / "templates", *sorted((base / "selaras").glob("*/templates")),
                 base / "locale"):
        pattern = "*.mo" if root.name == "locale" else "*.html"
        found.extend(path for path in root.rglob(pattern) if path.is_file())
    return sorted(path.relative_to(base) for path in found)


@lru_cache(maxsize=1)
def _worker_source() -> tuple[str, str]:
    """(version, script): the version changes whenever a cached file, a template or a
    translation changes, so a deploy replaces the caches. Every template counts, not only
    the page's own: it extends base.html and includes shared blocks (the choice cards,
    the field layout), and following the includes would miss one added later."""
    digest = hashlib.sha256()
    for path in ("js/sw.js", *PRECACHED_STATIC):
        digest.update(path.encode() + b"\0" + _file_bytes(path))
    base = Path(settings.BASE_DIR)
    for path in _page_sources():
        digest.update(str(path).encode() + b"\0" + (base / path).read_bytes())
    digest.update(str(getattr(settings, "SELARAS_RELEASE", "")).encode())
    version = digest.hexdigest()[:16]
    config = {
        "version": version,
        "precache": [static(path) for path in PRECACHED_STATIC],
        "staticPrefix": settings.STATIC_URL,
        "intakeUrl": reverse("offline-intake"),
        "regionsUrl": reverse("offline-regions"),
        "sessionUrl": reverse("offline-session"),
        "apiUrl": "/api/v1/cases",
        "queueScript": static("js/offline-queue.js"),
    }
    script = ("self.SELARAS_SW = " + json.dumps(config) + ";\n"
              + _file_bytes("js/sw.js").decode("utf-8"))
    return version, script


def service_worker(request):
    version, script = _worker_source()
    response = HttpResponse(script, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # The browser must ask every time (a deploy changes the worker); no shared cache.
    response["Cache-Control"] = "no-cache, no-store, must-revalidate"
    response["X-Selaras-Worker-Version"] = version
    return response


# --------------------------------------------------------------------------- page


@background_safe
@login_required
@require_GET
def offline_intake(request):
    _require_create(request.user)
    what, when, reporter = WhatStep(), WhenStep(), ReporterStep()
    response = render(request, TEMPLATE, {
        "title_field": what["title"],
        "chronology_field": what["chronology"],
        "occurred_field": when["occurred_on"],
        "category_form": CategoryStep(),
        "level_form": LevelStep(),
        "source_field": reporter["source_channel"],
        "reporter_name_field": reporter["reporter_name"],
        "reporter_contact_field": reporter["reporter_contact"],
        "case_url_template": reverse("case-detail", args=["NUMBER"]),
    })
    # The service worker keeps its own copy; the browser's HTTP cache must not.
    response["Cache-Control"] = "private, no-cache"
    return response


# --------------------------------------------------------------------------- regions


def _report_prefixes(user) -> list[str] | None:
    """Area prefixes where the user may register reports; None means all of Indonesia."""
    prefixes: set[str] = set()
    for grant in grants_for(user):
        if grant.role not in access.CREATE_ROLES:
            continue
        if grant.area_prefixes is None:
            return None
        prefixes.update(grant.area_prefixes)
    return sorted(prefixes)


def _under(prefixes) -> Q:
    query = Q(pk__in=[])
    for prefix in prefixes:
        query |= Q(code__startswith=prefix)
    return query


def regions_for(user) -> dict:
    """{"villages": bool, "regions": [[code, name], ...]}: the user's area down to the
    villages (or the districts for a very large area), with the provinces and regencies
    above it. A constant number of queries whatever the size of the area."""
    prefixes = _report_prefixes(user)
    if prefixes is None:
        rows = Region.objects.filter(level__lte=RegionLevel.DISTRICT)
        return {"villages": False, "regions": [list(r) for r in
                                               rows.order_by("code").values_list("code", "name")]}
    if not prefixes:
        return {"villages": False, "regions": []}
    area = _under(prefixes)
    villages = Region.objects.filter(area, level=RegionLevel.VILLAGE).count()
    with_villages = villages <= village_limit()
    above = {prefix[:n] for prefix in prefixes for n in (2, 4, 6) if n < len(prefix)}
    rows = Region.objects.filter(area | Q(code__in=above))
    if not with_villages:
        rows = rows.filter(level__lte=RegionLevel.DISTRICT)
    return {"villages": with_villages,
            "regions": [list(r) for r in rows.order_by("code").values_list("code", "name")]}


@background_safe
@login_required
@require_GET
def offline_regions(request):
    _require_create(request.user)
    response = JsonResponse(regions_for(request.user), json_dumps_params={
        "ensure_ascii": False, "separators": (",", ":")})
    # Not personal data, but tied to the account: the service worker keeps it, the
    # browser's HTTP cache and shared caches do not.
    response["Cache-Control"] = "private, no-cache"
    return response


# --------------------------------------------------------------------------- session


@background_safe
@require_GET
def offline_session(request):
    """Who is signed in, with a fresh CSRF token for the queue's POSTs.
    401 JSON (not a redirect to the login page) when nobody is."""
    user = request.user
    if not user.is_authenticated or not user.is_active:
        response = JsonResponse({"username": None}, status=401)
    else:
        may_report = any(g.role in access.CREATE_ROLES for g in grants_for(user))
        response = JsonResponse({"username": user.get_username(),
                                 "csrf_token": get_token(request),
                                 "may_report": may_report})
    response["Cache-Control"] = NO_STORE
    return response
