"""Assembles the API v1 routers (django-ninja)."""

from selaras.core.api import build_api

api = build_api()
