from django import template

from selaras.imports.services import importable_kinds

register = template.Library()


@register.simple_tag
def may_import(user) -> bool:
    """Whether the menu shows "Import" (heads; heads and admins at Pusat or a Kanwil)."""
    return bool(getattr(user, "is_authenticated", False) and importable_kinds(user))
