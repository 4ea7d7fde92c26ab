"""Renovation applications 装修申请 over REST: thin views over handlers.applications."""
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.web import context

from . import schemas_applications as s
from .handlers import applications, review_clock

READ, WRITE = ["renovation:read"], ["renovation:write"]
REVIEW_REFUSALS = ("`reason_code` not_under_review, not_at_this_step (with `waiting_for`), role_not_allowed, "
                   "papers_missing (with `missing`), changed_meanwhile.")

applications_blp = Blueprint("applications", __name__, description="Renovation applications 装修申请: the papers, "
                             "the plan, the three review steps, resubmission, the fees and the permit.")
BLUEPRINTS = [applications_blp]


def _db():
    return context().db


@applications_blp.route("/applications", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@applications_blp.arguments(s.NewApplicationIn)
@applications_blp.response(201, s.ApplicationOut)
@applications_blp.alt_response(409, description="`reason_code` role_not_allowed (taken in at the CS centre).")
def submit(body):
    """An application taken in at the CS centre: the owner or their agent, the contractor, the scope, planned dates
    and working hours, the papers by reference."""
    return applications.submit(_db(), current_principal(), body)


@applications_blp.route("/applications", methods=["GET"])
@require(scopes=READ)
@applications_blp.arguments(s.ApplicationQuery, location="query")
@applications_blp.response(200, s.ApplicationPage)
def list_applications(query):
    """Newest first; names masked and no phones in the list; `flagged` for the patrols."""
    return applications.list_applications(_db(), current_principal().tenant_id, query)


@applications_blp.route("/applications/<application_id>", methods=["GET"])
@require(scopes=READ)
@applications_blp.response(200, s.ApplicationOut)
def get_application(application_id):
    """The application with every review decision, its fees in billing and, once they are paid, the permit."""
    return applications.get_application(_db(), current_principal().tenant_id, application_id)


@applications_blp.route("/applications/<application_id>/reviews", methods=["POST"])
@require(scopes=WRITE)
@applications_blp.arguments(s.ReviewIn)
@applications_blp.response(200, s.ApplicationOut)
@applications_blp.alt_response(409, description=REVIEW_REFUSALS)
def review(body, application_id):
    """A review step's decision: completeness (CS, only with every paper attached), drawings (engineering, with the
    flags the patrols watch), approval (the project manager: the fees are charged in billing). A refusal returns the
    application with its reason."""
    return applications.review(_db(), current_principal(), application_id, body)


@applications_blp.route("/applications/<application_id>/resubmit", methods=["POST"])
@require(scopes=WRITE)
@applications_blp.arguments(s.ResubmitIn)
@applications_blp.response(200, s.ApplicationOut)
@applications_blp.alt_response(409, description="`reason_code` not_allowed_now (only a returned application), "
                                                "role_not_allowed, changed_meanwhile.")
def resubmit(body, application_id):
    """The corrected application after a refusal: the review starts again from the CS check."""
    return applications.resubmit(_db(), current_principal(), application_id, body)


@applications_blp.route("/review-settings", methods=["GET"])
@require(scopes=READ)
@applications_blp.response(200, s.ReviewHoursOut)
def get_review_hours():
    """The project's review deadlines in hours per step (defaults: completeness 24, drawings 72, approval 48)."""
    return review_clock.review_hours(_db(), current_principal().tenant_id)


@applications_blp.route("/review-settings", methods=["PUT"])
@require(scopes=WRITE, roles=["project_manager"])
@applications_blp.arguments(s.ReviewHoursIn)
@applications_blp.response(200, s.ReviewHoursOut)
def set_review_hours(body):
    """The project manager sets the review deadlines; an application already on a step keeps the hours it started
    with, the next step or round takes the new ones."""
    return review_clock.set_review_hours(_db(), current_principal(), body)
