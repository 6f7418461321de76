"""Geometry of the risk map and the trend chart (server-rendered SVG, CSP-safe).

The map reuses the analytics app's offline projection (region centre points on
Web Mercator, optional operator tile server): one dot per district, coloured by
its level.
"""

import math
from dataclasses import dataclass, field

from selaras.analytics import mapdata
from selaras.analytics.charts import CHART_HEIGHT

WIDTH = mapdata.WIDTH


@dataclass
class RiskMap:
    view_box: str
    dots: list = field(default_factory=list)
    tiles: list = field(default_factory=list)
    without_coordinates: int = 0


def risk_map(risks, url_for) -> RiskMap | None:
    """``risks``: DistrictRisk rows (with district); ``url_for(code)`` → link of a dot."""
    points = []
    missing = 0
    for risk in risks:
        d = risk.district
        if d.latitude is None or d.longitude is None:
            missing += 1
            continue
        points.append((d.code, d.name, d.longitude, d.latitude, risk.score, risk.level))
    if not points:
        return None
    pad = 0.1
    west, east = min(p[2] for p in points) - pad, max(p[2] for p in points) + pad
    south, north = min(p[3] for p in points) - pad, max(p[3] for p in points) + pad
    span = max(east - west, north - south, 0.2)
    zoom = max(3, min(13, int(math.log2(WIDTH * 360.0 / (mapdata.TILE * span)))))
    x0, y0 = mapdata._mercator(west, north, zoom)
    x1, y1 = mapdata._mercator(east, south, zoom)
    if y1 - y0 < 120:
        mid = (y0 + y1) / 2
        y0, y1 = mid - 60, mid + 60
    result = RiskMap(view_box=f"{x0:.1f} {y0:.1f} {x1 - x0:.1f} {y1 - y0:.1f}",
                     without_coordinates=missing)
    scale = max((x1 - x0) / WIDTH, 0.05)
    for code, name, lon, lat, score, level in sorted(points, key=lambda p: (p[5], p[4])):
        x, y = mapdata._mercator(lon, lat, zoom)
        result.dots.append({"code": code, "name": name, "x": round(x, 1), "y": round(y, 1),
                            "r": round((6 + 2 * level) * scale, 2), "score": round(score, 1),
                            "level": level, "url": url_for(code)})
    tile_url = mapdata.configured_tile_url()
    if tile_url:
        tile = mapdata.TILE
        for tx in range(int(x0 // tile), int(x1 // tile) + 1):
            for ty in range(int(y0 // tile), int(y1 // tile) + 1):
                result.tiles.append({
                    "x": tx * tile, "y": ty * tile,
                    "href": tile_url.replace("{z}", str(zoom)).replace("{x}", str(tx))
                    .replace("{y}", str(ty))})
    return result


COLUMN = 22
GAP = 8


def trend_chart(weeks: list[dict], thresholds) -> dict:
    """Columns of the highest district score per week, with the threshold lines."""
    top = max([w["max"] for w in weeks] + [thresholds[-1] * 1.1, 1.0])
    cols = []
    for i, week in enumerate(weeks):
        height = round(CHART_HEIGHT * week["max"] / top, 1)
        level = 0
        for n, threshold in enumerate(thresholds, start=1):
            if week["max"] >= threshold:
                level = n
        cols.append({"x": i * (COLUMN + GAP), "y": round(CHART_HEIGHT - height, 1),
                     "h": height, "label_x": i * (COLUMN + GAP) + COLUMN / 2,
                     "week": week["week"], "value": round(week["max"], 1), "level": level,
                     "levels": week["levels"]})
    width = max(len(weeks) * (COLUMN + GAP) - GAP, 1)
    lines = [{"level": n, "y": round(CHART_HEIGHT - CHART_HEIGHT * t / top, 1), "value": t}
             for n, t in enumerate(thresholds, start=1)]
    return {"cols": cols, "lines": lines, "width": width, "column": COLUMN,
            "view_box": f"0 0 {width} {CHART_HEIGHT + 28}", "label_y": CHART_HEIGHT + 16}
