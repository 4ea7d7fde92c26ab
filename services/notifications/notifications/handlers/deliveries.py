"""The delivery log and its sender (NT-3): every notice is a document that says what happened to it.

The sender takes the next due delivery of any project (a lease, so one that dies mid-send lets it go again),
finds where the recipient can be reached, applies opt-outs and the hourly limit, renders the project's wording
and hands it to the channel. The outcome moves the delivery on: sent, retried later with a growing delay,
or failed for good (a dead letter the log shows). A provider's receipt then marks it delivered or failed.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from kefulib import metrics
from kefulib.claims import DueRows
from kefulib.problems import NotFound, Unprocessable
from kefulib.sealed import Unsealable, pickup_code_context, unseal
from kefulib.store import TenantCollection
from kefulib.web import page_of
from pymongo.database import Database

from ..channels.base import Outgoing
from ..channels.receipts import parse_receipts  # the providers' receipt formats live with their channels
from ..config import NotificationsConfig
from ..domain.households import SURVEY_ROLE_ORDER, household_phone
from ..domain.notices import (
    Channel,
    Status,
    Suppression,
    Topic,
    after_attempt,
    choose_channel,
    mask_address,
    throttled,
    usable_channels,
)
from ..domain.templates import parameters, render
from ..store import DELIVERIES
from ..ticket_contacts import ContactUnavailable
from .common import now
from .customer_notices import DELIVERY_ADDED
from .households import mark_changed, mark_notice_changed
from .notice_settings import policy_of, template_of
from .recipients import address_key, binding_of, normalise_phone, opted_out_channels, staff_addresses

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)  # longer than any one attempt (the channels time out after 10 s)
SEND_BATCH = 100  # deliveries per round of run_once
HIDDEN_CODE = "******"  # what the log shows of a pickup code: it went to the resident, it is not kept


def _history(at: datetime, status: Status, code: str | None = None, detail: str | None = None) -> dict:
    return {"at": at, "status": str(status), "code": code, "detail": detail}


@dataclass(frozen=True)
class Reach:
    """Where one recipient can be told: addresses by channel, the channels they opted out of, whether the
    matter is urgent (beyond the hourly limit), and the keyed hash of a customer's phone (None for staff)."""

    addresses: dict
    opted_out: set
    urgent: bool
    key: str | None = None


class Sender:
    """Sends due deliveries; `channels` by kind (sms / wechat / email), `contacts` reads tickets' contacts."""

    def __init__(self, db: Database, config: NotificationsConfig, channels: dict, contacts,
                 clock: Callable[[], datetime] = now, households=None):
        self.db, self.config, self.channels, self.contacts, self.clock = db, config, channels, contacts, clock
        self.households = households  # identity's households (notifications.households.Households)
        self._more = False
        self._read_this_round: dict = {}
        self._notices_changed: set[tuple[str, str]] = set()
        # Queued ones first, then abandoned ones (rare): one page of candidates each, read once per round.
        self._due = {status: DueRows(db[DELIVERIES], sort=[("next_attempt_at", 1)], page_size=SEND_BATCH)
                     for status in (Status.QUEUED, Status.SENDING)}

    def run_when_woken(self, poll_seconds: float) -> int:
        """Wait until a delivery is added in this process or `poll_seconds` pass (held and retried ones fall due
        with time, and another process may have added some), then send what is due."""
        if not self._more:  # the last round stopped at its limit: more are due, go on without waiting
            DELIVERY_ADDED.wait(poll_seconds)
        DELIVERY_ADDED.clear()
        handled = self.run_once()
        self._more = handled >= SEND_BATCH
        return handled

    def run_once(self, limit: int = SEND_BATCH) -> int:
        """Send up to `limit` due deliveries; the number handled."""
        handled = 0
        for due in self._due.values():
            due.forget()  # each round starts from the index: what fell due since the last one goes in its place
        self._read_this_round = {}
        try:
            while handled < limit:
                delivery = self._claim(self.clock())
                if delivery is None:
                    break
                try:
                    self._send(delivery)
                except Exception:  # one bad delivery must not stop the others; its lease lets it be retried
                    log.exception("delivery failed unexpectedly", extra={"record_id": delivery["_id"]})
                handled += 1
        finally:
            for tenant, notice_id in self._notices_changed:
                mark_notice_changed(self.db, tenant, notice_id)
            self._notices_changed.clear()
        return handled

    def _settings(self, read, tenant: str, *key):
        """A project's message settings or template, read once per round: a notice to 5,000 households is sent
        in rounds of SEND_BATCH, all with the same policy and wording (a change applies from the next round)."""
        cache_key = (read.__name__, tenant, *key)
        if cache_key not in self._read_this_round:
            self._read_this_round[cache_key] = read(self.db, tenant, *key)
        return self._read_this_round[cache_key]

    def _claim(self, at: datetime) -> dict | None:
        # A delivery being sent carries its lease's end as next_attempt_at, so one index finds both the due and
        # the abandoned ones. One equality per status, not a `$in`: an equality and a range read only the due rows
        # of the index, where the embedded test server reads every queued row for `$in` + range (252 ms a claim
        # behind 5,000 messages held for the quiet hours, against 0.5 ms).
        for status, due in self._due.items():
            claimed = due.next(
                {"status": str(status), "next_attempt_at": {"$lte": at}},
                {"$set": {"status": str(Status.SENDING), "next_attempt_at": at + LEASE, "updated_at": at},
                 "$inc": {"attempts": 1}})
            if claimed is not None:
                return claimed
        return None

    def _finish(self, delivery: dict, changes: dict, entry: dict) -> None:
        if delivery["audience"] == "household" and changes.get("status") != str(Status.QUEUED):
            changes = {**changes, "address": None}  # a household's phone is kept only until its message has gone
        # On the collection itself, with the project in the filter: the delivery's history is its trail, and an
        # audit entry per message (as TenantCollection writes) doubled the writes of a 5,000-household notice.
        self.db[DELIVERIES].update_one(
            {"_id": delivery["_id"], "tenant_id": delivery["tenant_id"], "status": str(Status.SENDING)},
            {"$set": {**changes, "updated_at": entry["at"]}, "$push": {"history": entry}})
        if delivery.get("notice_id"):  # its counts are reported once the round ends, not once per message
            self._notices_changed.add((delivery["tenant_id"], delivery["notice_id"]))

    def _suppress(self, delivery: dict, reason: Suppression, **changes) -> None:
        at = self.clock()
        self._finish(delivery, {"status": str(Status.SUPPRESSED), "reason": str(reason), "next_attempt_at": None,
                                **changes}, _history(at, Status.SUPPRESSED, str(reason)))

    def _retry_later(self, delivery: dict, code: str, detail: str, retry_after: float | None = None) -> None:
        at = self.clock()
        after = after_attempt("retry", delivery["attempts"], at, retry_after)
        self._finish(delivery, {"status": str(after.status), "next_attempt_at": after.next_attempt_at,
                                "dead_letter": after.dead_letter, "reason": code},
                     _history(at, after.status, code, detail))

    def _send(self, delivery: dict) -> None:
        tenant = delivery["tenant_id"]
        policy = self._settings(policy_of, tenant)
        values = {"sender": policy.sender_name, **delivery["params"]}
        order = policy.staff_channels if delivery["audience"] == "staff" else policy.channels
        usable = usable_channels(self.channels, policy.provider_templates, delivery["topic"])
        if not set(order) & usable:
            # Nothing set up could carry it (no channel, or no approved template for this topic): say so without
            # reading anyone's contact.
            return self._suppress(delivery, Suppression.NO_CHANNEL)
        if delivery["audience"] == "staff":
            reach = Reach(staff_addresses(self.db, delivery["recipient_key"].removeprefix("staff:")), set(), True)
        else:
            try:
                reach = (self._household_reach(tenant, delivery) if delivery["audience"] == "household"
                         else self._customer_reach(tenant, delivery, values))
            except ContactUnavailable as error:
                return self._retry_later(delivery, "contact_unavailable", str(error))
            if reach is None:
                return self._suppress(delivery, Suppression.NO_CONTACT)
        addresses, opted, urgent, key = reach.addresses, reach.opted_out, reach.urgent, reach.key
        channel, refusal = choose_channel(order, addresses, opted, usable)
        if channel is None:
            return self._suppress(delivery, refusal if addresses else Suppression.NO_CONTACT)
        at = self.clock()
        if key and throttled(self._sent_last_hour(tenant, key, at), policy.per_hour, urgent):
            return self._suppress(delivery, Suppression.THROTTLED, address_key=key)
        template = self._settings(template_of, tenant, Topic(delivery["topic"]), channel, policy.language)
        provider_template = (policy.provider_templates.get(str(channel)) or {}).get(delivery["topic"], "")
        shown = values
        if "code_sealed" in values:
            try:
                values["code"] = self._pickup_code(delivery, values.pop("code_sealed"))
            except Unsealable:
                return self._finish(delivery, {"status": str(Status.FAILED), "next_attempt_at": None,
                                               "dead_letter": True, "reason": "code_unsealable"},
                                    _history(at, Status.FAILED, "code_unsealable",
                                             "the pickup code does not open with KEFU_PICKUP_SEAL_KEY"))
            shown = {**values, "code": HIDDEN_CODE}
        outgoing = Outgoing(delivery_id=delivery["_id"], channel=str(channel), address=addresses[channel],
                            template=provider_template, params=parameters(template, values),
                            text=render(template.text, values), subject=render(template.subject, values),
                            url=values.get("survey_url") or values.get("notice_url"))
        sender = self.channels[str(channel)]
        outcome = sender.send(outgoing)
        metrics.count(metrics.NOTIFICATIONS, str(channel), outcome.status)
        at = self.clock()
        after = after_attempt(outcome.status, delivery["attempts"], at, outcome.retry_after)
        changes = {"status": str(after.status), "next_attempt_at": after.next_attempt_at,
                   "dead_letter": after.dead_letter, "channel": str(channel), "provider": sender.name,
                   "address_masked": mask_address(channel, addresses[channel]), "address_key": key,
                   "text": render(template.text, shown), "reason": outcome.code,
                   "provider_message_id": outcome.provider_message_id}
        if after.status is Status.SENT:
            changes["sent_at"] = at
        self._finish(delivery, changes, _history(at, after.status, outcome.code, outcome.detail))

    def _customer_reach(self, tenant: str, delivery: dict, values: dict) -> Reach | None:
        """Where the customer can be told (a ticket's phone from ticketing, a unit's household from identity; their
        bindings, their opt-outs), or None without a phone; a ticket's title goes into `values`."""
        if delivery["recipient_key"].startswith("unit:"):
            if self.households is None:
                raise ContactUnavailable("this sender reads no households' contacts")
            household = self.households.of_unit(tenant, delivery["recipient_key"].removeprefix("unit:"), purpose="survey")
            phone = household_phone((household or {}).get("contacts") or [], SURVEY_ROLE_ORDER) or ""
        else:
            contact = self.contacts.fetch(tenant, delivery["ticket_id"])
            phone = (contact or {}).get("callback_phone") or ""
            values["title"] = (contact or {}).get("title") or ""
        phone = normalise_phone(phone)
        if not phone:
            return None
        return self._phone_reach(tenant, phone, delivery["urgent"])

    def _phone_reach(self, tenant: str, phone: str, urgent: bool) -> Reach:
        """A customer known by phone: SMS to it, WeChat and e-mail where bound to it, minus their opt-outs."""
        key = address_key(self.config.contact_key, phone)
        binding = binding_of(self.db, tenant, key)
        addresses = {Channel.SMS: "+86" + phone if len(phone) == 11 else phone}
        if binding.get("wechat_openid"):
            addresses[Channel.WECHAT] = binding["wechat_openid"]
        if binding.get("email"):
            addresses[Channel.EMAIL] = binding["email"]
        return Reach(addresses, opted_out_channels(self.db, tenant, key), urgent, key)

    def _household_reach(self, tenant: str, delivery: dict) -> Reach | None:
        """Where a household is told: the phone its notice's page of households gave, or for a parcel the unit's
        household read from identity now (ContactUnavailable: retried later)."""
        phone = delivery.get("address")
        if not phone and delivery.get("unit_id") and delivery.get("notice_id") is None:
            if self.households is None:
                raise ContactUnavailable("no households client configured")
            household = self.households.of_unit(tenant, delivery["unit_id"])
            phone = household_phone((household or {}).get("contacts") or [])
        phone = normalise_phone(phone or "")
        return self._phone_reach(tenant, phone, delivery["urgent"]) if phone else None

    def _pickup_code(self, delivery: dict, sealed: str) -> str:
        # The context desk sealed it under: a code sealed for another parcel or project does not open here.
        return unseal(self.config.pickup_seal_key, pickup_code_context(delivery["tenant_id"], delivery["parcel_id"]),
                      sealed)

    def _sent_last_hour(self, tenant: str, key: str, at: datetime) -> int:
        return TenantCollection(self.db[DELIVERIES], tenant).count_documents(
            {"address_key": key, "sent_at": {"$gt": at - timedelta(hours=1)}})


# --- receipts -------------------------------------------------------------------------------------------------

def receipt_token(key: str, provider: str) -> str:
    """The secret part of a provider's receipt URL: /receipts/<provider>/<token>."""
    return hmac.new(key.encode(), f"receipts:{provider}".encode(), hashlib.sha256).hexdigest()[:40]


def apply_receipts(db: Database, config: NotificationsConfig, provider: str, token: str, body: bytes) -> int:
    """A provider's delivery receipts: each marks its sent message delivered or failed. The URL's token is
    checked first (a wrong one looks like a missing page); a receipt for an unknown message is ignored."""
    # As bytes: a token with characters beyond ASCII is simply wrong (compare_digest refuses such a str).
    if not hmac.compare_digest(token.encode(), receipt_token(config.receipt_key, provider).encode()):
        raise NotFound("No such receipt endpoint.")
    try:
        receipts = parse_receipts(provider, body)
    except ValueError as error:
        raise Unprocessable(f"Not a {provider} receipt: {error}", reason_code="invalid_receipt") from error
    applied = 0
    for receipt in receipts:
        found = db[DELIVERIES].find_one({"provider_message_id": receipt.provider_message_id,
                                         "status": str(Status.SENT)}, {"tenant_id": 1, "notice_id": 1})
        if found is None:
            continue
        at = receipt.at or now()
        status = Status.DELIVERED if receipt.delivered else Status.FAILED
        changes = {"status": str(status), "delivered_at": at if receipt.delivered else None}
        if not receipt.delivered:
            changes["reason"] = receipt.code
        TenantCollection(db[DELIVERIES], found["tenant_id"]).update_one(
            {"_id": found["_id"], "status": str(Status.SENT)},
            {"$set": {**changes, "updated_at": now()}, "$push": {"history": _history(at, status, receipt.code)}})
        mark_changed(db, found)
        applied += 1
    return applied


# --- the log over REST ----------------------------------------------------------------------------------------

def present_delivery(doc: dict) -> dict:
    return {"id": doc["_id"], "topic": doc["topic"], "audience": doc["audience"], "ticket_id": doc.get("ticket_id"),
            "status": doc["status"], "reason": doc.get("reason"), "held_for": doc.get("held_for"),
            "urgent": doc.get("urgent", False), "channel": doc.get("channel"), "provider": doc.get("provider"),
            "address": doc.get("address_masked"), "text": doc.get("text"), "attempts": doc.get("attempts", 0),
            "next_attempt_at": doc.get("next_attempt_at"), "dead_letter": doc.get("dead_letter", False),
            "source_event_type": doc.get("source_event_type"), "created_at": doc["created_at"],
            "sent_at": doc.get("sent_at"), "delivered_at": doc.get("delivered_at"), "history": doc.get("history", [])}


LOG_FILTERS = ("status", "ticket_id", "topic", "audience", "channel")


def list_deliveries(db: Database, tenant_id: str, query: dict) -> dict:
    deliveries = TenantCollection(db[DELIVERIES], tenant_id)
    filter_ = {name: query[name] for name in LOG_FILTERS if query.get(name)}
    if query.get("dead_letter") is not None:
        filter_["dead_letter"] = query["dead_letter"]
    return page_of(lambda: deliveries.find(filter_).sort("created_at", -1), deliveries.count_documents(filter_),
                   query["page"], query["page_size"], dump=present_delivery)


def get_delivery(db: Database, tenant_id: str, delivery_id: str) -> dict:
    doc = TenantCollection(db[DELIVERIES], tenant_id).find_one({"_id": delivery_id})
    if doc is None:
        raise NotFound("No such delivery.")
    return present_delivery(doc)
