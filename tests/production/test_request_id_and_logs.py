"""Every request has an id: answered in X-Request-ID, on every log line, in the audit trail."""

import json
import logging

import pytest
from django.test import override_settings

from selaras.audit.models import AuditEntry
from selaras.core import requestid


def test_a_new_id_is_answered_when_none_is_sent(client):
    response = client.get("/healthz")
    assert len(response["X-Request-ID"]) == 32


def test_the_proxy_id_is_kept_when_it_looks_like_one(client):
    response = client.get("/healthz", headers={"X-Request-ID": "nginx-4f2a9c01d3"})
    assert response["X-Request-ID"] == "nginx-4f2a9c01d3"


@pytest.mark.parametrize("bad", ["short", "x" * 65, "has spaces in it", "<script>alert(1)"])
def test_a_malformed_id_is_replaced(client, bad):
    response = client.get("/healthz", headers={"X-Request-ID": bad})
    assert response["X-Request-ID"] != bad
    assert len(response["X-Request-ID"]) == 32


def test_outside_a_request_the_id_is_a_dash():
    assert requestid.current() == "-"


def test_json_log_lines_carry_the_request_id(capsys):
    from django.conf import settings
    from django.utils.log import configure_logging

    config = {**settings.LOGGING}
    config["handlers"] = {"console": {**config["handlers"]["console"], "formatter": "json"}}
    with override_settings(LOGGING=config):
        configure_logging(settings.LOGGING_CONFIG, config)
        try:
            token = requestid._current.set("req-0123456789")
            logging.getLogger("selaras.test").warning("something happened")
            requestid._current.reset(token)
        finally:
            configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    line = [ln for ln in capsys.readouterr().err.splitlines() if "something happened" in ln][-1]
    record = json.loads(line)
    assert record["request_id"] == "req-0123456789"
    assert record["level"] == "WARNING"
    assert record["logger"] == "selaras.test"


def test_audit_rows_written_during_a_request_carry_its_id(make_case, make_user, client):
    case = make_case()
    user = make_user("own", "kepala")
    client.force_login(user)
    before = AuditEntry.objects.count()
    response = client.post(f"/kasus/{case.number}/catatan/", {"body": "Catatan uji."},
                           headers={"X-Request-ID": "req-audit-000001"})
    assert response.status_code in (200, 302)
    rows = list(AuditEntry.objects.filter(seq__gt=before))
    assert rows, "the note wrote no audit row"
    assert all(row.data.get("request_id") == "req-audit-000001" for row in rows)
