"""The signing secret and the delivery bodies (which can carry a reporter's identity) are
stored encrypted; the application reads them in clear."""

import json

from django.db import connection

from selaras.webhooks.models import Delivery, Subscription


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def test_secret_and_body_are_encrypted_in_the_database(make_case, make_user, subscribe,
                                                      sender, committed):
    subscription = subscribe(make_user("own", "kepala"))
    with committed():
        make_case(reporter_name="Budi Santoso")
    stored_secret = _raw("SELECT secret FROM webhooks_subscription WHERE id = %s",
                         [subscription.pk])
    assert stored_secret.startswith("enc:v1:") and subscription.secret not in stored_secret
    delivery = Delivery.objects.get()
    stored_body = _raw("SELECT body FROM webhooks_delivery")
    assert stored_body.startswith("enc:v1:") and "Budi" not in stored_body
    assert Subscription.objects.get().secret == subscription.secret
    assert delivery.payload["data"]["case"]["reporter_name"] == "Budi Santoso"
    assert sender.calls[0]["body"] == delivery.body.encode()
    assert json.loads(sender.calls[0]["body"]) == delivery.payload
