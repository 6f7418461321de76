"""API tokens get a scope: ``read`` (GET/HEAD/OPTIONS) or ``write``.

New tokens are ``read`` (least privilege). Tokens that exist when this migration runs
could do everything their user may, and the systems holding them rely on that, so they
become ``write``: adding the column with the ``read`` default, then
``keep_existing_tokens_write`` — in the same migration, so the only rows it sees are
the ones from before scopes.
"""

from django.db import migrations, models


def keep_existing_tokens_write(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.using(schema_editor.connection.alias).update(scope="write")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "read (GET only)"),
                         ("write", "write (everything the user may do)")],
                default="read",
                help_text="read: may only read (GET). write: may also change data, within "
                          "what its user may do.",
                max_length=5,
                verbose_name="scope",
            ),
        ),
        migrations.RunPython(keep_existing_tokens_write, migrations.RunPython.noop,
                             elidable=True),
    ]
