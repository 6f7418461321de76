"""Each user chooses channels per kind of event; deliveries follow the choice and what the
user can receive on (email address, phone); the settings page stores the choice."""

from django.core import mail
from django.urls import reverse

from selaras.notifications.models import Delivery, DeliveryStatus, NotificationPreference
from selaras.notifications.services import notify, set_preferences


def _notify(user, kind="case_assigned", key="k"):
    return notify(recipients=[user], kind=kind, subject="Subjek", body="Isi", dedupe_key=key)


def _channels(user):
    return sorted(Delivery.objects.filter(notification__user=user).values_list("channel",
                                                                                flat=True))


def test_default_is_email_only(make_user):
    user = make_user("own", "kepala", email="a@example.test", phone="0812")
    _notify(user)
    assert _channels(user) == ["email"]


def test_default_level3_alert_also_goes_to_whatsapp(make_user):
    user = make_user("own", "kepala", email="a@example.test", phone="0812")
    _notify(user, kind="case_level3")
    assert _channels(user) == ["email", "whatsapp"]


def test_chosen_channels_are_used_per_kind(make_user):
    user = make_user("own", "kepala", email="a@example.test", phone="0812")
    set_preferences(user=user, choices={"case_assigned": ["sms", "whatsapp"],
                                        "deadline_reminder": []})
    _notify(user, kind="case_assigned", key="a")
    _notify(user, kind="deadline_reminder", key="b")
    assert _channels(user) == ["sms", "whatsapp"]


def test_in_app_only_when_no_channel_chosen(make_user):
    user = make_user("own", "kepala", email="a@example.test")
    set_preferences(user=user, choices={"case_assigned": []})
    [note] = _notify(user)
    assert note.pk and _channels(user) == []


def test_no_delivery_on_a_channel_the_user_cannot_receive(make_user):
    user = make_user("own", "kepala")  # no email, no phone
    set_preferences(user=user, choices={"case_assigned": ["email", "sms"]})
    _notify(user)
    assert _channels(user) == []


def test_gateway_channel_sends_through_the_configured_gateway(make_user, committed, settings):
    settings.NOTIFY_GATEWAY_BACKEND = "tests.notifications.backends.RecordingGateway"
    from tests.notifications.backends import RecordingGateway

    RecordingGateway.sent.clear()
    user = make_user("own", "kepala", phone="+6281234567890")
    set_preferences(user=user, choices={"case_assigned": ["sms"]})
    with committed():
        _notify(user)
    [(phone, message, channel)] = RecordingGateway.sent
    assert phone == "+6281234567890" and channel == "sms" and "Subjek" in message
    assert Delivery.objects.get(notification__user=user).status == DeliveryStatus.SENT


def test_unit_and_roles_reach_active_members_with_those_roles(make_user, unit):
    head = make_user("own", "kepala")
    handler = make_user("own", "penangan")
    analyst = make_user("own", "analis")
    gone = make_user("own", "kepala")
    gone.is_active = False
    gone.save()
    robot = make_user("own", "kepala", is_service_account=True)
    other_office = make_user("child", "kepala")
    created = notify(unit=unit("own"), roles=["kepala", "penangan"], kind="case_level3",
                     subject="Awas", body="", dedupe_key="level3:x")
    assert {n.user_id for n in created} == {head.pk, handler.pk}
    assert not {analyst.pk, gone.pk, robot.pk, other_office.pk} & {n.user_id for n in created}


def test_recipients_and_unit_together_notify_each_person_once(make_user, unit):
    head = make_user("own", "kepala")
    created = notify(recipients=[head], unit=unit("own"), roles=["kepala"], kind="case_level3",
                     subject="Awas", body="", dedupe_key="level3:y")
    assert [n.user_id for n in created] == [head.pk]


def test_settings_page_stores_the_choice(make_user, login):
    user = make_user("own", "kepala", email="a@example.test", phone="0812")
    client = login(user)
    page = client.get(reverse("notification-preferences"))
    assert page.status_code == 200
    assert 'name="case_level3"' in page.text
    response = client.post(reverse("notification-preferences"),
                           {"case_assigned": ["whatsapp"], "digest": ["email", "sms"]})
    assert response.status_code == 302
    stored = dict(NotificationPreference.objects.filter(user=user)
                  .values_list("kind", "channels"))
    assert stored["case_assigned"] == ["whatsapp"]
    assert stored["digest"] == ["email", "sms"]
    assert stored["deadline_reminder"] == []  # unticked means in-app only


def test_settings_page_refuses_an_unknown_channel_and_keeps_the_old_choice(make_user, login):
    user = make_user("own", "kepala")
    set_preferences(user=user, choices={"case_assigned": ["email"]})
    response = login(user).post(reverse("notification-preferences"),
                                {"case_assigned": ["pigeon"]})
    assert response.status_code == 400
    assert NotificationPreference.objects.get(user=user, kind="case_assigned").channels == [
        "email"]


def test_email_goes_to_the_users_address(make_user, committed):
    user = make_user("own", "kepala", email="kepala@example.test")
    with committed():
        _notify(user)
    [message] = mail.outbox
    assert message.to == ["kepala@example.test"]
