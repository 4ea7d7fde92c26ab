"""The project's own settings: the move-in date and the quality-check numbers (ID-10), defaults the handbook's."""
from __future__ import annotations

from datetime import date, datetime

from kefulib.store import TenantCollection
from pymongo.database import Database

from ..domain import QualityCheckPolicy
from ..store import PROJECT_SETTINGS

DEFAULT_SETTINGS = {
    "move_in_date": None,
    "full_check_after_months": 12,
    "full_check_occupancy": "4/5",
    "sample_ratio": "1/20",
    "sample_every_months": 6,
}


def get_settings(db: Database, tenant_id: str) -> dict:
    stored = TenantCollection(db[PROJECT_SETTINGS], tenant_id).find_one({"_id": tenant_id}) or {}
    settings = {**DEFAULT_SETTINGS, **{k: v for k, v in stored.items() if k in DEFAULT_SETTINGS}}
    if isinstance(settings["move_in_date"], datetime):
        settings["move_in_date"] = settings["move_in_date"].date()
    return settings


def quality_policy(settings: dict) -> QualityCheckPolicy:
    return QualityCheckPolicy(settings["full_check_after_months"], settings["full_check_occupancy"],
                              settings["sample_ratio"], settings["sample_every_months"])


def put_settings(db: Database, tenant_id: str, body: dict) -> dict:
    """PATCH /settings: the fields given replace the stored ones (one document per project, its id the project's)."""
    settings = {**get_settings(db, tenant_id), **body}
    quality_policy(settings)  # InvalidInput names the field
    stored = dict(settings)
    if isinstance(stored["move_in_date"], date):
        stored["move_in_date"] = datetime.combine(stored["move_in_date"], datetime.min.time())
    # Through the project's TenantCollection: the upsert takes the project from its scope (never from the body)
    # and the change goes to the audit trail.
    TenantCollection(db[PROJECT_SETTINGS], tenant_id).update_one({"_id": tenant_id}, {"$set": stored}, upsert=True)
    return settings
