"""Worker passes 装修出入证 over REST: thin views over handlers.passes."""
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.web import context

from . import schemas_passes as s
from .api_applications import READ, WRITE
from .handlers import passes

passes_blp = Blueprint("passes", __name__, description="Worker passes 装修出入证: issued per worker within the permit, "
                       "the ID number masked; handed back and counted; checked at the gate.")
BLUEPRINTS = [passes_blp]


def _db():
    return context().db


@passes_blp.route("/applications/<application_id>/passes", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@passes_blp.arguments(s.PassIn)
@passes_blp.response(201, s.PassOut)
@passes_blp.alt_response(409, description="`reason_code` not_permitted, passes_beyond_paid (with `paid_for`), "
                                          "role_not_allowed, changed_meanwhile.")
def issue(body, application_id):
    """A worker's pass for a permitted renovation: name, ID number (kept masked), photo reference, trade; valid
    within the permit's dates (by default all of them) and working hours."""
    return passes.issue(_db(), current_principal(), application_id, body)


@passes_blp.route("/applications/<application_id>/passes", methods=["GET"])
@require(scopes=READ)
@passes_blp.arguments(s.PassQuery, location="query")
@passes_blp.response(200, s.PassPage)
def list_passes(query, application_id):
    """The application's passes in order (workers' names masked) and the count by status."""
    return passes.list_passes(_db(), current_principal().tenant_id, application_id, query)


@passes_blp.route("/passes/<pass_id>/return", methods=["POST"])
@require(scopes=WRITE)
@passes_blp.arguments(s.ReturnIn)
@passes_blp.response(200, s.PassOut)
@passes_blp.alt_response(409, description="`reason_code` already_returned, changed_meanwhile.")
def return_pass(body, pass_id):
    """The pass handed back (at the end of the work, or when the worker leaves)."""
    return passes.return_pass(_db(), current_principal(), pass_id, body)


@passes_blp.route("/passes/<pass_id>/revoke", methods=["POST"])
@require(scopes=WRITE)
@passes_blp.arguments(s.RevokeIn)
@passes_blp.response(200, s.PassOut)
@passes_blp.alt_response(409, description="`reason_code` already_returned, already_revoked, changed_meanwhile.")
def revoke(body, pass_id):
    """The pass taken away, with the reason (a violation, a lost pass): the gate answers `revoked` from then on."""
    return passes.revoke(_db(), current_principal(), pass_id, body)


@passes_blp.route("/applications/<application_id>/gate-entries", methods=["GET"])
@require(scopes=READ)
@passes_blp.arguments(s.EntryQuery, location="query")
@passes_blp.response(200, s.EntryPage)
def list_entries(query, application_id):
    """The gate's log for the permit: every check of its passes (who asked, when, the answer), newest first."""
    return passes.list_entries(_db(), current_principal().tenant_id, application_id, query)


@passes_blp.route("/passes/check", methods=["GET"])
@require(scopes=READ)
@passes_blp.arguments(s.CheckQuery, location="query")
@passes_blp.response(200, s.CheckOut)
def check(query):
    """The gate's check of a pass by its number: valid, not_yet_valid, expired, outside_hours, returned or revoked;
    every check is logged (`GET /applications/{id}/gate-entries`)."""
    return passes.check(_db(), current_principal(), query["number"], query.get("at"))
