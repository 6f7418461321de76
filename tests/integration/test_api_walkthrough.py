"""Issue #5's "done when": a script using only the documented API (docs/api-walkthrough.py)
does intake twice (one case), read, PATCH with If-Match and 412 when stale, a transition,
receives signed webhooks on a local receiver, exports CSV and XLSX and re-imports them
(dry run first) — against a real server."""

import importlib.util
from pathlib import Path

import pytest

from selaras.accounts.models import ApiToken

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "api-walkthrough.py"


@pytest.fixture
def walkthrough():
    spec = importlib.util.spec_from_file_location("api_walkthrough", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_the_documented_api_does_the_whole_integration(live_server, reference_data, settings,
                                                       make_user, walkthrough, capsys):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True  # the receiver listens on 127.0.0.1
    user = make_user("own", "kepala", username="integrator")
    _token, raw = ApiToken.issue(user, scope="write")
    assert walkthrough.main(["--api", f"{live_server.url}/api/v1", "--token", raw]) == 0
    out = capsys.readouterr().out
    assert "intake twice" in out and "one case" in out
    assert "stale ETag: 412" in out
    assert "received signed webhooks: case.created, case.status_changed, case.verified" in out
    assert "export csv" in out and "export xlsx" in out
    assert out.rstrip().endswith("OK: the documented API did everything above.")


def test_a_bad_signature_is_refused_by_the_receivers_check(walkthrough):
    import time

    body = b'{"id": "x"}'
    good = walkthrough.hmac.new(b"whsec_test", f"{int(time.time())}.".encode() + body,
                                walkthrough.hashlib.sha256).hexdigest()
    header = f"t={int(time.time())},v1={good}"
    assert walkthrough.verify_signature("whsec_test", header, body)
    assert not walkthrough.verify_signature("whsec_other", header, body)
    assert not walkthrough.verify_signature("whsec_test", header, body + b" ")
    stale = f"t={int(time.time()) - 3600},v1={good}"
    assert not walkthrough.verify_signature("whsec_test", stale, body)
