from django.conf import settings


def training(request):
    """``TRAINING_MODE`` for the permanent banner in ``base.html`` (every page, login too)."""
    return {"TRAINING_MODE": bool(getattr(settings, "TRAINING_MODE", False))}
