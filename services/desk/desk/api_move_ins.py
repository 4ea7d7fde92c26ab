"""Move-in 入伙 over REST (DK-1): thin views over handlers.move_ins."""
from flask import request
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.problems import Forbidden
from kefulib.web import context

from . import schemas_move_ins as s
from .config import DeskConfig
from .handlers import move_ins
from .peers import Peers

READ, WRITE = ["desk:read"], ["desk:write"]
STEP_REFUSALS = "not_started, cancelled, already_finished, step_already_done, changed_meanwhile"

move_ins_blp = Blueprint("move_ins", __name__, description="Move-in 入伙 (DK-1): appointments, one guided flow of "
                                                           "five steps against the 30-minute target, the report.")
BLUEPRINTS = [move_ins_blp]


def _db():
    return context().db


def _peers() -> Peers:
    """identity and billing, called with the caller's own token (the README says why)."""
    config = DeskConfig.of(context().settings)
    return Peers(config.identity_url, config.billing_url, request.headers["Authorization"])


@move_ins_blp.route("/move-ins", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@move_ins_blp.arguments(s.MoveInIn)
@move_ins_blp.response(201, s.MoveInOut)
def book(body):
    """Book a move-in appointment for a unit: day, slot, the owner's name, the clerk."""
    return move_ins.book(_db(), current_principal(), body)


@move_ins_blp.route("/move-ins", methods=["GET"])
@require(scopes=READ)
@move_ins_blp.arguments(s.MoveInQuery, location="query")
@move_ins_blp.response(200, s.MoveInPage)
def list_move_ins(query):
    """By day and slot (`date` for one day's); owners' names masked."""
    return move_ins.list_move_ins(_db(), current_principal().tenant_id, query)


@move_ins_blp.route("/move-ins/report", methods=["GET"])
@require(scopes=READ)
@move_ins_blp.arguments(s.ReportQuery, location="query")
@move_ins_blp.response(200, s.ReportOut)
def report(query):
    """Move-ins finished on appointment days `from`..`to`: count, median and 90th percentile against the project's
    target, how many over it and, for those, the step that took longest."""
    return move_ins.report(_db(), current_principal().tenant_id, query)


@move_ins_blp.route("/hq/move-ins/report", methods=["GET"])
@require(scopes=READ)
@move_ins_blp.arguments(s.HqReportQuery, location="query")
@move_ins_blp.response(200, s.HqReportOut)
def hq_report(query):
    """The move-in report per project across the company (`project` to name some); HQ tokens only."""
    if not current_principal().hq:
        raise Forbidden("Only HQ tokens read across projects.")
    return move_ins.hq_report(_db(), query)


@move_ins_blp.route("/move-ins/<move_in_id>", methods=["GET"])
@require(scopes=READ)
@move_ins_blp.response(200, s.MoveInOut)
def get_move_in(move_in_id):
    """The appointment and its flow: each step, who did it when, how long it took."""
    return move_ins.get_move_in(_db(), current_principal().tenant_id, move_in_id)


@move_ins_blp.route("/move-ins/<move_in_id>/reschedule", methods=["POST"])
@require(scopes=WRITE)
@move_ins_blp.arguments(s.RescheduleIn)
@move_ins_blp.response(200, s.MoveInOut)
@move_ins_blp.alt_response(409, description="`reason_code` already_started, already_finished, cancelled.")
def reschedule(body, move_in_id):
    """Another day or slot (before the flow starts); the old one stays in `history`."""
    return move_ins.reschedule(_db(), current_principal(), move_in_id, body)


@move_ins_blp.route("/move-ins/<move_in_id>/cancel", methods=["POST"])
@require(scopes=WRITE)
@move_ins_blp.arguments(s.CancelIn)
@move_ins_blp.response(200, s.MoveInOut)
@move_ins_blp.alt_response(409, description="`reason_code` already_started, already_finished, cancelled.")
def cancel(body, move_in_id):
    return move_ins.cancel(_db(), current_principal(), move_in_id, body)


@move_ins_blp.route("/move-ins/<move_in_id>/start", methods=["POST"])
@require(scopes=WRITE)
@move_ins_blp.arguments(s.EmptyIn)
@move_ins_blp.response(200, s.MoveInOut)
@move_ins_blp.alt_response(409, description="`reason_code` already_started, already_finished, cancelled.")
def start(body, move_in_id):
    """The owner is at the desk: the clock starts."""
    return move_ins.start(_db(), current_principal(), move_in_id)


@move_ins_blp.route("/move-ins/<move_in_id>/documents", methods=["GET"])
@require(scopes=READ)
@move_ins_blp.response(200, s.DocumentsOut)
def documents(move_in_id):
    """The ID-4 move-in documents identity still lacks for the unit."""
    return move_ins.documents(_db(), current_principal(), _peers(), move_in_id)


@move_ins_blp.route("/move-ins/<move_in_id>/documents", methods=["POST"])
@require(scopes=WRITE)
@move_ins_blp.arguments(s.DocumentsIn)
@move_ins_blp.response(200, s.MoveInWithDocumentsOut)
@move_ins_blp.alt_response(409, description=f"`reason_code` {STEP_REFUSALS}, identity_not_found.")
def record_documents(body, move_in_id):
    """Step (a): the documents handed in are marked received in identity; done when none is missing."""
    return move_ins.record_documents(_db(), current_principal(), _peers(), move_in_id, body)


@move_ins_blp.route("/move-ins/<move_in_id>/fees", methods=["GET"])
@require(scopes=READ)
@move_ins_blp.response(200, s.FeesOut)
def fees(move_in_id):
    """billing's charges for the unit, and which are due."""
    return move_ins.fees(_db(), current_principal(), _peers(), move_in_id)


@move_ins_blp.route("/move-ins/<move_in_id>/fees", methods=["POST"])
@require(scopes=WRITE)
@move_ins_blp.arguments(s.FeesIn)
@move_ins_blp.response(200, s.MoveInOut)
@move_ins_blp.alt_response(409, description=f"`reason_code` {STEP_REFUSALS}, fees_outstanding (with "
                                            "`outstanding`), waiver_not_allowed.")
def record_fees(body, move_in_id):
    """Step (b): done when nothing due is unpaid in billing, or a supervisor waives it with a reason."""
    return move_ins.record_fees(_db(), current_principal(), _peers(), move_in_id, body)


@move_ins_blp.route("/move-ins/<move_in_id>/keys", methods=["POST"])
@require(scopes=WRITE)
@move_ins_blp.arguments(s.KeysIn)
@move_ins_blp.response(200, s.MoveInOut)
@move_ins_blp.alt_response(409, description=f"`reason_code` {STEP_REFUSALS}, key_not_on_hook.")
def record_keys(body, move_in_id):
    """Step (c): the unit's keys handed to the owner against signature (签领钥匙登记表), as hand-overs in the key
    register."""
    return move_ins.record_keys(_db(), current_principal(), move_in_id, body)


@move_ins_blp.route("/move-ins/<move_in_id>/utilities", methods=["POST"])
@require(scopes=WRITE)
@move_ins_blp.arguments(s.UtilitiesIn)
@move_ins_blp.response(200, s.MoveInOut)
@move_ins_blp.alt_response(409, description=f"`reason_code` {STEP_REFUSALS}.")
def record_utilities(body, move_in_id):
    """Step (d): water, power, gas, phone, cable TV — each a reading or account, or not applicable with a reason;
    done when all five are recorded."""
    return move_ins.record_utilities(_db(), current_principal(), move_in_id, body)


@move_ins_blp.route("/move-ins/<move_in_id>/registration", methods=["POST"])
@require(scopes=WRITE)
@move_ins_blp.arguments(s.RegistrationIn)
@move_ins_blp.response(200, s.MoveInOut)
@move_ins_blp.alt_response(409, description=f"`reason_code` {STEP_REFUSALS}, not_the_current_owner.")
def record_registration(body, move_in_id):
    """Step (e): the 业主登记表 into identity's owner archive (or the archive already there); desk keeps its id."""
    return move_ins.record_registration(_db(), current_principal(), _peers(), move_in_id, body)


@move_ins_blp.route("/move-ins/<move_in_id>/finish", methods=["POST"])
@require(scopes=WRITE)
@move_ins_blp.arguments(s.EmptyIn)
@move_ins_blp.response(200, s.MoveInOut)
@move_ins_blp.alt_response(409, description="`reason_code` steps_missing (with `missing_steps`), not_started, "
                                            "cancelled, already_finished.")
def finish(body, move_in_id):
    """The clock stops: the duration and each step's; publishes desk.move_in.completed."""
    return move_ins.finish(_db(), current_principal(), move_in_id)
