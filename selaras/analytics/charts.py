"""Geometry of the server-rendered SVG charts (no script, no inline style: CSP-safe)."""

CHART_HEIGHT = 120
COLUMN = 14
GAP = 10


def month_columns(months, maximum: int) -> dict:
    """Paired columns (new, resolved) per month in a 0..CHART_HEIGHT box."""
    maximum = max(maximum, 1)
    cols = []
    for i, m in enumerate(months):
        x = i * (2 * COLUMN + GAP)
        new_h = round(CHART_HEIGHT * m.new / maximum, 1)
        res_h = round(CHART_HEIGHT * m.resolved / maximum, 1)
        cols.append({
            "m": m, "x_new": x, "x_res": x + COLUMN, "x_label": x + COLUMN,
            "new_h": new_h, "new_y": round(CHART_HEIGHT - new_h, 1),
            "res_h": res_h, "res_y": round(CHART_HEIGHT - res_h, 1),
        })
    width = max(len(months) * (2 * COLUMN + GAP) - GAP, 1)
    return {"cols": cols, "width": width, "height": CHART_HEIGHT,
            "view_box": f"0 0 {width} {CHART_HEIGHT + 28}", "label_y": CHART_HEIGHT + 16,
            "maximum": maximum}
