"""Admin building blocks shared by the apps (this app registers no models)."""


class ReadOnlyAdminMixin:
    """For a ``ModelAdmin`` of records written only by services or loaders: the admin may look
    at them, never add, change or delete one. Put it before ``admin.ModelAdmin``."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
