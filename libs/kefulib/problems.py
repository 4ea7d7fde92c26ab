"""Errors as RFC 9457 problem details, so every 4xx/5xx of every service looks alike."""
from __future__ import annotations

from flask import Response, json

PROBLEM_MEDIA_TYPE = "application/problem+json"
_TYPE_BASE = "https://kefu.example/problems/"


class ProblemError(Exception):
    """Raised by handlers for a refusal the client should see (the API turns it into a problem).

    Subclasses fix the status; `detail` says what happened in words a user can act on.
    """

    status = 400
    title = "Bad Request"
    slug = "bad-request"

    def __init__(self, detail: str, *, errors: dict | None = None, **extra):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.extra = extra


class NotFound(ProblemError):
    status, title, slug = 404, "Not Found", "not-found"


class Conflict(ProblemError):
    status, title, slug = 409, "Conflict", "conflict"


class Forbidden(ProblemError):
    status, title, slug = 403, "Forbidden", "forbidden"


class Unauthorized(ProblemError):
    status, title, slug = 401, "Unauthorized", "unauthorized"


class Unprocessable(ProblemError):
    status, title, slug = 422, "Unprocessable Content", "validation-error"


def problem_response(status: int, title: str, detail: str | None = None, *, slug: str | None = None,
                     errors: dict | None = None, headers: dict | None = None, **extra) -> Response:
    """Build an application/problem+json response."""
    body = {"type": _TYPE_BASE + (slug or _slugify(title)), "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    body.update(extra)
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def flatten_field_errors(messages) -> dict[str, list[str]]:
    """Turn webargs/marshmallow's nested messages into {"field.path": [messages]}.

    webargs nests errors under the request location ("json", "query"); the location is dropped
    because the field path alone is what a client needs to fix its request.
    """
    flat: dict[str, list[str]] = {}

    def walk(node, path):
        if isinstance(node, dict):
            for key, child in node.items():
                walk(child, path + [str(key)])
        elif isinstance(node, list) and all(isinstance(m, str) for m in node):
            flat[".".join(path) or "_body"] = list(node)
        elif isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, path + [str(index)])
        else:
            flat[".".join(path) or "_body"] = [str(node)]

    if isinstance(messages, dict) and set(messages) <= {"json", "query", "form", "headers", "files", "path", "view_args"}:
        for location_errors in messages.values():
            walk(location_errors, [])
    else:
        walk(messages, [])
    return flat


def _slugify(title: str) -> str:
    return title.lower().replace(" ", "-")
