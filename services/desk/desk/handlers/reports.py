"""The desk's daily and weekly reports 客服日报 / 周报 (002 "客服日报", "周报及未处理完成情况汇总"): what came in, what
is still open, what was handed over.

Every figure is a count or a $group in MongoDB over an index led by tenant_id and a time: the report reads a day's
or a week's records, never a register's whole history. Tickets and shift hand-overs are ticketing's: desk keeps
its own small projection of ticketing's events (tickets_seen, handovers) rather than calling ticketing for each
report, so the report does not depend on ticketing being up, and a past day's intake stays what the events said.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from kefulib.messaging import Event
from kefulib.store import TenantCollection
from pymongo.database import Database

from ..domain import reports as rules_of_reports
from ..domain.held_items import HeldStatus
from ..domain.messages import MessageStatus
from ..domain.parcels import ParcelStatus
from ..domain.reports import Span
from ..store import HANDOVERS, HELD_ITEMS, KEY_COUNTS, KEY_LOANS, KEYS, PARCELS, PHONE_MESSAGES, TICKETS_SEEN
from .common import desk_settings, now, parse_time, rules

TICKET_CREATED = "ticketing.ticket.created"
REPAIR_COMPLETED = "ticketing.repair.completed"
COMPLAINT_RESOLVED = "ticketing.complaint.resolved"
TICKET_REOPENED = "ticketing.ticket.reopened"
SHIFT_HANDED_OVER = "ticketing.shift.handed_over"


# ---- ticketing's events, kept for the reports ------------------------------------------------------------------

def on_ticket_created(db: Database):
    def handle(event: Event, session) -> None:
        tickets = TenantCollection(db[TICKETS_SEEN], event.tenant_id)
        data = event.data
        if tickets.find_one({"ticket_id": data["ticket_id"]}, session=session) is None:
            tickets.insert_one({"_id": str(uuid.uuid4()), "ticket_id": data["ticket_id"],
                                "kind": data["kind"], "created_at": parse_time(data["created_at"]),
                                "finished_at": None, "round": 1}, session=session)
    return handle


def on_ticket_finished(db: Database, time_field: str):
    """A repair completed or a complaint resolved: its work is done (a later round's reopening undoes it)."""
    def handle(event: Event, session) -> None:
        data = event.data
        TenantCollection(db[TICKETS_SEEN], event.tenant_id).update_one(
            {"ticket_id": data["ticket_id"], "round": {"$lte": int(data["round"])}},
            {"$set": {"finished_at": parse_time(data[time_field]), "round": int(data["round"])}}, session=session)
    return handle


def on_ticket_reopened(db: Database):
    def handle(event: Event, session) -> None:
        data = event.data
        TenantCollection(db[TICKETS_SEEN], event.tenant_id).update_one(
            {"ticket_id": data["ticket_id"], "round": {"$lt": int(data["round"])}},
            {"$set": {"finished_at": None, "round": int(data["round"])}}, session=session)
    return handle


def on_shift_handed_over(db: Database):
    def handle(event: Event, session) -> None:
        data = event.data
        handovers = TenantCollection(db[HANDOVERS], event.tenant_id)
        if handovers.find_one({"handover_id": data["handover_id"]}, session=session) is None:
            handovers.insert_one({"_id": str(uuid.uuid4()), "handover_id": data["handover_id"],
                                  "outgoing": data["outgoing"], "incoming": data["incoming"],
                                  "signed_at": parse_time(data["signed_at"])}, session=session)
    return handle


def ticket_handlers(db: Database) -> dict:
    return {TICKET_CREATED: on_ticket_created(db), REPAIR_COMPLETED: on_ticket_finished(db, "completed_at"),
            COMPLAINT_RESOLVED: on_ticket_finished(db, "resolved_at"), TICKET_REOPENED: on_ticket_reopened(db),
            SHIFT_HANDED_OVER: on_shift_handed_over(db)}


# ---- the report --------------------------------------------------------------------------------------------

def _within(span: Span) -> dict:
    return {"$gte": span.start, "$lt": span.end}


def _by(collection: TenantCollection, match: dict, field: str) -> dict[str, int]:
    rows = collection.aggregate([{"$match": match}, {"$group": {"_id": f"${field}", "n": {"$sum": 1}}}])
    return {str(r["_id"]): r["n"] for r in rows}


def _report(db: Database, tenant: str, span: Span, at: datetime) -> dict:
    settings = desk_settings(db, tenant)
    c = lambda name: TenantCollection(db[name], tenant)  # noqa: E731 - one line per register below
    tickets, parcels, messages, items = c(TICKETS_SEEN), c(PARCELS), c(PHONE_MESSAGES), c(HELD_ITEMS)
    keys, loans, counts, handovers = c(KEYS), c(KEY_LOANS), c(KEY_COUNTS), c(HANDOVERS)
    # "Still open" is as of the end of the span, or now for the span that has not ended yet.
    as_of = min(span.end, at)
    came_in_tickets = _by(tickets, {"created_at": _within(span)}, "kind")
    unfinished = _by(tickets, {"created_at": {"$lt": as_of}, "$or": [{"finished_at": None},
                                                                     {"finished_at": {"$gte": as_of}}]}, "kind")
    waiting = {"status": str(ParcelStatus.WAITING), "received_at": {"$lt": as_of}}
    unclaimed_before = as_of - timedelta(days=settings.unclaimed_parcel_days)
    keys_out = keys.count_documents({"status": "out"})
    keys_overdue = keys.count_documents({"status": "out", "expected_return_at": {"$lt": at}})
    return {
        "project": tenant, "timezone": settings.timezone, "from": span.start, "until": span.end,
        "first_day": span.first_day.isoformat(), "last_day": span.last_day.isoformat(), "as_of": as_of,
        "came_in": {
            "tickets": sum(came_in_tickets.values()), "tickets_by_kind": came_in_tickets,
            "parcels": parcels.count_documents({"received_at": _within(span)}),
            "parcels_by_kind": _by(parcels, {"received_at": _within(span)}, "kind"),
            "phone_messages": messages.count_documents({"called_at": _within(span)}),
            "held_items": items.count_documents({"received_at": _within(span)}),
            # A key handed to its owner at move-in is a loan too, but not a sign-out the desk expects back.
            "key_sign_outs": loans.count_documents({"signed_out_at": _within(span), "move_in_id": None}),
        },
        "still_open": {
            "tickets_unfinished": sum(unfinished.values()), "tickets_unfinished_by_kind": unfinished,
            "parcels_waiting": parcels.count_documents(waiting),
            "parcels_unclaimed": parcels.count_documents({**waiting, "received_at": {"$lt": unclaimed_before}}),
            "phone_messages_unacknowledged": messages.count_documents(
                {"status": {"$ne": str(MessageStatus.ACKNOWLEDGED)}, "called_at": {"$lt": as_of}}),
            "held_items": items.count_documents({"status": str(HeldStatus.HELD), "received_at": {"$lt": as_of}}),
            # The key register holds only each key's current loan: keys out are told as of now.
            "keys_out_now": keys_out, "keys_overdue_now": keys_overdue,
        },
        "handed_over": {
            "shift_handovers": handovers.count_documents({"signed_at": _within(span)}),
            "key_counts": counts.count_documents({"counted_at": _within(span)}),
            "keys_handed_to_owners": loans.count_documents({"signed_out_at": _within(span), "move_in_id": {"$ne": None}}),
            "key_counts_with_findings": counts.count_documents({"counted_at": _within(span), "$or": [
                {"missing.0": {"$exists": True}}, {"overdue.0": {"$exists": True}},
                {"present_while_out.0": {"$exists": True}}]}),
        },
    }


def daily(db: Database, tenant: str, day: date) -> dict:
    span = rules_of_reports.day_span(day, desk_settings(db, tenant).timezone)
    return {"day": day.isoformat(), **_report(db, tenant, span, now())}


def weekly(db: Database, tenant: str, week: str) -> dict:
    with rules():
        monday = rules_of_reports.parse_week(week)
    span = rules_of_reports.week_span(monday, desk_settings(db, tenant).timezone)
    return {"week": week, **_report(db, tenant, span, now())}
