from django.contrib import admin

from .models import Delivery, Notification, NotificationPreference


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    readonly_fields = ["channel", "status", "attempts", "last_error", "next_attempt_at",
                       "sent_at", "created_at"]
    can_delete = False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "subject", "read_at"]
    list_filter = ["kind"]
    search_fields = ["subject", "user__username", "dedupe_key"]
    raw_id_fields = ["user", "case"]
    readonly_fields = ["created_at"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["notification", "channel", "status", "attempts", "next_attempt_at",
                    "sent_at"]
    list_filter = ["status", "channel"]
    raw_id_fields = ["notification"]
    readonly_fields = ["created_at"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "channels"]
    list_filter = ["kind"]
    raw_id_fields = ["user"]
