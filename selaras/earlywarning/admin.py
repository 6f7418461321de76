from django.contrib import admin

from .models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """The checklist is reference data (like the categories): Pusat may rename an
    indicator, change its default weight or retire it; weights in force are set on the
    calibration page."""

    list_display = ("code", "name", "name_en", "kind", "default_weight", "position", "is_active")
    list_filter = ("kind", "is_active")
    ordering = ("kind", "position")

    def get_readonly_fields(self, request, obj=None):
        # A code is referenced by stored ratings and by other systems' signals.
        return ("code", "kind") if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False
