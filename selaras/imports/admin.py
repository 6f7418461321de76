from django.contrib import admin

from selaras.core.admin import ReadOnlyAdminMixin

from .models import Counsellor, ImportBatch


@admin.register(Counsellor)
class CounsellorAdmin(admin.ModelAdmin):
    list_display = ("name", "nip", "unit", "phone", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "nip", "unit__code", "unit__name")
    autocomplete_fields = ("unit",)
    raw_id_fields = ("districts",)


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The import history, read-only: batches are written by the import service only."""

    list_display = ("created_at", "kind", "file_name", "created_by", "status", "row_count",
                    "create_count", "update_count", "skip_count", "error_count")
    list_filter = ("kind", "status")
    search_fields = ("file_name", "sha256", "created_by__username")
    exclude = ("content",)
