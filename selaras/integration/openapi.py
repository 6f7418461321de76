"""Documents in the OpenAPI schema what the middlewares and concurrency helpers do.

django-ninja describes each handler's own parameters; the headers handled around them
(``Idempotency-Key`` by ``IdempotencyMiddleware``, ``If-Match``/``If-None-Match`` and
``ETag`` by ``concurrency``, 429 by ``RateLimitMiddleware``) are added here, once, by
``SelarasAPI.get_openapi_schema``. Behaviour does not change: this only describes it.
"""

from copy import deepcopy

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
JSON_ERROR = {"application/json": {"schema": ERROR_REF}}

ETAG_HEADER = {
    "description": 'The case\'s entity tag, weak, from its version: W/"<number>-v<version>". '
                   "Send it back in If-Match to change the case, or in If-None-Match to get "
                   "304 when nothing changed.",
    "schema": {"type": "string"},
}

IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "description": (
        "Optional; a UUID is a good choice (1 to 255 visible ASCII characters). A retry "
        "with the same key and the same body replays the first answer (kept at least "
        "24 hours); the same key with another body → 422; while the first request is "
        "still running → 409."),
    "schema": {"type": "string", "minLength": 1, "maxLength": 255,
               "pattern": "^[\\x21-\\x7e]+$"},
}


def _if_match(required: bool) -> dict:
    if required:
        text = ("Required: the case's ETag as received from GET. Missing → 428; another "
                "version (someone changed the case since) → 412 and nothing is written; "
                "`*` matches any version.")
    else:
        text = ("Optional but recommended: the case's ETag as received from GET; when sent "
                "and stale → 412 and nothing is changed.")
    return {"in": "header", "name": "If-Match", "required": required, "description": text,
            "schema": {"type": "string"}}


IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "description": "The ETag you have; when it is still current → 304 without a body.",
    "schema": {"type": "string"},
}

# path (after the API prefix), method → (If-Match required?) ; None = If-Match not used
IF_MATCH = {
    ("/cases/{number}", "patch"): True,
    ("/cases/{number}/transitions", "post"): False,
}
ETAG_ANSWERS = {
    ("/cases/{number}", "get"),
    ("/cases/{number}", "patch"),
    ("/cases/{number}/transitions", "post"),
}


def _add_parameter(operation: dict, parameter: dict) -> None:
    parameters = operation.setdefault("parameters", [])
    names = {(p.get("in"), str(p.get("name", "")).lower()) for p in parameters}
    if (parameter["in"], parameter["name"].lower()) not in names:
        parameters.append(deepcopy(parameter))


def _add_error(operation: dict, status: str, description: str, headers=None) -> None:
    responses = operation.setdefault("responses", {})
    if status not in responses:
        responses[status] = {"description": description, "content": deepcopy(JSON_ERROR)}
    if headers:
        responses[status].setdefault("headers", {}).update(deepcopy(headers))


def document_headers(schema: dict, prefix: str) -> dict:
    """Adds the header parameters, ETag response headers and the middlewares' answers."""
    schema.setdefault("components", {}).setdefault("schemas", {})
    for path, item in schema.get("paths", {}).items():
        short = path[len(prefix) - 1:] if path.startswith(prefix) else path
        short = "/" + short.lstrip("/")
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = {str(k): v for k, v in operation["responses"].items()}
            operation["responses"] = responses
            _add_error(operation, "429", "Too many requests (rate limit); wait Retry-After "
                       "seconds.", {"Retry-After": {"schema": {"type": "integer"},
                                                    "description": "Seconds to wait."}})
            if any(p.get("in") in ("path", "query") for p in operation.get("parameters", [])):
                # The error handler answers 422 for a parameter of the wrong type
                # (e.g. a non-number id), for every operation (selaras.core.api).
                _add_error(operation, "422", "A parameter is not valid (see `errors`).")
            if method == "post":
                _add_parameter(operation, IDEMPOTENCY_KEY)
                _add_error(operation, "400", "Bad request (e.g. an invalid Idempotency-Key).")
                _add_error(operation, "409", "A request with this Idempotency-Key is still "
                           "being processed.")
                _add_error(operation, "413", "The request body is too large.")
                _add_error(operation, "422", "The Idempotency-Key was used with another body, "
                           "or the input is not valid.")
            required = IF_MATCH.get((short, method))
            if required is not None:
                _add_parameter(operation, _if_match(required))
                _add_error(operation, "400", "The If-Match header is not valid.")
                _add_error(operation, "412", "Stale If-Match: nothing was changed.",
                           {"ETag": ETAG_HEADER})
                if required:
                    _add_error(operation, "428", "If-Match is required.")
            if (short, method) in ETAG_ANSWERS:
                ok = responses.get("200")
                if ok is not None:
                    ok.setdefault("headers", {})["ETag"] = deepcopy(ETAG_HEADER)
            if (short, method) == ("/cases/{number}", "get"):
                _add_parameter(operation, IF_NONE_MATCH)
                not_modified = responses.setdefault("304", {"description": "Not modified."})
                not_modified.pop("content", None)
                not_modified["description"] = "Not modified: your ETag is current."
                not_modified.setdefault("headers", {})["ETag"] = deepcopy(ETAG_HEADER)
    return schema
