from django.contrib import admin

from .models import Membership, Unit


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """Offices stay editable: rename, move under another parent, change the areas covered."""

    list_display = ("code", "name", "level", "parent", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    raw_id_fields = ("parent", "areas")
    readonly_fields = ("path",)
    fields = ("code", "name", "level", "parent", "areas", "is_active", "path")
    inlines = [MembershipInline]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        # The code is the unit's identity (and usually its region code): fixed once created.
        return ("code", "path") if obj else ("path",)

    def has_delete_permission(self, request, obj=None):
        # Units are deactivated, never deleted: cases and events point at them.
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit", "created_at")
    list_filter = ("role", "unit__level")
    search_fields = ("user__username", "user__full_name", "unit__code", "unit__name")
    list_select_related = ("user", "unit")
    raw_id_fields = ("user", "unit")
