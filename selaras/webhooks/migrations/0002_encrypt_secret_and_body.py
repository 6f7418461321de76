# Secrets and delivery bodies (which can carry a reporter's identity) encrypted at rest.

from django.db import migrations, models

import selaras.core.fields
import selaras.webhooks.models


def bodies_forwards(apps, schema_editor):
    import json

    Delivery = apps.get_model("webhooks", "Delivery")
    for pk, payload in Delivery.objects.values_list("pk", "payload").iterator():
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        Delivery.objects.filter(pk=pk).update(body=text)


def bodies_backwards(apps, schema_editor):
    import json

    Delivery = apps.get_model("webhooks", "Delivery")
    for delivery in Delivery.objects.iterator():
        Delivery.objects.filter(pk=delivery.pk).update(payload=json.loads(delivery.body or "{}"))


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
