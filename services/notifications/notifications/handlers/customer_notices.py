"""Events into notices (NT-1, NT-2): each matter the customer is to hear of becomes one delivery in the log, in
the consumer's transaction, held until the project's quiet hours end unless it is urgent. Who the customer is
(name, phone) is not in the events: the sender reads it from ticketing when the message is due (deliveries.py).
"""
from __future__ import annotations

import threading
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kefulib.messaging import Event
from kefulib.store import TenantCollection, after_commit
from pymongo.database import Database

from ..domain.notices import (
    NoticePolicy,
    Status,
    Suppression,
    Topic,
    in_quiet_hours,
    is_urgent,
    release_at,
    staff_to_wake,
    ticket_reference,
)
from ..store import DELIVERIES
from .common import now, parse_time
from .directory import on_duty
from .notice_settings import policy_of

TICKET_CREATED = "ticketing.ticket.created"
TICKET_DISPATCHED = "ticketing.ticket.dispatched"
TICKET_ARRIVED = "ticketing.ticket.arrived"
QUOTE_SENT = "billing.quote.sent"
REPAIR_COMPLETED = "ticketing.repair.completed"
COMPLAINT_RESOLVED = "ticketing.complaint.resolved"

APPOINTMENT_WINDOW = timedelta(hours=2)
# Set when a delivery is added in this process: the sender wakes (deliveries.Sender.run_when_woken).
DELIVERY_ADDED = threading.Event()  # a booked time is told as a two-hour arrival window


def new_delivery(event: Event, *, audience: str, recipient_key: str, topic: Topic, ticket_id: str | None,
                 params: dict[str, str], urgent: bool, at: datetime) -> dict:
    return {"_id": str(uuid.uuid4()), "source_event_id": event.id, "source_event_type": event.type,
            "audience": audience, "recipient_key": recipient_key, "topic": str(topic), "ticket_id": ticket_id,
            "params": params, "urgent": urgent, "status": str(Status.QUEUED), "reason": None, "held_for": None,
            "channel": None, "provider": None, "address_masked": None, "address_key": None, "text": None,
            "attempts": 0, "next_attempt_at": at, "dead_letter": False, "provider_message_id": None,
            "created_at": at, "sent_at": None, "delivered_at": None, "updated_at": at,
            "history": [{"at": at, "status": str(Status.QUEUED), "code": None, "detail": None}]}


def enqueue(db: Database, event: Event, session, delivery: dict) -> None:
    """Add a delivery once: a redelivered event finds its delivery already there (NT-3)."""
    deliveries = TenantCollection(db[DELIVERIES], event.tenant_id)
    if deliveries.find_one({"source_event_id": event.id, "recipient_key": delivery["recipient_key"]}, {"_id": 1},
                           session=session) is None:
        deliveries.insert_one(delivery, session=session)
        after_commit(session, DELIVERY_ADDED.set)  # this process's sender goes at once, not at its next poll


def notify(db: Database, event: Event, session, *, ticket_id: str, topic: str, params: dict[str, str],
           urgent: bool = False) -> None:
    """Tell the customer of `ticket_id` about `topic`, as the project's settings say (NT-1)."""
    _notify(db, event, session, policy_of(db, event.tenant_id, session), ticket_id=ticket_id, topic=topic,
            params=params, urgent=urgent)


def notify_household(db: Database, event: Event, session, policy: NoticePolicy, *, unit_id: str, topic: str,
                     params: dict[str, str]) -> None:
    """Tell the household of `unit_id` (its contacts read from identity when the message is due) about `topic`."""
    _notify(db, event, session, policy, ticket_id=None, topic=topic, params=params, urgent=False,
            recipient_key=f"unit:{unit_id}")


def _notify(db: Database, event: Event, session, policy: NoticePolicy, *, ticket_id: str | None, topic: str,
            params: dict[str, str], urgent: bool, recipient_key: str | None = None) -> None:
    topic = Topic(topic)
    at = now()
    reference = {"ref": ticket_reference(ticket_id)} if ticket_id else {}
    delivery = new_delivery(event, audience="customer", recipient_key=recipient_key or f"ticket:{ticket_id}",
                            topic=topic, ticket_id=ticket_id, params={**reference, **params}, urgent=urgent, at=at)
    schedule(delivery, policy, topic, at, urgent)
    enqueue(db, event, session, delivery)


def schedule(delivery: dict, policy: NoticePolicy, topic: Topic, at: datetime, urgent: bool) -> None:
    """When a new delivery may go: never if the project turned its topic off, else at once or when the quiet hours
    end (judged when it would go, not when the event happened)."""
    if topic not in policy.topics:
        delivery.update(status=str(Status.SUPPRESSED), reason=str(Suppression.TOPIC_OFF), next_attempt_at=None)
        delivery["history"][0].update(status=str(Status.SUPPRESSED), code=str(Suppression.TOPIC_OFF))
        return
    release = release_at(at, policy, urgent)
    delivery["next_attempt_at"] = release
    if release > at:
        delivery["held_for"] = "quiet_hours"


def _window(appointment_at: str | None, timezone: str) -> str:
    if not appointment_at:
        return "尽快安排"
    start = parse_time(appointment_at).astimezone(ZoneInfo(timezone))
    end = start + APPOINTMENT_WINDOW
    return f"{start.month}月{start.day}日 {start:%H:%M}–{end:%H:%M}"


def _yuan(fen) -> str:
    return f"{int(fen or 0) / 100:.2f}"


def on_ticket_event(db: Database, topic: Topic):
    """A ticketing or billing event about a ticket, told to the ticket's customer."""
    def handle(event: Event, session) -> None:
        data = event.data
        policy = policy_of(db, event.tenant_id, session)  # read once: the window's zone and the notice itself
        params: dict[str, str] = {}
        if topic is Topic.DISPATCHED:
            params = {"technician": data.get("assignee") or "维修人员",
                      "window": _window(data.get("appointment_at"), policy.timezone)}
        elif topic is Topic.ARRIVED:
            params = {"technician": data.get("assignee") or "维修人员"}
        elif topic is Topic.QUOTE_WAITING:
            params = {"amount": _yuan(data.get("total_fen"))}
        _notify(db, event, session, policy, ticket_id=data["ticket_id"], topic=str(topic), params=params,
                urgent=is_urgent(data.get("kind"), data.get("category")))
    return handle


CUSTOMER_EVENTS = {
    TICKET_CREATED: Topic.RECEIVED,
    TICKET_DISPATCHED: Topic.DISPATCHED,
    TICKET_ARRIVED: Topic.ARRIVED,
    QUOTE_SENT: Topic.QUOTE_WAITING,
    REPAIR_COMPLETED: Topic.DONE,
    COMPLAINT_RESOLVED: Topic.DONE,
}


def customer_handlers(db: Database) -> dict:
    return {event_type: on_ticket_event(db, topic) for event_type, topic in CUSTOMER_EVENTS.items()}


def notify_staff(db: Database, event: Event, session, *, staff_ids: list[str], ticket_id: str | None,
                 headline: str, body: str) -> None:
    """An escalation beyond the inbox (NT-2): one delivery per person, sent at once on the project's staff
    channels; in the project's quiet hours to the person on duty instead (the latest signed hand-over), so
    nobody off shift is woken at midnight."""
    policy = policy_of(db, event.tenant_id, session)
    if not policy.staff_channels:
        return
    at = now()
    local = at.astimezone(ZoneInfo(policy.timezone)).time()
    night = in_quiet_hours(local, policy.quiet_start, policy.quiet_end)
    for staff_id in staff_to_wake(staff_ids, on_duty(db, event.tenant_id, session), night):
        enqueue(db, event, session, new_delivery(
            event, audience="staff", recipient_key=f"staff:{staff_id}", topic=Topic.ESCALATION, ticket_id=ticket_id,
            params={"headline": headline, "body": body}, urgent=True, at=at))
