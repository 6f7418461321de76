"""Fuzzing: Schemathesis against /api/v1/openapi.json, in-process (WSGI), bounded.

Every operation of the published schema gets a few generated requests (derandomised,
so a run is repeatable) from a user who has data (cases with notes, a party), with a
bearer token. Two properties must hold: no server error (5xx), and every answer
matches the schema (documented status code, content type and body).

Narrow exclusions, each for a documented reason:

* Rate limits are switched off for the run (hundreds of requests in a minute would
  otherwise be answered 429, which the limits are for, not what is fuzzed here).
* ``Idempotency-Key``: a random key is refused with 400 when it is not visible ASCII
  (documented); the fuzzer does not need to vary it, so the header is left out.
"""

import json

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig

from selaras.accounts.models import ApiToken
from selaras.wsgi import application

pytestmark = pytest.mark.slow

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def _keep_db_connection():
    """Like Django's test client: a request must not close the test's database connection
    (the WSGI handler's request_finished would, on PostgreSQL, inside the test transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_token(db, make_user, make_case, settings, _keep_db_connection):
    settings.API_RATE_LIMIT = "off"
    settings.API_RATE_LIMIT_WRITE = "off"
    user = make_user("own", "kepala")
    for level in (1, 3):
        make_case(actor=user, alert_level=level, title=f"Kasus uji fuzzing {level}")
    _token, secret = ApiToken.issue(user, scope="write")
    return secret


def _published_schema() -> dict:
    """The schema /api/v1/openapi.json serves (built without a request or the database)."""
    from selaras.api import api

    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), default=str))


# Bounded: the examples and fuzzing phases, 5 derandomised examples per operation; no
# coverage or stateful phase (their hundreds of extra requests per operation do not fit
# in `make test`).
CONFIG = SchemathesisConfig.from_dict({
    "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    "generation": {"max-examples": 5, "deterministic": True},
})
schema = schemathesis.openapi.from_dict(_published_schema(), config=CONFIG)
schema.app = application  # requests go to the WSGI app in-process (same test database)


@schema.parametrize()
@settings(max_examples=5, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_answers_as_documented(case, fuzz_token):
    case.headers = {key: value for key, value in (case.headers or {}).items()
                    if key.lower() != "idempotency-key"}
    case.call_and_validate(headers={"Authorization": f"Bearer {fuzz_token}"}, checks=CHECKS)
