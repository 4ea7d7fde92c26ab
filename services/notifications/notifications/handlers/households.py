"""Households told by the desk: a published notice fanned out to every household of its buildings, a parcel
announced to its unit's household, the notice's public page that counts a read, and the counts reported back to
desk (``notifications.notice.progress``, which desk projects onto the notice).

The fan-out is a job, not the consumer: the consumer only records the notice (one document per notice, in its
inbox transaction); the job pages through identity's households 1,000 at a time and writes each page's deliveries
with one bulk insert, then moves the notice's cursor. A worker that dies mid fan-out leaves the cursor at the last
page written: the next one redoes at most that page, and the unique (project, event, household) index drops what
was already there — no household lost, none told twice.
"""
from __future__ import annotations

import logging
from datetime import timedelta
from types import SimpleNamespace

from kefulib.audit import Actor, acting_as
from kefulib.claims import claim_next
from kefulib.messaging import Event, add_to_outbox
from kefulib.store import TenantCollection, run_in_transaction
from pymongo.database import Database
from pymongo.errors import BulkWriteError, DuplicateKeyError

from ..config import SurveyLinks
from ..domain import households as rules
from ..domain.notices import Status, Suppression, Topic
from ..domain.surveys import LinkState
from ..households import PAGE_SIZE, ContactUnavailable, Households
from ..store import DELIVERIES, NOTICE_FANOUTS, NOTICE_READS
from .common import now, parse_time
from .customer_notices import DELIVERY_ADDED, enqueue, new_delivery, schedule
from .notice_settings import policy_of

log = logging.getLogger(__name__)

NOTICE_PUBLISHED = "desk.notice.published"
PARCEL_RECEIVED = "desk.parcel.received"
NOTICE_PROGRESS = "notifications.notice.progress"
LEASE = timedelta(seconds=60)            # one page takes well under a second; a dead worker's lease runs out
RETRY_WHEN_UNAVAILABLE = timedelta(seconds=10)
MIN_PAGE_SIZE = 25  # the smallest page a slow identity is asked for (PAGE_SIZE halved, and halved again)
KINDS = {"parcel": "包裹", "mail": "邮件", "newspaper": "报纸"}
DUPLICATE_KEY = 11000


def _fanouts(db: Database, tenant: str) -> TenantCollection:
    return TenantCollection(db[NOTICE_FANOUTS], tenant)


def fanout_id(tenant: str, notice_id: str) -> str:
    return f"{tenant}:{notice_id}"


# ---- from desk's events ----------------------------------------------------------------------------------------

def on_notice_published(db: Database):
    """Record the notice and where its fan-out stands (nowhere yet); the fan-out job takes it from there."""
    def handle(event: Event, session) -> None:
        data = event.data
        published_at = parse_time(data["published_at"])
        ends_at = parse_time(data["ends_at"]) if data.get("ends_at") else None
        try:
            _fanouts(db, event.tenant_id).insert_one({
                "_id": fanout_id(event.tenant_id, data["notice_id"]), "notice_id": data["notice_id"],
                "title": data["title"], "body": data["body"], "published_at": published_at, "ends_at": ends_at,
                "buildings": [] if data["all_buildings"] else data["buildings"],
                "source_event_id": event.id, "source_event_type": event.type,
                "cursor": {"building": 0, "page": 1, "page_size": PAGE_SIZE}, "done": False, "lease_until": now(), "dirty": True,
                "seq": 0, "last_counts": None, "created_at": now()}, session=session)
        except DuplicateKeyError:
            pass  # published twice (another event id): the households hear of it once
    return handle


def on_parcel_received(db: Database):
    """One delivery to the unit's household; its phone is read from identity when the message goes (the sender),
    the pickup code stays sealed in the delivery until then."""
    def handle(event: Event, session) -> None:
        data = event.data
        policy = policy_of(db, event.tenant_id, session)
        at = now()
        delivery = new_delivery(event, audience="household", recipient_key=rules.recipient_key(data["unit_id"]),
                                topic=Topic.PARCEL, ticket_id=None, urgent=False, at=at, params={
                                    "kind": KINDS.get(data["kind"], "物品"), "shelf": data["shelf"],
                                    "hours": data["pickup_hours"], "code_sealed": data["pickup_code_sealed"]})
        delivery.update(unit_id=data["unit_id"], parcel_id=data["parcel_id"], address=None)
        schedule(delivery, policy, Topic.PARCEL, at, urgent=False)
        enqueue(db, event, session, delivery)
    return handle


# ---- the fan-out job -------------------------------------------------------------------------------------------

class FanOut:
    """Pages through the households of published notices and writes their deliveries in bulk."""

    def __init__(self, db: Database, households: Households, links: SurveyLinks, clock=now):
        self.db, self.households, self.links, self.clock = db, households, links, clock

    def run_once(self) -> int:
        """Fan out every notice that is waiting (one at a time, each to its end); the households written."""
        written = 0
        while (fanout := self._claim()) is not None:
            written += self._fan_out(fanout)
        return written

    def _claim(self) -> dict | None:
        at = self.clock()
        return claim_next(self.db[NOTICE_FANOUTS], {"done": False, "lease_until": {"$lte": at}},
                          {"$set": {"lease_until": at + LEASE}}, sort=[("lease_until", 1)])

    def _fan_out(self, fanout: dict) -> int:
        tenant = fanout["tenant_id"]
        targets = fanout["buildings"] or [None]
        cursor = fanout["cursor"]
        building, page, size = cursor["building"], cursor["page"], cursor.get("page_size", PAGE_SIZE)
        written = 0
        while building < len(targets):
            try:
                answer = self.households.page(tenant, targets[building], page, size)
            except ContactUnavailable as error:
                # A slow identity times out on a big page: the same households in pages half the size (page n of
                # size s is pages 2n-1 and 2n of size s/2), so a loaded archive slows the fan-out, never stops it.
                if size > MIN_PAGE_SIZE:
                    page, size = 2 * page - 1, size // 2
                log.warning("households unavailable, fan-out paused (next page size %s)", size, extra={
                    "record_id": fanout["notice_id"], "error": str(error)})
                self._move(fanout, {"cursor": {"building": building, "page": page, "page_size": size},
                                    "lease_until": self.clock() + RETRY_WHEN_UNAVAILABLE})
                return written
            written += self._write_page(fanout, answer["items"])
            if answer["items"] and page * size < answer["total"]:
                page += 1
            else:
                building, page = building + 1, 1
            # The cursor moves only after the page is written: a crash redoes this page, never skips it.
            self._move(fanout, {"cursor": {"building": building, "page": page, "page_size": size}, "dirty": True,
                                "lease_until": self.clock() + LEASE})
        self._move(fanout, {"done": True, "done_at": self.clock(), "dirty": True})
        return written

    def _move(self, fanout: dict, changes: dict) -> None:
        self.db[NOTICE_FANOUTS].update_one({"_id": fanout["_id"]}, {"$set": changes})

    def _write_page(self, fanout: dict, items: list[dict]) -> int:
        tenant = fanout["tenant_id"]
        policy = policy_of(self.db, tenant)
        at = self.clock()
        source = SimpleNamespace(id=fanout["source_event_id"], type=fanout["source_event_type"])
        expires_at = rules.read_link_expiry(fanout["published_at"], fanout.get("ends_at"))
        page = []
        for household in items:
            delivery = new_delivery(source, audience="household", recipient_key=rules.recipient_key(
                household["unit_id"]), topic=Topic.NOTICE, ticket_id=None, urgent=False, at=at, params={})
            token = rules.sign_read_link(delivery["_id"], expires_at, self.links.key)
            delivery["params"] = {"title": fanout["title"], "notice_url": f"{self.links.public_url}/n/{token}"}
            phone = rules.household_phone(household.get("contacts") or [])
            # Kept on the delivery only until its message is final (the sender then clears it): reading 5,000
            # contacts one by one at send time would be 5,000 logged reads instead of one per page.
            delivery.update(unit_id=household["unit_id"], notice_id=fanout["notice_id"], address=phone,
                            tenant_id=tenant)
            if phone is None:
                delivery.update(status=str(Status.SUPPRESSED), reason=str(Suppression.NO_CONTACT),
                                next_attempt_at=None)
                delivery["history"][0].update(status=str(Status.SUPPRESSED), code=str(Suppression.NO_CONTACT))
            else:
                schedule(delivery, policy, Topic.NOTICE, at, urgent=False)
            page.append(delivery)
        if not page:
            return 0
        try:
            # The delivery log is the record of what was sent; one bulk write per page, no per-household audit.
            inserted = len(self.db[DELIVERIES].insert_many(page, ordered=False).inserted_ids)
        except BulkWriteError as error:
            if any(e["code"] != DUPLICATE_KEY for e in error.details["writeErrors"]):
                raise
            inserted = error.details["nInserted"]  # the page was written before a crash: the rest is new
        DELIVERY_ADDED.set()
        return inserted


# ---- the notice's page -----------------------------------------------------------------------------------------

def open_notice(db: Database, links: SurveyLinks, token: str) -> tuple[int, dict | None]:
    """The notice a household's link names, counting the household's first opening as its read."""
    at = now()
    link = rules.verify_read_link(token, links.key, at)
    if link.state is LinkState.TAMPERED:
        return 404, None
    # By id alone, as the survey page: the signed delivery id is the authority and names the project.
    delivery = db[DELIVERIES].find_one({"_id": link.delivery_id, "topic": str(Topic.NOTICE)})
    if delivery is None:
        return 404, None
    tenant = delivery["tenant_id"]
    fanout = _fanouts(db, tenant).find_one({"notice_id": delivery["notice_id"]})
    if fanout is None:
        return 404, None
    if link.state is LinkState.EXPIRED:
        return 410, fanout
    try:
        with acting_as(Actor("customer", (), "notice link")):
            TenantCollection(db[NOTICE_READS], tenant).insert_one({
                "_id": f"{tenant}:{delivery['notice_id']}:{delivery['unit_id']}", "notice_id": delivery["notice_id"],
                "unit_id": delivery["unit_id"], "read_at": at})
        _fanouts(db, tenant).update_one({"_id": fanout["_id"]}, {"$set": {"dirty": True}})
    except DuplicateKeyError:
        pass  # read once per household, however often it is opened
    return 200, fanout


# ---- progress back to desk -------------------------------------------------------------------------------------

def mark_changed(db: Database, delivery: dict) -> None:
    """A notice's delivery moved: its counts are due to be reported (at the next progress round, not now)."""
    if delivery.get("notice_id"):
        mark_notice_changed(db, delivery["tenant_id"], delivery["notice_id"])


def mark_notice_changed(db: Database, tenant: str, notice_id: str) -> None:
    db[NOTICE_FANOUTS].update_one({"_id": fanout_id(tenant, notice_id)}, {"$set": {"dirty": True}})


def counts_of(db: Database, fanout: dict) -> dict[str, int]:
    tenant = fanout["tenant_id"]
    by_status = {row["_id"]: row["n"] for row in TenantCollection(db[DELIVERIES], tenant).aggregate([
        {"$match": {"source_event_id": fanout["source_event_id"]}}, {"$group": {"_id": "$status", "n": {"$sum": 1}}}])}
    read = TenantCollection(db[NOTICE_READS], tenant).count_documents({"notice_id": fanout["notice_id"]})
    return rules.progress(sum(by_status.values()), by_status, read)


def report_progress(db: Database, clock=now) -> int:
    """One progress event per notice whose counts changed since the last round; the job runs every couple of
    seconds (PROGRESS_EVERY_SECONDS), so a fan-out of 5,000 deliveries makes a handful of events, not 5,000."""
    reported = 0
    # The notices changed since the last round, taken once: a notice changing all the time is reported once per
    # round, not over and over within it.
    for changed in list(db[NOTICE_FANOUTS].find({"dirty": True}, {"_id": 1}).limit(100)):
        fanout = db[NOTICE_FANOUTS].find_one_and_update({"_id": changed["_id"], "dirty": True},
                                                        {"$set": {"dirty": False}})
        if fanout is None:
            continue
        counts = counts_of(db, fanout)
        if counts == fanout.get("last_counts"):
            continue
        at = clock()

        def write(session, fanout=fanout, counts=counts, at=at):
            seq = fanout["seq"] + 1
            _fanouts(db, fanout["tenant_id"]).update_one({"_id": fanout["_id"]},
                                                         {"$set": {"seq": seq, "last_counts": counts}}, session=session)
            add_to_outbox(db, Event(NOTICE_PROGRESS, fanout["tenant_id"], actor=None, data={
                "notice_id": fanout["notice_id"], "seq": seq, "as_of": at.isoformat(), **counts}), session)

        run_in_transaction(db, write)
        reported += 1
    return reported
