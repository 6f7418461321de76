from django.urls import reverse

from selaras.audit.models import AuditEntry, AuditKind
from selaras.org.models import Membership, Unit
from tests.conftest import PASSWORD


def _security(action):
    return AuditEntry.objects.filter(kind=AuditKind.SECURITY, action=action)


def test_login_is_recorded(client, make_user):
    user = make_user("3273", "kepala")
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    entry = _security("login").get()
    assert entry.actor_id == user.pk and entry.subject_id == user.pk


def test_failed_login_records_the_attempted_username(client, make_user):
    user = make_user("3273", "kepala")
    client.post(reverse("login"), {"username": user.username, "password": "wrong-password"})
    client.post(reverse("login"), {"username": "nobody-here", "password": "wrong-password"})
    failures = list(_security("login_failed").order_by("seq"))
    assert [f.data["username"] for f in failures] == [user.username, "nobody-here"]
    assert failures[0].subject_id == user.pk and failures[1].subject_id is None


def test_logout_is_recorded(client, make_user):
    user = make_user("3273", "kepala")
    client.force_login(user)
    client.post(reverse("logout"))
    assert _security("logout").get().subject_id == user.pk


def test_membership_create_and_delete_are_recorded(make_user):
    user = make_user("3273", "penangan")
    m = Membership.objects.create(user=user, unit=Unit.objects.get(code="32"), role="analis")
    created = _security("membership_created").filter(object_id=str(m.pk)).get()
    assert created.data == {"user_id": user.pk, "unit": "32", "role": "analis"}
    pk = m.pk
    m.delete()
    deleted = _security("membership_deleted").filter(object_id=str(pk)).get()
    assert deleted.subject_id == user.pk
