"""Import pages (/impor/): upload → dry-run result → commit; templates; batch history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from selaras.accounts import reauth
from selaras.core.errors import ActionNotAllowed, PermissionDenied
from selaras.evidence.http import content_disposition

from . import selectors, services, template_files
from .columns import COLUMNS_BY_KIND
from .forms import ImportForm
from .models import BatchStatus, Kind


def _kinds_or_403(user) -> list[str]:
    kinds = services.importable_kinds(user)
    if not kinds:
        raise PermissionDenied(_("Your role does not allow imports."))
    return kinds


@login_required
@require_http_methods(["GET", "POST"])
def import_home(request):
    kinds = _kinds_or_403(request.user)
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, kinds=kinds)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            batch = services.start_import(
                actor=request.user, kind=form.cleaned_data["kind"], file_name=upload.name,
                content=upload.read(), dry_run=True)
            return redirect("import-detail", pk=batch.pk)
        status = 400
    else:
        form = ImportForm(kinds=kinds)
    page = Paginator(selectors.batch_list(request.user), 25).get_page(request.GET.get("page"))
    templates = [(kind, label) for kind, label in Kind.choices if kind in kinds]
    return render(request, "imports/home.html",
                  {"form": form, "page": page, "batches": page.object_list,
                   "templates": templates}, status=status)


@login_required
@require_GET
def import_detail(request, pk: int):
    batch = selectors.get_batch(request.user, pk)
    columns = COLUMNS_BY_KIND[batch.kind]
    return render(request, "imports/detail.html", {
        "batch": batch,
        "columns": columns,
        "may_commit": batch.can_commit and batch.created_by_id == request.user.pk
        and services.may_import(request.user, batch.kind),
        "more_errors": max(0, batch.error_count - len(batch.errors)),
    })


@login_required
@require_POST
def import_commit(request, pk: int):
    batch = selectors.get_batch(request.user, pk)
    if services.needs_reauthentication(batch.kind):
        # Like a role change in the admin: no recent password/MFA step → allauth asks
        # for it and then replays this POST.
        reauth.require_recent_authentication(request)
    try:
        batch = services.commit_batch(actor=request.user, batch=batch, reauthenticated=True)
    except ActionNotAllowed as exc:
        messages.error(request, exc.message)
        return redirect("import-detail", pk=batch.pk)
    if batch.status == BatchStatus.COMMITTED:
        messages.success(request, _("Imported: %(created)d created, %(updated)d updated, "
                                    "%(skipped)d already present.") % {
            "created": batch.create_count, "updated": batch.update_count,
            "skipped": batch.skip_count})
    else:
        messages.error(request, _("Nothing was imported: the file has errors now (see below). "
                                  "Correct them and upload it again."))
    return redirect("import-detail", pk=batch.pk)


@login_required
@require_GET
def import_template(request, kind: str, fmt: str):
    _kinds_or_403(request.user)
    if kind not in Kind.values or fmt not in ("xlsx", "csv"):
        raise Http404(_("No such template."))
    content, content_type = template_files.template_bytes(kind, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(template_files.file_name(kind, fmt))
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def counsellor_list(request):
    _kinds_or_403(request.user)
    page = Paginator(selectors.counsellor_list(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "imports/counsellors.html",
                  {"page": page, "counsellors": page.object_list})
