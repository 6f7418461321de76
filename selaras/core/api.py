"""The API v1 machinery every app's router relies on.

``build_api()`` returns the NinjaAPI with our authentication, error handling and
docs page; ``selaras/api.py`` adds the routers. Every error leaves as JSON
``{"detail": "...", "errors": {field: [messages]}?}``, in the language the caller
asked for (Indonesian by default, ``Accept-Language: en`` for English):

* services' ValidationError and bad request parameters → 422 (with ``errors``)
* PermissionDenied → 403, ActionNotAllowed → 409, Http404/NotFound → 404
* malformed JSON, wrong content type, a body that is not an object → 400
* a body over the upload limit → 413, the database unreachable → 503
"""

import functools
import json
import logging
from html import escape
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import URLPattern, re_path
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import DocsBase
from ninja.parser import Parser
from pydantic import Field

from selaras.core import cursor
from selaras.core.errors import ActionNotAllowed, NotFound, PermissionDenied, ValidationError

logger = logging.getLogger(__name__)

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 25
MAX_PAGE = 1_000_000


# --------------------------------------------------------------------------- schemas


class ErrorOut(Schema):
    detail: str = Field(description="A readable message (Indonesian, or English on request).")
    errors: dict[str, list[str]] | None = Field(
        None, description="Messages per field, when the error is about fields."
    )


# --------------------------------------------------------------------------- body parsing


class BodyParseError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class JSONOnlyParser(Parser):
    """Bodies must be JSON objects sent as ``application/json``."""

    def parse_body(self, request: HttpRequest):
        content_type = (request.content_type or "").lower()
        if content_type != "application/json" and not content_type.endswith("+json"):
            raise BodyParseError(
                _("Send the body as JSON with the header 'Content-Type: application/json'.")
            )
        try:
            data = json.loads(request.body)
        except (ValueError, RecursionError):
            raise BodyParseError(_("The request body is not valid JSON.")) from None
        if not isinstance(data, dict):
            raise BodyParseError(_("The request body must be a JSON object."))
        return data


# --------------------------------------------------------------------------- errors


def _messages(value) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _detail_for(errors: dict[str, list[str]]) -> str:
    parts = []
    for field, messages in errors.items():
        label = field if field != "__all__" else ""
        for message in messages:
            parts.append(f"{label}: {message}" if label else message)
    return _("The request is not valid. %(problems)s") % {"problems": " ".join(
        p if p.endswith(".") else p + "." for p in parts)}


def error_response(status: int, detail: str, errors: dict | None = None) -> JsonResponse:
    body: dict[str, Any] = {"detail": str(detail)}
    if errors:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type="application/json; charset=utf-8")
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="selaras"'
    return response


def _pydantic_message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind in ("string_type", "string_unicode"):
        return _("Must be text.")
    if kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        return _("Must be a whole number.")
    if kind in ("float_type", "float_parsing", "finite_number"):
        return _("Must be a number.")
    if kind in ("bool_type", "bool_parsing"):
        return _("Must be true or false.")
    if kind.startswith("datetime") or kind.startswith("date_"):
        return _("Use an ISO 8601 date and time, e.g. 2026-03-01T14:30:00+07:00.")
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("Must be a list.")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("Must be a JSON object.")
    if kind == "greater_than_equal":
        return _("Must be at least %(n)s.") % {"n": ctx.get("ge")}
    if kind == "less_than_equal":
        return _("Must be at most %(n)s.") % {"n": ctx.get("le")}
    if kind == "greater_than":
        return _("Must be more than %(n)s.") % {"n": ctx.get("gt")}
    if kind == "less_than":
        return _("Must be less than %(n)s.") % {"n": ctx.get("lt")}
    if kind == "string_too_long":
        return _("At most %(n)s characters.") % {"n": ctx.get("max_length")}
    if kind == "too_long":
        return _("At most %(n)s items.") % {"n": ctx.get("max_length")}
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])
    if kind == "literal_error" and ctx.get("expected"):
        return _("Must be one of: %(v)s.") % {"v": ctx["expected"]}
    return str(error.get("msg") or _("Not valid."))


def _field_of(loc: tuple | list, param_names: set[str]) -> str:
    """("body", "payload", "title") → "title"; ("query", "page") → "page"."""
    parts = [str(p) for p in loc[1:]]
    if parts and parts[0] in param_names:
        parts = parts[1:]
    if not parts:
        return "__all__"
    return parts[0]


BODY_PARAM_NAMES = {"payload", "filters", "params"}


class SelarasAPI(NinjaAPI):
    """NinjaAPI whose every answer, even for an unknown path or method, is JSON."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Ninja's schema plus what the middlewares do (Idempotency-Key, If-Match, ETag,
        429): see ``selaras.integration.openapi``."""
        from selaras.integration.openapi import document_headers

        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_headers(schema, path_prefix)

    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_fallbacks(pattern.callback)
        patterns.append(re_path(r"^.*$", _unknown_path, name="unknown"))
        return patterns


def _json_fallbacks(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            # Ninja's root view ("/api/v1/") answers 404 outside the handlers.
            return error_response(404, _("Not found. The API documentation is at %(url)s.")
                                  % {"url": request.path.rstrip("/") + "/docs"})
        # Answers carry personal data: no shared or browser cache may keep them.
        response.setdefault("Cache-Control", "private, no-store")
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            allowed = response.get("Allow", "")
            answer = error_response(
                405, _("Method %(method)s is not allowed here. Allowed: %(allowed)s.")
                % {"method": request.method, "allowed": allowed}
            )
            answer["Allow"] = allowed
            return answer
        return response

    return wrapper


def _unknown_path(request, *args, **kwargs):
    return error_response(404, _("No such API endpoint: %(path)s") % {"path": request.path})


_unknown_path.csrf_exempt = True


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def services_validation_error(request, exc: ValidationError):
        if hasattr(exc, "error_dict"):
            errors = {field: _messages(msgs) for field, msgs in exc.message_dict.items()}
            return error_response(422, _detail_for(errors), errors)
        return error_response(422, " ".join(exc.messages))

    @api.exception_handler(NinjaValidationError)
    def request_validation_error(request, exc: NinjaValidationError):
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            loc = error.get("loc") or ()
            field = _field_of(loc, BODY_PARAM_NAMES)
            message = _pydantic_message(error)
            if loc and loc[0] == "body" and field == "__all__":
                # The body as a whole has the wrong shape.
                return error_response(400, _("The request body must be a JSON object."))
            bucket = errors.setdefault(field, [])
            if message not in bucket:
                bucket.append(message)
        return error_response(422, _detail_for(errors), errors)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return error_response(403, str(exc) or _("You may not do this."))

    @api.exception_handler(ActionNotAllowed)
    def action_not_allowed(request, exc: ActionNotAllowed):
        return error_response(409, exc.message)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error_response(404, str(exc) or _("Not found."))

    @api.exception_handler(NotFound)
    def not_found_service(request, exc: NotFound):
        return error_response(404, exc.message)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return error_response(
            401,
            _("Authentication required. Send the header 'Authorization: Bearer <token>' "
              "with a valid token."),
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        cause = exc.__cause__
        if isinstance(cause, BodyParseError):
            return error_response(400, cause.message)
        if exc.status_code == 400:
            return error_response(400, _("The request body is not valid JSON."))
        response = error_response(exc.status_code, exc.message)
        # A more precise challenge (accounts.auth.TokenRefused: RFC 6750 invalid_token).
        challenge = getattr(exc, "www_authenticate", None)
        if challenge:
            response["WWW-Authenticate"] = challenge
        return response

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return error_response(413, _("The request body is too large."))

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request, exc):
        return error_response(400, _("The request could not be processed."))

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def database_down(request, exc):
        logger.error("Database unavailable during API request: %s", exc)
        return error_response(503, _("The service is temporarily unavailable. Try again later."))

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        logger.exception("Unhandled error in API request %s %s", request.method, request.path)
        return error_response(500, _("An unexpected error happened. It has been logged."))


# --------------------------------------------------------------------------- pagination


CURSOR_HELP = (
    "Cursor pagination (stable while rows are added): pass the `next_cursor` of the previous "
    "answer. Takes precedence over `page`. A changed or foreign cursor is refused (422)."
)
NEXT_CURSOR_HELP = (
    "Opaque cursor for the items after this page (send it as `?cursor=`); null at the end."
)


def cursor_query_field():
    """The ``cursor`` query parameter of a paginated list (documented in OpenAPI)."""
    return Field(None, max_length=cursor.MAX_CURSOR_LENGTH, description=CURSOR_HELP)


def next_cursor_field():
    return Field(None, description=NEXT_CURSOR_HELP)


def page_number_field():
    return Field(description="The page number; null when the page was asked for by cursor.")


def paginate(request: HttpRequest, queryset, *, page: int, page_size: int,
             cursor_value: str | None = None) -> dict:
    """One page of ``queryset``: items (objects), count, page, page_size, next, previous
    and next_cursor.

    Two ways to walk a list: ``?page=N`` (offsets, the original way) or ``?cursor=…``
    (keyset: stable while rows are added or removed between calls). Every answer carries
    ``next_cursor`` so a client can switch to cursors after the first page. The cursor
    is read from ``cursor_value`` or else the ``cursor`` query parameter.
    """
    if cursor_value is None:
        cursor_value = request.GET.get("cursor") or None
    keys = cursor.keys_of(queryset)
    queryset = cursor.ordered(queryset, keys)
    scope = request.path
    count = queryset.count()

    def link(**params_in) -> str:
        params = request.GET.copy()
        for name in ("page", "cursor"):
            params.pop(name, None)
        for name, value in params_in.items():
            params[name] = str(value)
        params["page_size"] = str(page_size)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    if cursor_value is not None:
        try:
            values = cursor.decode(cursor_value, keys, scope)
        except cursor.InvalidCursor:
            raise ValidationError({"cursor": [_(
                "This cursor is not valid for this list. Use the next_cursor of a previous "
                "answer unchanged, or start again without a cursor.")]}) from None
        rows = list(cursor.after(queryset, keys, values)[:page_size + 1])
        items, more = rows[:page_size], len(rows) > page_size
        next_cursor = cursor.encode(items[-1], keys, scope) if more else None
        return {
            "items": items,
            "count": count,
            "page": None,
            "page_size": page_size,
            "next": link(cursor=next_cursor) if next_cursor else None,
            "previous": None,
            "next_cursor": next_cursor,
        }

    offset = (page - 1) * page_size
    items = list(queryset[offset:offset + page_size]) if offset < count else []
    more = offset + page_size < count
    return {
        "items": items,
        "count": count,
        "page": page,
        "page_size": page_size,
        "next": link(page=page + 1) if more else None,
        "previous": link(page=page - 1) if page > 1 and count else None,
        "next_cursor": cursor.encode(items[-1], keys, scope) if more and items else None,
    }


# --------------------------------------------------------------------------- docs page


class LocalSwagger(DocsBase):
    """Swagger UI from our own static files (no CDN), started by a static script (CSP)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        openapi_url = self.get_openapi_url(api, kwargs)
        title = escape(f"{api.title} v{api.version}")
        lang = escape(get_language() or "id")
        html = f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{escape(static("vendor/swagger-ui/swagger-ui.css"))}">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{escape(openapi_url)}"
     data-csrf-token="{escape(get_token(request))}"></div>
<script src="{escape(static("vendor/swagger-ui/swagger-ui-bundle.js"))}"></script>
<script src="{escape(static("vendor/swagger-ui/selaras-swagger-init.js"))}"></script>
</body>
</html>
"""
        return HttpResponse(html, content_type="text/html; charset=utf-8")


# --------------------------------------------------------------------------- assembly


def build_api() -> NinjaAPI:
    from selaras.accounts.auth import api_auth

    api = SelarasAPI(
        title="Selaras API",
        version="1",
        description=(
            "API Selaras untuk sistem lain di lingkungan Kementerian Agama. "
            "JSON API of Selaras, the case management system for religious social conflicts "
            "(KSBK). Authenticate with `Authorization: Bearer <token>` "
            "(a token is issued with `manage.py issuetoken USERNAME`; it may only read unless "
            "issued with `--scope write`: a read-only token's POST/PUT/PATCH/DELETE is 403). "
            "Errors are JSON with a "
            "readable `detail` and, for field errors, `errors` {field: [messages]}; send "
            "`Accept-Language: en` for English messages (Indonesian is the default)."
        ),
        urls_namespace="api-v1",
        auth=api_auth,
        parser=JSONOnlyParser(),
        docs=LocalSwagger(),
    )
    install_error_handlers(api)
    return api
