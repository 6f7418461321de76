"""Web endpoints for registry links (SIMAS, SIWAK, SIMKAH, EMIS) on the case page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from selaras.cases.selectors import get_case
from selaras.core.errors import ActionNotAllowed, ValidationError
from selaras.handling.views import refused, require, section_url, submit

from . import services
from .forms import RegistryLinkForm, RegistryLinkRemoveForm
from .models import RegistryLink


@login_required
@require_POST
def link_add(request, number):
    case = get_case(request.user, number)
    require(request.user, "change", case, _("Your role does not allow changing this case."))
    form = RegistryLinkForm(request.POST, case=case)
    return submit(
        request, case, key="registry_form", form=form, anchor="registry-links",
        call=lambda f: services.add_registry_link(
            actor=request.user, case=case, registry=f.cleaned_data["registry"],
            external_id=f.cleaned_data["external_id"], label=f.cleaned_data.get("label", "")),
        success=lambda link: _("The link to %(registry)s %(id)s is added.") % {
            "registry": link.get_registry_display(), "id": link.external_id},
    )


@login_required
@require_POST
def link_remove(request, number, link_id):
    case = get_case(request.user, number)
    require(request.user, "change", case, _("Your role does not allow changing this case."))
    link = RegistryLink.objects.filter(case=case, pk=link_id).first()
    if link is None:
        raise Http404(_("No such registry link on this case."))
    form = RegistryLinkRemoveForm(request.POST, prefix=f"registry-{link.pk}")
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    try:
        services.remove_registry_link(actor=request.user, case=case, link=link, reason=reason)
    except ActionNotAllowed as exc:
        return refused(request, case, exc, "registry-links")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(section_url(case, "registry-links"))
    messages.success(request, _("The link to %(registry)s %(id)s is removed.") % {
        "registry": link.get_registry_display(), "id": link.external_id})
    return redirect(section_url(case, "registry-links"))
