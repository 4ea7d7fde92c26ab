"""Who holds which role where, kept from identity's events (X-2: never by reading identity's database,
and not by calling identity at every breach, so an escalation still reaches people while identity is down).

Each (scope, person, role) is one document with ``active`` and ``as_of``: a change older than the one
already applied is ignored, so a grant redelivered after its removal cannot bring the role back.
"""
from __future__ import annotations

from collections.abc import Iterable

from kefulib.messaging import Event
from kefulib.store import TenantCollection
from pymongo.database import Database

from ..domain import Holder, scope_of
from ..store import ON_DUTY, ROLE_HOLDERS
from .common import parse_time

ROLE_GRANTED = "identity.staff.role_granted"
ROLE_REMOVED = "identity.staff.role_removed"


def on_role_changed(db: Database, active: bool):
    def handle(event: Event, session) -> None:
        data = event.data
        at = parse_time(event.occurred_at)
        holders = TenantCollection(db[ROLE_HOLDERS], event.tenant_id)
        key = f"{event.tenant_id}:{data['staff_id']}:{data['role']}"
        current = holders.find_one({"_id": key}, session=session)
        if current is not None and current["as_of"] > at:
            return  # a later change of this role is already applied
        fields = {"staff_id": data["staff_id"], "role": data["role"], "active": active, "as_of": at,
                  "display_name": data.get("display_name") or (current or {}).get("display_name", "")}
        if current is None:
            holders.insert_one({"_id": key, **fields}, session=session)
        else:
            holders.update_one({"_id": key}, {"$set": fields}, session=session)
    return handle


def active_holders(db: Database, project_id: str, roles: Iterable[str], session=None) -> list[Holder]:
    """The current holders of ``roles`` for a matter of ``project_id`` (HQ roles from the company scope)."""
    by_scope: dict[str, list[str]] = {}
    for role in roles:
        by_scope.setdefault(scope_of(role, project_id), []).append(role)
    found = []
    for scope, scoped_roles in by_scope.items():
        rows = TenantCollection(db[ROLE_HOLDERS], scope).find(
            {"role": {"$in": scoped_roles}, "active": True}, session=session)
        found += [Holder(r["staff_id"], r["role"], scope, r.get("display_name", "")) for r in rows]
    return found


SHIFT_HANDED_OVER = "ticketing.shift.handed_over"


def on_shift_handed_over(db: Database):
    """Who is on duty in a project: the incoming person of its latest signed hand-over (TK-12)."""
    def handle(event: Event, session) -> None:
        data = event.data
        at = parse_time(data["signed_at"])
        duty = TenantCollection(db[ON_DUTY], event.tenant_id)
        current = duty.find_one({"_id": f"{event.tenant_id}:on_duty"}, session=session)
        if current is not None and current["since"] >= at:
            return  # a later hand-over is already applied
        fields = {"staff_id": data["incoming"], "since": at, "handover_id": data["handover_id"]}
        if current is None:
            duty.insert_one({"_id": f"{event.tenant_id}:on_duty", **fields}, session=session)
        else:
            duty.update_one({"_id": current["_id"]}, {"$set": fields}, session=session)
    return handle


def on_duty(db: Database, project_id: str, session=None) -> str | None:
    """The staff id on duty in the project now, if a hand-over was ever signed there."""
    doc = TenantCollection(db[ON_DUTY], project_id).find_one({"_id": f"{project_id}:on_duty"}, session=session)
    return doc["staff_id"] if doc else None
