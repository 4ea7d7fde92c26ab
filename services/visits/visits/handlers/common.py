"""What every use case shares: domain errors as problems, the project's settings, the document secret."""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from kefulib.config import Settings, secret
from kefulib.problems import Conflict, NotFound, Unprocessable
from kefulib.store import TenantCollection
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from ..domain import (
    DEFAULT_POLICY,
    DEFAULT_TIMEZONE,
    DomainError,
    InvalidInput,
    QuotaPolicy,
    ReturnVisitPolicy,
    project_zone,
    sample_size,
)
from ..store import PROJECT_SETTINGS

log = logging.getLogger(__name__)

#: Development default only; set VISITS_DOCUMENT_SECRET (>= 16 bytes) in every real deployment and keep it
#: stable: stored fingerprints cannot be recomputed after a change (full numbers are never kept).
DEV_DOCUMENT_SECRET = "kefu-dev-only-visits-document-secret"
DEFAULT_SAMPLE_RATIO = "0.1"


def with_document_secret(settings: Settings) -> Settings:
    """`settings` holding the fingerprint secret, read once at start-up: in production an unset
    VISITS_DOCUMENT_SECRET stops the service (a public development key would make every stored fingerprint
    testable by anyone who reads this repository)."""
    if (settings.extra or {}).get("document_secret"):
        return settings
    value = secret("VISITS_DOCUMENT_SECRET", development_default=DEV_DOCUMENT_SECRET)
    return replace(settings, extra={**(settings.extra or {}), "document_secret": value})


def document_secret(settings: Settings) -> bytes:
    return settings.extra["document_secret"].encode()


def now() -> datetime:
    return datetime.now(UTC)


@contextlib.contextmanager
def domain_errors() -> Iterator[None]:
    """A domain refusal becomes a problem: bad input 422 naming the field, a refused rule 409 with its code."""
    try:
        yield
    except InvalidInput as exc:
        field = exc.field or "_body"
        raise Unprocessable(f"These fields are not valid: {field}.", errors={field: [exc.message]},
                            reason_code=exc.code) from exc
    except DomainError as exc:
        raise Conflict(exc.message, reason_code=exc.code) from exc


def not_found(what: str) -> NotFound:
    return NotFound(f"No such {what}.")


def get_or_404(collection: TenantCollection, doc_id: str, what: str, session=None) -> dict:
    found = collection.find_one({"_id": doc_id}, session=session)
    if found is None:
        raise not_found(what)
    return found


def history_entry(action: str, actor: str | None, at: datetime, **details) -> dict:
    return {"action": action, "by": actor, "at": at, **details}


# ---- per-project settings ------------------------------------------------------------------------------

DEFAULT_SETTINGS = {
    "timezone": DEFAULT_TIMEZONE,
    "household_sample_ratio": DEFAULT_SAMPLE_RATIO,
    "interview_quotas": dict(QuotaPolicy().per_role),
    "return_visit_after_repair_hours": DEFAULT_POLICY.after_repair / timedelta(hours=1),
    "return_visit_after_complaint_hours": DEFAULT_POLICY.after_complaint / timedelta(hours=1),
    "unhappy_at_or_below": DEFAULT_POLICY.unhappy_at_or_below,
}


def project_settings(db: Database, tenant_id: str, session=None) -> dict:
    stored = TenantCollection(db[PROJECT_SETTINGS], tenant_id).find_one({}, session=session) or {}
    return {**DEFAULT_SETTINGS, **{k: v for k, v in stored.items() if k in DEFAULT_SETTINGS}}


def return_visit_policy(settings: dict) -> ReturnVisitPolicy:
    return ReturnVisitPolicy(
        after_repair=timedelta(hours=settings["return_visit_after_repair_hours"]),
        after_complaint=timedelta(hours=settings["return_visit_after_complaint_hours"]),
        unhappy_at_or_below=settings["unhappy_at_or_below"],
    )


def save_project_settings(db: Database, tenant_id: str, actor: str, changes: dict) -> dict:
    if "household_sample_ratio" in changes:
        changes = {**changes, "household_sample_ratio": str(changes["household_sample_ratio"])}
    merged = {**project_settings(db, tenant_id), **changes}
    with domain_errors():
        return_visit_policy(merged)
        QuotaPolicy(merged["interview_quotas"])
        project_zone(merged["timezone"])
        sample_size(1, merged["household_sample_ratio"])
    collection = TenantCollection(db[PROJECT_SETTINGS], tenant_id)
    stored = collection.find_one({})
    values = {**merged, "updated_by": actor, "updated_at": now()}
    if stored is None:
        try:
            collection.insert_one({"_id": f"settings:{tenant_id}", **values})
        except DuplicateKeyError:
            collection.update_one({}, {"$set": values})
    else:
        collection.update_one({"_id": stored["_id"]}, {"$set": values})
    return project_settings(db, tenant_id)
