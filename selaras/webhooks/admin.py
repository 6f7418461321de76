from django.contrib import admin

from .models import Delivery, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "url", "active", "consecutive_failures", "disabled_at")
    list_filter = ("active",)
    search_fields = ("name", "url", "owner__username")
    # The secret is never shown here; it is shown once on create and rotate.
    exclude = ("secret",)
    readonly_fields = ("disabled_at", "disabled_reason", "consecutive_failures")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("pk", "subscription", "status", "attempts", "last_status_code", "created_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False
