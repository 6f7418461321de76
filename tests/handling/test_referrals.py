import pytest

from selaras.cases.models import CaseEvent
from selaras.core.errors import ActionNotAllowed, ValidationError
from selaras.handling import services
from selaras.handling.models import Referral, ReferralStatus


def referral_events(case):
    return list(CaseEvent.objects.filter(case=case, kind="referral").order_by("id"))


@pytest.fixture
def referral(handled_case, penangan, yesterday):
    return services.create_referral(actor=penangan, case=handled_case, agency="polri",
                                    agency_name="Polrestabes Bandung", referred_on=yesterday,
                                    reference_number="B/123/XI/2026",
                                    summary="Dugaan pengrusakan pagar musala")


def test_referral_writes_its_event(referral, handled_case):
    assert referral.status == ReferralStatus.SENT
    [event] = referral_events(handled_case)
    assert event.action == "created"
    assert event.data["agency"] == "polri"
    assert event.data["reference_number"] == "B/123/XI/2026"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"agency": "tni"}, "agency"), ({"agency": "lainnya"}, "agency_name"),
     ({"referred_on": "2999-12-31"}, "referred_on"), ({"referred_on": ""}, "referred_on"),
     ({"reference_number": "x" * 101}, "reference_number")],
)
def test_bad_referral_input_is_refused_and_nothing_written(handled_case, penangan, yesterday,
                                                           overrides, field):
    fields = {"agency": "pemda", "referred_on": yesterday}
    fields.update(overrides)
    with pytest.raises(ValidationError) as exc:
        services.create_referral(actor=penangan, case=handled_case, **fields)
    assert field in exc.value.message_dict
    assert not Referral.objects.exists() and referral_events(handled_case) == []


def test_no_referral_on_an_unverified_report(make_case, penangan, yesterday):
    with pytest.raises(ActionNotAllowed):
        services.create_referral(actor=penangan, case=make_case(), agency="polri",
                                 referred_on=yesterday)


def test_progress_moves_forward_and_is_on_the_timeline(referral, penangan, handled_case):
    services.update_referral(actor=penangan, referral=referral, status="acknowledged")
    services.update_referral(actor=penangan, referral=referral, status="answered",
                             response="Kasus ditangani Satreskrim.")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ANSWERED and referral.responded_on is not None
    _created, ack, answered = referral_events(handled_case)
    assert ack.data["changes"] == {"status": ["sent", "acknowledged"]}
    assert answered.data["changes"]["status"] == ["acknowledged", "answered"]
    assert answered.data["changes"]["response"] is True  # the text itself stays off the log


def test_status_never_goes_back(referral, penangan, handled_case):
    services.update_referral(actor=penangan, referral=referral, status="acknowledged")
    with pytest.raises(ValidationError) as exc:
        services.update_referral(actor=penangan, referral=referral, status="sent")
    assert "status" in exc.value.message_dict
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACKNOWLEDGED
    assert len(referral_events(handled_case)) == 2


def test_answered_needs_the_response(referral, penangan, handled_case):
    with pytest.raises(ValidationError) as exc:
        services.update_referral(actor=penangan, referral=referral, status="answered")
    assert "response" in exc.value.message_dict
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert len(referral_events(handled_case)) == 1


def test_unknown_status_is_refused(referral, penangan):
    with pytest.raises(ValidationError) as exc:
        services.update_referral(actor=penangan, referral=referral, status="lost")
    assert "status" in exc.value.message_dict
