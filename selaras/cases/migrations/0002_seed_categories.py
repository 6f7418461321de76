from django.db import migrations


def seed(apps, schema_editor):
    from selaras.cases.vocabulary import upsert_categories

    upsert_categories(apps.get_model("cases", "Category"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
