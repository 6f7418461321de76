"""Fuzzing the operations that closed the last API gaps with a caller who may use them.

``test_schemathesis.py`` fuzzes every operation as a Kankemenag head: the authoring
and calibration operations answer that caller 403 before reading the body. Here a
Pusat head fuzzes them against real objects (the path names an existing playbook,
its draft and one of its steps; If-Match carries the draft's — or the risk settings' —
current ETag), so the bodies reach the services. Same two properties: no 5xx, answers as
documented.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from selaras.accounts.models import ApiToken
from selaras.earlywarning import services as ew_services
from selaras.earlywarning.models import RiskSettings
from selaras.playbooks import services as playbook_services
from selaras.playbooks.models import PlaybookVersion
from selaras.wsgi import application
from tests.api.test_schemathesis import (  # noqa: F401 (_keep_db_connection: a fixture)
    CHECKS,
    CONFIG,
    _keep_db_connection,
    _published_schema,
)
from tests.playbooks.conftest import step_data

pytestmark = pytest.mark.slow

schema = schemathesis.openapi.from_dict(_published_schema(), config=CONFIG).include(
    path_regex=r"^/api/v1/(playbooks|risk/settings|risk/calibration|stats/recap)")
schema.app = application


@pytest.fixture
def world(db, make_user, settings, _keep_db_connection):  # noqa: F811
    settings.API_RATE_LIMIT = "off"
    settings.API_RATE_LIMIT_WRITE = "off"
    editor = make_user("pusat", "kepala", username="fuzz_pusat")
    playbook = playbook_services.create_playbook(actor=editor, category="rumah_ibadah",
                                                 title="SOP fuzz")
    draft = playbook.versions.get()
    for title in ("Satu", "Dua"):
        playbook_services.add_step(actor=editor, version=draft, data=step_data(title))
    _token, secret = ApiToken.issue(editor, scope="write")
    return {"token": secret, "playbook": playbook, "draft": draft}


@schema.parametrize()
@settings(max_examples=5, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_authoring_answers_as_documented(case, world):
    headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "idempotency-key"}
    draft = PlaybookVersion.objects.get(pk=world["draft"].pk)
    params = dict(case.path_parameters or {})
    if "playbook_id" in params:
        params["playbook_id"] = str(world["playbook"].pk)
    if "number" in params:
        params["number"] = str(draft.number)
    if "step_id" in params:
        step = draft.steps.order_by("position").first()
        params["step_id"] = str(step.pk) if step else "1"
    if "If-Match" in headers and case.path.startswith("/api/v1/risk/settings"):
        headers["If-Match"] = f'"{ew_services.settings_tag(RiskSettings.current())}"'
    elif "If-Match" in headers:
        headers["If-Match"] = f'W/"{playbook_services.version_tag(draft)}"'
    case.path_parameters = params
    if case.query and "unit" in case.query:
        case.query = {**case.query, "unit": "3273"}
    case.headers = headers
    case.call_and_validate(headers={"Authorization": f"Bearer {world['token']}"}, checks=CHECKS)
