"""Parcels, mail and newspapers 包裹/邮件/报纸 (DK-3): receipt with a pickup code, pickup, lockout, shelves."""
from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict
from kefulib.sealed import pickup_code_context, seal
from kefulib.store import TenantCollection, run_in_transaction
from kefulib.web import page_of
from pymongo.database import Database

from ..domain import parcels as rules_of_parcels
from ..domain.parcels import ParcelStatus, PickupState, ShelfEntry
from ..domain.people import mask_name
from ..store import PARCELS
from .common import desk_settings, get_or_404, now, person, person_doc, rules

PARCEL_RECEIVED = "desk.parcel.received"
# Never answered: the code's hash and the internal lock bookkeeping stay in the database.
HIDDEN = ("pickup_code_hash",)


def _parcels(db: Database, tenant: str) -> TenantCollection:
    return TenantCollection(db[PARCELS], tenant)


def view(parcel: dict, unclaimed_after_days: int, at) -> dict:
    shown = {k: v for k, v in parcel.items() if k not in HIDDEN}
    return {**shown, "attempts_left": max(0, rules_of_parcels.MAX_WRONG_CODES - parcel["wrong_codes"]),
            "unclaimed": rules_of_parcels.is_unclaimed(parcel["status"], parcel["received_at"], at,
                                                       unclaimed_after_days)}


def _state(parcel: dict) -> PickupState:
    return PickupState(parcel["status"], parcel["wrong_codes"], parcel["locked"])


def receive(db: Database, principal: Principal, code_key: bytes, body: dict, seal_key: str) -> dict:
    """Record what arrived; the answer carries the pickup code once (for the clerk), never again; the resident gets
    it by SMS from notifications, sealed in the event under a key only the two services hold."""
    tenant = principal.tenant_id
    at = now()
    parcel_id = str(uuid.uuid4())
    code = rules_of_parcels.pickup_code(secrets.randbelow(rules_of_parcels.CODE_SPACE))
    doc = {"_id": parcel_id, "kind": body["kind"], "carrier": body.get("carrier", ""),
           "tracking_number": body.get("tracking_number", ""), "unit_id": body["unit_id"],
           "recipient_name": body["recipient_name"], "shelf": body["shelf"], "note": body.get("note", ""),
           "status": str(ParcelStatus.WAITING), "received_at": at, "received_by": principal.actor,
           "pickup_code_hash": rules_of_parcels.code_hash(code_key, tenant, parcel_id, code),
           "wrong_codes": 0, "locked": False, "locked_at": None, "unlocked_by": None,
           "picked_up_at": None, "handed_over_by": None, "pickup": None}
    settings = desk_settings(db, tenant)
    # No names and no readable code in the event: notifications finds the unit's households itself, and the code
    # is sealed (AES-GCM, bound to this parcel) so the broker and every other consumer see only ciphertext.
    event = Event(PARCEL_RECEIVED, tenant, {
        "parcel_id": parcel_id, "unit_id": body["unit_id"], "kind": body["kind"], "shelf": body["shelf"],
        "pickup_hours": settings.pickup_hours, "received_at": at.isoformat(),
        "pickup_code_sealed": seal(seal_key, pickup_code_context(tenant, parcel_id), code)}, actor=principal.actor)

    def write(session):
        _parcels(db, tenant).insert_one(doc, session=session)
        add_to_outbox(db, event, session)

    run_in_transaction(db, write)
    return {**view(doc, settings.unclaimed_parcel_days, at), "pickup_code": code}


def get_parcel(db: Database, tenant: str, parcel_id: str) -> dict:
    parcel = get_or_404(_parcels(db, tenant), parcel_id, "parcel")
    return view(parcel, desk_settings(db, tenant).unclaimed_parcel_days, now())


def list_parcels(db: Database, tenant: str, query: dict) -> dict:
    at = now()
    days = desk_settings(db, tenant).unclaimed_parcel_days
    filter_ = {name: query[name] for name in ("status", "unit_id", "kind", "shelf", "locked") if name in query}
    if query.get("unclaimed") is True:
        filter_.update(status=str(ParcelStatus.WAITING), received_at={"$lte": at - timedelta(days=days)})
    parcels = _parcels(db, tenant)
    return page_of(lambda: parcels.find(filter_, {h: 0 for h in HIDDEN}).sort([("received_at", -1), ("_id", 1)]),
                   parcels.count_documents(filter_), query["page"], query["page_size"],
                   dump=lambda p: listed(view(p, days, at)))


def listed(parcel: dict) -> dict:
    """A parcel as a list shows it: the recipient's family name only (王**), since a list on a desk screen is
    seen by whoever stands at the desk; the full name is in the parcel's own answer, for the hand-over."""
    return {**parcel, "recipient_name": mask_name(parcel["recipient_name"])}


def pick_up_with_code(db: Database, principal: Principal, code_key: bytes, parcel_id: str, body: dict) -> dict:
    tenant = principal.tenant_id
    parcels = _parcels(db, tenant)
    parcel = get_or_404(parcels, parcel_id, "parcel")
    matches = rules_of_parcels.code_matches(code_key, tenant, parcel_id, body["code"], parcel["pickup_code_hash"])
    with rules():
        attempt = rules_of_parcels.attempt_code(_state(parcel), matches)
    if not attempt.accepted:
        _count_wrong_code(parcels, parcel, attempt)
    pickup = {"method": "code", "collector_name": body.get("collector_name"), "reason": None}
    return _hand_over(db, principal, parcel, pickup)


def _count_wrong_code(parcels: TenantCollection, parcel: dict, attempt) -> None:
    """Kept although the request is refused: the count is what stops someone trying every code."""
    at = now()
    changes = {"wrong_codes": attempt.wrong_codes, "locked": attempt.locked, "locked_at": at if attempt.locked else None}
    # Guarded by the count read: two wrong tries at once still count as two (the later one sees the first's).
    changed = parcels.update_one({"_id": parcel["_id"], "wrong_codes": parcel["wrong_codes"], "locked": False},
                                 {"$set": changes})
    if not changed.modified_count:
        raise Conflict("The parcel changed a moment ago; try again.", reason_code="parcel_changed")
    if attempt.locked:
        raise Conflict("Wrong pickup code, and the fifth: the parcel is locked until a supervisor unlocks it.",
                       reason_code="parcel_locked", attempts_left=0)
    raise Conflict("Wrong pickup code.", reason_code="wrong_pickup_code", attempts_left=attempt.attempts_left)


def pick_up_with_signature(db: Database, principal: Principal, parcel_id: str, body: dict) -> dict:
    """The code is lost: the collector signs with name and ID last 4, and the desk records why."""
    parcel = get_or_404(_parcels(db, principal.tenant_id), parcel_id, "parcel")
    with rules():
        rules_of_parcels.check_signature_pickup(_state(parcel))
    signed = person_doc(person(body["collector"]))
    pickup = {"method": "signature", "collector_name": signed["name"], "collector_id_last4": signed["id_last4"],
              "reason": body["reason"]}
    return _hand_over(db, principal, parcel, pickup)


def _hand_over(db: Database, principal: Principal, parcel: dict, pickup: dict) -> dict:
    parcels = _parcels(db, principal.tenant_id)
    at = now()
    changed = parcels.update_one(
        {"_id": parcel["_id"], "status": str(ParcelStatus.WAITING), "locked": False},
        {"$set": {"status": str(ParcelStatus.PICKED_UP), "picked_up_at": at, "handed_over_by": principal.actor,
                  "pickup": pickup}})
    if not changed.modified_count:
        raise Conflict("The parcel was picked up or locked a moment ago.", reason_code="parcel_changed")
    return get_parcel(db, principal.tenant_id, parcel["_id"])


def unlock(db: Database, principal: Principal, parcel_id: str, body: dict) -> dict:
    """A supervisor has looked into the wrong codes: the parcel can be picked up again, with a fresh count."""
    parcels = _parcels(db, principal.tenant_id)
    parcel = get_or_404(parcels, parcel_id, "parcel")
    with rules():
        rules_of_parcels.check_unlock(_state(parcel))
    changed = parcels.update_one({"_id": parcel_id, "locked": True}, {"$set": {
        "locked": False, "wrong_codes": 0, "unlocked_by": principal.actor, "unlocked_at": now(),
        "unlock_reason": body["reason"]}})
    if not changed.modified_count:
        raise Conflict("The parcel was unlocked a moment ago.", reason_code="not_locked")
    return get_parcel(db, principal.tenant_id, parcel_id)


def shelf_count(db: Database, tenant: str) -> dict:
    """What should be on each shelf now: every parcel still waiting (locked ones too: they are still there)."""
    at = now()
    days = desk_settings(db, tenant).unclaimed_parcel_days
    waiting = list(_parcels(db, tenant).find({"status": str(ParcelStatus.WAITING)},
                                             {"shelf": 1, "received_at": 1, "unit_id": 1, "kind": 1}))
    shelves = rules_of_parcels.shelf_count([ShelfEntry(p["_id"], p["shelf"], p["received_at"]) for p in waiting],
                                           at, days)
    described = {p["_id"]: p for p in waiting}
    return {"counted_at": at, "unclaimed_after_days": days, "total": len(waiting),
            "shelves": [{"shelf": s.shelf, "count": len(s.parcel_ids), "unclaimed": len(s.unclaimed_ids),
                         "parcels": [{"parcel_id": pid, "unit_id": described[pid]["unit_id"],
                                      "kind": described[pid]["kind"], "received_at": described[pid]["received_at"],
                                      "unclaimed": pid in s.unclaimed_ids} for pid in s.parcel_ids]}
                        for s in shelves]}

