"""The default deadlines of DESIGN §2, one policy per alert level."""

from django.db import migrations

DEFAULTS = [
    # level, verify hours, first handling action hours, resolve days
    (1, 24, 72, 30),
    (2, 24, 72, 30),
    (3, 6, 24, 30),
]


def seed(apps, schema_editor):
    DeadlinePolicy = apps.get_model("automation", "DeadlinePolicy")
    for level, verify, first_action, resolve in DEFAULTS:
        DeadlinePolicy.objects.get_or_create(
            alert_level=level, category=None,
            defaults={"verify_hours": verify, "first_action_hours": first_action,
                      "resolve_days": resolve},
        )


class Migration(migrations.Migration):

    dependencies = [("automation", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
