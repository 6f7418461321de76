from django import template

register = template.Library()


@register.simple_tag
def shows_webhooks(user) -> bool:
    """Whether the menu shows "Webhooks": admins, and users who own a subscription (others
    reach /integrasi/webhooks/ from the API documentation)."""
    if not getattr(user, "is_authenticated", False):
        return False
    from selaras.webhooks import services

    return services.is_webhook_admin(user) or user.webhook_subscriptions.exists()
