"""The Flask application shell every service shares: OpenAPI, problem errors, auth, health, logs."""
from __future__ import annotations

import http
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from flask import Blueprint as FlaskBlueprint
from flask import Flask, current_app, g, request, send_from_directory
from flask_smorest import Api, Blueprint
from flask_smorest.utils import prepare_response
from marshmallow import INCLUDE, Schema, fields, validate
from pymongo.database import Database
from swagger_ui_bundle import swagger_ui_path
from werkzeug.exceptions import HTTPException

from . import clock as clocks
from . import metrics, tracing
from .audit_api import AUDIT_INDEXES, audit_blueprint
from .authn import JwksCache, TokenVerifier, current_principal, http_jwks_fetcher
from .config import Settings
from .logs import configure_logging
from .messaging import direct
from .messaging.topology import Topology, open_channel
from .problems import PROBLEM_MEDIA_TYPE, ProblemError, flatten_field_errors, problem_response
from .read_only import install_read_only_guard
from .request_guard import MAX_REQUEST_BYTES, BadJson, check_json_body, request_id_from
from .store import IndexSpec, TenantCollection, connect, ensure_indexes

log = logging.getLogger(__name__)


@dataclass
class ServiceContext:
    settings: Settings
    db: Database
    topology: Topology


class ProblemSchema(Schema):
    """RFC 9457 problem details, as every error is answered (documentation only; see problems.problem_response)."""

    class Meta:
        unknown = INCLUDE  # a problem may carry extension members (reason, access_log_seq, ...)

    type = fields.String(metadata={"description": "URI naming the kind of problem"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                         metadata={"description": "Field path -> messages, for invalid input"})


class ProblemApi(Api):
    """flask-smorest's Api, answering every HTTP error as RFC 9457 problem details."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        """Document the error responses as they are sent: problem details, application/problem+json."""
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MEDIA_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_MEDIA_TYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)

    def handle_http_exception(self, error: HTTPException):
        data = getattr(error, "data", None) or {}
        messages = data.get("errors") or data.get("messages")
        errors = flatten_field_errors(messages) if messages else None
        detail = data.get("message") or error.description
        if error.code == 422 and errors:
            detail = "These fields are not valid: " + ", ".join(sorted(errors)) + "."
        if error.code >= 500:
            original = getattr(error, "original_exception", None)
            if original is not None:
                log.error("unhandled error", exc_info=original)
            detail = "Something went wrong on our side; the request id helps us find it."
        return problem_response(error.code, error.name, detail, errors=errors, headers=data.get("headers"))


def _handle_problem(error: ProblemError):
    return problem_response(error.status, error.title, error.detail, slug=error.slug, errors=error.errors,
                            **error.extra)


# How a service's own domain errors become problems: the exception class -> the ProblemError to answer with.
DomainProblems = Mapping[type[Exception], Callable[[Exception], ProblemError]]


def create_service_app(*, settings: Settings, title: str, version: str, description: str,
                       blueprints: Iterable[Blueprint], indexes: Iterable[IndexSpec],
                       jwks_fetcher: Callable[[], dict] | None = None, domain_problems: DomainProblems | None = None,
                       clock: clocks.Clock | None = None) -> Flask:
    """Build a service's app; `create_app()` in each service is a thin call to this.

    `domain_problems` maps the service's domain errors to problems once, here, so no view or handler catches them;
    `clock` replaces the system's clock for `kefulib.clock.now()` (tests)."""
    configure_logging(settings.service_name, settings.log_level)
    tracing.setup(settings.service_name)  # before connect(): its client's commands are traced (when on)
    app = Flask(settings.service_name)
    app.config.update(
        API_TITLE=title, API_VERSION=version, OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/", OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs", OPENAPI_SWAGGER_UI_URL=SWAGGER_ASSETS,
        API_SPEC_OPTIONS={
            "info": {"description": description},
            "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
            "security": [{"bearerAuth": []}],
        },
        JSON_SORT_KEYS=False,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
    )
    db = connect(settings.mongo_url, settings.mongo_db)
    ensure_indexes(db, [*indexes, *AUDIT_INDEXES])
    direct.install(settings.amqp_url, settings.topology)  # events go out as their change commits
    app.extensions["kefu"] = ServiceContext(settings, db, settings.topology)
    fetch = jwks_fetcher or http_jwks_fetcher(settings.jwks_url)
    app.extensions["kefu.verifier"] = TokenVerifier(JwksCache(fetch, settings.jwks_cache_seconds),
                                                    settings.jwt_issuer, settings.jwt_audience)
    api = ProblemApi(app)
    app.register_error_handler(ProblemError, _handle_problem)
    for error_type, to_problem in (domain_problems or {}).items():
        app.register_error_handler(error_type, _domain_problem_handler(to_problem))
    app.extensions[clocks.EXTENSION] = clock or clocks.system_clock
    api.register_blueprint(health_blueprint())
    app.register_blueprint(swagger_assets_blueprint())
    metrics.configure(settings.metrics_enabled)
    if settings.metrics_enabled:
        app.register_blueprint(metrics_blueprint(metrics.StateCollector(settings.service_name, db, None, [])))
    api.register_blueprint(audit_blueprint(lambda: context().db))
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    _install_request_logging(app)
    app.before_request(_refuse_malformed_json)  # after the request id is set, so its 400 carries one
    install_read_only_guard(app)
    tracing.instrument_app(app)
    return app


def _domain_problem_handler(to_problem: Callable[[Exception], ProblemError]):
    def handle(error: Exception):
        return _handle_problem(to_problem(error))
    return handle


def context() -> ServiceContext:
    return current_app.extensions["kefu"]


def tenant_collection(name: str) -> TenantCollection:
    """The named collection, scoped to the calling principal's tenant."""
    return TenantCollection(context().db[name], current_principal().tenant_id)


def _refuse_malformed_json() -> None:
    """400 for JSON the parser or the database could not survive (see request_guard), before any view runs."""
    if request.method in ("GET", "HEAD", "OPTIONS") or not request.is_json:
        return
    try:
        check_json_body(request.get_data(cache=True))
    except BadJson as bad:
        raise ProblemError(bad.detail, errors={bad.path: [bad.detail]} if bad.path else None) from None


def _install_request_logging(app: Flask) -> None:
    @app.before_request
    def start():
        g.request_id = request_id_from(request.headers.get("X-Request-ID"))
        g.started = time.perf_counter()

    @app.after_request
    def finish(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        if request.path not in ("/livez", "/readyz", "/metrics"):
            seconds = time.perf_counter() - g.get("started", time.perf_counter())
            log.info("request", extra={"method": request.method, "path": request.path, "status": response.status_code,
                                       "ms": round(seconds * 1000, 1)})
            # The route template (/tickets/<ticket_id>), never the path: one series per endpoint, not per ticket.
            route = request.url_rule.rule if request.url_rule is not None else "unmatched"
            metrics.observe_request(app.name, request.method, route, response.status_code, seconds)
        return response


# The days a request may name. A day at either end of the calendar (year 1, year 9999), turned into a datetime in a
# project's time zone and stored or queried as UTC, falls outside what MongoDB and Python can hold (a 500, not a 422).
DAY_RANGE = validate.Range(min=date(1900, 1, 1), max=date(2999, 12, 31))

# Far beyond any real list, and it keeps the skip (page - 1) * page_size inside MongoDB's 64-bit integers.
MAX_PAGE = 100_000


class PageQuery(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """The shape `page_of` answers with, for `item`s; `name` is its schema's name in the OpenAPI document."""
    return Schema.from_dict({"items": fields.List(fields.Nested(item)), "page": fields.Integer(),
                             "page_size": fields.Integer(), "total": fields.Integer()}, name=name)


def page_of(cursor_factory, count: int, page: int, page_size: int, dump) -> dict:
    """One page of results with the total, so clients can page through large lists."""
    items = cursor_factory().skip((page - 1) * page_size).limit(page_size)
    return {"items": [dump(item) for item in items], "page": page, "page_size": page_size, "total": count}


class HealthSchema(Schema):
    status = fields.String()
    checks = fields.Dict(keys=fields.String(), values=fields.String())


# Relative, so that the page works behind the gateway's path prefix (/ticketing/docs -> /ticketing/docs/assets/).
SWAGGER_ASSETS = "docs/assets/"


def swagger_assets_blueprint() -> FlaskBlueprint:
    """Swagger UI's JavaScript and CSS from the swagger-ui-bundle package: no CDN, so /docs works on a
    closed company network."""
    blp = FlaskBlueprint("swagger_assets", __name__)

    @blp.route("/docs/assets/<path:filename>")
    def asset(filename):
        return send_from_directory(swagger_ui_path, filename, max_age=86400)

    return blp


def metrics_blueprint(state: metrics.StateCollector) -> FlaskBlueprint:
    """`/metrics` in Prometheus' text format (no token: NetworkPolicies keep it inside the cluster), with the
    outbox's backlog and age read at scrape time (so they show even while the worker and its relay are down)."""
    blp = FlaskBlueprint("metrics", __name__)

    @blp.route("/metrics")
    def exposition():
        body, headers = metrics.exposition(state)
        return body, 200, headers

    return blp


def health_blueprint() -> Blueprint:
    blp = Blueprint("health", __name__, description="Liveness and readiness probes (no token needed).")

    @blp.route("/livez")
    @blp.response(200, HealthSchema)
    @blp.doc(security=[])
    def livez():
        return {"status": "ok", "checks": {}}

    @blp.route("/readyz")
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, schema=HealthSchema)
    @blp.doc(security=[])
    def readyz():
        checks = {"mongodb": _check(lambda: context().db.command("ping")),
                  "rabbitmq": _check(lambda: open_channel(context().settings.amqp_url, attempts=1)[0].close())}
        ready = all(v == "ok" for v in checks.values())
        return {"status": "ok" if ready else "unavailable", "checks": checks}, (200 if ready else 503)

    return blp


def _check(probe) -> str:
    try:
        probe()
        return "ok"
    except Exception as exc:  # a probe reports, it never raises
        return f"failed: {exc.__class__.__name__}"
