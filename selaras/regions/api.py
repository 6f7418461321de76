"""API v1: the region tree (Kemendagri codes), one level at a time."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from selaras.core.api import ErrorOut

from .models import Region, RegionLevel

router = Router(tags=["reference data"])


class RegionOut(Schema):
    code: str
    name: str
    level: int = Field(description="1 province, 2 regency/city, 3 district, 4 village.")
    parent: str | None
    latitude: float | None
    longitude: float | None


class RegionList(Schema):
    items: list[RegionOut]
    count: int


@router.get("/regions", response={200: RegionList, 401: ErrorOut, 404: ErrorOut},
            summary="Regions: provinces, or the children of one region")
def list_regions(request: HttpRequest, parent: str | None = None):
    """Without `parent`: the provinces. With `parent=CODE`: that region's children
    (regencies, districts or villages). An unknown parent is 404."""
    code = (parent or "").strip().replace(".", "")
    if code:
        if not code.isdigit() or len(code) > 10 or not Region.objects.filter(code=code).exists():
            raise Http404(_("Unknown region code '%(code)s'.") % {"code": code[:20]})
        regions = Region.objects.filter(parent_id=code)
    else:
        regions = Region.objects.filter(level=RegionLevel.PROVINCE)
    items = [
        {
            "code": r.code,
            "name": r.name,
            "level": r.level,
            "parent": r.parent_id,
            "latitude": r.latitude,
            "longitude": r.longitude,
        }
        for r in regions.order_by("code").only(
            "code", "name", "level", "parent_id", "latitude", "longitude")
    ]
    return {"items": items, "count": len(items)}
