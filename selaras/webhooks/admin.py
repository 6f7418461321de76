from django.contrib import admin
from django.db import transaction

from . import services
from .models import Delivery, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "url", "active", "consecutive_failures", "disabled_at")
    list_filter = ("active",)
    search_fields = ("name", "url", "owner__username")
    # The secret is never shown here; it is shown once on create and rotate.
    exclude = ("secret",)
    readonly_fields = ("disabled_at", "disabled_reason", "consecutive_failures")

    # Changes made here are audited like those made through the pages and the API.
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            services.audit("changed" if change else "created", actor=request.user,
                           subscription=obj, fields=sorted(form.changed_data), via="admin")

    def delete_model(self, request, obj):
        with transaction.atomic():
            services.audit("deleted", actor=request.user, subscription=obj, via="admin")
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                services.audit("deleted", actor=request.user, subscription=obj, via="admin")
            super().delete_queryset(request, queryset)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("pk", "subscription", "status", "attempts", "last_status_code", "created_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False
