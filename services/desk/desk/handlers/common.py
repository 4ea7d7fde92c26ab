"""What every desk use case shares: the clock, rule refusals as problems, loading a record, the settings."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime

from kefulib.domain_errors import BadField, Refused
from kefulib.problems import Conflict, NotFound, Unprocessable
from kefulib.store import TenantCollection
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from ..domain.people import Person
from ..domain.settings import DeskSettings
from ..store import DESK_SETTINGS


def now() -> datetime:
    """Now, cut to the millisecond MongoDB keeps, so a stored time reads back equal."""
    at = datetime.now(UTC)
    return at.replace(microsecond=at.microsecond // 1000 * 1000)


@contextlib.contextmanager
def rules() -> Iterator[None]:
    """A rule's refusal as a problem: a bad field 422 naming it, a refused action 409 with its reason code."""
    try:
        yield
    except BadField as exc:
        raise Unprocessable(f"These fields are not valid: {exc.field}.", errors={exc.field: [exc.message]}) from exc
    except Refused as exc:
        raise Conflict(exc.message, reason_code=exc.code, **exc.details) from exc


def parse_time(value: str) -> datetime:
    """An ISO-8601 time from an event (events are UTC; a bare time is taken as UTC), cut to the millisecond."""
    at = datetime.fromisoformat(value)
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    return at.replace(microsecond=at.microsecond // 1000 * 1000)


def get_or_404(collection: TenantCollection, record_id: str, what: str, session=None) -> dict:
    found = collection.find_one({"_id": record_id}, session=session)
    if found is None:
        raise NotFound(f"No such {what}.")
    return found


def person(body: dict) -> Person:
    return Person(body["name"].strip(), body.get("id_last4"), body.get("phone"))


def person_doc(who: Person) -> dict:
    return {"name": who.name, "id_last4": who.id_last4, "phone": who.phone}


def desk_settings(db: Database, tenant_id: str) -> DeskSettings:
    stored = TenantCollection(db[DESK_SETTINGS], tenant_id).find_one({}) or {}
    return DeskSettings(**{k: stored[k] for k in DeskSettings.__dataclass_fields__ if k in stored})


def save_desk_settings(db: Database, tenant_id: str, actor: str, changes: dict) -> DeskSettings:
    current = desk_settings(db, tenant_id)
    with rules():
        merged = DeskSettings(**{**current.__dict__, **changes})
    values = {**merged.__dict__, "updated_by": actor, "updated_at": now()}
    collection = TenantCollection(db[DESK_SETTINGS], tenant_id)
    if collection.find_one({}) is None:
        try:
            collection.insert_one({"_id": f"desk-settings:{tenant_id}", **values})
            return merged
        except DuplicateKeyError:
            pass  # another desk saved the first settings a moment ago: update those
    collection.update_one({}, {"$set": values})
    return merged
