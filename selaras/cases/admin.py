"""Admin for the vocabulary (editable) and, for superusers only, a read-only view of cases.

Cases are changed only through the services (the workflow and its timeline);
the admin never writes them and never deletes them.
"""

from django.contrib import admin

from selaras.core.admin import ReadOnlyAdminMixin

from .models import Case, CaseEvent, Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "parent", "position", "is_active")
    list_filter = ("is_active", "parent")
    list_editable = ("position", "is_active")
    search_fields = ("code", "name", "name_en")

    def get_readonly_fields(self, request, obj=None):
        # Cases refer to categories by code (also in the API): fixed once created.
        return ("code",) if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead; cases point at categories


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "action", "actor", "from_status", "to_status",
              "from_unit", "to_unit", "reason")
    readonly_fields = fields
    ordering = ("created_at", "id")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("number", "title", "status", "alert_level", "handling_unit", "reported_at",
                    "confidential")
    list_filter = ("status", "alert_level", "confidential")
    search_fields = ("number", "title")
    list_select_related = ("handling_unit",)
    show_full_result_count = False
    inlines = [CaseEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    # The admin bypasses jurisdiction, so only superusers may look at cases here.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
