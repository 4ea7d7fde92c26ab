"""Customer notices 客户通知: drafted, approved by the project manager, published through notifications, printed,
archived; and the delivery and read counts notifications reports back (desk owns the notice's view)."""
from __future__ import annotations

import uuid

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict
from kefulib.store import TenantCollection, run_in_transaction
from kefulib.web import page_of
from pymongo.database import Database

from ..domain import notices as rules_of_notices
from ..domain.notices import COUNTS, EDITABLE, NoticeState, NoticeStatus
from ..store import NOTICES
from .common import get_or_404, now, rules

NOTICE_PUBLISHED = "desk.notice.published"
NOTICE_ARCHIVED = "desk.notice.archived"
NOTICE_PROGRESS = "notifications.notice.progress"
ZERO = dict.fromkeys(COUNTS, 0)


def _notices(db: Database, tenant: str) -> TenantCollection:
    return TenantCollection(db[NOTICES], tenant)


def _state(notice: dict) -> NoticeState:
    return NoticeState(notice["status"], notice["created_by"], notice.get("ends_at"))


def view(notice: dict, at) -> dict:
    return {**notice, "status": str(rules_of_notices.shown_status(_state(notice), at)),
            "counts": {**ZERO, **(notice.get("counts") or {})}}


def _checked(body: dict, at, current: dict | None = None) -> dict:
    """The body with its audience made whole (an edit may change one of audience and buildings)."""
    with rules():
        if current is None or "audience" in body or "buildings" in body:
            audience = body.get("audience") or (current or {}).get("audience")
            buildings = body["buildings"] if "buildings" in body else (current or {}).get("buildings")
            if "audience" in body and body["audience"] == "all" and "buildings" not in body:
                buildings = []
            body = {**body, "audience": audience,
                    "buildings": rules_of_notices.check_audience(audience, buildings)}
        if body.get("ends_at") is not None:
            rules_of_notices.check_ends_at(body["ends_at"], at)
    return body


def draft(db: Database, principal: Principal, body: dict) -> dict:
    at = now()
    body = _checked(body, at)
    doc = {"_id": str(uuid.uuid4()), "title": body["title"], "body": body["body"], "category": body["category"],
           "audience": body["audience"], "buildings": body["buildings"], "channels": body.get("channels") or ["message"],
           "ends_at": body.get("ends_at"), "status": str(NoticeStatus.DRAFT), "created_by": principal.actor,
           "created_at": at, "updated_at": at, "submitted_at": None, "decided_by": None, "decided_at": None,
           "approver_name": None, "refusal_reason": None, "published_at": None, "published_by": None,
           "archived_at": None, "archived_by": None, "counts": dict(ZERO), "progress_seq": None}
    return view(_notices(db, principal.tenant_id).insert_one(doc), at)


def get_notice(db: Database, tenant: str, notice_id: str) -> dict:
    return view(get_or_404(_notices(db, tenant), notice_id, "notice"), now())


def list_notices(db: Database, tenant: str, query: dict) -> dict:
    at = now()
    filter_: dict = {name: query[name] for name in ("category",) if name in query}
    status = query.get("status")
    ended = {"status": str(NoticeStatus.PUBLISHED), "ends_at": {"$ne": None, "$lte": at}}
    if status == NoticeStatus.ARCHIVED:
        filter_["$or"] = [{"status": str(NoticeStatus.ARCHIVED)}, ended]
    elif status == NoticeStatus.PUBLISHED:
        filter_.update(status=str(NoticeStatus.PUBLISHED), ends_at={"$not": {"$lte": at}})
    elif status:
        filter_["status"] = status
    elif not query.get("include_archived"):
        # Archived notices stay listed, but only when asked for: the desk's list is what is current.
        filter_["$nor"] = [{"status": str(NoticeStatus.ARCHIVED)}, ended]
    notices = _notices(db, tenant)
    return page_of(lambda: notices.find(filter_).sort([("created_at", -1), ("_id", 1)]),
                   notices.count_documents(filter_), query["page"], query["page_size"], dump=lambda n: view(n, at))


def _move(db: Database, tenant: str, notice: dict, changes: dict, session=None) -> dict:
    """Change the notice only if nobody moved it since it was read (two clicks at once: one wins)."""
    changed = _notices(db, tenant).update_one({"_id": notice["_id"], "status": notice["status"]},
                                              {"$set": {**changes, "updated_at": now()}}, session=session)
    if not changed.modified_count:
        raise Conflict("The notice changed a moment ago; reload it.", reason_code="notice_changed")
    return get_notice(db, tenant, notice["_id"]) if session is None else {}


def edit(db: Database, principal: Principal, notice_id: str, body: dict) -> dict:
    notice = get_or_404(_notices(db, principal.tenant_id), notice_id, "notice")
    with rules():
        rules_of_notices.check_edit(_state(notice))
    body = _checked(body, now(), notice)
    return _move(db, principal.tenant_id, notice, {name: body[name] for name in EDITABLE if name in body})


def submit(db: Database, principal: Principal, notice_id: str) -> dict:
    notice = get_or_404(_notices(db, principal.tenant_id), notice_id, "notice")
    with rules():
        rules_of_notices.check_submit(_state(notice))
    return _move(db, principal.tenant_id, notice, {"status": str(NoticeStatus.SUBMITTED), "submitted_at": now()})


def approve(db: Database, principal: Principal, notice_id: str, body: dict) -> dict:
    notice = get_or_404(_notices(db, principal.tenant_id), notice_id, "notice")
    with rules():
        rules_of_notices.check_decision(_state(notice), principal.actor)
    return _move(db, principal.tenant_id, notice, {
        "status": str(NoticeStatus.APPROVED), "decided_by": principal.actor, "decided_at": now(),
        "approver_name": body.get("approver_name"), "refusal_reason": None})


def refuse(db: Database, principal: Principal, notice_id: str, body: dict) -> dict:
    """Back to the author as a draft, with the reason shown on it until it is approved."""
    notice = get_or_404(_notices(db, principal.tenant_id), notice_id, "notice")
    with rules():
        rules_of_notices.check_decision(_state(notice), principal.actor)
    return _move(db, principal.tenant_id, notice, {
        "status": str(NoticeStatus.DRAFT), "decided_by": principal.actor, "decided_at": now(),
        "refusal_reason": body["reason"]})


def publish(db: Database, principal: Principal, notice_id: str) -> dict:
    """Published and announced in one transaction: notifications tells the buildings' households."""
    tenant = principal.tenant_id
    notice = get_or_404(_notices(db, tenant), notice_id, "notice")
    at = now()
    with rules():
        rules_of_notices.check_publish(_state(notice), at)
    # Title and body are the management office's words to every household, not anyone's personal data.
    event = Event(NOTICE_PUBLISHED, tenant, {
        "notice_id": notice_id, "title": notice["title"], "body": notice["body"], "category": notice["category"],
        "all_buildings": notice["audience"] == "all", "buildings": notice["buildings"], "published_at": at.isoformat(),
        "ends_at": notice["ends_at"].isoformat() if notice.get("ends_at") else None}, actor=principal.actor)

    def write(session):
        _move(db, tenant, notice, {"status": str(NoticeStatus.PUBLISHED), "published_at": at,
                                   "published_by": principal.actor}, session=session)
        add_to_outbox(db, event, session)

    run_in_transaction(db, write)
    return get_notice(db, tenant, notice_id)


def archive(db: Database, principal: Principal, notice_id: str) -> dict:
    notice = get_or_404(_notices(db, principal.tenant_id), notice_id, "notice")
    at = now()
    with rules():
        rules_of_notices.check_archive(_state(notice), at)
    # Integrators (webhooks) and notifications learn that the office's words are withdrawn to the archive.
    event = Event(NOTICE_ARCHIVED, principal.tenant_id, {
        "notice_id": notice_id, "archived_at": at.isoformat(),
        "was_published": notice.get("published_at") is not None}, actor=principal.actor)

    def write(session):
        _move(db, principal.tenant_id, notice, {"status": str(NoticeStatus.ARCHIVED), "archived_at": at,
                                                "archived_by": principal.actor}, session=session)
        add_to_outbox(db, event, session)

    run_in_transaction(db, write)
    return get_notice(db, principal.tenant_id, notice_id)


# ---- from notifications ----------------------------------------------------------------------------------------

def on_progress(db: Database):
    """notifications' counts for a notice (throttled there): kept on the notice unless older than those shown."""
    def handle(event: Event, session) -> None:
        data = event.data
        notices = _notices(db, event.tenant_id)
        current = notices.find_one({"_id": data["notice_id"]}, {"progress_seq": 1}, session=session)
        if current is None or not rules_of_notices.newer_progress(current.get("progress_seq"), data["seq"]):
            return
        notices.update_one({"_id": data["notice_id"]}, {"$set": {
            "counts": {name: int(data.get(name, 0)) for name in COUNTS}, "progress_seq": data["seq"],
            "progress_at": data["as_of"]}}, session=session)
    return handle
