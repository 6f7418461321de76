"""The region picker's one endpoint: the child regions of a code as <option>s (for htmx)."""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .models import Region, level_of_code

# The blank first option for the children of a code of this length.
BLANK_BY_PARENT_LENGTH = {
    0: _("— Choose a province —"),
    2: _("— Choose a regency/city —"),
    4: _("— Choose a district (kecamatan) —"),
    6: _("— Choose a village (optional) —"),
}
# htmx sends the changed select's own value under its name; accept those too.
PICKER_NAMES = ("district", "regency", "province")


@require_GET
def region_options(request):
    """GET ?parent=CODE → the children of CODE; no parent → the provinces.

    An unknown or malformed code yields just the blank option (status 200), so the
    picker never breaks; villages have no children.
    """
    if not request.user.is_authenticated:
        if getattr(request, "htmx", False):
            # htmx would follow a redirect and put the login page into the <select>;
            # it leaves the picker alone on an error status.
            return HttpResponse(status=401)
        return redirect_to_login(request.get_full_path())
    parent = request.GET.get("parent")
    if parent is None:
        parent = next((request.GET[n] for n in PICKER_NAMES if request.GET.get(n)), "")
    parent = parent.strip().replace(".", "")
    if not parent:
        regions = Region.objects.filter(level=1)
    elif level_of_code(parent) and len(parent) < 10:
        regions = Region.objects.filter(parent_id=parent)
    else:
        regions = Region.objects.none()
    blank = BLANK_BY_PARENT_LENGTH.get(len(parent), _("— Choose —"))
    return render(request, "regions/options.html", {
        "blank": blank,
        "regions": regions.order_by("name").values_list("code", "name"),
    })
