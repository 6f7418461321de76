# Secrets and delivery bodies (which can carry a reporter's identity) encrypted at rest.

from django.db import migrations, models

import selaras.core.fields
import selaras.webhooks.models

CHUNK = 2000


def _rewrite(apps, schema_editor, read: str, column: str, convert, casts=None):
    """For every delivery, in primary-key chunks: ``column`` = convert(``read``).

    Batched (edited after the migration was first applied; the result is the same):
    ``CHUNK`` rows are read at a time (just the primary key and one field) and
    written back with one statement (``update_many``) instead of one UPDATE per
    delivery, which on a busy instance with many deliveries took very long.
    """
    from selaras.core.fields import update_many

    Delivery = apps.get_model("webhooks", "Delivery")
    connection = schema_editor.connection
    pk = Delivery._meta.pk
    deliveries = Delivery.objects.using(connection.alias).order_by("pk")
    last = None
    while True:
        page = deliveries if last is None else deliveries.filter(pk__gt=last)
        chunk = list(page.values_list("pk", read)[:CHUNK])
        if not chunk:
            break
        last = chunk[-1][0]
        update_many(connection, Delivery._meta.db_table, [column],
                    [(pk.get_db_prep_value(key, connection), convert(value))
                     for key, value in chunk], casts=casts, key=pk.column)


def bodies_forwards(apps, schema_editor):
    import json

    from selaras.core import crypto

    def body(payload):  # what the EncryptedTextField stores for this text
        return crypto.encrypt(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))

    _rewrite(apps, schema_editor, "payload", "body", body)


def bodies_backwards(apps, schema_editor):
    import json

    def payload(body):  # ``body`` was decrypted by the field on the way out
        return json.dumps(json.loads(body or "{}"))

    _rewrite(apps, schema_editor, "body", "payload", payload, casts={"payload": "jsonb"})


class Migration(migrations.Migration):

    dependencies = [
        ('webhooks', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='subscription',
            name='secret',
            field=selaras.core.fields.EncryptedTextField(default=selaras.webhooks.models.new_secret, editable=False),
        ),
        selaras.core.fields.encrypt_in_place("webhooks", "Subscription", encrypted=("secret",)),
        migrations.AddField(
            model_name='delivery',
            name='body',
            field=selaras.core.fields.EncryptedTextField(default='', verbose_name='body'),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='delivery',
            name='payload',
            field=models.JSONField(null=True),
        ),
        migrations.RunPython(bodies_forwards, bodies_backwards),
        migrations.RemoveField(
            model_name='delivery',
            name='payload',
        ),
    ]
