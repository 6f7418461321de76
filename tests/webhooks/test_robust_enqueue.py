"""Queueing after commit may fail (the task backend is down): the committed rows stay, the
caller gets no error — a 500 after a commit would make an Idempotency-Key retry repeat the
write. The stored deliveries are sent later by the worker's sweep."""

from selaras.webhooks import services
from selaras.webhooks.models import Delivery


def _broken(*_args, **_kwargs):
    raise RuntimeError("task backend unavailable")


def test_a_ping_is_stored_even_when_queueing_fails(make_user, subscribe, monkeypatch,
                                                   django_capture_on_commit_callbacks):
    owner = make_user("own", "kepala", username="pemilik_webhook")
    subscription = subscribe(owner)
    monkeypatch.setattr(services, "enqueue", _broken)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        delivery = services.ping(actor=owner, subscription=subscription)
    assert callbacks, "the queueing runs after commit"
    assert Delivery.objects.filter(pk=delivery.pk).exists()
