from django import template

register = template.Library()


@register.filter
def bar(value, maximum) -> str:
    """Bar length 0–100 for ``value`` out of ``maximum`` (a visible sliver for non-zero)."""
    try:
        value, maximum = float(value or 0), float(maximum or 0)
    except (TypeError, ValueError):
        return "0"
    if value <= 0 or maximum <= 0:
        return "0"
    return f"{max(100.0 * value / maximum, 1.0):.1f}"


@register.filter
def hours(value) -> str:
    """Hours as "5.5 h" below two days, else "3.2 d"; "–" when unknown."""
    if value is None:
        return "–"
    if value < 48:
        return f"{value:.1f} h"
    return f"{value / 24:.1f} d"


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None
