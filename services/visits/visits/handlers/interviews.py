"""Customer interviews 客户访谈 (VS-4): plans, key customers from identity, records, quotas, reports, lateness."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from kefulib.authn import Principal
from kefulib.messaging import Event
from kefulib.problems import Conflict
from kefulib.store import TenantCollection
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from ..domain import (
    KEY_CUSTOMER_CLASSES,
    AnalysisReport,
    InterviewRecord,
    KeyCustomer,
    Month,
    MonthlyInterviewPlan,
    PlannedInterview,
    QuotaPolicy,
    YearlyPlanItem,
    is_late,
    month_of,
    monthly_targets,
    quota_status,
    report_due_date,
    what_is_late,
)
from ..store import CUSTOMERS, INTERVIEW_REPORTS, INTERVIEWS, MONTHLY_PLANS, UNITS, YEARLY_PLANS
from .common import domain_errors, get_or_404, not_found, now, project_settings


def parse_month(text: str) -> Month:
    with domain_errors():
        return Month.parse(text)


def last_month(db: Database, tenant: str) -> Month:
    zone = project_settings(db, tenant)["timezone"]
    first = month_of(now(), zone).first_day
    return Month.of(first - timedelta(days=1))


# ---- from identity's events ------------------------------------------------------------------------------

def on_customer_classified(db: Database, event: Event, session) -> None:
    """Keep the customer's classes (key or not) and unit; an older classification never overwrites a newer one."""
    data = event.data
    classes = sorted(set(data.get("classes") or []))
    key_classes = sorted(set(classes) & KEY_CUSTOMER_CLASSES)
    fields = {
        "unit_id": data.get("unit_id"), "classes": classes, "key_classes": key_classes, "is_key": bool(key_classes),
        "tenure_band": data.get("tenure_band"), "classified_at": event.occurred_at, "event_id": event.id,
    }
    customers = TenantCollection(db[CUSTOMERS], event.tenant_id)
    current = customers.find_one({"customer_id": data["customer_id"]}, session=session)
    if current is None:
        customers.insert_one({"_id": str(uuid.uuid4()), "customer_id": data["customer_id"], **fields}, session=session)
    elif current.get("classified_at", "") <= event.occurred_at:
        customers.update_one({"_id": current["_id"]}, {"$set": fields}, session=session)
    if data.get("unit_id"):
        _remember_unit(db, event.tenant_id, data["unit_id"], session)


def on_unit_created(db: Database, event: Event, session) -> None:
    _remember_unit(db, event.tenant_id, event.data["unit_id"], session)


def _remember_unit(db: Database, tenant: str, unit_id: str, session) -> None:
    units = TenantCollection(db[UNITS], tenant)
    if units.find_one({"unit_id": unit_id}, session=session) is None:
        units.insert_one({"_id": str(uuid.uuid4()), "unit_id": unit_id, "added_at": now()}, session=session)


def key_customers(db: Database, tenant: str) -> list[KeyCustomer]:
    found = TenantCollection(db[CUSTOMERS], tenant).find({"is_key": True}).sort("customer_id", 1)
    return [KeyCustomer(d["customer_id"], d.get("unit_id") or "", frozenset(d["key_classes"])) for d in found]


# ---- plans -----------------------------------------------------------------------------------------------

def save_yearly_plan(db: Database, principal: Principal, year: int, body: dict) -> dict:
    with domain_errors():
        for item in body["items"]:
            YearlyPlanItem(item["month"], item["responsible_role"], item["scope"], item["content"])
    return _replace(TenantCollection(db[YEARLY_PLANS], principal.tenant_id), {"year": year},
                    {"items": body["items"]}, principal.actor)


def save_monthly_plan(db: Database, principal: Principal, month_text: str, body: dict) -> dict:
    month = parse_month(month_text)
    with domain_errors():
        MonthlyInterviewPlan(month, tuple(PlannedInterview(**item) for item in body["interviews"]))
    interviews = [{**item, "planned_on": item["planned_on"].isoformat()} for item in body["interviews"]]
    return _replace(TenantCollection(db[MONTHLY_PLANS], principal.tenant_id), {"month": str(month)},
                    {"interviews": interviews, "staff": body["staff"]}, principal.actor)


def _replace(collection: TenantCollection, key: dict, values: dict, actor: str) -> dict:
    stamp = {"updated_by": actor, "updated_at": now()}
    current = collection.find_one(key)
    if current is None:
        try:
            return collection.insert_one({"_id": str(uuid.uuid4()), **key, **values, **stamp})
        except DuplicateKeyError:
            current = collection.find_one(key)
    return collection.find_one_and_update({"_id": current["_id"]}, {"$set": {**values, **stamp}})


def get_plan(collection: TenantCollection, key: dict, what: str) -> dict:
    found = collection.find_one(key)
    if found is None:
        raise not_found(what)
    return found


def monthly_plan(db: Database, tenant: str, month: Month) -> MonthlyInterviewPlan:
    settings = project_settings(db, tenant)
    stored = TenantCollection(db[MONTHLY_PLANS], tenant).find_one({"month": str(month)}) or {}
    planned = tuple(PlannedInterview(**{**item, "planned_on": datetime.fromisoformat(item["planned_on"]).date()})
                    for item in stored.get("interviews", []))
    return MonthlyInterviewPlan(month, planned, tuple(key_customers(db, tenant)), stored.get("staff", {}),
                                QuotaPolicy(settings["interview_quotas"]), settings["timezone"])


def targets(db: Database, tenant: str, month_text: str) -> dict:
    month = parse_month(month_text)
    ratio = project_settings(db, tenant)["household_sample_ratio"]
    units = [d["unit_id"] for d in TenantCollection(db[UNITS], tenant).find({}, {"unit_id": 1})]
    with domain_errors():
        keys, sampled = monthly_targets(key_customers(db, tenant), units, ratio, f"{tenant}:{month}")
    return {
        "month": str(month), "household_sample_ratio": str(ratio),
        "key_customers": [{"customer_id": k.customer_id, "unit_id": k.unit_id, "classes": sorted(k.classes)}
                          for k in keys],
        "sampled_units": list(sampled), "ordinary_units_known": len(set(units) - {k.unit_id for k in keys}),
    }


# ---- interview records -----------------------------------------------------------------------------------

def _role_of(principal: Principal, policy: QuotaPolicy) -> str | None:
    with_quota = sorted(role for role in principal.roles if policy.required(role) > 0)
    if with_quota:
        return with_quota[0]
    return sorted(principal.roles)[0] if principal.roles else None


def record_interview(db: Database, principal: Principal, body: dict) -> dict:
    settings = project_settings(db, principal.tenant_id)
    at = body.get("interviewed_at") or now()
    with domain_errors():
        record = InterviewRecord(principal.actor, body["unit_id"], at, body.get("needs", ""), body.get("measures", ""),
                                 body.get("measure_status", "none_needed"), body.get("satisfaction"),
                                 body.get("method", "in_person"), body.get("customer_id"))
        month = month_of(record.interviewed_at, settings["timezone"])
    doc = {
        "_id": str(uuid.uuid4()), "interviewer_id": record.interviewer_id,
        "interviewer_role": _role_of(principal, QuotaPolicy(settings["interview_quotas"])),
        "unit_id": record.unit_id, "customer_id": record.customer_id, "interviewed_at": record.interviewed_at,
        "month": str(month), "needs": record.needs, "measures": record.measures,
        "measure_status": record.measure_status, "satisfaction": record.satisfaction, "method": record.method.value,
        "scope": body.get("scope", ""), "created_at": now(),
    }
    TenantCollection(db[INTERVIEWS], principal.tenant_id).insert_one(doc)
    return doc


def update_measures(db: Database, principal: Principal, interview_id: str, body: dict) -> dict:
    interviews = TenantCollection(db[INTERVIEWS], principal.tenant_id)
    doc = get_or_404(interviews, interview_id, "interview")
    with domain_errors():
        InterviewRecord(doc["interviewer_id"], doc["unit_id"], doc["interviewed_at"],
                        measure_status=body["measure_status"])
    changes = {"measure_status": body["measure_status"], "measures_updated_by": principal.actor,
               "measures_updated_at": now()}
    if "measures" in body:
        changes["measures"] = body["measures"]
    return interviews.find_one_and_update({"_id": interview_id}, {"$set": changes})


def _records(db: Database, tenant: str, month: Month) -> tuple[list[dict], list[InterviewRecord]]:
    docs = list(TenantCollection(db[INTERVIEWS], tenant).find({"month": str(month)}))
    records = [InterviewRecord(d["interviewer_id"], d["unit_id"], d["interviewed_at"], method=d["method"],
                               customer_id=d.get("customer_id")) for d in docs]
    return docs, records


def _staff(plan: MonthlyInterviewPlan, docs: list[dict]) -> dict[str, str]:
    staff = {d["interviewer_id"]: d["interviewer_role"] for d in docs if d.get("interviewer_role")}
    return {**staff, **plan.staff}


def quotas(db: Database, tenant: str, month_text: str) -> dict:
    month = parse_month(month_text)
    plan = monthly_plan(db, tenant, month)
    docs, records = _records(db, tenant, month)
    statuses = quota_status(records, month, _staff(plan, docs), plan.quotas, plan.timezone)
    return {"month": str(month), "items": [
        {"person_id": s.person_id, "role": s.role, "done": s.done, "required": s.required, "short": s.short}
        for s in statuses.values()]}


def late(db: Database, tenant: str, month_text: str | None) -> dict:
    month = parse_month(month_text) if month_text else last_month(db, tenant)
    plan = monthly_plan(db, tenant, month)
    docs, records = _records(db, tenant, month)
    plan = MonthlyInterviewPlan(plan.month, plan.interviews, plan.key_customers, _staff(plan, docs), plan.quotas,
                                plan.timezone)
    report = TenantCollection(db[INTERVIEW_REPORTS], tenant).find_one({"month": str(month)})
    reports = [AnalysisReport(month, report["submitted_at"])] if report else []
    items = what_is_late(plan, records, reports, now())
    return {"month": str(month), "report_due_on": report_due_date(month),
            "items": [{"kind": i.kind, "subject_id": i.subject_id, "month": str(i.month), "detail": i.detail}
                      for i in items]}


# ---- the monthly analysis report --------------------------------------------------------------------------

def submit_report(db: Database, principal: Principal, body: dict) -> dict:
    month = parse_month(body["month"])
    tenant = principal.tenant_id
    settings = project_settings(db, tenant)
    at = now()
    if month_of(at, settings["timezone"]) <= month:
        raise Conflict(f"The analysis of {month} can be submitted once the month is over.",
                       reason_code="month_not_over")
    docs, _ = _records(db, tenant, month)
    rated = [d["satisfaction"] for d in docs if d.get("satisfaction") is not None]
    doc = {
        "_id": str(uuid.uuid4()), "month": str(month), "summary": body["summary"], "submitted_at": at,
        "submitted_by": principal.actor, "due_on": report_due_date(month).isoformat(),
        "late": is_late(at, month, at, settings["timezone"]), "interviews": len(docs),
        "average_satisfaction": round(sum(rated) / len(rated), 2) if rated else None,
        "open_measures": sum(1 for d in docs if d.get("measure_status") == "open"),
    }
    try:
        TenantCollection(db[INTERVIEW_REPORTS], tenant).insert_one(doc)
    except DuplicateKeyError as exc:
        raise Conflict(f"The analysis of {month} was already submitted.", reason_code="already_submitted") from exc
    return doc
