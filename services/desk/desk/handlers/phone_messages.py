"""Phone messages 电话留言 (DK-4; seed 002: 来电时间、来电人姓名、事由、房号): taken, delivered, acknowledged."""
from __future__ import annotations

import uuid

from kefulib.authn import Principal
from kefulib.masking import mask_phone
from kefulib.problems import Conflict
from kefulib.store import TenantCollection
from kefulib.web import page_of
from pymongo.database import Database

from ..domain.messages import Addressee, MessageStatus, acknowledge, check_deliver
from ..store import PHONE_MESSAGES
from .common import get_or_404, now, rules


def _messages(db: Database, tenant: str) -> TenantCollection:
    return TenantCollection(db[PHONE_MESSAGES], tenant)


def listed(message: dict) -> dict:
    return {**message, "callback_phone": mask_phone(message.get("callback_phone"))}


def take(db: Database, principal: Principal, body: dict) -> dict:
    at = now()
    doc = {"_id": str(uuid.uuid4()), "caller_name": body["caller_name"], "callback_phone": body.get("callback_phone"),
           "called_at": body.get("called_at") or at, "unit_id": body.get("unit_id"), "matter": body["matter"],
           "for_staff_id": body.get("for_staff_id"), "for_department": body.get("for_department"),
           "status": str(MessageStatus.LEFT), "taken_by": principal.actor, "taken_at": at,
           "delivered_at": None, "delivered_by": None, "delivered_to": None,
           "acknowledged_at": None, "acknowledged_by": None}
    return _messages(db, principal.tenant_id).insert_one(doc)


def get_message(db: Database, tenant: str, message_id: str) -> dict:
    return get_or_404(_messages(db, tenant), message_id, "phone message")


def list_messages(db: Database, principal: Principal, query: dict) -> dict:
    filter_ = {name: query[name] for name in ("status", "unit_id", "for_department") if name in query}
    if query.get("for_me"):
        filter_["for_staff_id"] = principal.subject
    messages = _messages(db, principal.tenant_id)
    return page_of(lambda: messages.find(filter_).sort([("called_at", -1), ("_id", 1)]),
                   messages.count_documents(filter_), query["page"], query["page_size"], dump=listed)


def deliver(db: Database, principal: Principal, message_id: str, body: dict) -> dict:
    """Passed on to the person (by phone, in person, on paper): who it was given to."""
    messages = _messages(db, principal.tenant_id)
    message = get_message(db, principal.tenant_id, message_id)
    with rules():
        check_deliver(message["status"])
    _move(messages, message, {"status": str(MessageStatus.DELIVERED), "delivered_at": now(),
                              "delivered_by": principal.actor, "delivered_to": body["delivered_to"]})
    return get_message(db, principal.tenant_id, message_id)


def acknowledge_message(db: Database, principal: Principal, message_id: str) -> dict:
    messages = _messages(db, principal.tenant_id)
    message = get_message(db, principal.tenant_id, message_id)
    with rules():
        steps = acknowledge(message["status"], Addressee(message.get("for_staff_id"), message.get("for_department")),
                            principal.subject)
    if not steps:
        return message  # acknowledging twice changes nothing
    at = now()
    changes = {"status": str(MessageStatus.ACKNOWLEDGED), "acknowledged_at": at, "acknowledged_by": principal.actor}
    if MessageStatus.DELIVERED in steps:
        changes.update(delivered_at=at, delivered_by=principal.actor, delivered_to=principal.actor)
    _move(messages, message, changes)
    return get_message(db, principal.tenant_id, message_id)


def _move(messages: TenantCollection, message: dict, changes: dict) -> None:
    # Guarded by the status read: of two desks moving the same message at once, the later one is told.
    changed = messages.update_one({"_id": message["_id"], "status": message["status"]}, {"$set": changes})
    if not changed.modified_count:
        raise Conflict("The message changed a moment ago; reload it.", reason_code="message_changed")
