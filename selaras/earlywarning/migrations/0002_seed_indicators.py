from django.db import migrations


def seed(apps, schema_editor):
    from selaras.earlywarning.indicators import upsert_indicators

    upsert_indicators(apps.get_model("earlywarning", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("earlywarning", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
