"""ticketing's REST endpoints: thin views over the handlers."""
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.idempotency import idempotent
from kefulib.problems import Forbidden
from kefulib.web import context, page_of, tenant_collection

from . import handlers
from .api_attachments import attachments_blp
from .api_hq import hq_blp
from .handlers import board, community, complaints, duty, intake, reports, settings
from .handlers.common import invalid, now
from .handlers.tickets import REST_ACTIONS
from .schemas import (
    ActionIn,
    AnalysisIn,
    CapaIn,
    ClutterIn,
    DeadlinePreviewOut,
    DeadlinePreviewQuery,
    DisputeIn,
    DisputeStepIn,
    DutyEntryIn,
    DutyEntryOut,
    DutyPage,
    EmptyIn,
    HandoverIn,
    HandoverOut,
    HandoverPage,
    HistoryOut,
    HqMonthlyOut,
    HqMonthQuery,
    HqMonthsOut,
    HqMonthsQuery,
    MonthlyOut,
    MonthQuery,
    NoteIn,
    PageQuery,
    ProjectQuery,
    ReclassifyIn,
    RecordIn,
    RecordOut,
    RecordPage,
    RecordQuery,
    ReleaseIn,
    RemovalIn,
    ResultIn,
    SettingsIn,
    SettingsOut,
    SettleIn,
    TicketIn,
    TicketListQuery,
    TicketOut,
    TicketPage,
)
from .schemas_board import BoardOut, BoardQuery
from .store import DUTY_LOG, HANDOVERS, NON_CONFORMANCE

READ, WRITE = ["ticketing:read"], ["ticketing:write"]
SETTINGS_ROLES = ["project_manager", "cs_supervisor"]

tickets = Blueprint("tickets", __name__, description="Repairs, complaints, inquiries and help requests.")
complaint_blp = Blueprint("complaints", __name__, description="Complaint analysis and non-conformance records.")
community_blp = Blueprint("community", __name__, description="Neighbour disputes and corridor clutter (TK-11).")
duty_blp = Blueprint("duty", __name__, description="Duty log and shift hand-over (TK-12).")
settings_blp = Blueprint("settings", __name__, description="Per-project SLA policy, calendar and rule numbers.")
reports_blp = Blueprint("reports", __name__, description="Monthly reports per project and for HQ (TK-13).")
BLUEPRINTS = [tickets, attachments_blp, complaint_blp, community_blp, duty_blp, settings_blp, reports_blp, hq_blp]


def _db():
    return context().db


def _me():
    return current_principal()


# --- tickets ----------------------------------------------------------------------------------

@tickets.route("/tickets", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@tickets.arguments(TicketIn)
@tickets.response(201, TicketOut)
def create_ticket(body):
    return handlers.create_ticket(_db(), _me(), body)


@tickets.route("/tickets", methods=["GET"])
@require(scopes=READ)
@tickets.arguments(TicketListQuery, location="query")
@tickets.response(200, TicketPage)
def list_tickets(query):
    return intake.list_tickets(_db(), _me().tenant_id, query)


@tickets.route("/tickets/board", methods=["GET"])
@require(scopes=READ)
@tickets.arguments(BoardQuery, location="query")
@tickets.response(200, BoardOut)
@tickets.doc(description="The dispatch board's read: every open ticket of the caller's project in one answer, "
                         "newest first, with only what a card shows (callback phone masked); at most `limit` "
                         "(5,000), `truncated` when more are open. Same scope and visibility as `GET /tickets`.")
def ticket_board(query):
    return board.board(_db(), _me().tenant_id, query)


@tickets.route("/tickets/deadline-preview", methods=["GET"])
@require(scopes=READ)
@tickets.arguments(DeadlinePreviewQuery, location="query")
@tickets.response(200, DeadlinePreviewOut)
@tickets.doc(description="The category and deadlines a ticket opened now would get (TK-4/TK-5); writes nothing.")
def deadline_preview(query):
    return intake.preview_deadlines(_db(), _me().tenant_id, query)


@tickets.route("/tickets/<ticket_id>", methods=["GET"])
@require(scopes=READ)
@tickets.response(200, TicketOut)
def get_ticket(ticket_id):
    return handlers.get_ticket(_db(), _me().tenant_id, ticket_id)


@tickets.route("/tickets/<ticket_id>/history", methods=["GET"])
@require(scopes=READ)
@tickets.response(200, HistoryOut)
def ticket_history(ticket_id):
    return handlers.history(_db(), _me().tenant_id, ticket_id)


@tickets.route("/tickets/<ticket_id>/actions/<action>", methods=["POST"])
@require(scopes=WRITE)
@tickets.arguments(ActionIn)
@tickets.response(200, TicketOut)
@tickets.doc(description="Apply a named action of the state machine: " + ", ".join(REST_ACTIONS)
             + ". A refused move is a 409 problem with the reason. Return-visit outcomes arrive only "
               "as visits.return_visit.completed events.")
def ticket_action(body, ticket_id, action):
    if action not in REST_ACTIONS:
        raise invalid("action", "must be one of " + ", ".join(REST_ACTIONS))
    return handlers.act(_db(), _me(), ticket_id, action, body)


@tickets.route("/tickets/<ticket_id>/reclassify", methods=["POST"])
@require(scopes=WRITE)
@tickets.arguments(ReclassifyIn)
@tickets.response(200, TicketOut)
def reclassify(body, ticket_id):
    return handlers.reclassify(_db(), _me(), ticket_id, body)


# --- complaints -------------------------------------------------------------------------------

@complaint_blp.route("/tickets/<ticket_id>/complaint/analysis", methods=["PUT"])
@require(scopes=WRITE)
@complaint_blp.arguments(AnalysisIn)
@complaint_blp.response(200, TicketOut)
def analyse(body, ticket_id):
    return complaints.analyse(_db(), _me(), ticket_id, body)


@complaint_blp.route("/tickets/<ticket_id>/complaint/non-conformance", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@complaint_blp.arguments(RecordIn)
@complaint_blp.response(201, RecordOut)
def open_record(body, ticket_id):
    return complaints.present_record(complaints.open_record(_db(), _me(), ticket_id, body))


@complaint_blp.route("/non-conformance", methods=["GET"])
@require(scopes=READ)
@complaint_blp.arguments(RecordQuery, location="query")
@complaint_blp.response(200, RecordPage)
def list_records(query):
    collection = tenant_collection(NON_CONFORMANCE)
    at = now()
    filter_ = complaints.record_filter(query, at)
    return page_of(lambda: collection.find(filter_).sort("created_at", -1), collection.count_documents(filter_),
                   query["page"], query["page_size"], dump=lambda r: complaints.present_record(r, at))


@complaint_blp.route("/non-conformance/<record_id>", methods=["GET"])
@require(scopes=READ)
@complaint_blp.arguments(ProjectQuery, location="query")
@complaint_blp.response(200, RecordOut)
def get_record(query, record_id):
    tenant = complaints.acting_tenant(_me(), query.get("project"))
    return complaints.present_record(complaints.get_record(_db(), tenant, record_id))


@complaint_blp.route("/non-conformance/<record_id>/approve", methods=["POST"])
@require(scopes=WRITE)
@complaint_blp.arguments(ProjectQuery, location="query")
@complaint_blp.response(200, RecordOut)
@complaint_blp.doc(description="The project manager approves; above the loss threshold (500 yuan by default) or "
                               "when the project cannot resolve it, only HQ's management representative "
                               "(role hq_management_representative; HQ tokens name the project in ?project=).")
def approve_record(query, record_id):
    return complaints.present_record(complaints.approve_record(_db(), _me(), record_id, query.get("project")))


@complaint_blp.route("/non-conformance/<record_id>/correction", methods=["POST"])
@require(scopes=WRITE)
@complaint_blp.arguments(NoteIn)
@complaint_blp.response(200, RecordOut)
def record_correction(body, record_id):
    return complaints.present_record(complaints.record_correction_done(_db(), _me(), record_id, body))


@complaint_blp.route("/non-conformance/<record_id>/close", methods=["POST"])
@require(scopes=WRITE)
@complaint_blp.arguments(ResultIn)
@complaint_blp.response(200, RecordOut)
def close_record(body, record_id):
    return complaints.present_record(complaints.close(_db(), _me(), record_id, body))


@complaint_blp.route("/non-conformance/<record_id>/capa-report", methods=["POST"])
@require(scopes=WRITE)
@complaint_blp.arguments(CapaIn)
@complaint_blp.response(200, RecordOut)
def file_capa(body, record_id):
    return complaints.present_record(complaints.file_capa(_db(), _me(), record_id, body))


# --- disputes and clutter ---------------------------------------------------------------------

def _ticket_route(blp, path, schema, handler, method="POST"):
    @blp.route(f"/tickets/<ticket_id>/{path}", methods=[method], endpoint=path.replace("/", "_"))
    @require(scopes=WRITE)
    @blp.arguments(schema)
    @blp.response(200, TicketOut)
    def view(body, ticket_id):
        return handler(_db(), _me(), ticket_id, body)
    return view


_ticket_route(community_blp, "dispute", DisputeIn, community.open_dispute)
_ticket_route(community_blp, "dispute/steps", DisputeStepIn, community.add_dispute_step)
_ticket_route(community_blp, "dispute/settlement", SettleIn, community.settle_dispute)
_ticket_route(community_blp, "clutter", ClutterIn, community.open_clutter)
_ticket_route(community_blp, "clutter/notices", EmptyIn, community.clutter_notice)
_ticket_route(community_blp, "clutter/removal", RemovalIn, community.clutter_removal)
_ticket_route(community_blp, "clutter/release", ReleaseIn, community.clutter_release)


# --- duty log and hand-overs ------------------------------------------------------------------

@duty_blp.route("/duty-log", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@duty_blp.arguments(DutyEntryIn)
@duty_blp.response(201, DutyEntryOut)
def add_duty_entry(body):
    return duty.add_entry(_db(), _me(), body)


@duty_blp.route("/duty-log", methods=["GET"])
@require(scopes=READ)
@duty_blp.arguments(PageQuery, location="query")
@duty_blp.response(200, DutyPage)
def list_duty_log(query):
    collection = tenant_collection(DUTY_LOG)
    return page_of(lambda: collection.find({}).sort("at", -1), collection.count_documents({}),
                   query["page"], query["page_size"], dump=lambda e: e)


@duty_blp.route("/handovers", methods=["POST"])
@require(scopes=WRITE)
@idempotent()
@duty_blp.arguments(HandoverIn)
@duty_blp.response(201, HandoverOut)
def prepare_handover(body):
    return duty.prepare(_db(), _me(), body)


@duty_blp.route("/handovers", methods=["GET"])
@require(scopes=READ)
@duty_blp.arguments(PageQuery, location="query")
@duty_blp.response(200, HandoverPage)
def list_handovers(query):
    collection = tenant_collection(HANDOVERS)
    return page_of(lambda: collection.find({}).sort("prepared_at", -1), collection.count_documents({}),
                   query["page"], query["page_size"], dump=lambda h: h)


@duty_blp.route("/handovers/<handover_id>", methods=["GET"])
@require(scopes=READ)
@duty_blp.response(200, HandoverOut)
def get_handover(handover_id):
    return duty.get_handover(_db(), _me().tenant_id, handover_id)


@duty_blp.route("/handovers/<handover_id>/signature", methods=["POST"])
@require(scopes=WRITE)
@duty_blp.arguments(EmptyIn)
@duty_blp.response(200, HandoverOut)
def sign_handover(body, handover_id):
    return duty.sign(_db(), _me(), handover_id)


# --- settings ---------------------------------------------------------------------------------

@settings_blp.route("/settings/sla", methods=["GET"])
@require(scopes=READ)
@settings_blp.response(200, SettingsOut)
def get_settings():
    return settings.project_settings(_db(), _me().tenant_id)


@settings_blp.route("/settings/sla", methods=["PUT"])
@require(scopes=WRITE, roles=SETTINGS_ROLES)
@settings_blp.arguments(SettingsIn)
@settings_blp.response(200, SettingsOut)
def put_settings(body):
    return settings.put_settings(_db(), _me(), body)


# --- reports ----------------------------------------------------------------------------------

@reports_blp.route("/reports/monthly", methods=["GET"])
@require(scopes=READ)
@reports_blp.arguments(MonthQuery, location="query")
@reports_blp.response(200, MonthlyOut)
def monthly_report(query):
    return reports.monthly(_db(), _me().tenant_id, query["month"], now())


@reports_blp.route("/hq/reports/monthly", methods=["GET"])
@require(scopes=READ)
@reports_blp.arguments(HqMonthQuery, location="query")
@reports_blp.response(200, HqMonthlyOut)
def hq_monthly_report(query):
    if not _me().hq:
        raise Forbidden("Only HQ tokens read across projects.")
    return reports.monthly_hq(_db(), query["month"], now(), query.get("project"))


@reports_blp.route("/hq/reports/months", methods=["GET"])
@require(scopes=READ)
@reports_blp.arguments(HqMonthsQuery, location="query")
@reports_blp.response(200, HqMonthsOut)
@reports_blp.doc(description="Every project's monthly figures by kind for each month from `from` to `to` (at most "
                             "24), read from the month roll-up every ticket write keeps: the HQ dashboard's first read.")
def hq_months_report(query):
    if not _me().hq:
        raise Forbidden("Only HQ tokens read across projects.")
    return reports.months_hq(_db(), query["from"], query["to"], now(), query.get("project"))
