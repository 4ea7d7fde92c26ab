"""Sends due deliveries. Safe with several workers: each delivery is claimed by pushing its
next_attempt_at forward (a lease) before it is sent; a crashed sender's claim simply runs out.

Deliveries are sent concurrently by a small thread pool, and one project may hold only a few of its
threads at a time: a project whose receiver hangs delays its own deliveries, not every project's. A
project's due deliveries beyond its share are not claimed at all; they wait for a free slot.

Each attempt resolves the target's host, checks every address again (a name may have been re-pointed at
an internal address since the subscription was made) and connects to exactly the address checked.
"""
from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import UTC, datetime, timedelta

from kefulib.claims import claim_next
from pymongo.database import Database

from .config import WebhooksConfig
from .domain import SIGNATURE_HEADER, Resolver, TargetRefused, next_attempt_delay, pin_target, sign
from .store import DELIVERIES, SUBSCRIPTIONS
from .transport import AttemptFailed, post, system_resolver

log = logging.getLogger(__name__)

# Far longer than an attempt's deadline, so a live sender's claim never runs out under it.
LEASE = timedelta(seconds=60)


class Sender:
    """One process's delivery sender: `dispatch()` claims what it can and returns without waiting."""

    def __init__(self, db: Database, config: WebhooksConfig = WebhooksConfig(), *,
                 resolve: Resolver = system_resolver, transport=post):
        self.db, self.config, self.resolve, self.transport = db, config, resolve, transport
        self._pool = ThreadPoolExecutor(max_workers=config.send_workers, thread_name_prefix="webhook-send")
        self._lock = threading.Lock()
        self._in_flight: Counter[str] = Counter()  # tenant -> deliveries being sent
        self._futures: set[Future] = set()

    def dispatch(self, limit: int | None = None) -> int:
        """Claim due deliveries for the free threads (within each project's share) and start sending them."""
        started = 0
        while limit is None or started < limit:
            with self._lock:
                free = self.config.send_workers - sum(self._in_flight.values())
                full = [t for t, n in self._in_flight.items() if n >= self.config.in_flight_per_project]
            if free <= 0:
                break
            delivery = self._claim(full)
            if delivery is None:
                break
            with self._lock:
                self._in_flight[delivery["tenant_id"]] += 1
            future = self._pool.submit(self._run, delivery)
            with self._lock:
                self._futures.add(future)
            future.add_done_callback(self._forget)
            started += 1
        return started

    @property
    def busy(self) -> bool:
        with self._lock:
            return bool(self._in_flight)

    def wait(self, timeout: float | None = None) -> None:
        """Block until every delivery started so far has been attempted (tests and one-off runs)."""
        with self._lock:
            pending = set(self._futures)
        wait(pending, timeout=timeout)

    def wait_for_any(self) -> None:
        with self._lock:
            pending = set(self._futures)
        if pending:
            wait(pending, return_when=FIRST_COMPLETED)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, delivery: dict) -> None:
        tenant = delivery["tenant_id"]
        try:
            self._attempt(delivery)
        except Exception:  # e.g. MongoDB unreachable: the lease runs out and the delivery is tried again
            log.exception("delivery attempt failed", extra={"record_id": delivery["_id"]})
        finally:
            # Released here, before the future counts as done, so a waiter sees the slot free.
            with self._lock:
                self._in_flight[tenant] -= 1
                if self._in_flight[tenant] <= 0:
                    del self._in_flight[tenant]

    def _forget(self, future: Future) -> None:
        with self._lock:
            self._futures.discard(future)

    def _claim(self, full_tenants: list[str]) -> dict | None:
        now = datetime.now(UTC)
        due = {"status": "pending", "next_attempt_at": {"$lte": now}}
        if full_tenants:
            due["tenant_id"] = {"$nin": full_tenants}
        return claim_next(self.db[DELIVERIES], due, {"$set": {"next_attempt_at": now + LEASE}},
                          sort=[("next_attempt_at", 1)])

    def _attempt(self, delivery: dict) -> None:
        db = self.db
        subscription = db[SUBSCRIPTIONS].find_one({"_id": delivery["subscription_id"],
                                                   "tenant_id": delivery["tenant_id"]})
        if subscription is None or not subscription.get("active"):
            db[DELIVERIES].update_one({"_id": delivery["_id"]}, {
                "$set": {"status": "failed", "next_attempt_at": None},
                "$push": {"log": _entry(None, "subscription inactive", 0)}})
            return
        body = json.dumps(delivery["payload"], ensure_ascii=False, separators=(",", ":")).encode()
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(subscription["secret"], body),
                   "Kefu-Event-Id": delivery["event_id"], "Kefu-Event-Type": delivery["event_type"],
                   "Kefu-Delivery-Id": delivery["_id"]}
        started = time.perf_counter()
        status_code, error = None, None
        try:
            pinned = pin_target(subscription["url"], allow_private=self.config.allow_private_urls,
                                resolve=self.resolve)
            status_code = self.transport(pinned, body, headers, deadline_seconds=self.config.attempt_deadline_seconds)
            if not 200 <= status_code < 300:
                error = f"HTTP {status_code}"
        except TargetRefused as refused:
            # Not sent at all; retried on the usual schedule in case the name is fixed.
            error = f"not sent: {refused}"
        except AttemptFailed as failed:
            error = str(failed)
        _record(db, delivery, status_code, error, (time.perf_counter() - started) * 1000)


def send_due(db: Database, config: WebhooksConfig = WebhooksConfig(), *, limit: int = 50,
             resolve: Resolver = system_resolver, transport=post) -> int:
    """Attempt up to `limit` due deliveries and wait for them; returns how many were attempted.

    A one-off round (tests, scripts); the worker keeps one `Sender` and calls `dispatch()` instead.
    """
    sender = Sender(db, config, resolve=resolve, transport=transport)
    attempted = 0
    try:
        while attempted < limit:
            started = sender.dispatch(limit - attempted)
            attempted += started
            if not sender.busy:
                break
            sender.wait_for_any()  # a project at its share gets its next delivery once one finishes
    finally:
        sender.wait()
        sender.close()
    return attempted


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
    db[DELIVERIES].update_one({"_id": delivery["_id"], "tenant_id": delivery["tenant_id"]},
                              {"$set": update, "$push": {"log": {"$each": [entry], "$slice": -50}}})


def _entry(status_code, error, duration_ms) -> dict:
    return {"at": datetime.now(UTC), "status_code": status_code, "error": error,
            "duration_ms": round(duration_ms, 1)}
