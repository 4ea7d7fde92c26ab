"""Completion 竣工 over REST: thin views over handlers.completion."""
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.web import context

from . import schemas_applications as a
from . import schemas_completion as s
from .api_applications import WRITE
from .handlers import completion

completion_blp = Blueprint("completion", __name__, description="Completion 竣工: the owner's application, the "
                           "acceptance inspection, the deposit refunded through billing minus deductions.")
BLUEPRINTS = [completion_blp]


def _db():
    return context().db


@completion_blp.route("/applications/<application_id>/completion", methods=["POST"])
@require(scopes=WRITE)
@completion_blp.arguments(s.CompletionIn)
@completion_blp.response(200, a.ApplicationOut)
@completion_blp.alt_response(409, description="`reason_code` not_permitted, already_requested, changed_meanwhile.")
def request(body, application_id):
    """The owner's completion application, taken in at the CS centre."""
    return completion.request(_db(), current_principal(), application_id, body)


@completion_blp.route("/applications/<application_id>/completion/inspection", methods=["POST"])
@require(scopes=WRITE)
@completion_blp.arguments(s.InspectionIn)
@completion_blp.response(200, a.ApplicationOut)
@completion_blp.alt_response(409, description="`reason_code` role_not_allowed, completion_not_requested, "
                                              "passes_not_returned (with `passes_out`), changed_meanwhile.")
def inspect(body, application_id):
    """The acceptance: accepted with every pass back, the deductions (each naming an unrectified violation, with
    its reason) taken from the deposit and the rest refunded through billing; or refused with the reason."""
    return completion.inspect(_db(), current_principal(), application_id, body)
