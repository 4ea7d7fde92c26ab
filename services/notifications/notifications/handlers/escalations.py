"""Matters that must reach people (NT-2): SLA breaches up the ladder (TK-4), renovation applications waiting on a
review step past its deadline (issue 16, the same ladder) and non-conformance records waiting for their approver
(TK-8) become inbox items for the role holders of the project.

For a breach, the people told are announced back (``notifications.escalation.notified``) so the
ticket records who was told at which level; the event is written in the same transaction as the
items, so the ticket's record and the inboxes never disagree.
"""
from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from kefulib.messaging import Event, add_to_outbox
from kefulib.store import TenantCollection
from pymongo.database import Database

from ..domain import (
    BreachNotice,
    Message,
    Recipient,
    ReviewOverdueNotice,
    approval_message,
    breach_message,
    breach_roles,
    recipients,
    review_overdue_messages,
)
from ..store import INBOX_ITEMS
from .common import now, parse_time
from .customer_notices import notify_staff
from .directory import active_holders
from .inbox import announce_added
from .notice_settings import policy_of

SLA_BREACHED = "ticketing.sla.breached"
NON_CONFORMANCE_OPENED = "ticketing.non_conformance.opened"
REVIEW_OVERDUE = "renovation.review.overdue"
ESCALATION_NOTIFIED = "notifications.escalation.notified"


def _items(event: Event, told: tuple[Recipient, ...], message: Message, **subject) -> list[dict]:
    at = now()
    return [{"_id": str(uuid.uuid4()), "recipient": r.staff_id, "recipient_role": r.role, "channel": "inbox",
             "kind": message.kind, "title": message.title, "body": message.body, "action": message.action,
             "minutes_late": message.minutes_late, "status": "unread", "created_at": at, "read_at": None,
             "done_at": None, "source_event_id": event.id, **subject} for r in told]


def _store(db: Database, event: Event, items: list[dict], session) -> None:
    if items:
        TenantCollection(db[INBOX_ITEMS], event.tenant_id).insert_many(items, session=session)
        announce_added(db, items, event.tenant_id, session)


def on_sla_breached(db: Database):
    def handle(event: Event, session) -> None:
        data = event.data
        notice = BreachNotice(ticket_id=data["ticket_id"], kind=data.get("kind", "ticket"), deadline=data["deadline"],
                              due_at=parse_time(data["due_at"]), level=int(data["escalation_level"]),
                              noticed_at=parse_time(event.occurred_at))
        roles = breach_roles(data.get("escalated_to"), data.get("notify_roles"))
        told = recipients(roles, event.tenant_id, active_holders(db, event.tenant_id, roles, session))
        message = breach_message(notice)
        items = _items(event, told, message, ticket_id=notice.ticket_id, non_conformance_id=None,
                       level=notice.level, deadline=notice.deadline, due_at=notice.due_at)
        _store(db, event, items, session)
        notify_staff(db, event, session, staff_ids=[r.staff_id for r in told], ticket_id=notice.ticket_id,
                     headline=message.title, body=message.body)
        # Every role is listed, also one nobody holds: the ticket then shows that nobody was told.
        notified = [{"role": role, "staff_ids": [r.staff_id for r in told if r.role == role]} for role in roles]
        add_to_outbox(db, Event(ESCALATION_NOTIFIED, event.tenant_id, actor=None, data={
            "ticket_id": notice.ticket_id, "deadline": notice.deadline, "due_at": data["due_at"],
            "escalation_level": notice.level, "escalated_to": data.get("escalated_to"), "notified": notified,
            "notified_at": items[0]["created_at"].isoformat() if items else now().isoformat(),
            "breach_event_id": event.id}), session)
    return handle


def on_non_conformance_opened(db: Database):
    def handle(event: Event, session) -> None:
        data = event.data
        roles = (data["approver"],)
        told = recipients(roles, event.tenant_id, active_holders(db, event.tenant_id, roles, session))
        message = approval_message(data["ticket_id"], data["non_conformance_id"], int(data.get("loss_fen", 0)),
                                   data.get("corrective_deadline", ""))
        _store(db, event, _items(event, told, message, ticket_id=data["ticket_id"], level=None, deadline=None,
                                 due_at=None, non_conformance_id=data["non_conformance_id"]), session)
    return handle


def on_review_overdue(db: Database):
    """One inbox item per holder of the event's roles in the project, HQ roles from the company scope; the text in
    Chinese (`title`, `body`) and English (`title_en`, `body_en`), the due time in the project's zone. A redelivery
    is the inbox's to drop (one item per event and person)."""
    def handle(event: Event, session) -> None:
        data = event.data
        zone = ZoneInfo(policy_of(db, event.tenant_id, session).timezone)
        notice = ReviewOverdueNotice(application_id=data["application_id"], unit_id=data["unit_id"],
                                     step=data["step"], level=int(data["level"]),
                                     due_at=parse_time(data["due_at"]).astimezone(zone),
                                     noticed_at=parse_time(event.occurred_at).astimezone(zone))
        roles = tuple(dict.fromkeys(data["notify_roles"]))
        told = recipients(roles, event.tenant_id, active_holders(db, event.tenant_id, roles, session))
        zh, en = review_overdue_messages(notice)
        items = _items(event, told, zh, ticket_id=None, non_conformance_id=None, level=notice.level,
                       deadline=f"renovation_{notice.step}", due_at=parse_time(data["due_at"]),
                       application_id=notice.application_id, title_en=en.title, body_en=en.body)
        _store(db, event, items, session)
    return handle
