"""Hot work 动火 and extensions 延期 over REST: thin views over handlers.works."""
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.web import context

from . import schemas_works as s
from .api_applications import READ, WRITE
from .handlers import works

works_blp = Blueprint("works", __name__, description="Hot work 动火 within the permit's dates and hours with a "
                      "fire-watch person, and extensions 延期 of the permit: each requested and decided.")
BLUEPRINTS = [works_blp]
DECISION_REFUSALS = "`reason_code` role_not_allowed, already_decided, changed_meanwhile."


def _db():
    return context().db


@works_blp.route("/applications/<application_id>/hot-work", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@works_blp.arguments(s.HotWorkIn)
@works_blp.response(201, s.HotWorkOut)
@works_blp.alt_response(409, description="`reason_code` not_permitted.")
def request_hot_work(body, application_id):
    """动火 asked for a day within the permit's dates and hours, with its place and fire-watch person."""
    return works.request(_db(), current_principal(), "hot_work", application_id, body)


@works_blp.route("/applications/<application_id>/hot-work", methods=["GET"])
@require(scopes=READ)
@works_blp.arguments(s.RequestQuery, location="query")
@works_blp.response(200, s.HotWorkPage)
def list_hot_work(query, application_id):
    """The application's hot-work requests, newest first."""
    return works.list_requests(_db(), current_principal().tenant_id, "hot_work", application_id, query)


@works_blp.route("/hot-work/<hot_work_id>/decision", methods=["POST"])
@require(scopes=WRITE)
@works_blp.arguments(s.DecisionIn)
@works_blp.response(200, s.HotWorkOut)
@works_blp.alt_response(409, description=DECISION_REFUSALS)
def decide_hot_work(body, hot_work_id):
    """Engineering, the security supervisor or the manager allows or refuses (with the reason) the hot work."""
    return works.decide(_db(), current_principal(), "hot_work", hot_work_id, body)


@works_blp.route("/applications/<application_id>/extensions", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@works_blp.arguments(s.ExtensionIn)
@works_blp.response(201, s.ExtensionOut)
@works_blp.alt_response(409, description="`reason_code` not_permitted.")
def request_extension(body, application_id):
    """延期 asked: the permit's new end (after it, at most 90 days) and why."""
    return works.request(_db(), current_principal(), "extension", application_id, body)


@works_blp.route("/applications/<application_id>/extensions", methods=["GET"])
@require(scopes=READ)
@works_blp.arguments(s.RequestQuery, location="query")
@works_blp.response(200, s.ExtensionPage)
def list_extensions(query, application_id):
    """The application's extension requests, newest first."""
    return works.list_requests(_db(), current_principal().tenant_id, "extension", application_id, query)


@works_blp.route("/extensions/<extension_id>/decision", methods=["POST"])
@require(scopes=WRITE)
@works_blp.arguments(s.DecisionIn)
@works_blp.response(200, s.ExtensionOut)
@works_blp.alt_response(409, description=DECISION_REFUSALS)
def decide_extension(body, extension_id):
    """The project manager's decision; approved, the permit's end moves and its passes follow
    (`renovation.permit.extended`)."""
    return works.decide(_db(), current_principal(), "extension", extension_id, body)
