"""Subscriptions and deliveries: use cases behind the API, the consumer and the sender."""
from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime

from kefulib.authn import Principal
from kefulib.messaging import Event
from kefulib.problems import NotFound, Unprocessable
from kefulib.store import TenantCollection

from .config import WebhooksConfig
from .domain import Resolver, url_problem
from .store import DELIVERIES, SUBSCRIPTIONS
from .transport import system_resolver


def create_subscription(subscriptions: TenantCollection, principal: Principal, fields: dict,
                        config: WebhooksConfig, resolve: Resolver = system_resolver) -> dict:
    problem = url_problem(fields["url"], allow_private=config.allow_private_urls, resolve=resolve)
    if problem:
        raise Unprocessable(problem, errors={"url": [problem]})
    # Each active subscription costs a delivery per matching event; a cap keeps one project from
    # multiplying its events into thousands of outbound requests. (Counted, then inserted: two
    # concurrent creates can pass the cap by one each, which is harmless at this size.)
    cap = config.max_subscriptions_per_project
    if subscriptions.count_documents({"active": True}) >= cap:
        raise Unprocessable(f"This project already has {cap} active subscriptions, the most it may have; "
                            f"delete one it no longer needs first.", limit=cap)
    subscription = {
        "_id": f"whs_{uuid.uuid4().hex}", **fields, "event_types": sorted(set(fields["event_types"])),
        "client_id": principal.client_id or principal.subject, "secret": secrets.token_urlsafe(32),
        "active": True, "created_at": datetime.now(UTC),
    }
    subscriptions.insert_one(subscription)
    return subscription


def get_subscription(subscriptions: TenantCollection, subscription_id: str) -> dict:
    found = subscriptions.find_one({"_id": subscription_id})
    if found is None:
        raise NotFound("No such subscription.")
    return found


def deactivate_subscription(subscriptions: TenantCollection, subscription_id: str) -> None:
    if subscriptions.update_one({"_id": subscription_id}, {"$set": {"active": False}}).matched_count == 0:
        raise NotFound("No such subscription.")


def get_delivery(deliveries: TenantCollection, delivery_id: str) -> dict:
    found = deliveries.find_one({"_id": delivery_id})
    if found is None:
        raise NotFound("No such delivery.")
    return found


def replay_delivery(deliveries: TenantCollection, delivery_id: str) -> dict:
    """Send a delivery again now, whatever happened before (the receiver dedups by event id)."""
    replayed = deliveries.find_one_and_update({"_id": delivery_id}, {"$set": {
        "status": "pending", "next_attempt_at": datetime.now(UTC), "attempts": 0}})
    if replayed is None:
        raise NotFound("No such delivery.")
    return replayed


def fan_out(db, event: Event, session) -> int:
    """Queue one delivery per active subscription of the event's tenant that wants this type."""
    subscriptions = TenantCollection(db[SUBSCRIPTIONS], event.tenant_id)
    deliveries = TenantCollection(db[DELIVERIES], event.tenant_id)
    wanted = list(subscriptions.find({"active": True, "event_types": {"$in": [event.type, "*"]}}, session=session))
    now = datetime.now(UTC)
    deliveries.insert_many([{
        "_id": f"whd_{uuid.uuid4().hex}", "subscription_id": sub["_id"], "event_id": event.id,
        "event_type": event.type, "payload": event.to_dict(), "status": "pending", "attempts": 0,
        "next_attempt_at": now, "log": [], "created_at": now, "delivered_at": None,
    } for sub in wanted], session=session)
    return len(wanted)
