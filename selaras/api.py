"""Assembles the API v1 routers (django-ninja), mounted at /api/v1/ by selaras/urls.py."""

from selaras.analytics.api import router as analytics_router
from selaras.cases.api import router as cases_router
from selaras.cases.api_duplicates import router as duplicates_router
from selaras.cases.api_handling import router as relations_router
from selaras.core.api import build_api
from selaras.evidence.api import router as evidence_router
from selaras.handling.api import router as handling_router
from selaras.notifications.api import router as notifications_router
from selaras.org.api import router as org_router
from selaras.parties.api import router as parties_router
from selaras.playbooks.api import router as playbooks_router
from selaras.regions.api import router as regions_router
from selaras.registry.api import router as registry_router
from selaras.reports.api import router as reports_router

api = build_api()
api.add_router("/", duplicates_router)
# Export before the cases router: /cases/export is not a case number (issue #5)
api.add_router("/", "selaras.cases.api_export.router")
api.add_router("/", cases_router)
api.add_router("/", regions_router)
api.add_router("/", org_router)
# Case handling (issue #3)
api.add_router("/", parties_router)
api.add_router("/", handling_router)
api.add_router("/", evidence_router)
api.add_router("/", registry_router)
api.add_router("/", relations_router)
api.add_router("/", reports_router)
api.add_router("/", playbooks_router)  # SOP playbooks (issue #11)
# Analytics (issue #6)
api.add_router("/", analytics_router)
api.add_router("/", notifications_router)
api.add_router("/", "selaras.integration.api_intake.router")  # intake (issue #5)
api.add_router("/", "selaras.integration.api_metadata.router")  # data dictionary (#5)
api.add_router("/", "selaras.webhooks.api.router")  # webhooks (issue #5)
api.add_router("/", "selaras.imports.api.router")  # imports (issue #5)
api.add_router("/", "selaras.earlywarning.api.router")  # early warning (issue #10)
api.add_router("/", "selaras.automation.api.router")  # deadline policies (issue #5)
