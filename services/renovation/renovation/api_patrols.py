"""Patrols 巡查 and violations over REST: thin views over handlers.patrols."""
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.web import context

from . import schemas_patrols as s
from .api_applications import READ, WRITE
from .handlers import patrols

patrols_blp = Blueprint("patrols", __name__, description="Patrols 巡查 of renovations under way, violations with "
                        "their rectification notices 整改通知书, follow-up, and the patrols' due list.")
BLUEPRINTS = [patrols_blp]


def _db():
    return context().db


@patrols_blp.route("/applications/<application_id>/patrols", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@patrols_blp.arguments(s.PatrolIn)
@patrols_blp.response(201, s.PatrolOut)
@patrols_blp.alt_response(409, description="`reason_code` not_active, role_not_allowed, changed_meanwhile.")
def record(body, application_id):
    """A patrol of a permitted renovation: findings, photos, and the violations found, each served a numbered
    rectification notice with its deadline (illegal building also recorded for the authorities)."""
    return patrols.record(_db(), current_principal(), application_id, body)


@patrols_blp.route("/applications/<application_id>/patrols", methods=["GET"])
@require(scopes=READ)
@patrols_blp.arguments(s.PatrolQuery, location="query")
@patrols_blp.response(200, s.PatrolPage)
def list_patrols(query, application_id):
    """The application's patrols, newest first."""
    return patrols.list_patrols(_db(), current_principal().tenant_id, application_id, query)


@patrols_blp.route("/applications/<application_id>/violations", methods=["GET"])
@require(scopes=READ)
@patrols_blp.arguments(s.ViolationQuery, location="query")
@patrols_blp.response(200, s.ViolationPage)
def list_application_violations(query, application_id):
    """The application's violations and their notices, newest first."""
    return patrols.list_violations(_db(), current_principal().tenant_id, query, application_id)


@patrols_blp.route("/violations", methods=["GET"])
@require(scopes=READ)
@patrols_blp.arguments(s.ViolationQuery, location="query")
@patrols_blp.response(200, s.ViolationPage)
def list_violations(query):
    """The project's violations (`status`; `for_authorities` the illegal building recorded for the authorities)."""
    return patrols.list_violations(_db(), current_principal().tenant_id, query)


@patrols_blp.route("/violations/<violation_id>/follow-ups", methods=["POST"])
@require(scopes=WRITE)
@patrols_blp.arguments(s.FollowUpIn)
@patrols_blp.response(200, s.ViolationOut)
@patrols_blp.alt_response(409, description="`reason_code` already_rectified, already_escalated, role_not_allowed "
                                           "(an escalated one is closed by the manager), changed_meanwhile.")
def follow_up(body, violation_id):
    """The follow-up: rectified (checked on site), or escalated to the project manager."""
    return patrols.follow_up(_db(), current_principal(), violation_id, body)


@patrols_blp.route("/patrols/due", methods=["GET"])
@require(scopes=READ)
@patrols_blp.arguments(s.DueQuery, location="query")
@patrols_blp.response(200, s.DuePage)
def due(query):
    """Renovations under way due for a patrol by `by`, earliest first; flagged units on the shorter interval."""
    return patrols.due(_db(), current_principal().tenant_id, query)


@patrols_blp.route("/patrol-settings", methods=["GET"])
@require(scopes=READ)
@patrols_blp.response(200, s.IntervalsOut)
def get_intervals():
    """The project's patrol intervals (days; flagged units on the shorter one)."""
    return patrols.intervals(_db(), current_principal().tenant_id)


@patrols_blp.route("/patrol-settings", methods=["PUT"])
@require(scopes=WRITE, roles=["project_manager"])
@patrols_blp.arguments(s.IntervalsIn)
@patrols_blp.response(200, s.IntervalsOut)
def set_intervals(body):
    """The project manager sets the patrol intervals."""
    return patrols.set_intervals(_db(), current_principal(), body)
