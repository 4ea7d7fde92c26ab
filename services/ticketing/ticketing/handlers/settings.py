"""Per-project settings: the SLA policy (TK-4), the business calendar, and the rule numbers
the requirements mark as project defaults (500-yuan HQ threshold, 3-month warranty, 3 notices)."""
from __future__ import annotations

from datetime import date, time

from kefulib.authn import Principal
from kefulib.store import TenantCollection
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from ..domain import BusinessCalendar, SlaPolicy, WorkWindow, check_schedulable
from ..store import SETTINGS
from .common import domain_errors, now

DEFAULT_RULES = {"hq_loss_threshold_fen": 50_000, "warranty_months": 3, "clutter_notices": 3,
                 "repeat_window_days": 30}


def calendar_to_doc(calendar: BusinessCalendar) -> dict:
    def windows(ws):
        return [{"start": w.start.isoformat("minutes"), "end": w.end.isoformat("minutes")} for w in ws]
    return {"timezone": calendar.timezone, "weekly_hours": [windows(day) for day in calendar.weekly_hours],
            "holidays": sorted(d.isoformat() for d in calendar.holidays),
            "extra_working_days": sorted(d.isoformat() for d in calendar.extra_working_days),
            "extra_day_hours": windows(calendar.extra_day_hours)}


def calendar_from_doc(doc: dict) -> BusinessCalendar:
    def windows(ws):
        return tuple(WorkWindow(_time(w["start"]), _time(w["end"])) for w in ws)
    return BusinessCalendar(
        timezone=doc.get("timezone", "Asia/Shanghai"),
        weekly_hours=tuple(windows(day) for day in doc["weekly_hours"]),
        holidays=frozenset(_date(d) for d in doc.get("holidays", ())),
        extra_working_days=frozenset(_date(d) for d in doc.get("extra_working_days", ())),
        extra_day_hours=windows(doc.get("extra_day_hours", calendar_to_doc(BusinessCalendar())["extra_day_hours"])))


def _time(value) -> time:
    return value if isinstance(value, time) else time.fromisoformat(value)


def _date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def defaults() -> dict:
    return {"policy": SlaPolicy().to_settings(), "calendar": calendar_to_doc(BusinessCalendar()),
            "rules": dict(DEFAULT_RULES), "updated_at": None, "updated_by": None}


def project_settings(db: Database, tenant_id: str, session=None) -> dict:
    stored = TenantCollection(db[SETTINGS], tenant_id).find_one({"_id": tenant_id}, session=session)
    result = defaults()
    if stored:
        result.update({k: stored[k] for k in ("policy", "calendar", "updated_at", "updated_by") if k in stored})
        result["rules"] = {**DEFAULT_RULES, **stored.get("rules", {})}
    return result


def put_settings(db: Database, principal: Principal, body: dict) -> dict:
    """Replace the project's settings; the policy may be partial (missing targets keep TK-4 defaults)."""
    current = project_settings(db, principal.tenant_id)
    with domain_errors("policy."):
        policy = SlaPolicy.from_settings(body.get("policy", current["policy"]))
    with domain_errors("calendar."):
        calendar = calendar_from_doc(body["calendar"]) if "calendar" in body else calendar_from_doc(current["calendar"])
    with domain_errors("policy."):
        check_schedulable(policy, calendar, now())
    doc = {"policy": policy.to_settings(), "calendar": calendar_to_doc(calendar),
           "rules": {**current["rules"], **body.get("rules", {})}, "updated_at": now(), "updated_by": principal.actor}
    collection = TenantCollection(db[SETTINGS], principal.tenant_id)
    if collection.update_one({"_id": principal.tenant_id}, {"$set": doc}).matched_count == 0:
        try:
            collection.insert_one({"_id": principal.tenant_id, **doc})
        except DuplicateKeyError:
            collection.update_one({"_id": principal.tenant_id}, {"$set": doc})
    return project_settings(db, principal.tenant_id)
