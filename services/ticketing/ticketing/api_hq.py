"""HQ's cross-project lists (X-1: HQ roles read across projects), HQ tokens only, like /hq/reports/monthly."""
from flask_smorest import Blueprint
from kefulib.authn import current_principal, require
from kefulib.paging import MAX_WINDOWS, recent_page
from kefulib.problems import Forbidden
from kefulib.web import context, page_of

from . import handlers
from .handlers import complaints, contacts
from .handlers.common import now
from .handlers.escalations import awaiting_hq_filter, escalated_filter, hq_collections, hq_tickets_filter
from .handlers.intake import listed
from .schemas import HistoryOut, TicketOut
from .schemas_hq import (
    AwaitingQuery,
    ContactOut,
    ContactQuery,
    EscalatedQuery,
    HqRecordPage,
    HqTicketPage,
    HqTicketQuery,
    HqTicketsPage,
    HqTicketsQuery,
)

hq_blp = Blueprint("hq", __name__, description="HQ's cross-project lists: escalated tickets and approvals it owes.")


def _hq_only() -> None:
    if not current_principal().hq:
        raise Forbidden("Only HQ tokens read across projects.")


@hq_blp.route("/hq/escalations", methods=["GET"])
@require(scopes=["ticketing:read"])
@hq_blp.arguments(EscalatedQuery, location="query")
@hq_blp.response(200, HqTicketPage)
@hq_blp.doc(description="Tickets that breached an SLA deadline, in every project, newest first, with who was told "
                        "at each level (`escalations`).")
def escalated_tickets(query):
    _hq_only()
    tickets, _ = hq_collections(context().db)
    filter_ = escalated_filter(query)
    return page_of(lambda: tickets.find(filter_).sort("created_at", -1), tickets.count_documents(filter_),
                   query["page"], query["page_size"], dump=lambda t: t)


@hq_blp.route("/hq/tickets", methods=["GET"])
@require(scopes=["ticketing:read"])
@hq_blp.arguments(HqTicketsQuery, location="query")
@hq_blp.response(200, HqTicketsPage)
@hq_blp.doc(description="Tickets across projects for the HQ dashboard's drill-down and export: by project, local "
                        "month and the report's kind, newest first, paged by `next_cursor` (phones masked as in "
                        "GET /tickets).")
def hq_tickets(query):
    _hq_only()
    tickets, _ = hq_collections(context().db)
    # A month is a narrow range on the HQ index (month, tenant, kind): one range, no time windows.
    windows = 0 if query.get("month") else MAX_WINDOWS
    return recent_page(tickets, hq_tickets_filter(query), query, listed, windows=windows)


@hq_blp.route("/hq/tickets/<ticket_id>", methods=["GET"])
@require(scopes=["ticketing:read"])
@hq_blp.arguments(HqTicketQuery, location="query")
@hq_blp.response(200, TicketOut)
@hq_blp.doc(description="One ticket of any project, as GET /tickets/{id} shows it to the project: where HQ's "
                        "approvals and escalations lead (read only; HQ acts through the project's own endpoints).")
def hq_ticket(query, ticket_id):
    _hq_only()
    return handlers.get_ticket(context().db, query["project"], ticket_id)


@hq_blp.route("/hq/tickets/<ticket_id>/history", methods=["GET"])
@require(scopes=["ticketing:read"])
@hq_blp.arguments(HqTicketQuery, location="query")
@hq_blp.response(200, HistoryOut)
def hq_ticket_history(query, ticket_id):
    _hq_only()
    return handlers.history(context().db, query["project"], ticket_id)


@hq_blp.route("/hq/non-conformance/awaiting-approval", methods=["GET"])
@require(scopes=["ticketing:read"])
@hq_blp.arguments(AwaitingQuery, location="query")
@hq_blp.response(200, HqRecordPage)
@hq_blp.doc(description="Non-conformance records only HQ's management representative may approve (loss above the "
                        "project's threshold, or the project cannot resolve it), oldest first; approve with "
                        "POST /non-conformance/{id}/approve?project=.")
def awaiting_hq_approval(query):
    _hq_only()
    _, records = hq_collections(context().db)
    filter_ = awaiting_hq_filter(query)
    at = now()
    return page_of(lambda: records.find(filter_).sort("created_at", 1), records.count_documents(filter_),
                   query["page"], query["page_size"], dump=lambda r: complaints.present_record(r, at))


@hq_blp.route("/hq/tickets/<ticket_id>/contact", methods=["GET"])
@require(scopes=["ticketing:contact"])
@hq_blp.arguments(ContactQuery, location="query")
@hq_blp.response(200, ContactOut)
@hq_blp.doc(description="The customer's contact on a ticket, in full, for a platform service that messages the "
                        "customer (notifications; scope `ticketing:contact`, given only to service clients). "
                        "Each read is an entry in the audit trail with its purpose.")
def ticket_contact(query, ticket_id):
    return contacts.read_contact(context().db, current_principal(), ticket_id, query["project"], query["purpose"])
