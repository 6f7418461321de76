"""The signature scheme receivers rely on: round trip, tampering, stale timestamps."""

import pytest

from selaras.webhooks.signing import SignatureError, sign, verify

SECRET = "whsec_rahasia-uji"
BODY = b'{"id":"1","type":"case.created"}'


def test_a_signed_body_verifies_and_returns_its_timestamp():
    header = sign(SECRET, BODY, timestamp=1_700_000_000)
    assert header.startswith("t=1700000000,v1=")
    assert verify(SECRET, header, BODY, now=1_700_000_010) == 1_700_000_000


@pytest.mark.parametrize("body", [BODY + b" ", BODY.replace(b"created", b"closed"), b""])
def test_a_changed_body_is_refused(body):
    header = sign(SECRET, BODY, timestamp=1_700_000_000)
    with pytest.raises(SignatureError):
        verify(SECRET, header, body, now=1_700_000_000)


def test_another_secret_is_refused():
    header = sign(SECRET, BODY, timestamp=1_700_000_000)
    with pytest.raises(SignatureError):
        verify("whsec_lain", header, BODY, now=1_700_000_000)


def test_a_changed_timestamp_is_refused():
    header = sign(SECRET, BODY, timestamp=1_700_000_000).replace("t=1700000000", "t=1700000001")
    with pytest.raises(SignatureError):
        verify(SECRET, header, BODY, now=1_700_000_000)


@pytest.mark.parametrize("now", [1_700_000_000 + 301, 1_700_000_000 - 301])
def test_a_timestamp_outside_the_tolerance_is_refused(now):
    header = sign(SECRET, BODY, timestamp=1_700_000_000)
    with pytest.raises(SignatureError, match="tolerance"):
        verify(SECRET, header, BODY, now=now)
    assert verify(SECRET, header, BODY, tolerance=600, now=now) == 1_700_000_000


@pytest.mark.parametrize("header", ["", "v1=abc", "t=1700000000", "t=abc,v1=00", "garbage"])
def test_malformed_headers_are_refused(header):
    with pytest.raises(SignatureError):
        verify(SECRET, header, BODY, now=1_700_000_000)


def test_one_matching_signature_among_several_is_enough():
    good = sign(SECRET, BODY, timestamp=1_700_000_000)
    header = good.replace(",v1=", ",v1=" + "0" * 64 + ",v1=")
    assert verify(SECRET, header, BODY, now=1_700_000_000) == 1_700_000_000
