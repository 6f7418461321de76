from django import template

register = template.Library()


@register.simple_tag
def shows_webhooks(user) -> bool:
    """Whether the menu shows "Webhooks": for admins only, from the grants the page has
    already loaded (no query). Owners reach /integrasi/webhooks/ from the API docs and
    from the notice sent when a subscription is disabled."""
    if not getattr(user, "is_authenticated", False):
        return False
    from selaras.webhooks import services

    return services.is_webhook_admin(user)
