"""Sends due deliveries. Safe with several workers: each delivery is claimed by pushing its
next_attempt_at forward (a lease) before it is sent; a crashed sender's claim simply runs out."""
from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import requests
from pymongo import ReturnDocument
from pymongo.database import Database

from .domain import SIGNATURE_HEADER, next_attempt_delay, sign
from .store import DELIVERIES, SUBSCRIPTIONS

LEASE = timedelta(seconds=60)
TIMEOUT_SECONDS = 10


def send_due(db: Database, limit: int = 50, http=requests) -> int:
    """Attempt up to `limit` due deliveries; returns how many were attempted."""
    attempted = 0
    while attempted < limit:
        now = datetime.now(UTC)
        delivery = db[DELIVERIES].find_one_and_update(
            {"status": "pending", "next_attempt_at": {"$lte": now}},
            {"$set": {"next_attempt_at": now + LEASE}},
            sort=[("next_attempt_at", 1)], return_document=ReturnDocument.AFTER)
        if delivery is None:
            break
        _attempt(db, delivery, http)
        attempted += 1
    return attempted


def _attempt(db: Database, delivery: dict, http) -> None:
    subscription = db[SUBSCRIPTIONS].find_one({"_id": delivery["subscription_id"], "tenant_id": delivery["tenant_id"]})
    if subscription is None or not subscription.get("active"):
        db[DELIVERIES].update_one({"_id": delivery["_id"]}, {"$set": {"status": "failed", "next_attempt_at": None},
                                                              "$push": {"log": _entry(None, "subscription inactive", 0)}})
        return
    body = json.dumps(delivery["payload"], ensure_ascii=False, separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(subscription["secret"], body),
               "Kefu-Event-Id": delivery["event_id"], "Kefu-Event-Type": delivery["event_type"],
               "Kefu-Delivery-Id": delivery["_id"]}
    started = time.perf_counter()
    status_code, error = None, None
    try:
        response = http.post(subscription["url"], data=body, headers=headers, timeout=TIMEOUT_SECONDS,
                             allow_redirects=False)
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}"
    except requests.RequestException as exc:
        error = exc.__class__.__name__
    _record(db, delivery, status_code, error, (time.perf_counter() - started) * 1000)


def _record(db: Database, delivery: dict, status_code, error, duration_ms: float) -> None:
    now = datetime.now(UTC)
    attempts = delivery["attempts"] + 1
    entry = _entry(status_code, error, duration_ms)
    if error is None:
        update = {"status": "delivered", "delivered_at": now, "next_attempt_at": None, "attempts": attempts}
    else:
        delay = next_attempt_delay(attempts)
        update = {"attempts": attempts, "status": "pending" if delay else "failed",
                  "next_attempt_at": now + delay if delay else None}
    db[DELIVERIES].update_one({"_id": delivery["_id"]}, {"$set": update, "$push": {"log": {"$each": [entry], "$slice": -50}}})


def _entry(status_code, error, duration_ms) -> dict:
    return {"at": datetime.now(UTC), "status_code": status_code, "error": error,
            "duration_ms": round(duration_ms, 1)}
