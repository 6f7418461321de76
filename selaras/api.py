"""Assembles the API v1 routers (django-ninja), mounted at /api/v1/ by selaras/urls.py."""

from selaras.cases.api import router as cases_router
from selaras.core.api import build_api
from selaras.org.api import router as org_router
from selaras.regions.api import router as regions_router

api = build_api()
api.add_router("/", cases_router)
api.add_router("/", regions_router)
api.add_router("/", org_router)
