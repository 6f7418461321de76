"""OpenAPI at /api/v1/openapi.json; docs at /api/v1/docs served from our own static files."""

import json
import re
from pathlib import Path

from django.conf import settings
from django.test import Client

EXPECTED_PATHS = {
    "/api/v1/cases": {"get", "post"},
    "/api/v1/cases/{number}": {"get", "patch"},
    "/api/v1/cases/{number}/transitions": {"post"},
    "/api/v1/cases/{number}/events": {"get"},
    "/api/v1/cases/{number}/notes": {"get", "post"},
    "/api/v1/categories": {"get"},
    "/api/v1/regions": {"get"},
    "/api/v1/units": {"get"},
    "/api/v1/me": {"get"},
}
VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "swagger-ui"


def test_openapi_json_is_valid_and_lists_the_endpoints(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["version"] == "1"
    for path, methods in EXPECTED_PATHS.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), path
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    create = schema["paths"]["/api/v1/cases"]["post"]
    assert {"201", "422", "401"} <= set(create["responses"])


def test_docs_page_loads_nothing_from_outside(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    # No external host, no inline script or style (the CSP forbids them).
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "cdn" not in html.lower()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "<style" not in html and "style=" not in html
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_docs_assets_are_vendored_with_their_licence():
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "selaras-swagger-init.js"):
        assert (VENDOR / name).is_file(), name
    assert "Apache License" in (VENDOR / "LICENSE").read_text()
    init = (VENDOR / "selaras-swagger-init.js").read_text()
    assert "validatorUrl: null" in init  # never calls the public validator service
    assert "http" not in init


def test_docs_assets_are_found_by_staticfiles():
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/swagger-ui/swagger-ui-bundle.js")
    assert finders.find("vendor/swagger-ui/selaras-swagger-init.js")
